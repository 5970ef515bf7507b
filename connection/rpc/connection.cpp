#include "connection.h"

#include "barriercore.h"
#include "connectionworker.h"
#include "logging.h"
#include "workerevent.h"

#include <QDateTime>
#include <QMetaMethod>
#include <QTimerEvent>

namespace Acp {

// InboundRequest / RequestHandle ----------------------------------------------------------------

bool InboundRequest::respond(const QJsonValue &result) const
{
    // An empty result is sent as {} (PROTOCOL.md section 2).
    const QJsonValue value = result.isUndefined() || result.isNull() ? QJsonObject() : result;
    return m_connection
        && m_connection->answerInbound(m_handle, {{QStringLiteral("result"), value}});
}

bool InboundRequest::fail(const RpcError &error) const
{
    return m_connection
        && m_connection->answerInbound(m_handle, {{QStringLiteral("error"), error.toJson()}});
}

bool InboundRequest::isOpen() const
{
    return m_connection && m_connection->m_openInbound.contains(m_handle);
}

void RequestHandle::cancel() const
{
    if (m_connection)
        m_connection->cancelRequest(m_id);
}

// Connection ------------------------------------------------------------------------------------

Connection::Connection(const ConnectionOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_core(std::make_shared<BarrierCore>(options.notificationWindow))
{
    qRegisterMetaType<Acp::WorkerEvents>();
    qRegisterMetaType<QList<Acp::TrafficRecord>>();
    qRegisterMetaType<Acp::Notification>();
    qRegisterMetaType<Acp::DisconnectCause>();
    qRegisterMetaType<Acp::TrafficRecord>();

    m_thread.setObjectName(QStringLiteral("acp-connection"));
    m_drainTimer.setSingleShot(true);
    m_drainTimer.setInterval(options.drainTimeout);
    connect(&m_drainTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcAcpConnection)
            << "drain timed out;" << m_core->inFlight() << "notifications were never acknowledged";
        if (!m_readerFinished)
            onWorker([worker = m_worker] { worker->abandonBacklog(); });
        finishClose();
    });
}

Connection::~Connection()
{
    if (m_thread.isRunning()) {
        // Teardown order: the worker (and with it the transport and the agent process) is
        // deleted on its own thread when the thread finishes; wait for that here so nothing
        // outlives us. The worker's destructor kills a still-running agent, so this is short.
        m_thread.quit();
        m_thread.wait();
    }
}

template<typename Function>
void Connection::onWorker(Function &&function)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, std::forward<Function>(function), Qt::QueuedConnection);
}

void Connection::start(TransportFactory factory)
{
    if (m_state != State::NotStarted) {
        qCWarning(lcAcpConnection) << "start() called twice; ignored";
        return;
    }
    m_worker = new ConnectionWorker(m_options, m_core);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ConnectionWorker::eventsReady, this, &Connection::onWorkerEvents);
    connect(m_worker, &ConnectionWorker::stderrReceived, this, [this](const QByteArray &bytes) {
        m_stderrTail.append(bytes);
        if (m_stderrTail.size() > m_options.stderrTailSize)
            m_stderrTail.remove(0, m_stderrTail.size() - m_options.stderrTailSize);
        Q_EMIT stderrReceived(bytes);
    });
    connect(m_worker, &ConnectionWorker::trafficObserved, this,
            [this](const QList<TrafficRecord> &records) {
                for (const TrafficRecord &record : records)
                    observe(record);
            });
    m_worker->setTrafficTapEnabled(wantsTraffic());
    m_thread.start();
    setState(State::Starting);
    onWorker([worker = m_worker, factory = std::move(factory)] { worker->start(factory); });
}

void Connection::startProcess(const ProcessOptions &options)
{
    const auto exitWait = m_options.exitGracePeriod / 2;
    start([options, exitWait]() -> Transport * {
        auto *transport = new ProcessTransport(options);
        transport->setExitWait(exitWait);
        return transport;
    });
}

void Connection::shutdown()
{
    if (!isRunning())
        return;
    setState(State::Closing);
    onWorker([worker = m_worker] { worker->shutdown(); });
}

void Connection::kill()
{
    if (!isRunning())
        return;
    setState(State::Closing);
    onWorker([worker = m_worker] { worker->shutdown(std::chrono::milliseconds(0)); });
}

