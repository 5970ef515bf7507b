#include "probes.h"

namespace TestSupport {

ConsumerProbe::ConsumerProbe(Acp::Connection *connection, Policy policy, int delayMs)
    : m_connection(connection)
    , m_policy(policy)
    , m_delayMs(delayMs)
{
    connect(connection, &Acp::Connection::notificationReceived, this,
            &ConsumerProbe::onNotification);
}

void ConsumerProbe::setPolicy(Policy policy, int delayMs)
{
    m_policy = policy;
    m_delayMs = delayMs;
}

void ConsumerProbe::onNotification(const Acp::Notification &notification)
{
    if (m_connection->state() == Acp::Connection::State::Closed)
        deliveredAfterClose = true;
    received.append(notification);
    m_held.append(notification.sequence);
    maxUnacknowledged = qMax(maxUnacknowledged, notification.sequence - acknowledged);
    if (m_policy == Policy::Immediate)
        acknowledgeNext();
    else if (m_policy == Policy::Delayed && !m_timerRunning)
        acknowledgeNext();
}

void ConsumerProbe::acknowledgeNext()
{
    if (m_held.isEmpty())
        return;
    if (m_policy == Policy::Delayed) {
        if (m_timerRunning)
            return;
        m_timerRunning = true;
        // An asynchronous handler that takes m_delayMs to apply each update.
        QTimer::singleShot(m_delayMs, this, [this] {
            m_timerRunning = false;
            const quint64 sequence = m_held.takeFirst();
            acknowledged = sequence;
            Q_EMIT applied(sequence);
            m_connection->acknowledge(sequence);
            acknowledgeNext();
        });
        return;
    }
    const quint64 sequence = m_held.takeFirst();
    acknowledged = sequence;
    Q_EMIT applied(sequence);
    m_connection->acknowledge(sequence);
}

void ConsumerProbe::releaseAll(Policy then)
{
    m_policy = Policy::Immediate;
    while (!m_held.isEmpty())
        acknowledgeNext();
    m_policy = then;
}

} // namespace TestSupport
