// switchboard-flood-agent N: an ACP agent that answers session/load by replaying N realistic
// session/update notifications as fast as a pipe takes them, then the response. The lines are
// serialized before the client connects, so the agent's own cost is a write() loop and what
// is measured is the client. Mix per 100 updates: 78 agent message chunks, 8 thought chunks,
// 4 tool calls carrying a diff, 8 tool call updates, 2 plan updates.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace {

QByteArray line(const QJsonObject &message)
{
    return QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray update(const QString &sessionId, const QJsonObject &u)
{
    return line({{"jsonrpc", "2.0"},
                 {"method", "session/update"},
                 {"params", QJsonObject{{"sessionId", sessionId}, {"update", u}}}});
}

QJsonObject chunk(const char *kind, const QString &text, const QString &messageId)
{
    return {{"sessionUpdate", kind},
            {"messageId", messageId},
            {"content", QJsonObject{{"type", "text"}, {"text", text}}}};
}

std::vector<QByteArray> replay(const QString &sessionId, int count)
{
    static const char *const words[]
        = {"the ",  "parser ",  "reads ",  "each ",    "line, ",  "and ",
           "then ", "checks `", "foo()` ", "against ", "tests; ", "ok.\n"};
    const QString oldText = QStringLiteral("int main()\n{\n    return 0;\n}\n").repeated(6);
    const QString newText = QString(oldText).replace("return 0", "return run(argc, argv)");
    std::vector<QByteArray> lines;
    lines.reserve(size_t(count));
    int turn = 0;
    for (int i = 0; i < count; ++i) {
        const int slot = i % 100;
        const QString message = QStringLiteral("m%1").arg(turn);
        QJsonObject u;
        if (slot == 0) {
            ++turn;
            u = chunk("user_message_chunk", QStringLiteral("Please fix bug %1").arg(turn),
                      QStringLiteral("u%1").arg(turn));
        } else if (slot < 9) {
            u = chunk("agent_thought_chunk", QString::fromLatin1(words[i % 12]),
                      QStringLiteral("t%1").arg(turn));
        } else if (slot % 25 == 9) {
            const QString id = QStringLiteral("call-%1-%2").arg(turn).arg(slot);
            u = {{"sessionUpdate", "tool_call"},
                 {"toolCallId", id},
                 {"title", QStringLiteral("Edit src/main%1.cpp").arg(slot)},
                 {"kind", "edit"},
                 {"status", "pending"},
                 {"content",
                  QJsonArray{QJsonObject{{"type", "diff"},
                                         {"path", "/work/src/main.cpp"},
                                         {"oldText", oldText},
                                         {"newText", newText}}}}};
        } else if (slot % 25 == 10 || slot % 25 == 11) {
            u = {{"sessionUpdate", "tool_call_update"},
                 {"toolCallId", QStringLiteral("call-%1-%2").arg(turn).arg(slot - slot % 25 + 9)},
                 {"status", slot % 25 == 10 ? "in_progress" : "completed"}};
        } else if (slot == 50 || slot == 99) {
            u = {{"sessionUpdate", "plan"},
                 {"entries",
                  QJsonArray{QJsonObject{{"content", "Find the bug"},
                                         {"priority", "high"},
                                         {"status", "completed"}},
                             QJsonObject{{"content", "Fix it"},
                                         {"priority", "high"},
                                         {"status", slot == 99 ? "completed" : "in_progress"}}}}};
        } else {
            u = chunk("agent_message_chunk", QString::fromLatin1(words[i % 12]), message);
        }
        lines.push_back(update(sessionId, u));
    }
    return lines;
}

void send(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    const int count = argc > 1 ? std::atoi(argv[1]) : 10000;
    const QString sessionId = QStringLiteral("flood-1");
    const std::vector<QByteArray> lines = replay(sessionId, count);
    static char buffer[1 << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);

    std::string in;
    while (std::getline(std::cin, in)) {
        const QJsonObject request = QJsonDocument::fromJson(QByteArray::fromStdString(in)).object();
        const QString method = request.value("method").toString();
        const QJsonValue id = request.value("id");
        if (id.isUndefined())
            continue; // a notification
        QJsonObject result;
        if (method == "initialize") {
            result = {{"protocolVersion", 1},
                      {"agentCapabilities", QJsonObject{{"loadSession", true}}},
                      {"agentInfo", QJsonObject{{"name", "flood"}, {"version", "1"}}}};
        } else if (method == "session/new") {
            result = {{"sessionId", sessionId}};
        } else if (method == "session/load") {
            for (const QByteArray &l : lines)
                send(l);
        } else {
            send(line({{"jsonrpc", "2.0"},
                       {"id", id},
                       {"error", QJsonObject{{"code", -32601}, {"message", "Method not found"}}}}));
            std::fflush(stdout);
            continue;
        }
        send(line({{"jsonrpc", "2.0"}, {"id", id}, {"result", result}}));
        std::fflush(stdout);
    }
    return 0;
}
