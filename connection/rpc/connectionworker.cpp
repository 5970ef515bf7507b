#include "connectionworker.h"

#include "logging.h"
#include "transport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>
#include <csignal>

namespace Acp {

namespace {

constexpr qsizetype MaxEventsPerBatch = 512;
constexpr qsizetype LogExcerpt = 120;

const QString KeyJsonRpc = QStringLiteral("jsonrpc");
const QString KeyId = QStringLiteral("id");
const QString KeyMethod = QStringLiteral("method");
const QString KeyParams = QStringLiteral("params");
const QString KeyResult = QStringLiteral("result");
const QString KeyError = QStringLiteral("error");
const QString Version = QStringLiteral("2.0");
const QString CancelRequest = QStringLiteral("$/cancel_request");

QByteArray excerpt(const QByteArray &line)
{
    return line.size() <= LogExcerpt ? line : line.left(LogExcerpt) + "...";
}

// Our ids are integers. An agent may echo one back as a number or as the same digits in a
// string; both name the same request.
std::optional<qint64> outgoingId(const QJsonValue &id)
{
    if (id.isDouble()) {
        // Out of qint64's range (say 1e82) is no id of ours, and converting it would be
        // undefined behaviour (found by tests/fuzz/fuzz_dispatcher under UBSan).
        const double value = id.toDouble();
        if (!(value >= -0x1p63 && value < 0x1p63) || std::trunc(value) != value)
            return std::nullopt;
        return static_cast<qint64>(value);
    }
    if (id.isString()) {
        bool ok = false;
        const qint64 value = id.toString().toLongLong(&ok);
        if (ok)
            return value;
    }
    return std::nullopt;
}

// Inbound ids are echoed unchanged, and 5 and "5" are different ids of the agent's.
QString inboundKey(const QJsonValue &id)
{
    if (id.isString())
        return QLatin1Char('s') + id.toString();
    if (id.isDouble())
        return QLatin1Char('n') + QString::number(id.toDouble(), 'g', 17);
    return QStringLiteral("null");
}

WorkerEvent makeEvent(WorkerEvent::Kind kind)
{
    WorkerEvent e;
    e.kind = kind;
    return e;
}

} // namespace

ConnectionWorker::ConnectionWorker(const ConnectionOptions &options,
                                   std::shared_ptr<BarrierCore> core)
    : m_options(options)
    , m_core(std::move(core))
    , m_framer(options.maxMessageSize)
{ }

ConnectionWorker::~ConnectionWorker()
{
    delete m_transport.data();
}

void ConnectionWorker::start(const TransportFactory &factory)
{
    Transport *transport = factory ? factory() : nullptr;
    if (!transport) {
        WorkerEvents batch;
        DisconnectCause cause{
            DisconnectCause::Reason::FailedToStart, {}, {}, QStringLiteral("no transport"), {}};
        WorkerEvent ended = makeEvent(WorkerEvent::Kind::TransportEnded);
        ended.cause = cause;
        batch.append(ended);
        m_transportEnded = true;
        finishReading(batch);
        emitEvents(batch);
        return;
    }
    m_transport = transport;
    transport->setParent(this);
    transport->setStderrTailSize(m_options.stderrTailSize);
    connect(transport, &Transport::started, this, [this] {
        WorkerEvents batch{makeEvent(WorkerEvent::Kind::Started)};
        emitEvents(batch);
    });
    connect(transport, &Transport::dataReceived, this, &ConnectionWorker::onData);
    connect(transport, &Transport::stderrReceived, this, &ConnectionWorker::stderrReceived);
    connect(transport, &Transport::ended, this, &ConnectionWorker::onTransportEnded);
    transport->start();
}

void ConnectionWorker::sendRequest(qint64 id, const QString &method, const QJsonValue &params)
{
    QJsonObject message{{KeyJsonRpc, Version}, {KeyId, id}, {KeyMethod, method}};
    if (!params.isUndefined())
        message.insert(KeyParams, params);
    // Registered before writing: a fast agent's response must find it.
    m_awaitingResponse.insert(id);
    if (m_transportEnded || !writeMessage(message)) {
        m_awaitingResponse.remove(id);
        WorkerEvent failed = makeEvent(WorkerEvent::Kind::SendFailed);
        failed.requestId = id;
        failed.response.status = Response::Status::NotSent;
        failed.response.error = {ErrorCode::InternalError,
                                 QStringLiteral("the request could not be sent to the agent"),
                                 {}};
        WorkerEvents batch{failed};
        emitEvents(batch);
    }
}

void ConnectionWorker::sendNotification(const QString &method, const QJsonValue &params)
{
    if (m_transportEnded)
        return;
    QJsonObject message{{KeyJsonRpc, Version}, {KeyMethod, method}};
    if (!params.isUndefined())
        message.insert(KeyParams, params);
    writeMessage(message);
}

void ConnectionWorker::abandonRequest(qint64 id)
{
    // Only a request still waiting for its response is worth cancelling at the agent: once
    // answered, the response stands (PROTOCOL.md section 11).
    if (!m_awaitingResponse.remove(id) || m_transportEnded)
        return;
    sendNotification(CancelRequest, QJsonObject{{QStringLiteral("requestId"), id}});
}

void ConnectionWorker::answerInbound(quint64 handle, const QJsonObject &reply)
{
    const auto it = m_inbound.constFind(handle);
    if (it == m_inbound.constEnd()) {
        qCDebug(lcAcpConnection) << "dropping the answer to inbound request" << handle
                                 << "(cancelled or disconnected)";
        return;
    }
    QJsonObject message = reply;
    message.insert(KeyJsonRpc, Version);
    message.insert(KeyId, it->id);
    m_inboundByKey.remove(it->key);
    m_inbound.erase(it);
    writeMessage(message);
}

void ConnectionWorker::resumeReading()
{
    parseAvailable();
}

void ConnectionWorker::shutdown(std::optional<std::chrono::milliseconds> grace)
{
    m_shutdownRequested = true;
    if (m_transport && !m_transport->hasEnded())
        m_transport->shutdown(grace.value_or(m_options.exitGracePeriod));
}

void ConnectionWorker::abandonBacklog()
{
    if (m_readerFinished)
        return;
    qCWarning(lcAcpConnection) << "drain timed out with" << m_framer.bufferedBytes()
                               << "bytes of agent output unparsed";
    m_framer.takeRemainder();
    WorkerEvents batch;
    finishReading(batch);
    emitEvents(batch);
}

void ConnectionWorker::onData(const QByteArray &bytes)
{
    if (m_readerFinished)
        return;
    m_framer.append(bytes);
    parseAvailable();
    // Only a reader held back by the window accumulates a backlog; a long line still being
    // received by a reader that keeps up is the framer's business (maxMessageSize).
    if (!m_readerFinished && m_readerBlocked && m_framer.bufferedBytes() > m_options.maxBacklog) {
        WorkerEvents batch;
        DisconnectCause cause{DisconnectCause::Reason::BacklogExceeded,
                              {},
                              {},
                              QStringLiteral("more than %1 bytes").arg(m_options.maxBacklog),
                              {}};
        failProtocol(cause, batch);
        emitEvents(batch);
    }
}

void ConnectionWorker::onTransportEnded(DisconnectCause cause)
{
    if (m_transportEnded)
        return;
    // After shutdown(), a clean exit or our own SIGTERM/SIGKILL is the client's doing; a crash
    // with any other signal is still reported as a crash.
    const bool ourDoing = cause.reason == DisconnectCause::Reason::AgentExited
        || cause.reason == DisconnectCause::Reason::EndOfStream
        || (cause.reason == DisconnectCause::Reason::AgentCrashed
            && (cause.signal == SIGTERM || cause.signal == SIGKILL));
    if (m_shutdownRequested && ourDoing)
        cause.reason = DisconnectCause::Reason::ClosedByClient;
    m_transportEnded = true;
    qCDebug(lcAcpConnection) << "transport ended:" << cause.description();
    WorkerEvent ended = makeEvent(WorkerEvent::Kind::TransportEnded);
    ended.cause = cause;
    WorkerEvents batch{ended};
    emitEvents(batch);
    // Output the agent wrote before leaving is still delivered (lose nothing).
    parseAvailable();
}

void ConnectionWorker::parseAvailable()
{
    if (m_readerFinished)
        return;
    WorkerEvents batch;
    m_readerBlocked = false;
    for (;;) {
        if (!m_core->readerMayParse()) {
            m_readerBlocked = true;
            break;
        }
        LineFramer::Result next = m_framer.next();
        if (next.status == LineFramer::Status::Line) {
            handleLine(next.line, batch);
            if (batch.size() >= MaxEventsPerBatch)
                emitEvents(batch);
            continue;
        }
        if (next.status == LineFramer::Status::LineTooLong) {
            // One huge message must not end the session: skipped (the framer drops the rest
            // of it as it arrives), said, and the session goes on.
            handleOversized(next.line, batch);
            continue;
        }
        if (m_transportEnded) {
            // A final message without its newline is still a message.
            const QByteArray rest = m_framer.takeRemainder();
            if (!rest.trimmed().isEmpty())
                handleLine(rest, batch);
            finishReading(batch);
        }
        break;
    }
    emitEvents(batch);
}

void ConnectionWorker::handleLine(const QByteArray &line, WorkerEvents &batch)
{
    tap(TrafficRecord::Direction::Incoming, line);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError) {
        qCWarning(lcAcpFraming).noquote()
            << "skipping a line that is not JSON (" << error.errorString() << "at offset"
            << error.offset << "):" << excerpt(line);
        return;
    }
    if (!document.isObject()) {
        qCWarning(lcAcpFraming).noquote()
            << "skipping a JSON value that is not a message object:" << excerpt(line);
        return;
    }
    const QJsonObject message = document.object();
    const auto idIt = message.constFind(KeyId);
    const bool hasId = idIt != message.constEnd();
    const auto methodIt = message.constFind(KeyMethod);