RequestHandle Connection::sendRequest(const QString &method, const QJsonValue &params,
                                      QObject *context, ResponseHandler handler,
                                      std::chrono::milliseconds timeout)
{
    Q_ASSERT_X(QThread::currentThread() == thread(), "Acp::Connection::sendRequest",
               "call the connection from its own thread");
    Q_ASSERT_X(!context || context->thread() == thread(), "Acp::Connection::sendRequest",
               "the context must live on the connection's thread");
    const qint64 id = ++m_nextRequestId;
    Pending pending{std::move(handler), context, context != nullptr, 0};
    if (!isRunning()) {
        // Never run the handler inside the call that registers it.
        Response refused;
        refused.status = Response::Status::NotSent;
        refused.error = {ErrorCode::InternalError,
                         QStringLiteral("not connected: ") + m_cause.description(),
                         {}};
        m_pending.insert(id, std::move(pending));
        QMetaObject::invokeMethod(
            this, [this, id, refused] { complete(id, refused); }, Qt::QueuedConnection);
        return {this, id};
    }
    if (timeout.count() > 0)
        pending.timerId = startTimer(timeout);
    m_pending.insert(id, std::move(pending));
    onWorker([worker = m_worker, id, method, params] { worker->sendRequest(id, method, params); });
    return {this, id};
}

bool Connection::sendNotification(const QString &method, const QJsonValue &params)
{
    if (!isRunning())
        return false;
    onWorker([worker = m_worker, method, params] { worker->sendNotification(method, params); });
    return true;
}

void Connection::setRequestHandler(const QString &method, QObject *context, RequestHandler handler)
{
    m_handlers.insert(method, {std::move(handler), context});
}

void Connection::acknowledge(quint64 sequence)
{
    BarrierCore::AckResult result = m_core->acknowledge(sequence);
    if (result.status == BarrierCore::AckStatus::OutOfOrder) {
        qCCritical(lcAcpConnection)
            << "notification" << sequence << "acknowledged out of order; expected"
            << m_core->completed() + 1;
        Q_ASSERT_X(false, "Acp::Connection::acknowledge", "acknowledgements must be in order");
        return;
    }
    if (result.resumeReader)
        onWorker([worker = m_worker] { worker->resumeReading(); });
    if (QThread::currentThread() == thread()) {
        releaseHeld(result.released);
        checkDrained();
    } else {
        QMetaObject::invokeMethod(
            this,
            [this, released = std::move(result.released)] {
                releaseHeld(released);
                checkDrained();
            },
            Qt::QueuedConnection);
    }
}

quint64 Connection::lastSequence() const
{
    return m_core->lastEnqueued();
}

quint64 Connection::acknowledgedSequence() const
{
    return m_core->completed();
}

bool Connection::wantsTraffic() const
{
    return m_options.trafficHistory.messages > 0
        || isSignalConnected(QMetaMethod::fromSignal(&Connection::trafficObserved));
}

void Connection::observe(const TrafficRecord &record)
{
    if (m_options.trafficHistory.messages > 0)
        m_history.append(record);
    Q_EMIT trafficObserved(record);
}

void Connection::addTrafficNote(const QString &text)
{
    if (!wantsTraffic())
        return;
    observe({TrafficRecord::Direction::Note, QDateTime::currentMSecsSinceEpoch(), text.toUtf8()});
}

void Connection::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&Connection::trafficObserved) && m_worker)
        m_worker->setTrafficTapEnabled(true);
}

void Connection::disconnectNotify(const QMetaMethod &signal)
{
    // Qt still holds its connection lock here, so isSignalConnected() would deadlock: look again
    // once the disconnect is done. (Dropped with us if we are destroyed first.)
    if (signal == QMetaMethod::fromSignal(&Connection::trafficObserved) && m_worker) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_worker)
                    m_worker->setTrafficTapEnabled(wantsTraffic());
            },
            Qt::QueuedConnection);
    }
}

void Connection::onWorkerEvents(const QList<WorkerEvent> &events)
{
    if (m_state == State::Closed)
        return;
    m_eventQueue.append(events);
    if (m_deliveringNotification)
        return; // picked up by the loop that is delivering it
    processQueuedEvents();
}

