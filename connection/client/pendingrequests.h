#pragma once

#include "connection.h"

#include <QHash>
#include <QList>

#include <optional>

namespace Acp {

// Inbound requests waiting for the user, each with what the UI shows for it (a permission, a
// write to review, an elicitation), keyed by the request's handle.
template<typename Item>
class PendingRequests
{
public:
    void add(const InboundRequest &request, Item item)
    {
        m_items.insert(request.handle(), {request, std::move(item)});
    }
    bool contains(quint64 handle) const { return m_items.contains(handle); }
    const Item *find(quint64 handle) const
    {
        const auto it = m_items.constFind(handle);
        return it == m_items.constEnd() ? nullptr : &it->second;
    }
    // Removes the entry; the caller answers the request (or not, if it was withdrawn).
    std::optional<std::pair<InboundRequest, Item>> take(quint64 handle)
    {
        const auto it = m_items.find(handle);
        if (it == m_items.end())
            return std::nullopt;
        auto entry = std::move(it.value());
        m_items.erase(it);
        return entry;
    }
    QList<quint64> handles() const { return m_items.keys(); }
    QList<Item> items() const
    {
        QList<Item> result;
        for (const auto &entry : m_items)
            result.append(entry.second);
        return result;
    }

private:
    QHash<quint64, std::pair<InboundRequest, Item>> m_items;
};

} // namespace Acp
