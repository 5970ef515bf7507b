// The transcript model on its own: merging rules, in-place updates, and the signals a view
// relies on (one row changed per streamed chunk, never a reset while streaming).

#include "transcriptmodel.h"

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

QTEST_GUILESS_MAIN(TestTranscript)
#include "tst_transcript.moc"