void Connection::processQueuedEvents()
{
    // Index-based, and each event copied out before it is processed: a nested call may append
    // to the queue (reallocating it) or process the rest of it. A copy, not a move, so that the
    // queue keeps the last reference to each event's data (see below).
    while (m_eventIndex < m_eventQueue.size() && m_state != State::Closed) {
        const WorkerEvent event = m_eventQueue.at(m_eventIndex++);
        processEvent(event);
    }
    if (m_eventIndex >= m_eventQueue.size() || m_state == State::Closed) {
        // The parsed messages were allocated by the worker thread; freeing them there is much
        // cheaper with glibc's allocator than freeing them here, where every free of a block
        // of another thread's arena takes that arena's lock and contends with the parser
        // (session/load of 100,000 updates: 320 ms -> 223 ms, tests/bench/bench.py).
        if (m_worker)
            onWorker([spent = std::exchange(m_eventQueue, {})]() mutable { spent.clear(); });
        m_eventQueue.clear();
        m_eventIndex = 0;
    }
}

void Connection::processEvent(const WorkerEvent &event)
{
    switch (event.kind) {
    case WorkerEvent::Kind::Started:
        if (m_state == State::Starting) {
            setState(State::Running);
            Q_EMIT started();
        }
        break;
    case WorkerEvent::Kind::Notification: {
        const Notification notification{event.number, event.method, event.payload, event.decoded};
        const bool nested = std::exchange(m_deliveringNotification, true);
        Q_EMIT notificationReceived(notification);
        m_deliveringNotification = nested;
        if (m_options.acknowledgeMode == AcknowledgeMode::Automatic)
            acknowledge(notification.sequence);
        break;
    }
    case WorkerEvent::Kind::Request:
        dispatchInbound(event);
        break;
    case WorkerEvent::Kind::RequestCancelled:
        if (m_openInbound.remove(event.number))
            Q_EMIT inboundRequestCancelled(event.number);
        break;
    case WorkerEvent::Kind::Response:
        if (!m_pending.contains(event.requestId))
            break; // the caller gave up meanwhile
        Q_EMIT requestAnswered(event.requestId);
        if (m_core->awaitWatermark(event.requestId, event.number))
            complete(event.requestId, event.response);
        else
            m_held.insert(event.requestId, {event.response, event.number});
        break;
    case WorkerEvent::Kind::SendFailed:
        complete(event.requestId, event.response);
        break;
    case WorkerEvent::Kind::TransportEnded:
        onTransportEnded(event.cause);
        break;
    case WorkerEvent::Kind::ReaderFinished:
        onReaderFinished(event.number);
        break;
    }
}

void Connection::dispatchInbound(const WorkerEvent &event)
{
    InboundRequest request;
    request.m_connection = this;
    request.m_handle = event.number;
    request.m_method = event.method;
    request.m_params = event.payload;
    request.m_id = event.id;
    if (!isRunning())
        return; // the agent is gone: nobody could receive an answer
    m_openInbound.insert(event.number);
    const auto it = m_handlers.constFind(event.method);
    if (it == m_handlers.constEnd() || !it->context) {
        request.fail(
            {ErrorCode::MethodNotFound, QStringLiteral("method not found: ") + event.method, {}});
        return;
    }
    // Copied: the handler may replace its own registration.
    const RequestHandler handler = it->handler;
    wakeNestedEventLoops();
    handler(request);
}

void Connection::onTransportEnded(const DisconnectCause &cause)
{
    m_cause = cause;
    if (m_cause.stderrTail.isEmpty())
        m_cause.stderrTail = m_stderrTail;
    setState(State::Closing);
    // Handlers of inbound requests are told at once, even with a notification backlog.
    const QSet<quint64> open = std::exchange(m_openInbound, {});
    for (const quint64 handle : open)
        Q_EMIT inboundRequestCancelled(handle);
    m_drainTimer.start();
    Q_EMIT disconnected(m_cause);
}

void Connection::onReaderFinished(quint64 finalSequence)
{
    m_readerFinished = true;
    m_finalSequence = finalSequence;
    // Requests without a response fail now; answered ones complete as the drain reaches them.
    const Response lost{Response::Status::ConnectionLost, {}, m_cause.toRpcError()};
    const QList<qint64> ids = m_pending.keys();
    for (const qint64 id : ids) {
        if (!m_held.contains(id))
            complete(id, lost);
    }
    checkDrained();
}

