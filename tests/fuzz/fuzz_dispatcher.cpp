// The JSON-RPC dispatcher (the connection's worker: framing, parsing, classification, request
// and response bookkeeping, the barrier's numbering) fed arbitrary agent output in arbitrary
// chunks, after we sent three requests. Checked: notifications are numbered 1, 2, 3, ...;
// each of our requests is answered at most once and only if it was sent; inbound requests get
// distinct handles and their answers carry the agent's id; everything we write back is a
// JSON-RPC 2.0 object on one line.

#include "barriercore.h"
#include "connectionworker.h"
#include "transport.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cstdint>
#include <cstdlib>
#include <memory>

namespace {

// A transport fed from memory; what the worker writes is checked as it comes.
class MemoryTransport final : public Acp::Transport
{
public:
    void start() override { Q_EMIT started(); }
    bool write(const QByteArray &bytes) override
    {
        if (!bytes.endsWith('\n') || bytes.count('\n') != 1)
            std::abort();
        const QJsonObject message = QJsonDocument::fromJson(bytes).object();
        if (message.value(QStringLiteral("jsonrpc")).toString() != QStringLiteral("2.0"))
            std::abort();
        written.append(message);
        return true;
    }
    void shutdown(std::chrono::milliseconds) override { end({}); }
    void feed(const QByteArray &bytes) { Q_EMIT dataReceived(bytes); }
    void finish() { end({Acp::DisconnectCause::Reason::EndOfStream, {}, {}, {}, {}}); }

    QList<QJsonObject> written;
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Acp::ConnectionOptions options;
    options.notificationWindow = 1u << 30; // nobody acknowledges here
    options.maxMessageSize = 64 * 1024;
    auto core = std::make_shared<Acp::BarrierCore>(options.notificationWindow);
    Acp::ConnectionWorker worker(options, core);
    MemoryTransport *transport = nullptr;

    quint64 lastSequence = 0;
    QSet<qint64> answered;
    QList<quint64> inboundHandles;
    QObject::connect(
        &worker, &Acp::ConnectionWorker::eventsReady, [&](const Acp::WorkerEvents &events) {
            for (const Acp::WorkerEvent &e : events) {
                switch (e.kind) {
                case Acp::WorkerEvent::Kind::Notification:
                    if (e.number != lastSequence + 1)
                        std::abort();
                    lastSequence = e.number;
                    break;
                case Acp::WorkerEvent::Kind::Response:
                    if (e.requestId < 1 || e.requestId > 3 || answered.contains(e.requestId))
                        std::abort();
                    answered.insert(e.requestId);
                    if (e.number > lastSequence) // the watermark: seen so far
                        std::abort();
                    break;
                case Acp::WorkerEvent::Kind::Request:
                    if (inboundHandles.contains(e.number))
                        std::abort();
                    inboundHandles.append(e.number);
                    break;
                default:
                    break;
                }
            }
        });
    worker.start([&transport] { return transport = new MemoryTransport; });
    for (qint64 id = 1; id <= 3; ++id)
        worker.sendRequest(id, QStringLiteral("session/prompt"), QJsonObject{});

    const QByteArray stream(reinterpret_cast<const char *>(data), qsizetype(size));
    qsizetype offset = 0;
    for (int step = 0; offset < stream.size(); ++step) {
        const qsizetype chunk = 1 + (size_t(step) * 7919 + size) % 4096;
        transport->feed(stream.mid(offset, chunk));
        offset += chunk;
    }
    // Answer every inbound request: the reply must carry the agent's own id.
    const qsizetype before = transport->written.size();
    for (const quint64 handle : std::as_const(inboundHandles))
        worker.answerInbound(handle, {{QStringLiteral("result"), QJsonObject{}}});
    for (qsizetype i = before; i < transport->written.size(); ++i) {
        if (!transport->written.at(i).contains(QStringLiteral("id")))
            std::abort();
    }
    transport->finish();
    return 0;
}
