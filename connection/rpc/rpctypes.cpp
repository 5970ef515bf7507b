#include "rpctypes.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <QCoreApplication>

#include <csignal>
#include <cstring>

namespace Acp {

QJsonObject RpcError::toJson() const
{
    QJsonObject object{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!data.isUndefined())
        object.insert(QStringLiteral("data"), data);
    return object;
}

QString RpcError::dataText() const
{
    if (data.isUndefined() || data.isNull())
        return {};
    if (data.isString())
        return data.toString();
    if (data.isObject() || data.isArray()) {
        const QJsonDocument document
            = data.isObject() ? QJsonDocument(data.toObject()) : QJsonDocument(data.toArray());
        return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
    }
    return data.toVariant().toString();
}

RpcError RpcError::fromJson(const QJsonValue &value)
{
    RpcError error;
    const QJsonObject object = value.toObject();
    const QJsonValue code = object.value(QStringLiteral("code"));
    error.code = code.isDouble() ? code.toInt(ErrorCode::InternalError) : ErrorCode::InternalError;
    error.message = object.value(QStringLiteral("message")).toString();
    error.data = object.value(QStringLiteral("data"));
    if (!value.isObject())
        error.message = QStringLiteral("malformed error object from the agent");
    return error;
}

namespace {

QString signalName(int number)
{
    const char *name = sigabbrev_np(number);
    return name ? QStringLiteral("SIG") + QString::fromLatin1(name) : QString::number(number);
}

} // namespace

QString DisconnectCause::description() const
{
    QString text;
    switch (reason) {
    case Reason::None:
        text = QCoreApplication::translate("Acp", "the connection is open");
        break;
    case Reason::FailedToStart:
        text = QCoreApplication::translate("Acp", "the agent could not be started");
        break;
    case Reason::AgentExited:
        text = QCoreApplication::translate("Acp", "the agent exited with code %1")
                   .arg(exitCode.value_or(-1));
        break;
    case Reason::AgentCrashed:
        text = signal ? QCoreApplication::translate("Acp", "the agent was killed by signal %1 (%2)")
                            .arg(*signal)
                            .arg(signalName(*signal))
                      : QCoreApplication::translate("Acp", "the agent crashed");
        break;
    case Reason::EndOfStream:
        text = QCoreApplication::translate("Acp", "the agent closed its output");
        break;
    case Reason::ReadError:
        text = QCoreApplication::translate("Acp", "reading from the agent failed");
        break;
    case Reason::WriteError:
        text = QCoreApplication::translate("Acp", "writing to the agent failed");
        break;
    case Reason::MessageTooLarge:
        text = QCoreApplication::translate("Acp", "the agent sent a message larger than the limit");
        break;
    case Reason::BacklogExceeded:
        text = QCoreApplication::translate("Acp",
                                           "the agent's output exceeded the backlog limit "
                                           "while the client was behind");
        break;
    case Reason::ClosedByClient:
        text = QCoreApplication::translate("Acp", "the connection was closed by the client");
        break;
    }
    if (!detail.isEmpty())
        text += QStringLiteral(": ") + detail;
    return text;
}

RpcError DisconnectCause::toRpcError() const
{
    QJsonObject data{{QStringLiteral("disconnected"), true},
                     {QStringLiteral("reason"), static_cast<int>(reason)}};
    if (exitCode)
        data.insert(QStringLiteral("exitCode"), *exitCode);
    if (signal)
        data.insert(QStringLiteral("signal"), *signal);
    if (!stderrTail.isEmpty())
        data.insert(QStringLiteral("stderrTail"), QString::fromUtf8(stderrTail));
    return {ErrorCode::InternalError, QStringLiteral("peer disconnected: ") + description(), data};
}

} // namespace Acp
