#pragma once

#include "processtransport.h"
#include "rpctypes.h"
#include "trafficring.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>

namespace Acp {

class BarrierCore;
class Connection;
class ConnectionWorker;
class Transport;
struct WorkerEvent;

// A request from the agent, handed to the handler registered for its method. A small value:
// keep a copy and answer whenever the answer is known (a user may take minutes to click). The
// first answer wins; later ones, and answers after the agent cancelled the request or went
// away, are dropped and return false.
class InboundRequest
{
public:
    quint64 handle() const { return m_handle; }
    const QString &method() const { return m_method; }
    const QJsonValue &params() const { return m_params; }
    const QJsonValue &id() const { return m_id; } // the agent's id, as it sent it

    bool respond(const QJsonValue &result) const;
    bool fail(const RpcError &error) const;
    bool isOpen() const;

private:
    friend class Connection;
    QPointer<Connection> m_connection;
    quint64 m_handle = 0;
    QString m_method;
    QJsonValue m_params;
    QJsonValue m_id;
};

// A caller's hold on an outgoing request: its id and a way to give up on it.
class RequestHandle
{
public:
    RequestHandle() = default;
    qint64 id() const { return m_id; }
    bool isValid() const { return m_id != 0; }
    // Gives up: the response handler will not run; the agent gets a best-effort
    // $/cancel_request if it has not answered yet.
    void cancel() const;

private:
    friend class Connection;
    RequestHandle(Connection *connection, qint64 id)
        : m_connection(connection)
        , m_id(id)
    { }
    QPointer<Connection> m_connection;
    qint64 m_id = 0;
};

// A JSON-RPC 2.0 connection to an ACP agent (see README.md in this folder).
//
// The Connection lives on the thread that creates it (the GUI thread in the app) and runs its
// I/O on a worker thread of its own. Call it from its own thread only, except acknowledge(),
// which is thread-safe; response and request handlers run on that thread too. Notifications arrive
// in wire order through notificationReceived(), numbered from 1; each must be acknowledged once
// applied (automatically or by calling acknowledge()). A request's handler runs only after every
// notification the agent sent before the response has been acknowledged, and never waits for later
// ones.
class Connection final : public QObject
{
    Q_OBJECT
public:
    enum class State {
        NotStarted,
        Starting, // the transport is being started; requests are queued
        Running,
        Closing, // the agent is gone; what it sent before is still being delivered
        Closed, // everything is delivered or abandoned; no signal follows but stderr
    };
    Q_ENUM(State)

    using TransportFactory = std::function<Transport *()>;
    using ResponseHandler = std::function<void(const Response &)>;
    using RequestHandler = std::function<void(const InboundRequest &)>;

    explicit Connection(const ConnectionOptions &options = {}, QObject *parent = nullptr);
    ~Connection() override;

    // Starts the worker thread and the transport the factory makes there.
    void start(TransportFactory factory);
    void startProcess(const ProcessOptions &options);
    // Closes the agent's input, waits for it to exit (then terminates, then kills), delivers
    // what it sent, and ends in closed(). Requests are refused from now on.
    void shutdown();
    // The same without the grace periods (SIGTERM, then SIGKILL at once): for a user who stops
    // an agent that does not respond. What it sent before is still delivered.
    void kill();