    if (methodIt != message.constEnd()) {
        const QJsonValue id = hasId ? idIt.value() : QJsonValue();
        if (!methodIt->isString() || (hasId && !id.isString() && !id.isDouble() && !id.isNull())) {
            qCWarning(lcAcpFraming).noquote() << "skipping a malformed message:" << excerpt(line);
            if (hasId) {
                writeMessage(
                    {{KeyJsonRpc, Version},
                     {KeyId, id.isObject() || id.isArray() ? QJsonValue() : id},
                     {KeyError,
                      RpcError{ErrorCode::InvalidRequest, QStringLiteral("invalid request"), {}}
                          .toJson()}});
            }
            return;
        }
        const QString method = methodIt->toString();
        const QJsonValue params = message.value(KeyParams);
        if (!hasId) {
            if (method == CancelRequest) {
                // Applied at once and never sequenced (BARRIER.md).
                handleInboundCancel(params, batch);
                return;
            }
            WorkerEvent notification = makeEvent(WorkerEvent::Kind::Notification);
            notification.number = m_core->tryEnqueue().value_or(0);
            // parseAvailable() checked for room and only this thread enqueues.
            Q_ASSERT(notification.number != 0);
            notification.method = method;
            notification.payload = params;
            if (m_options.decoder)
                notification.decoded = m_options.decoder(method, params);
            batch.append(std::move(notification));
            return;
        }
        const QString key = inboundKey(id);
        if (m_inboundByKey.contains(key)) {
            qCWarning(lcAcpConnection)
                << "agent reused request id" << key << "while it was still pending";
            writeMessage(
                {{KeyJsonRpc, Version},
                 {KeyId, id},
                 {KeyError,
                  RpcError{ErrorCode::InvalidRequest, QStringLiteral("duplicate request id"), {}}
                      .toJson()}});
            return;
        }
        const quint64 handle = ++m_nextInboundHandle;
        m_inbound.insert(handle, {id, key});
        m_inboundByKey.insert(key, handle);
        WorkerEvent request = makeEvent(WorkerEvent::Kind::Request);
        request.number = handle;
        request.method = method;
        request.payload = params;
        request.id = id;
        batch.append(std::move(request));
        return;
    }

