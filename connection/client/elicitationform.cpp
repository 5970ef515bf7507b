#include "elicitationform.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>

namespace Acp::ElicitationForm {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Acp::ElicitationForm", text);
}

QStringList allowedValues(const QJsonObject &property)
{
    QStringList values;
    for (const QJsonValue &v : property.value(QStringLiteral("enum")).toArray())
        values << v.toString();
    const QJsonArray titled = property.value(QStringLiteral("oneOf")).toArray();
    for (const QJsonValue &v : titled)
        values << v.toObject().value(QStringLiteral("const")).toString();
    return values;
}

QStringList allowedItems(const QJsonObject &property)
{
    const QJsonObject items = property.value(QStringLiteral("items")).toObject();
    QStringList values;
    for (const QJsonValue &v : items.value(QStringLiteral("enum")).toArray())
        values << v.toString();
    for (const QJsonValue &v : items.value(QStringLiteral("anyOf")).toArray())
        values << v.toObject().value(QStringLiteral("const")).toString();
    return values;
}

QString checkString(const QString &name, const QJsonObject &p, const QJsonValue &value)
{
    if (!value.isString())
        return tr("%1 must be text").arg(name);
    const QString text = value.toString();
    if (p.contains(QStringLiteral("minLength"))
        && text.size() < p.value(QStringLiteral("minLength")).toInt())
        return tr("%1 is too short").arg(name);
    if (p.contains(QStringLiteral("maxLength"))
        && text.size() > p.value(QStringLiteral("maxLength")).toInt())
        return tr("%1 is too long").arg(name);
    if (p.contains(QStringLiteral("pattern"))) {
        const QRegularExpression re(p.value(QStringLiteral("pattern")).toString());
        if (re.isValid() && !re.match(text).hasMatch())
            return tr("%1 does not have the expected form").arg(name);
    }
    const QString format = p.value(QStringLiteral("format")).toString();
    if (format == QLatin1String("email")
        && !QRegularExpression(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"))
                .match(text)
                .hasMatch())
        return tr("%1 must be an e-mail address").arg(name);
    if (format == QLatin1String("uri") && !QUrl(text, QUrl::StrictMode).isValid())
        return tr("%1 must be a URI").arg(name);
    if (format == QLatin1String("date") && !QDate::fromString(text, Qt::ISODate).isValid())
        return tr("%1 must be a date (YYYY-MM-DD)").arg(name);
    if (format == QLatin1String("date-time") && !QDateTime::fromString(text, Qt::ISODate).isValid())
        return tr("%1 must be a date and time").arg(name);
    const QStringList allowed = allowedValues(p);
    if (!allowed.isEmpty() && !allowed.contains(text))
        return tr("%1 must be one of the offered choices").arg(name);
    return {};
}

QString checkNumber(const QString &name, const QJsonObject &p, const QJsonValue &value,
                    bool integer)
{
    if (!value.isDouble() || (integer && std::trunc(value.toDouble()) != value.toDouble()))
        return integer ? tr("%1 must be a whole number").arg(name)
                       : tr("%1 must be a number").arg(name);
    const double number = value.toDouble();
    if (p.contains(QStringLiteral("minimum"))
        && number < p.value(QStringLiteral("minimum")).toDouble())
        return tr("%1 is below the minimum").arg(name);
    if (p.contains(QStringLiteral("maximum"))
        && number > p.value(QStringLiteral("maximum")).toDouble())
        return tr("%1 is above the maximum").arg(name);
    return {};
}

QString checkArray(const QString &name, const QJsonObject &p, const QJsonValue &value)
{
    if (!value.isArray())
        return tr("%1 must be a list of choices").arg(name);
    const QJsonArray items = value.toArray();
    if (p.contains(QStringLiteral("minItems"))
        && items.size() < p.value(QStringLiteral("minItems")).toInt())
        return tr("%1 needs more choices").arg(name);
    if (p.contains(QStringLiteral("maxItems"))
        && items.size() > p.value(QStringLiteral("maxItems")).toInt())
        return tr("%1 has too many choices").arg(name);
    const QStringList allowed = allowedItems(p);
    for (const QJsonValue &item : items) {
        if (!item.isString() || (!allowed.isEmpty() && !allowed.contains(item.toString())))
            return tr("%1 contains a value that is not offered").arg(name);
    }
    return {};
}

} // namespace

QJsonObject defaults(const QJsonObject &requestedSchema)
{
    QJsonObject values;
    const QJsonObject properties = requestedSchema.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QJsonValue fallback = it.value().toObject().value(QStringLiteral("default"));
        if (!fallback.isUndefined() && !fallback.isNull())
            values.insert(it.key(), fallback);
    }
    return values;
}

QString validate(const QJsonObject &requestedSchema, const QJsonObject &content)
{
    const QJsonObject properties = requestedSchema.value(QStringLiteral("properties")).toObject();
    for (const QJsonValue &required : requestedSchema.value(QStringLiteral("required")).toArray()) {
        if (!content.contains(required.toString()))
            return tr("%1 is required").arg(required.toString());
    }
    for (auto it = content.begin(); it != content.end(); ++it) {
        if (!properties.contains(it.key()))
            return tr("%1 is not a field of this form").arg(it.key());
        const QJsonObject p = properties.value(it.key()).toObject();
        const QString title = p.value(QStringLiteral("title")).toString(it.key());
        const QString type = p.value(QStringLiteral("type")).toString();
        QString problem;
        if (type == QLatin1String("string"))
            problem = checkString(title, p, it.value());
        else if (type == QLatin1String("number"))
            problem = checkNumber(title, p, it.value(), false);
        else if (type == QLatin1String("integer"))
            problem = checkNumber(title, p, it.value(), true);
        else if (type == QLatin1String("boolean"))
            problem = it.value().isBool() ? QString() : tr("%1 must be yes or no").arg(title);
        else if (type == QLatin1String("array"))
            problem = checkArray(title, p, it.value());
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

} // namespace Acp::ElicitationForm