    // Sends a request. The handler runs exactly once unless the context (an object on this
    // connection's thread) is destroyed first or the request is cancelled. A zero timeout
    // means none.
    RequestHandle sendRequest(const QString &method, const QJsonValue &params, QObject *context,
                              ResponseHandler handler,
                              std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
    bool sendNotification(const QString &method, const QJsonValue &params);

    // Registers the handler for agent requests of `method`; unhandled methods are answered
    // with -32601. The registration ends with the context.
    void setRequestHandler(const QString &method, QObject *context, RequestHandler handler);

    // Acknowledges notification `sequence` (strictly in order). Thread-safe.
    void acknowledge(quint64 sequence);

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Starting || m_state == State::Running; }
    const DisconnectCause &disconnectCause() const { return m_cause; }
    QByteArray stderrTail() const { return m_stderrTail; }
    // The traffic since the start, as far as options().trafficHistory keeps it (oldest first).
    QList<TrafficRecord> trafficHistory() const { return m_history.records(); }
    // A remark about the traffic, kept and observed in order with it (TrafficRecord::Note).
    void addTrafficNote(const QString &text);
    const ConnectionOptions &options() const { return m_options; }
    int pendingRequestCount() const { return int(m_pending.size()); }
    quint64 lastSequence() const;
    quint64 acknowledgedSequence() const;

Q_SIGNALS:
    void started();
    void stateChanged(Acp::Connection::State state);
    void notificationReceived(const Acp::Notification &notification);
    // The agent cancelled an inbound request, or the connection ended before it was answered.
    void inboundRequestCancelled(quint64 handle);
    // A response arrived and now waits for the notifications that preceded it.
    void requestAnswered(qint64 id);
    // The agent is gone: no new requests; delivery of what it sent goes on until closed().
    void disconnected(const Acp::DisconnectCause &cause);
    void closed();
    void stderrReceived(const QByteArray &bytes);
    // Every message in and out, when connected (free when nobody listens).
    void trafficObserved(const Acp::TrafficRecord &record);

protected:
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    friend class InboundRequest;
    friend class RequestHandle;

    struct Pending
    {
        ResponseHandler handler;
        QPointer<QObject> context;
        bool hasContext = false;
        int timerId = 0;
    };
    struct Handler
    {
        RequestHandler handler;
        QPointer<QObject> context;
    };

    void onWorkerEvents(const QList<WorkerEvent> &events);
    void observe(const TrafficRecord &record);
    bool wantsTraffic() const;
    void processQueuedEvents();
    void processEvent(const WorkerEvent &event);
    void dispatchInbound(const WorkerEvent &event);
    void onTransportEnded(const DisconnectCause &cause);
    void onReaderFinished(quint64 finalSequence);
    void releaseHeld(const std::vector<std::int64_t> &ids);
    void complete(qint64 id, const Response &response);
    void cancelRequest(qint64 id);
    void wakeNestedEventLoops();
    bool answerInbound(quint64 handle, const QJsonObject &reply);
    void checkDrained();
    void finishClose();
    void setState(State state);
    void timerEvent(QTimerEvent *event) override;
    template<typename Function>
    void onWorker(Function &&function);

    const ConnectionOptions m_options;
    const std::shared_ptr<BarrierCore> m_core;
    QThread m_thread;
    ConnectionWorker *m_worker = nullptr; // lives on m_thread; deleted when it finishes

    State m_state = State::NotStarted;
    DisconnectCause m_cause;
    QByteArray m_stderrTail;
    TrafficRing m_history{m_options.trafficHistory};

    qint64 m_nextRequestId = 0;
    QHash<qint64, Pending> m_pending; // sent, handler not yet run
    struct Held
    {
        Response response;
        quint64 watermark = 0;
    };
    QHash<qint64, Held> m_held; // answered, waiting for the barrier
    QHash<QString, Handler> m_handlers; // inbound request handlers by method
    QSet<quint64> m_openInbound; // inbound requests delivered and unanswered

    // Worker events are processed in order from this queue. A handler that spins a nested
    // event loop (a modal dialog in a permission handler) lets later events go on from where
    // the queue stands, so cancellations and disconnects still arrive; a notification slot
    // does not, because the next notification must not be applied before the current one.
    QList<WorkerEvent> m_eventQueue;
    qsizetype m_eventIndex = 0;
    bool m_deliveringNotification = false;

    bool m_readerFinished = false;
    quint64 m_finalSequence = 0;
    QTimer m_drainTimer;
};

} // namespace Acp
