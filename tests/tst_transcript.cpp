// The transcript model on its own: merging rules, in-place updates, and the signals a view
// relies on (one row changed per streamed chunk, never a reset while streaming).

#include "transcriptmodel.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Acp;

namespace {

SessionUpdate chunk(ContentChunk::Kind kind, const QString &text, const QString &messageId = {})
{
    ContentChunk c;
    c.kind = kind;
    c.content = ContentBlock::fromText(text);
    if (!messageId.isEmpty())
        c.messageId = messageId;
    return c;
}

SessionUpdate agent(const QString &text, const QString &id = {})
{
    return chunk(ContentChunk::Kind::AgentMessage, text, id);
}

SessionUpdate parse(const QJsonObject &o)
{
    QString error;
    auto u = Json::parse<SessionUpdate>(o, &error);
    if (!u)
        qFatal("bad test update: %s", qPrintable(error));
    return *u;
}

} // namespace

class TestTranscript : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chunksWithoutIdsJoinByAdjacency();
    void chunksJoinByMessageId();
    void emptyFirstChunkStartsNothing();
    void toolCallUpdatedInPlace();
    void unknownToolCallUpdateCreatesTheCall();
    void planReplacedInPlace();
    void localPromptAbsorbsTheAgentsEcho();
    void nonEchoUserChunkIsItsOwnMessage();
    void cancelMarksUnfinishedToolCalls();
    void streamingChangesOneRowAndNeverResets();
    void agentTerminalOutputInMetaIsShown_data();
    void agentTerminalOutputInMetaIsShown();
    void ourCommandsAreKeptOnTheirToolCall();
};

void TestTranscript::chunksWithoutIdsJoinByAdjacency()
{
    TranscriptModel m;
    m.apply(agent("Hel"));
    m.apply(agent("lo"));
    m.apply(chunk(ContentChunk::Kind::AgentThought, "hmm"));
    m.apply(agent(" again"));
    m.apply(parse({{"sessionUpdate", "tool_call"}, {"toolCallId", "c1"}, {"title", "Read"}}));
    m.apply(agent("after"));
    QCOMPARE(m.rowCount(), 5);
    QCOMPARE(m.entry(0).text, QString("Hello"));
    QCOMPARE(m.entry(1).text, QString("hmm"));
    QCOMPARE(m.entry(2).text, QString(" again"));
    QCOMPARE(m.entry(4).text, QString("after"));
}

void TestTranscript::chunksJoinByMessageId()
{
    TranscriptModel m;
    m.apply(agent("A1", "a"));
    m.apply(agent("B1", "b"));
    m.apply(agent("A2", "a"));
    m.apply(parse({{"sessionUpdate", "tool_call"}, {"toolCallId", "c1"}, {"title", "Read"}}));
    m.apply(agent("B2", "b")); // same id after a tool call: still the same message
    m.apply(chunk(ContentChunk::Kind::UserMessage, "u1", "u"));
    m.apply(chunk(ContentChunk::Kind::UserMessage, "u2", "u"));
    QCOMPARE(m.rowCount(), 4);
    QCOMPARE(m.entry(0).text, QString("A1A2"));
    QCOMPARE(m.entry(1).text, QString("B1B2"));
    QCOMPARE(m.entry(3).text, QString("u1u2")); // a user message split in chunks is one entry
}

void TestTranscript::emptyFirstChunkStartsNothing()
{
    TranscriptModel m;
    m.apply(agent(""));
    QCOMPARE(m.rowCount(), 0);
    m.apply(agent("text"));
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(m.entry(0).text, QString("text"));
}

void TestTranscript::toolCallUpdatedInPlace()
{
    TranscriptModel m;
    m.apply(parse({{"sessionUpdate", "tool_call"},
                   {"toolCallId", "c1"},
                   {"title", "Edit"},
                   {"kind", "edit"}}));
    m.apply(agent("between"));
    for (const char *status : {"in_progress", "in_progress", "completed"}) {
        m.apply(parse({{"sessionUpdate", "tool_call_update"},
                       {"toolCallId", "c1"},
                       {"status", status},
                       {"content",
                        QJsonArray{QJsonObject{
                            {"type", "content"},
                            {"content", QJsonObject{{"type", "text"}, {"text", status}}}}}}}));
    }
    QCOMPARE(m.rowCount(), 2);
    const ToolCall &call = m.entry(0).toolCall;
    QVERIFY(call.status == ToolCallStatus::Completed);
    QCOMPARE(call.content.size(), 1);
    QCOMPARE(call.content[0].content.text, QString("completed"));
    QCOMPARE(m.entry(0).revision, quint64(3));
    QCOMPARE(m.data(m.index(0), TranscriptModel::ToolStatusRole).toString(), QString("completed"));
}

