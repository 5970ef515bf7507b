#include "jsonio.h"

#include <cmath>
#include <limits>

namespace Acp::Json {

void Context::fail(const QString &message)
{
    if (failed())
        return; // the first error is the useful one
    QString path;
    for (const Step &step : m_path) {
        if (step.index >= 0)
            path += QStringLiteral("[%1]").arg(step.index);
        else
            path += (path.isEmpty() ? QString() : QStringLiteral(".")) + step.key;
    }
    m_error = path.isEmpty() ? message : path + QStringLiteral(": ") + message;
}

bool read(const QJsonValue &value, QString &out, Context &ctx)
{
    if (!value.isString()) {
        ctx.fail(QStringLiteral("expected a string"));
        return false;
    }
    out = value.toString();
    return true;
}

bool read(const QJsonValue &value, bool &out, Context &ctx)
{
    if (!value.isBool()) {
        ctx.fail(QStringLiteral("expected a boolean"));
        return false;
    }
    out = value.toBool();
    return true;
}

bool read(const QJsonValue &value, qint64 &out, Context &ctx)
{
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || std::trunc(number) != number
        || !(number >= -0x1p63 && number < 0x1p63)) {
        ctx.fail(QStringLiteral("expected an integer"));
        return false;
    }
    out = value.toInteger();
    return true;
}

bool read(const QJsonValue &value, int &out, Context &ctx)
{
    qint64 wide = 0;
    if (!read(value, wide, ctx))
        return false;
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
        ctx.fail(QStringLiteral("integer out of range"));
        return false;
    }
    out = int(wide);
    return true;
}

bool read(const QJsonValue &value, double &out, Context &ctx)
{
    if (!value.isDouble()) {
        ctx.fail(QStringLiteral("expected a number"));
        return false;
    }
    out = value.toDouble();
    return true;
}

bool read(const QJsonValue &value, QJsonValue &out, Context &)
{
    out = value;
    return true;
}

bool read(const QJsonValue &value, QJsonObject &out, Context &ctx)
{
    if (!value.isObject()) {
        ctx.fail(QStringLiteral("expected an object"));
        return false;
    }
    out = value.toObject();
    return true;
}

ObjectReader::ObjectReader(const QJsonValue &value, Context &ctx)
    : m_ctx(ctx)
    , m_object(value.toObject())
    , m_isObject(value.isObject())
{
    if (!m_isObject)
        ctx.fail(QStringLiteral("expected an object"));
}

void ObjectReader::meta(QJsonObject &out)
{
    out = m_object.value(QStringLiteral("_meta")).toObject();
}

} // namespace Acp::Json
