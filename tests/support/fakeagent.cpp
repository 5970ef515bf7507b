#include "fakeagent.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QUuid>

namespace TestSupport {

FakeAgent &FakeAgent::op(const QJsonObject &operation)
{
    m_ops.append(operation);
    return *this;
}

FakeAgent &FakeAgent::expect(const QString &method, const QString &save, bool echo)
{
    QJsonObject o{{"op", "expect"}, {"method", method}, {"echo", echo}};
    if (!save.isEmpty())
        o.insert("save", save);
    return op(o);
}

FakeAgent &FakeAgent::respond(const QJsonObject &result, const QString &to)
{
    QJsonObject o{{"op", "respond"}, {"result", result}};
    if (!to.isEmpty())
        o.insert("to", to);
    return op(o);
}

FakeAgent &FakeAgent::respondError(int code, const QString &message, const QJsonValue &data,
                                   const QString &to)
{
    QJsonObject error{{"code", code}, {"message", message}};
    if (!data.isUndefined() && !data.isNull())
        error.insert("data", data);
    QJsonObject o{{"op", "respond"}, {"error", error}};
    if (!to.isEmpty())
        o.insert("to", to);
    return op(o);
}

FakeAgent &FakeAgent::notify(int count, int delayMs, const QString &method)
{
    const QJsonObject content{{"type", "text"}, {"text", "hi"}};
    const QJsonObject update{{"sessionUpdate", "agent_message_chunk"}, {"content", content}};
    return op({{"op", "notify"},
               {"count", count},
               {"delayMs", delayMs},
               {"method", method},
               {"params", QJsonObject{{"sessionId", "s1"}, {"update", update}}}});
}

FakeAgent &FakeAgent::send(const QJsonObject &message)
{
    return op({{"op", "send"}, {"message", message}});
}

FakeAgent &FakeAgent::raw(const QByteArray &utf8Data, int repeat)
{
    return op({{"op", "raw"}, {"data", QString::fromUtf8(utf8Data)}, {"repeat", repeat}});
}

FakeAgent &FakeAgent::rawHex(const QByteArray &hex)
{
    return op({{"op", "raw"}, {"hex", QString::fromLatin1(hex)}});
}

FakeAgent &FakeAgent::stderrText(const QByteArray &text, int repeat)
{
    return op(
        {{"op", "raw"}, {"data", QString::fromUtf8(text)}, {"repeat", repeat}, {"stderr", true}});
}

FakeAgent &FakeAgent::sleep(int ms)
{
    return op({{"op", "sleep"}, {"ms", ms}});
}

Acp::ProcessOptions FakeAgent::options(const QTemporaryDir &dir) const
{
    const QString path
        = dir.filePath(QUuid::createUuid().toString(QUuid::WithoutBraces) + ".jsonl");
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        for (const QJsonObject &o : m_ops)
            file.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
    }
    return {program(), {path}, {}, {}};
}

Acp::AgentProfile FakeAgent::profile(const QTemporaryDir &dir, const QString &name,
                                     const QMap<QString, QString> &environment) const
{
    const Acp::ProcessOptions process = options(dir);
    Acp::AgentProfile p;
    p.name = name;
    p.program = process.program;
    p.arguments = process.arguments;
    p.environment = environment;
    return p;
}

QString FakeAgent::program()
{
    return QStringLiteral(SWITCHBOARD_FAKE_AGENT);
}

QJsonObject sessionUpdate(const QString &sessionId, const QJsonObject &update)
{
    return {{"jsonrpc", "2.0"},
            {"method", "session/update"},
            {"params", QJsonObject{{"sessionId", sessionId}, {"update", update}}}};
}

QJsonObject textChunk(const QString &kind, const QString &text)
{
    return {{"sessionUpdate", kind}, {"content", QJsonObject{{"type", "text"}, {"text", text}}}};
}

QJsonObject agentRequest(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
}

bool processRunning(const QString &pattern)
{
    QProcess pgrep;
    pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), pattern});
    return pgrep.waitForFinished(5000) && pgrep.exitCode() == 0;
}

} // namespace TestSupport