void TestTranscript::unknownToolCallUpdateCreatesTheCall()
{
    TranscriptModel m;
    m.apply(parse({{"sessionUpdate", "tool_call_update"},
                   {"toolCallId", "ghost"},
                   {"status", "in_progress"}}));
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(m.rowOfToolCall("ghost"), 0);
    QCOMPARE(m.entry(0).toolCall.title, QString("ghost"));
    m.apply(parse(
        {{"sessionUpdate", "tool_call_update"}, {"toolCallId", "ghost"}, {"title", "Run tests"}}));
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(m.entry(0).toolCall.title, QString("Run tests"));
}

void TestTranscript::planReplacedInPlace()
{
    TranscriptModel m;
    const auto plan = [](const QString &status) {
        return parse(
            {{"sessionUpdate", "plan"},
             {"entries",
              QJsonArray{
                  QJsonObject{{"content", "one"}, {"priority", "high"}, {"status", status}},
                  QJsonObject{{"content", "two"}, {"priority", "low"}, {"status", "pending"}}}}});
    };
    m.apply(plan("pending"));
    m.apply(agent("working"));
    m.apply(plan("in_progress"));
    m.apply(plan("completed"));
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.rowOfPlan(), 0);
    QVERIFY(m.entry(0).plan.entries[0].status == PlanEntry::Status::Completed);
}

void TestTranscript::localPromptAbsorbsTheAgentsEcho()
{
    TranscriptModel m;
    m.appendUserPrompt({ContentBlock::fromText("fix the bug")});
    m.apply(chunk(ContentChunk::Kind::UserMessage, "fix the ", "u1"));
    m.apply(chunk(ContentChunk::Kind::UserMessage, "bug", "u1"));
    m.apply(agent("ok"));
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.entry(0).text, QString("fix the bug"));
    QCOMPARE(m.entry(0).messageId, QString("u1"));
    QVERIFY(!m.entry(0).localEcho);
}

void TestTranscript::nonEchoUserChunkIsItsOwnMessage()
{
    TranscriptModel m;
    m.appendUserPrompt({ContentBlock::fromText("hello")});
    m.apply(chunk(ContentChunk::Kind::UserMessage, "something else"));
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.entry(1).text, QString("something else"));
}

void TestTranscript::cancelMarksUnfinishedToolCalls()
{
    TranscriptModel m;
    m.apply(parse({{"sessionUpdate", "tool_call"},
                   {"toolCallId", "a"},
                   {"title", "A"},
                   {"status", "in_progress"}}));
    m.apply(parse({{"sessionUpdate", "tool_call"},
                   {"toolCallId", "b"},
                   {"title", "B"},
                   {"status", "completed"}}));
    m.apply(parse({{"sessionUpdate", "tool_call"}, {"toolCallId", "c"}, {"title", "C"}}));
    m.markUnfinishedToolCallsCancelled();
    QVERIFY(m.entry(0).cancelledByClient);
    QVERIFY(!m.entry(1).cancelledByClient);
    QVERIFY(m.entry(2).cancelledByClient);
}

void TestTranscript::streamingChangesOneRowAndNeverResets()
{
    TranscriptModel m;
    m.apply(agent("start"));
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
    for (int i = 0; i < 1000; ++i)
        m.apply(agent("x"));
    QCOMPARE(changed.count(), 1000);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(reset.count(), 0);
    for (const auto &args : changed) {
        QCOMPARE(args.at(0).toModelIndex().row(), 0);
        QCOMPARE(args.at(1).toModelIndex().row(), 0);
    }
    QCOMPARE(m.entry(0).text.size(), qsizetype(1005));
}

void TestTranscript::agentTerminalOutputInMetaIsShown_data()
{
    QTest::addColumn<QString>("outputKey");
    QTest::newRow("terminal_output (clients that ask)") << "terminal_output";
    QTest::newRow("terminal_output_delta (the others)") << "terminal_output_delta";
}