    const auto resultIt = message.constFind(KeyResult);
    const auto errorIt = message.constFind(KeyError);
    if (hasId && (resultIt != message.constEnd() || errorIt != message.constEnd())) {
        const std::optional<qint64> id = outgoingId(idIt.value());
        if (!id || !m_awaitingResponse.remove(*id)) {
            qCWarning(lcAcpConnection).noquote()
                << "dropping a response with an unknown id:" << excerpt(line);
            return;
        }
        WorkerEvent response = makeEvent(WorkerEvent::Kind::Response);
        response.requestId = *id;
        // Every notification read so far preceded this response on the wire.
        response.number = m_core->lastEnqueued();
        if (errorIt != message.constEnd()) {
            response.response.status = Response::Status::AgentError;
            response.response.error = RpcError::fromJson(errorIt.value());
        } else {
            response.response.result = resultIt.value();
        }
        batch.append(std::move(response));
        return;
    }
    qCWarning(lcAcpFraming).noquote()
        << "skipping an object that is neither request, notification nor response:"
        << excerpt(line);
}

namespace {

// The value of `"key": ...` in the start of a message, if it comes before `before` (a key
// whose value is where a nested object of the same key could appear).
QJsonValue headValue(const QByteArray &head, const QByteArray &key, qsizetype before)
{
    const QRegularExpression pattern(
        QStringLiteral("\"%1\"\\s*:\\s*(-?[0-9]+|\"(?:[^\"\\\\]|\\\\.)*\")")
            .arg(QString::fromLatin1(key)));
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(head));
    if (!match.hasMatch() || (before >= 0 && match.capturedStart() > before))
        return {};
    const QJsonDocument value = QJsonDocument::fromJson("[" + match.captured(1).toUtf8() + "]");
    return value.array().isEmpty() ? QJsonValue() : value.array().first();
}

} // namespace

