#pragma once

#include <QJsonObject>
#include <QString>

namespace Acp {

// The flat object schema of a form-mode elicitation (PROTOCOL.md 6.5), and the checks the UI
// runs before it sends the user's answers.
namespace ElicitationForm {

// The defaults the schema gives, to pre-fill the form.
QJsonObject defaults(const QJsonObject &requestedSchema);

// Why `content` does not satisfy `requestedSchema` (the first problem, naming the field), or
// an empty string when it does: required fields, types, string length, pattern and format,
// number range, single-select values, multi-select items and counts.
QString validate(const QJsonObject &requestedSchema, const QJsonObject &content);

} // namespace ElicitationForm
} // namespace Acp