void TestTranscript::agentTerminalOutputInMetaIsShown()
{
    // codex-acp 2.x runs commands itself: the terminal id is its own, the output comes in
    // `_meta` of tool_call_update, the end with terminal_exit.
    QFETCH(QString, outputKey);
    TranscriptModel model;
    const QJsonObject terminal{{"type", "terminal"}, {"terminalId", "call_7"}};
    const QJsonArray argv{"bash", "-lc", "for i in 1 2 3; do echo line$i; done; exit 3"};
    const QJsonObject info{{"cwd", "/w"}, {"terminal_id", "call_7"}};
    QJsonObject call{{"sessionUpdate", "tool_call"},
                     {"toolCallId", "call_7"},
                     {"title", "Run for i in 1 2 3"},
                     {"kind", "execute"},
                     {"status", "in_progress"}};
    call["rawInput"] = QJsonObject{{"command", argv}};
    call["content"] = QJsonArray{terminal};
    call["_meta"] = QJsonObject{{"terminal_info", info}};
    model.apply(parse(call));
    for (const char *line : {"line2\n", "line3\n"}) {
        QJsonObject update{{"sessionUpdate", "tool_call_update"}, {"toolCallId", "call_7"}};
        const QJsonObject data{{"data", QString(line)}, {"terminal_id", "call_7"}};
        update["_meta"] = QJsonObject{{outputKey, data}};
        model.apply(parse(update));
    }
    QSignalSpy changed(&model, &TranscriptModel::entryChanged);
    QJsonObject end{
        {"sessionUpdate", "tool_call_update"}, {"toolCallId", "call_7"}, {"status", "failed"}};
    const QJsonObject exit{{"exit_code", 3}, {"signal", QJsonValue()}, {"terminal_id", "call_7"}};
    end["_meta"] = QJsonObject{{"terminal_exit", exit}};
    model.apply(parse(end));
    QCOMPARE(changed.size(), 1);
    const CommandOutput *command = model.command("call_7");
    QVERIFY(command);
    QCOMPARE(command->command, QString("for i in 1 2 3; do echo line$i; done; exit 3"));
    QCOMPARE(command->cwd, QString("/w"));
    QCOMPARE(command->tail, QByteArray("line2\nline3\n"));
    QVERIFY(command->exit && command->exit->exitCode == 3 && !command->exit->signal);
    QCOMPARE(command->lastLines(1), QStringList{"line3"});
    // Saved with the row, and back after a restore (a reload).
    TranscriptModel restored;
    QVERIFY(restored.restore(model.toJson()));
    QVERIFY(restored.command("call_7"));
    QVERIFY(*restored.command("call_7") == *command);
}

void TestTranscript::ourCommandsAreKeptOnTheirToolCall()
{
    // One of our terminals starts and prints before the agent's tool call embeds it.
    const QJsonObject terminal{{"type", "terminal"}, {"terminalId", "term-1"}};
    QJsonObject call{{"sessionUpdate", "tool_call"},
                     {"toolCallId", "c1"},
                     {"title", "Run tests"},
                     {"kind", "execute"}};
    call["content"] = QJsonArray{terminal};
    TranscriptModel model;
    model.startCommand("term-1", "make test", "/w");
    model.appendCommandOutput("term-1", "ok\n");
    model.apply(parse(call));
    QSignalSpy changed(&model, &TranscriptModel::entryChanged);
    model.appendCommandOutput("term-1", QByteArray(100 * 1024, 'x'));
    model.endCommand("term-1", TerminalExitStatus{0, std::nullopt, {}});
    QCOMPARE(changed.size(), 2); // the row that shows it, once per change
    QVERIFY(model.entry(model.rowOfToolCall("c1")).commands.contains("term-1"));
    const CommandOutput *command = model.command("term-1");
    QCOMPARE(command->command, QString("make test"));
    QVERIFY(command->truncated); // a bounded tail, from the end
    QVERIFY(command->tail.size() <= CommandOutput::KeptBytes + CommandOutput::KeptBytes / 2);
    QVERIFY(command->tail.endsWith("xxx"));
    QCOMPARE(command->exit->exitCode, 0);

    // A second call that shows the same terminal (ours after a delay, then the agent's own)
    // shows the same command, and both follow its output.
    QJsonObject again = call;
    again["toolCallId"] = "c2";
    model.apply(parse(again));
    const int second = model.rowOfToolCall("c2");
    QCOMPARE(model.command("term-1")->command, QString("make test"));
    QSignalSpy both(&model, &TranscriptModel::entryChanged);
    model.appendCommandOutput("term-1", "more\n");
    QCOMPARE(both.size(), 2);
    QCOMPARE(both.at(1).at(0).toInt(), second);

    // A command that ended before any call showed it: the new row says it changed once its
    // command is attached (a front end that prints on changes sees the output).
    model.startCommand("term-2", "true", "/w");
    model.endCommand("term-2", TerminalExitStatus{0, std::nullopt, {}});
    QJsonObject late = call;
    late["toolCallId"] = "c3";
    late["content"] = QJsonArray{QJsonObject{{"type", "terminal"}, {"terminalId", "term-2"}}};
    bool sawCommand = false; // at the last change signal, was the command on the row?
    connect(&model, &TranscriptModel::entryChanged, this,
            [&](int changed) { sawCommand = model.entry(changed).commands.contains("term-2"); });
    model.apply(parse(late));
    QVERIFY(sawCommand);
    QVERIFY(model.entry(model.rowOfToolCall("c3")).commands.contains("term-2"));

    // A replay brings the call back without our output: the saved copy puts it back.
    TranscriptModel replayed;
    replayed.apply(parse(call));
    QVERIFY(!replayed.command("term-1"));
    replayed.keepCommandsFrom(model);
    QVERIFY(replayed.command("term-1"));
    QCOMPARE(replayed.command("term-1")->command, QString("make test"));
}

QTEST_GUILESS_MAIN(TestTranscript)
#include "tst_transcript.moc"