void ConnectionWorker::handleOversized(const QByteArray &head, WorkerEvents &batch)
{
    const qint64 limit = m_options.maxMessageSize;
    tap(TrafficRecord::Direction::Incoming,
        head + "... [skipped: larger than " + QByteArray::number(limit) + " bytes]");
    // Agents write "jsonrpc", "id" and "method" before "params" or "result": an "id" after
    // those would belong to something inside them.
    const QString text = QString::fromUtf8(head);
    qsizetype body = -1;
    for (const char *key : {"\"params\"", "\"result\"", "\"error\""}) {
        const qsizetype at = text.indexOf(QLatin1String(key));
        if (at >= 0 && (body < 0 || at < body))
            body = at;
    }
    const QJsonValue id = headValue(head, "id", body);
    const QString method = headValue(head, "method", body).toString();
    QJsonObject about{{QStringLiteral("limit"), double(limit)}};
    if (!method.isEmpty())
        about.insert(QStringLiteral("method"), method);
    for (const char *key : {"sessionId", "toolCallId"}) {
        const QJsonValue value = headValue(head, key, -1);
        if (value.isString())
            about.insert(QLatin1String(key), value);
    }
    qCWarning(lcAcpFraming).noquote()
        << "skipping a line larger than" << limit << "bytes:" << excerpt(head);
    std::optional<qint64> failed;
    if (!method.isEmpty() && !id.isUndefined() && !id.isNull()) {
        // The agent's request: answered, so that it does not wait for ever.
        about.insert(QStringLiteral("request"), true);
        writeMessage({{KeyJsonRpc, Version},
                      {KeyId, id},
                      {KeyError,
                       RpcError{ErrorCode::InvalidRequest,
                                QStringLiteral("message larger than %1 bytes").arg(limit),
                                {}}
                           .toJson()}});
    } else if (method.isEmpty() && !id.isUndefined()) {
        failed = outgoingId(id);
        if (failed && m_awaitingResponse.remove(*failed))
            about.insert(QStringLiteral("response"), true);
        else
            failed.reset();
    }
    // Said in order, like any notification: the session shows it where it happened.
    WorkerEvent notification = makeEvent(WorkerEvent::Kind::Notification);
    notification.number = m_core->tryEnqueue().value_or(0);
    Q_ASSERT(notification.number != 0); // parseAvailable() checked for room
    notification.method = SkippedMessageMethod;
    notification.payload = about;
    batch.append(std::move(notification));
    if (failed) {
        // Our request's answer was the line: it fails, after everything sent before it.
        WorkerEvent response = makeEvent(WorkerEvent::Kind::Response);
        response.requestId = *failed;
        response.number = m_core->lastEnqueued();
        response.response.status = Response::Status::AgentError;
        response.response.error
            = RpcError{ErrorCode::InternalError,
                       QStringLiteral("the agent's answer was larger than %1 bytes and was skipped")
                           .arg(limit),
                       {}};
        batch.append(std::move(response));
    }
}

