// switchboard-flood-agent N: an ACP agent that answers session/load by replaying N realistic
// session/update notifications as fast as a pipe takes them, then the response; and answers
// session/prompt by streaming N agent message chunks, then end_turn. The lines are serialized
// before the client connects, so the agent's own cost is a write() loop and what is measured
// is the client. Replay mix per 100 updates: 78 agent message chunks, 8 thought chunks, 4 tool
// calls carrying a diff, 8 tool call updates, 2 plan updates.
//
// `switchboard-flood-agent --huge KIND BYTES` answers session/prompt with one agent message of
// about BYTES, sent in 64 KiB chunks: KIND `log` (lines of a log, no blank line), `line` (one
// line, no newline at all) or `table` (a Markdown table).
//
// `switchboard-flood-agent --dump N` writes the replay's lines to stdout and exits: the same
// bytes, for the parse-only benchmark.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstring>
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

// One replay line for `slot` (0..99) of a turn, with `turn` standing for the turn's number.
QByteArray slotLine(const QString &sessionId, int slot, const QString &turn)
{
    static const char *const words[]
        = {"the ",  "parser ",  "reads ",  "each ",    "line, ",  "and ",
           "then ", "checks `", "foo()` ", "against ", "tests; ", "ok.\n"};
    const QString oldText = QStringLiteral("int main()\n{\n    return 0;\n}\n").repeated(6);
    const QString newText = QString(oldText).replace("return 0", "return run(argc, argv)");
    const QString word = QString::fromLatin1(words[slot % 12]);
    QJsonObject u;
    if (slot == 0) {
        u = chunk("user_message_chunk", QStringLiteral("Please fix bug ") + turn,
                  QStringLiteral("u") + turn);
    } else if (slot < 9) {
        u = chunk("agent_thought_chunk", word, QStringLiteral("t") + turn);
    } else if (slot % 25 == 9) {
        u = {{"sessionUpdate", "tool_call"},
             {"toolCallId", QStringLiteral("call-%1-%2").arg(turn).arg(slot)},
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
        u = chunk("agent_message_chunk", word, QStringLiteral("m") + turn);
    }
    return update(sessionId, u);
}

// The lines are made from one serialized template per slot with the turn's number filled in,
// so that even 100,000 lines are ready a few milliseconds after start: "Open" to "visible" in
// the GUI benchmark includes starting the agent, and that should not be the agent's own work.
std::vector<QByteArray> replay(const QString &sessionId, int count)
{
    const QByteArray placeholder = "@TURN@";
    std::vector<QByteArray> templates;
    for (int slot = 0; slot < 100; ++slot)
        templates.push_back(slotLine(sessionId, slot, QString::fromLatin1(placeholder)));
    std::vector<QByteArray> lines;
    lines.reserve(size_t(count));
    QByteArray turn;
    for (int i = 0; i < count; ++i) {
        if (i % 100 == 0)
            turn = QByteArray::number(i / 100 + 1);
        lines.push_back(QByteArray(templates[size_t(i % 100)]).replace(placeholder, turn));
    }
    return lines;
}

// A streamed answer: N chunks of about one word each, one message.
std::vector<QByteArray> stream(const QString &sessionId, int count)
{
    static const char *const words[]
        = {"The ", "**quick** ", "brown `fox` ", "jumps\n\n", "over the ", "lazy dog. "};
    QByteArray shapes[6];
    for (int w = 0; w < 6; ++w)
        shapes[w] = update(
            sessionId,
            chunk("agent_message_chunk", QString::fromLatin1(words[w]), QStringLiteral("a1")));
    std::vector<QByteArray> lines;
    lines.reserve(size_t(count));
    for (int i = 0; i < count; ++i)
        lines.push_back(shapes[i % 6]); // shared, not copied
    return lines;
}

QString hugeText(const QString &kind, qsizetype bytes)
{
    QString text;
    text.reserve(bytes + 256);
    if (kind == QLatin1String("table"))
        text += QStringLiteral("| id | name | value | status | note |\n|---|---|---|---|---|\n");
    for (int i = 0; text.size() < bytes; ++i) {
        if (kind == QLatin1String("table"))
            text += QStringLiteral("| %1 | item-%1 | %2 | ok | some note text |\n")
                        .arg(i)
                        .arg(i * 7);
        else if (kind == QLatin1String("line"))
            text += QStringLiteral("value-%1,%2;").arg(i).arg(i * 7);
        else
            text += QStringLiteral("2026-12-02 08:00:%1 INFO worker-%2 processed request id=%3 "
                                   "status=ok elapsed=3ms\n")
                        .arg(i % 60)
                        .arg(i % 8)
                        .arg(i);
    }
    return text;
}

std::vector<QByteArray> huge(const QString &sessionId, const QString &kind, qsizetype bytes)
{
    const QString text = hugeText(kind, bytes);
    std::vector<QByteArray> lines;
    constexpr qsizetype Chunk = 64 * 1024;
    for (qsizetype pos = 0; pos < text.size(); pos += Chunk)
        lines.push_back(update(
            sessionId, chunk("agent_message_chunk", text.mid(pos, Chunk), QStringLiteral("h1"))));
    return lines;
}

void send(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    const bool dump = argc > 1 && std::strcmp(argv[1], "--dump") == 0;
    const bool big = argc > 3 && std::strcmp(argv[1], "--huge") == 0;
    const int countArg = dump ? 2 : 1;
    const int count = big ? 100 : argc > countArg ? std::atoi(argv[countArg]) : 10000;
    const QString sessionId = QStringLiteral("flood-1");
    const std::vector<QByteArray> lines = replay(sessionId, count);
    static char buffer[1 << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    if (dump) {
        for (const QByteArray &l : lines)
            send(l);
        return std::fflush(stdout) == 0 ? 0 : 1;
    }
    const std::vector<QByteArray> answer = big
        ? huge(sessionId, QString::fromLatin1(argv[2]), std::atoll(argv[3]))
        : stream(sessionId, count);

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
        } else if (method == "session/prompt") {
            for (const QByteArray &l : answer)
                send(l);
            result = {{"stopReason", "end_turn"}};
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