void Connection::releaseHeld(const std::vector<std::int64_t> &ids)
{
    for (const qint64 id : ids) {
        const auto it = m_held.find(id);
        if (it == m_held.end())
            continue;
        const Response response = std::move(it->response);
        m_held.erase(it);
        complete(id, response);
    }
}

void Connection::complete(qint64 id, const Response &response)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    // Taken out before it runs: the handler may send new requests or cancel others.
    Pending pending = std::move(it.value());
    m_pending.erase(it);
    m_held.remove(id);
    if (pending.timerId)
        killTimer(pending.timerId);
    if (!pending.handler)
        return;
    // A handler whose caller has gone is dropped quietly.
    if (pending.hasContext && !pending.context)
        return;
    wakeNestedEventLoops();
    pending.handler(response);
}

void Connection::wakeNestedEventLoops()
{
    // A handler may open a modal dialog. Qt's glib event dispatcher (Debian's default) does not
    // hand events that were already posted to a nested event loop started from inside a
    // posted-event handler until something wakes it up; without this, worker events would
    // wait until the dialog closes. One no-op posted event per handler call wakes it.
    QMetaObject::invokeMethod(
        this, [] {}, Qt::QueuedConnection);
}

void Connection::cancelRequest(qint64 id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    if (it->timerId)
        killTimer(it->timerId);
    m_pending.erase(it);
    m_held.remove(id);
    m_core->discard(id);
    onWorker([worker = m_worker, id] { worker->abandonRequest(id); });
}

bool Connection::answerInbound(quint64 handle, const QJsonObject &reply)
{
    if (!m_openInbound.remove(handle))
        return false;
    onWorker([worker = m_worker, handle, reply] { worker->answerInbound(handle, reply); });
    return true;
}

void Connection::timerEvent(QTimerEvent *event)
{
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        if (it->timerId != event->timerId())
            continue;
        const qint64 id = it.key();
        killTimer(std::exchange(it->timerId, 0));
        // Abandoned like a cancel (out of the barrier, $/cancel_request to the agent), but the
        // caller is told.
        m_held.remove(id);
        m_core->discard(id);
        onWorker([worker = m_worker, id] { worker->abandonRequest(id); });
        if (isRunning()) {
            complete(id,
                     {Response::Status::TimedOut,
                      {},
                      {ErrorCode::RequestCancelled, QStringLiteral("request timed out"), {}}});
        } else {
            // The agent is gone already: that is the news, not the timeout.
            complete(id, {Response::Status::ConnectionLost, {}, m_cause.toRpcError()});
        }
        return;
    }
    QObject::timerEvent(event);
}

void Connection::checkDrained()
{
    if (m_state != State::Closing)
        return;
    if (m_readerFinished && m_core->reached(m_finalSequence)) {
        finishClose();
        return;
    }
    // The drain timeout is for a consumer that stopped, not for a long backlog applied at a
    // steady pace: each acknowledgement during the drain starts it afresh.
    if (m_drainTimer.isActive())
        m_drainTimer.start();
}

void Connection::finishClose()
{
    if (m_state == State::Closed)
        return;
    m_drainTimer.stop();
    // Responses released by an acknowledgement from another thread whose queued hand-over has
    // not run yet are complete: deliver them. Whatever else waits can no longer complete.
    m_core->takeAllHeld();
    const QList<qint64> heldIds = m_held.keys();
    for (const qint64 id : heldIds) {
        const Held held = m_held.take(id);
        if (m_core->reached(held.watermark))
            complete(id, held.response);
    }
    const Response lost{Response::Status::ConnectionLost, {}, m_cause.toRpcError()};
    const QList<qint64> ids = m_pending.keys();
    for (const qint64 id : ids)
        complete(id, lost);
    const QSet<quint64> open = std::exchange(m_openInbound, {});
    for (const quint64 handle : open)
        Q_EMIT inboundRequestCancelled(handle);
    setState(State::Closed);
    Q_EMIT closed();
}

void Connection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace Acp