void ConnectionWorker::handleInboundCancel(const QJsonValue &params, WorkerEvents &batch)
{
    const QJsonValue requestId = params.toObject().value(QStringLiteral("requestId"));
    const auto keyIt = m_inboundByKey.constFind(inboundKey(requestId));
    if (keyIt == m_inboundByKey.constEnd())
        return; // already answered, or never seen: the cancel is ignored
    const quint64 handle = keyIt.value();
    const QJsonValue id = m_inbound.value(handle).id;
    m_inbound.remove(handle);
    m_inboundByKey.erase(keyIt);
    writeMessage({{KeyJsonRpc, Version},
                  {KeyId, id},
                  {KeyError,
                   RpcError{ErrorCode::RequestCancelled, QStringLiteral("request cancelled"), {}}
                       .toJson()}});
    WorkerEvent cancelled = makeEvent(WorkerEvent::Kind::RequestCancelled);
    cancelled.number = handle;
    batch.append(std::move(cancelled));
}

void ConnectionWorker::finishReading(WorkerEvents &batch)
{
    if (m_readerFinished)
        return;
    m_readerFinished = true;
    // The facade fails what it still waits for; inbound answers can no longer be delivered.
    m_awaitingResponse.clear();
    m_inbound.clear();
    m_inboundByKey.clear();
    WorkerEvent finished = makeEvent(WorkerEvent::Kind::ReaderFinished);
    finished.number = m_core->lastEnqueued();
    batch.append(std::move(finished));
}

void ConnectionWorker::failProtocol(DisconnectCause cause, WorkerEvents &batch)
{
    qCWarning(lcAcpConnection) << "closing the connection:" << cause.description();
    m_framer.takeRemainder();
    if (m_transport) {
        cause.stderrTail = m_transport->stderrTail();
        if (!m_transport->hasEnded()) {
            disconnect(m_transport, &Transport::ended, this, nullptr);
            m_transport->shutdown(m_options.exitGracePeriod);
        }
    }
    if (!m_transportEnded) {
        m_transportEnded = true;
        WorkerEvent ended = makeEvent(WorkerEvent::Kind::TransportEnded);
        ended.cause = cause;
        batch.append(std::move(ended));
    }
    finishReading(batch);
}

bool ConnectionWorker::writeMessage(const QJsonObject &message)
{
    if (!m_transport || m_transportEnded)
        return false;
    QByteArray line = QJsonDocument(message).toJson(QJsonDocument::Compact);
    tap(TrafficRecord::Direction::Outgoing, line);
    line.append('\n');
    if (!m_transport->write(line)) {
        qCWarning(lcAcpConnection) << "could not write to the agent";
        return false;
    }
    if (!m_tapBatch.isEmpty()) {
        Q_EMIT trafficObserved(m_tapBatch);
        m_tapBatch.clear();
    }
    return true;
}

void ConnectionWorker::emitEvents(WorkerEvents &batch)
{
    if (!m_tapBatch.isEmpty()) {
        Q_EMIT trafficObserved(m_tapBatch);
        m_tapBatch.clear();
    }
    if (batch.isEmpty())
        return;
    Q_EMIT eventsReady(batch);
    batch.clear();
}

void ConnectionWorker::tap(TrafficRecord::Direction direction, const QByteArray &line)
{
    if (!m_tapEnabled.load(std::memory_order_relaxed))
        return;
    m_tapBatch.append({direction, QDateTime::currentMSecsSinceEpoch(), line});
}

} // namespace Acp
