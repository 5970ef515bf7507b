#pragma once

#include "enumtable.h"
#include "jsonio.h"

#include <type_traits>

// One field list per plain protocol struct, walked by the reader and by the writer, so that
// each key is spelled once:
//
//     constexpr auto envVariableFields = [](auto &f, auto &v) {
//         f.required(u"name", v.name);
//         f.required(u"value", v.value);
//         f.meta(v.meta);
//     };
//     bool read(const QJsonValue &j, EnvVariable &out, Json::Context &ctx)
//     { return Json::readFields(j, out, ctx, envVariableFields); }
//     QJsonValue write(const EnvVariable &value)
//     { return Json::writeFields(value, envVariableFields); }
//
// What each kind of field means in each direction:
//   required(key, v)        read: must be there;        written always
//   optional(key, opt)      read: absent or null = none; written when set
//   optional(key, v)        read: absent or null = the default; written unless empty/default
//   always(key, v)          read as optional;            written always (even when empty)
//   required/optional(key, v, table): the same, for an enum through its Json::EnumTable
//   raw(key, QJsonValue)    read as it came (Undefined when absent); written unless Undefined
// Tagged unions (ContentBlock, SessionUpdate, McpServer, config options) keep hand-written
// read()/write(): their fields depend on the tag.
namespace Acp::Json {

class FieldReader : public ObjectReader
{
public:
    using ObjectReader::ObjectReader;
    using ObjectReader::optional;
    using ObjectReader::required;

    template<typename T>
    void always(QStringView key, T &out)
    {
        optional(key, out);
    }
    template<typename E, std::size_t N>
    void required(QStringView key, E &out, const EnumTable<E, N> &table)
    {
        QString name;
        if (required(key, name))
            out = table.value(name);
    }
    template<typename E, std::size_t N>
    void optional(QStringView key, std::optional<E> &out, const EnumTable<E, N> &table)
    {
        std::optional<QString> name;
        optional(key, name);
        out = name ? std::optional<E>(table.value(*name)) : std::nullopt;
    }
    void raw(QStringView key, QJsonValue &out) { out = value(key); }
};

class FieldWriter
{
public:
    template<typename T>
    void required(QStringView key, const T &value)
    {
        m_writer.set(key, value);
    }
    template<typename T>
    void optional(QStringView key, const std::optional<T> &value)
    {
        m_writer.set(key, value);
    }
    template<typename T>
    void optional(QStringView key, const T &value)
    {
        if constexpr (requires { value.isEmpty(); }) {
            if (!value.isEmpty())
                m_writer.set(key, value);
        } else {
            if (value != T{})
                m_writer.set(key, value);
        }
    }
    template<typename T>
    void always(QStringView key, const T &value)
    {
        m_writer.set(key, value);
    }
    template<typename E, std::size_t N>
    void required(QStringView key, const E &value, const EnumTable<E, N> &table)
    {
        m_writer.set(key, table.name(value));
    }
    template<typename E, std::size_t N>
    void optional(QStringView key, const std::optional<E> &value, const EnumTable<E, N> &table)
    {
        if (value)
            m_writer.set(key, table.name(*value));
    }
    void raw(QStringView key, const QJsonValue &value) { m_writer.setRaw(key, value); }
    void meta(const QJsonObject &meta) { m_writer.meta(meta); }

    QJsonObject object() const { return m_writer.object(); }

private:
    ObjectWriter m_writer;
};

template<typename T, typename Fields>
bool readFields(const QJsonValue &json, T &out, Context &ctx, const Fields &fields)
{
    FieldReader reader(json, ctx);
    fields(reader, out);
    return reader.ok();
}

template<typename T, typename Fields>
QJsonObject writeFields(const T &value, const Fields &fields)
{
    FieldWriter writer;
    fields(writer, value);
    return writer.object();
}

} // namespace Acp::Json
