#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMetaType>
#include <QString>
#include <QVariant>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace Acp {

// JSON-RPC and ACP error codes (PROTOCOL.md section 10).
namespace ErrorCode {
inline constexpr int ParseError = -32700;
inline constexpr int InvalidRequest = -32600;
inline constexpr int MethodNotFound = -32601;
inline constexpr int InvalidParams = -32602;
inline constexpr int InternalError = -32603;
inline constexpr int RequestCancelled = -32800;
inline constexpr int AuthRequired = -32000;
inline constexpr int ResourceNotFound = -32002;
} // namespace ErrorCode

struct RpcError
{
    int code = 0;
    QString message;
    QJsonValue data; // Undefined when absent

    QJsonObject toJson() const;
    static RpcError fromJson(const QJsonValue &value);
    // `data` as compact JSON text (a string as it is), for showing; empty when absent.
    QString dataText() const;
};

// The outcome of one outgoing request, handed to its caller exactly once.
struct Response
{
    enum class Status {
        Success, // `result` holds the agent's result (null and {} both possible)
        AgentError, // the agent answered with `error`
        ConnectionLost, // the agent went away first; `error` says how (-32603)
        TimedOut, // the per-request timeout expired; `error` is -32800
        NotSent, // the connection was not running; `error` says why
    };
    Status status = Status::Success;
    QJsonValue result;
    RpcError error;

    bool isSuccess() const { return status == Status::Success; }
};

// A notification the connection makes itself, in wire order, where the agent sent a line
// over the message size limit (skipped, never parsed). Params: "method", "sessionId" and
// "toolCallId" when the line's start names them, "request" (true: the agent's request, answered
// with an error) or "response" (true: our pending request, failed), and "limit" in bytes.
inline const QString SkippedMessageMethod = QStringLiteral("_switchboard/message_skipped");

// One inbound notification, numbered in wire order from 1.
struct Notification
{
    std::uint64_t sequence = 0;
    QString method;
    QJsonValue params;
    // What ConnectionOptions::decoder made of `params` on the worker thread; null without one.
    QVariant decoded;
};

// Why the agent connection ended. Carries everything a user needs to understand it.
struct DisconnectCause
{
    enum class Reason {
        None,
        FailedToStart, // the program could not be started
        AgentExited, // the process exited on its own (see exitCode)
        AgentCrashed, // the process was killed by a signal (see signal)
        EndOfStream, // the agent closed its output
        ReadError, // the transport reported an error
        WriteError, // a message could not be written
        MessageTooLarge, // unused since oversized lines are skipped (README); kept for the API
        BacklogExceeded, // the agent wrote more than the raw backlog cap while we were behind
        ClosedByClient, // shutdown() was called
    };
    Reason reason = Reason::None;
    std::optional<int> exitCode;
    std::optional<int> signal;
    QString detail; // a sentence, e.g. the transport's error string
    QByteArray stderrTail; // the last bytes the agent wrote to stderr

    // A sentence for users and logs, e.g. "the agent exited with code 3".
    QString description() const;
    // The JSON-RPC error a request cut off by this cause fails with.
    RpcError toRpcError() const;
};

// One message crossing the wire, for inspectors. `line` is the exact serialized text.
struct TrafficRecord
{
    // Note: not a message but a remark of the client's about the traffic (line is its text),
    // such as "answered by your rule" for a response nobody was asked about.
    enum class Direction { Incoming, Outgoing, Note };
    Direction direction = Direction::Incoming;
    qint64 timestampMs = 0; // milliseconds since the epoch
    QByteArray line;
    qsizetype size = -1; // the message's size when `line` keeps only its start; -1: whole

    qsizetype messageSize() const { return size < 0 ? line.size() : size; }
    // A copy that keeps at most `maxLine` bytes of the line.
    TrafficRecord cut(qsizetype maxLine) const
    {
        if (line.size() <= maxLine)
            return *this;
        return {direction, timestampMs, line.left(maxLine), messageSize()};
    }
};

// How much traffic a connection keeps from its start, for an inspector opened later: the last
// `messages` messages within `bytes` in all, each cut to `lineBytes`. None by default.
struct TrafficHistoryLimits
{
    int messages = 0;
    qsizetype bytes = 0;
    qsizetype lineBytes = 0;
};

enum class AcknowledgeMode {
    // The connection acknowledges a notification as soon as notificationReceived() returns: for
    // consumers that apply updates synchronously inside the slot.
    Automatic,
    // The consumer calls Connection::acknowledge(sequence) once it has applied the update, which
    // may be later (a deferred render, a replay into a detached model).
    Manual,
};

struct ConnectionOptions
{
    // Parsed, unacknowledged notifications at most; beyond it the reader stops parsing.
    std::uint64_t notificationWindow = 1024;
    // The longest single message accepted.
    qsizetype maxMessageSize = qsizetype(64) * 1024 * 1024;
    // Unparsed bytes kept while the consumer is behind; past it the connection closes.
    qsizetype maxBacklog = qsizetype(256) * 1024 * 1024;
    // How long accepted notifications may take to drain after the agent is gone.
    std::chrono::milliseconds drainTimeout{5000};
    // How long the agent gets to exit on its own after its stdin is closed (or its stdout ended)
    // before it is terminated, and again before it is killed.
    std::chrono::milliseconds exitGracePeriod{2000};
    // How much of the agent's stderr is kept.
    qsizetype stderrTailSize = 64 * 1024;
    AcknowledgeMode acknowledgeMode = AcknowledgeMode::Automatic;
    TrafficHistoryLimits trafficHistory; // see Connection::trafficHistory()
    // Decodes a notification's params on the worker thread, as soon as it is parsed, so that
    // the consumer's thread (the GUI's) gets it ready to apply (Notification::decoded). Called
    // on the worker thread only, in wire order: it must not touch anything else. Never
    // changes what is delivered or when (the barrier counts notifications, not decodes).
    std::function<QVariant(const QString &method, const QJsonValue &params)> decoder;
};

} // namespace Acp

Q_DECLARE_METATYPE(Acp::Notification)
Q_DECLARE_METATYPE(Acp::DisconnectCause)
Q_DECLARE_METATYPE(Acp::TrafficRecord)
