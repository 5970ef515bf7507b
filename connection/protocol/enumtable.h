#pragma once

#include "jsonio.h"

#include <QLatin1String>

#include <array>
#include <utility>

namespace Acp::Json {

// Wire names of an enum. Reading an unknown name falls back (PROTOCOL.md: unknown variants
// belong to later versions and must not break anything).
template<typename E, std::size_t N>
struct EnumTable
{
    std::array<std::pair<E, QLatin1String>, N> entries;
    E fallback;

    QString name(E value) const
    {
        for (const auto &[e, n] : entries) {
            if (e == value)
                return n;
        }
        return QString();
    }
    E value(const QString &name, bool *known = nullptr) const
    {
        for (const auto &[e, n] : entries) {
            if (n == name) {
                if (known)
                    *known = true;
                return e;
            }
        }
        if (known)
            *known = false;
        return fallback;
    }
    bool read(const QJsonValue &json, E &out, Context &ctx) const
    {
        if (!json.isString()) {
            ctx.fail(QStringLiteral("expected a string"));
            return false;
        }
        out = value(json.toString());
        return true;
    }
};

} // namespace Acp::Json
