#pragma once

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>

// A 1 ms heartbeat on the event loop: the longest gap between two of its ticks is the longest
// stall a user would have felt (input, painting and timers all wait for the same loop).
class StallProbe
{
public:
    StallProbe()
    {
        m_clock.start();
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_lastTick)
                m_maxStallMs = std::max(m_maxStallMs, double(now - m_lastTick) / 1e6);
            m_lastTick = now;
        });
        m_timer.start();
    }
    double maxStallMs() const { return m_maxStallMs; }

private:
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_lastTick = 0;
    double m_maxStallMs = 0;
};
