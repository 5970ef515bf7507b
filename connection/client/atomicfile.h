#pragma once

#include <QByteArray>
#include <QString>

namespace Acp {

// Writes `bytes` to `path` through a temporary file renamed into place (QSaveFile), creating
// the folder first: readers see the old file or the new one, never half of it. Returns an
// error message ("path: reason"), or an empty string.
QString writeFileAtomically(const QString &path, const QByteArray &bytes);

} // namespace Acp
