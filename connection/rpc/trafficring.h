#pragma once

#include "rpctypes.h"

#include <QList>

namespace Acp {

// The last messages of a connection's traffic, bounded by TrafficHistoryLimits: at most
// `messages` records and `bytes` bytes of lines (0: no byte bound), each line cut to
// `lineBytes` (0: whole). The newest record is always kept, however large. One bookkeeping for
// the connection's own history and for the inspector's rows.
class TrafficRing
{
public:
    explicit TrafficRing(const TrafficHistoryLimits &limits = {})
        : m_limits(limits)
    { }

    const TrafficHistoryLimits &limits() const { return m_limits; }
    const QList<TrafficRecord> &records() const { return m_records; }
    qsizetype bytes() const { return m_bytes; }

    // How many of the oldest records must go to make room for one of `incomingBytes`.
    int oldestToDrop(qsizetype incomingBytes) const
    {
        int drop = 0;
        qsizetype bytes = m_bytes + incomingBytes;
        while (drop < m_records.size()
               && (m_records.size() - drop + 1 > m_limits.messages
                   || (m_limits.bytes > 0 && bytes > m_limits.bytes))) {
            bytes -= m_records.at(drop).line.size();
            ++drop;
        }
        return drop;
    }

    void dropOldest(int count)
    {
        for (int i = 0; i < count; ++i)
            m_bytes -= m_records.at(i).line.size();
        m_records.remove(0, count);
    }

    // Makes room (oldestToDrop()), then keeps `record`, cut to the limits' lineBytes.
    void append(const TrafficRecord &record)
    {
        TrafficRecord kept
            = record.cut(m_limits.lineBytes > 0 ? m_limits.lineBytes : record.line.size());
        dropOldest(oldestToDrop(kept.line.size()));
        m_bytes += kept.line.size();
        m_records.append(std::move(kept));
    }

    void clear()
    {
        m_records.clear();
        m_bytes = 0;
    }

private:
    TrafficHistoryLimits m_limits;
    QList<TrafficRecord> m_records;
    qsizetype m_bytes = 0;
};

} // namespace Acp
