#pragma once

#include "connection.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <optional>

namespace TestSupport {

// A notification consumer for Manual acknowledge mode. It records every notification and
// acknowledges according to its policy: hold them all until released, acknowledge each after a
// delay (an asynchronous, slow handler, without blocking the thread), or at once. It checks the
// window on every delivery.
class ConsumerProbe : public QObject
{
    Q_OBJECT
public:
    enum class Policy { Hold, Immediate, Delayed };

    explicit ConsumerProbe(Acp::Connection *connection, Policy policy = Policy::Immediate,
                           int delayMs = 0);

    void setPolicy(Policy policy, int delayMs = 0);
    // Acknowledges every held notification, then follows `policy`.
    void releaseAll(Policy then = Policy::Immediate);

    QList<Acp::Notification> received;
    quint64 acknowledged = 0;
    quint64 maxUnacknowledged = 0;
    bool deliveredAfterClose = false;

Q_SIGNALS:
    // The "handler" finished applying `sequence`; its acknowledgement follows at once.
    void applied(quint64 sequence);

private:
    void onNotification(const Acp::Notification &notification);
    void acknowledgeNext();

    Acp::Connection *m_connection;
    Policy m_policy;
    int m_delayMs;
    QList<quint64> m_held;
    bool m_timerRunning = false;
};

// Captures the one completion of a request.
struct ResponseProbe
{
    std::optional<Acp::Response> response;
    int calls = 0;
    quint64 acknowledgedAtCompletion = 0;

    Acp::Connection::ResponseHandler handler(Acp::Connection *connection)
    {
        return [this, connection](const Acp::Response &r) {
            ++calls;
            response = r;
            acknowledgedAtCompletion = connection->acknowledgedSequence();
        };
    }
    bool done() const { return calls > 0; }
    // The count the fake agent put into its result: notifications sent before the response.
    qint64 notificationsBefore() const
    {
        return response ? response->result.toObject()
                              .value(QStringLiteral("_meta"))
                              .toObject()
                              .value(QStringLiteral("notificationsBefore"))
                              .toInteger(-1)
                        : -1;
    }
};

} // namespace TestSupport
