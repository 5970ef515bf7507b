#pragma once

#include "barriercore.h"
#include "lineframer.h"
#include "rpctypes.h"
#include "workerevent.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace Acp {

class Transport;

// The half of a Connection that lives on its worker thread: it owns the transport, frames and
// parses the agent's output, numbers notifications, stamps responses with their watermark,
// keeps the table of outgoing requests awaiting a response and of inbound requests awaiting an
// answer, and writes everything we send. It never blocks: backpressure leaves bytes unparsed.
//
// Internal to the connection library; every public method is invoked through a queued call.
class ConnectionWorker final : public QObject
{
    Q_OBJECT
public:
    using TransportFactory = std::function<Transport *()>;

    ConnectionWorker(const ConnectionOptions &options, std::shared_ptr<BarrierCore> core);
    ~ConnectionWorker() override;

    void start(const TransportFactory &factory);
    void sendRequest(qint64 id, const QString &method, const QJsonValue &params);
    void sendNotification(const QString &method, const QJsonValue &params);
    // The caller gave up on request `id`: forget it and, if no response came yet, ask the agent
    // to stop with $/cancel_request.
    void abandonRequest(qint64 id);
    // Answers inbound request `handle` with `reply` (holding "result" or "error"). Dropped when
    // the request is no longer open (cancelled by the agent, or the connection ended).
    void answerInbound(quint64 handle, const QJsonObject &reply);
    void resumeReading();
    // Closes the agent's input, then terminates and kills it after `grace` each (the options'
    // exitGracePeriod when not given).
    void shutdown(std::optional<std::chrono::milliseconds> grace = std::nullopt);
    // The drain timed out: stop parsing and report the reader finished with what it has.
    void abandonBacklog();

    // Thread-safe: whether every message is copied to trafficObserved().
    void setTrafficTapEnabled(bool enabled) { m_tapEnabled.store(enabled); }

Q_SIGNALS:
    void eventsReady(const Acp::WorkerEvents &events);
    void stderrReceived(const QByteArray &bytes);
    void trafficObserved(const QList<Acp::TrafficRecord> &records);

private:
    void onData(const QByteArray &bytes);
    void onTransportEnded(DisconnectCause cause);
    void parseAvailable();
    void handleLine(const QByteArray &line, WorkerEvents &batch);
    // A line over maxMessageSize, of which `head` is the start: skipped, and acted on as far as
    // its start tells what it was.
    void handleOversized(const QByteArray &head, WorkerEvents &batch);
    void handleInboundCancel(const QJsonValue &params, WorkerEvents &batch);
    void finishReading(WorkerEvents &batch);
    void failProtocol(DisconnectCause cause, WorkerEvents &batch);
    bool writeMessage(const QJsonObject &message);
    void emitEvents(WorkerEvents &batch);
    void tap(TrafficRecord::Direction direction, const QByteArray &line);

    const ConnectionOptions m_options;
    const std::shared_ptr<BarrierCore> m_core;
    QPointer<Transport> m_transport;
    LineFramer m_framer;

    // Outgoing requests written and not yet answered.
    QSet<qint64> m_awaitingResponse;
    // Inbound requests delivered and not yet answered, by handle and by the agent's id.
    struct Inbound
    {
        QJsonValue id;
        QString key;
    };
    QHash<quint64, Inbound> m_inbound;
    QHash<QString, quint64> m_inboundByKey;
    quint64 m_nextInboundHandle = 0;

    bool m_shutdownRequested = false;
    bool m_transportEnded = false;
    bool m_readerFinished = false;
    bool m_readerBlocked = false; // the last parse stopped because the window was full
    std::atomic<bool> m_tapEnabled{false};
    QList<TrafficRecord> m_tapBatch;
};

} // namespace Acp
