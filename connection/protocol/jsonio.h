#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QVarLengthArray>

#include <optional>

// Small helpers for the hand-written ACP value types: each type T has
//     bool read(const QJsonValue &, T &, Acp::Json::Context &)
//     QJsonValue write(const T &)
// found by argument-dependent lookup. Reading is strict where the schema requires a field and
// lenient where PROTOCOL.md says so: unknown fields are ignored, an absent optional and an
// explicit null mean the same, `_meta` is kept. The first error is recorded with its JSON path
// ("update.content.text: required") so that the agent gets a useful -32602.
namespace Acp::Json {

class Context
{
public:
    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    void fail(const QString &message);

    // The path of the value being read, for error messages. Only views and indexes are
    // kept (the text is built on failure): `key` must outlive the read, as the field names,
    // string literals, do.
    void push(QStringView key) { m_path.append({key, -1}); }
    void pushIndex(qsizetype index) { m_path.append({{}, index}); }
    void pop()
    {
        if (!m_path.isEmpty())
            m_path.removeLast();
    }

private:
    struct Step
    {
        QStringView key;
        qsizetype index; // -1 for a key
    };
    QString m_error;
    QVarLengthArray<Step, 12> m_path;
};

bool read(const QJsonValue &value, QString &out, Context &ctx);
bool read(const QJsonValue &value, bool &out, Context &ctx);
bool read(const QJsonValue &value, qint64 &out, Context &ctx);
bool read(const QJsonValue &value, int &out, Context &ctx);
bool read(const QJsonValue &value, double &out, Context &ctx);
bool read(const QJsonValue &value, QJsonValue &out, Context &ctx);
bool read(const QJsonValue &value, QJsonObject &out, Context &ctx);

inline QJsonValue write(const QString &value)
{
    return value;
}
inline QJsonValue write(bool value)
{
    return value;
}
inline QJsonValue write(qint64 value)
{
    return value;
}
inline QJsonValue write(int value)
{
    return value;
}
inline QJsonValue write(double value)
{
    return value;
}
inline QJsonValue write(const QJsonValue &value)
{
    return value;
}
inline QJsonValue write(const QJsonObject &value)
{
    return value;
}

template<typename T>
bool read(const QJsonValue &value, QList<T> &out, Context &ctx)
{
    if (!value.isArray()) {
        ctx.fail(QStringLiteral("expected an array"));
        return false;
    }
    const QJsonArray array = value.toArray();
    out.clear();
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        ctx.pushIndex(i);
        T item{};
        const bool ok = read(array.at(i), item, ctx);
        ctx.pop();
        if (!ok)
            return false;
        out.append(std::move(item));
    }
    return true;
}

template<typename T>
QJsonValue write(const QList<T> &values)
{
    QJsonArray array;
    for (const T &value : values)
        array.append(write(value));
    return array;
}

// Reads the fields of one JSON object.
class ObjectReader
{
public:
    ObjectReader(const QJsonValue &value, Context &ctx);

    bool isObject() const { return m_isObject; }
    bool ok() const { return m_isObject && !m_ctx.failed(); }
    bool has(QStringView key) const { return m_object.contains(key); }
    QJsonValue value(QStringView key) const { return m_object.value(key); }
    const QJsonObject &object() const { return m_object; }
    Context &context() { return m_ctx; }

    template<typename T>
    bool required(QStringView key, T &out)
    {
        if (!ok())
            return false;
        const auto it = m_object.constFind(key);
        if (it == m_object.constEnd() || it->isUndefined()) {
            m_ctx.push(key);
            m_ctx.fail(QStringLiteral("required"));
            m_ctx.pop();
            return false;
        }
        m_ctx.push(key);
        const bool result = read(*it, out, m_ctx);
        m_ctx.pop();
        return result;
    }

    // Absent or null leaves `out` empty.
    template<typename T>
    bool optional(QStringView key, std::optional<T> &out)
    {
        out.reset();
        if (!ok())
            return false;
        const auto it = m_object.constFind(key);
        if (it == m_object.constEnd() || it->isNull() || it->isUndefined())
            return true;
        T value{};
        m_ctx.push(key);
        const bool result = read(*it, value, m_ctx);
        m_ctx.pop();
        if (result)
            out = std::move(value);
        return result;
    }

    // Absent or null leaves `out` at its default.
    template<typename T>
    bool optional(QStringView key, T &out)
    {
        std::optional<T> value;
        if (!optional(key, value))
            return false;
        if (value)
            out = std::move(*value);
        return true;
    }

    // `_meta`, kept as it came (PROTOCOL.md section 13).
    void meta(QJsonObject &out);

private:
    Context &m_ctx;
    QJsonObject m_object;
    bool m_isObject = false;
};

// Builds one JSON object. Empty optionals are omitted; `_meta` only when non-empty.
class ObjectWriter
{
public:
    template<typename T>
    ObjectWriter &set(QStringView key, const T &value)
    {
        m_object.insert(key, write(value));
        return *this;
    }
    template<typename T>
    ObjectWriter &set(QStringView key, const std::optional<T> &value)
    {
        if (value)
            m_object.insert(key, write(*value));
        return *this;
    }
    ObjectWriter &setRaw(QStringView key, const QJsonValue &value)
    {
        if (!value.isUndefined())
            m_object.insert(key, value);
        return *this;
    }
    ObjectWriter &meta(const QJsonObject &meta)
    {
        if (!meta.isEmpty())
            m_object.insert(QStringLiteral("_meta"), meta);
        return *this;
    }
    QJsonObject object() const { return m_object; }
    operator QJsonValue() const { return m_object; }

private:
    QJsonObject m_object;
};

// Parses `value` as T; on failure, `error` (if given) says where and why.
template<typename T>
std::optional<T> parse(const QJsonValue &value, QString *error = nullptr)
{
    Context ctx;
    T out{};
    if (read(value, out, ctx) && !ctx.failed())
        return out;
    if (error)
        *error = ctx.error();
    return std::nullopt;
}

} // namespace Acp::Json
