// The transcript view's rendering: a message streamed in chunks is rendered in segments, and
// the segments together read exactly like the whole message rendered at once, whatever the
// Markdown (code fences with blank lines inside, lists, tables).

#include "messagesegmenter.h"
#include "transcriptview.h"

#include <QApplication>
#include <QJsonArray>
#include <QTest>

using namespace Ui;

class TestTranscriptView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void segmentsReadLikeTheWhole();
    void longTextIsCutIntoBoundedPieces_data();
    void longTextIsCutIntoBoundedPieces();
    void aLongFirstRowStaysLaidOut();
    void anAgentsOwnCommandShowsItsOutputLiveAndAfterAReload();
};

void TestTranscriptView::segmentsReadLikeTheWhole()
{
    QString markdown;
    for (int i = 0; i < 80; ++i) {
        markdown += QStringLiteral("## Part %1\n\nSome text with **bold** and `code` in part %1, "
                                   "long enough to matter.\n\n")
                        .arg(i);
        if (i % 5 == 0)
            markdown += QStringLiteral("```cpp\nint f%1()\n{\n\n    return %1;\n}\n\n// after a "
                                       "blank line, still code\n```\n\n")
                            .arg(i);
        if (i % 7 == 0)
            markdown += QStringLiteral(
                "1. first\n\n2. second, a loose list\n\n3. third\n\n- bullet\n- bullet\n\n");
        if (i % 9 == 0)
            markdown += QStringLiteral("| a | b |\n|---|---|\n| 1 | 2 |\n\n");
    }
    Acp::TranscriptModel model;
    TranscriptView view(&model); // not shown: only this test renders, at one width
    const int width = 800;
    for (qsizetype pos = 0; pos < markdown.size(); pos += 37) {
        Acp::ContentChunk chunk;
        chunk.kind = Acp::ContentChunk::Kind::AgentMessage;
        chunk.messageId = QStringLiteral("m");
        chunk.content = Acp::ContentBlock::fromText(markdown.mid(pos, 37));
        model.apply(chunk);
        view.transcriptDelegate()->paintedText(0, width); // rendered as it streams
    }
    int segments = 0;
    const QString painted = view.transcriptDelegate()->paintedText(0, width, &segments);
    QVERIFY2(segments >= 3, "a long message is rendered in several segments");
    // The reference: the whole message rendered at once (renderedText has no "Copy" links).
    QTextDocument whole;
    whole.setMarkdown(markdown);
    QString expected = whole.toPlainText();
    QString actual = painted;
    actual.remove(QStringLiteral("\nCopy"));
    const auto normalize = [](QString s) {
        return s.split(QLatin1Char('\n'), Qt::SkipEmptyParts).join(QLatin1Char('\n'));
    };
    QCOMPARE(normalize(actual), normalize(expected));
    QCOMPARE(painted.count(QStringLiteral("Copy")), markdown.count(QStringLiteral("```cpp")));
}

namespace {

QString logLines(int count)
{
    QString text;
    for (int i = 0; i < count; ++i)
        text += QStringLiteral("2026-12-02 08:00:%1 INFO worker-%2 request id=%3 ok\n")
                    .arg(i % 60)
                    .arg(i % 8)
                    .arg(i);
    return text;
}

QString tableRows(int count)
{
    QString text = QStringLiteral("| id | name |\n|---|:---:|\n");
    for (int i = 0; i < count; ++i)
        text += QStringLiteral("| %1 | item %1 |\n").arg(i);
    return text;
}

} // namespace

void TestTranscriptView::longTextIsCutIntoBoundedPieces_data()
{
    // What froze the window: a log without a blank line, one line without a newline, a big
    // table, a log in a code fence, and characters outside the BMP with no space to cut at.
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("syntax");
    const int markdown = int(MessageSegmenter::Syntax::Markdown);
    QTest::newRow("log") << logLines(4000) << markdown;
    QTest::newRow("one line") << QStringLiteral("value,123;").repeated(20000) << markdown;
    QTest::newRow("table") << tableRows(3000) << markdown;
    QTest::newRow("fenced log") << "Output:\n\n```text\n" + logLines(4000) + "```\n\nDone.\n"
                                << markdown;
    QTest::newRow("emoji") << QString::fromUtf8("\xf0\x9f\x98\x80").repeated(30001) << markdown;
    QTest::newRow("plain text") << logLines(4000) << int(MessageSegmenter::Syntax::PlainText);
}

void TestTranscriptView::longTextIsCutIntoBoundedPieces()
{
    QFETCH(QString, text);
    QFETCH(int, syntax);
    const auto kind = MessageSegmenter::Syntax(syntax);
    qsizetype from = 0;
    QString carry;
    QString joined;
    int pieces = 0;
    while (from < text.size()) {
        const auto piece = MessageSegmenter::next(text, from, carry, kind);
        if (!piece)
            break;
        ++pieces;
        QVERIFY2(piece->end > from && piece->end - from <= MessageSegmenter::MaxSegmentChars,
                 qPrintable(QString::number(piece->end - from)));
        QVERIFY(!text.at(piece->end - 1).isHighSurrogate());
        QVERIFY(piece->source.startsWith(carry));
        // Code stays code: every piece opens and closes its fences.
        int fences = 0;
        for (const QString &line : piece->source.split('\n'))
            fences += line.trimmed().startsWith("```") ? 1 : 0;
        QVERIFY2(fences % 2 == 0, qPrintable(piece->source.left(200)));
        // A table goes on in pieces of bounded rows, each under the repeated header.
        if (QTest::currentDataTag() == QLatin1String("table")) {
            QVERIFY(piece->source.startsWith("| id | name |\n|---|:---:|\n"));
            QVERIFY(piece->source.count('\n') <= MessageSegmenter::MaxTableRows + 3);
        }
        joined += text.mid(from, piece->end - from);
        from = piece->end;
        carry = piece->carry;
    }
    QVERIFY(text.size() - from <= MessageSegmenter::MaxSegmentChars); // the tail is bounded too
    joined += text.mid(from);
    QCOMPARE(joined, text); // nothing lost, nothing doubled
    QVERIFY(pieces >= int(text.size() / MessageSegmenter::MaxSegmentChars) - 1);
}

void TestTranscriptView::aLongFirstRowStaysLaidOut()
{
    // QListView asks for its first row's size with an empty rectangle at every layout (the
    // scroll step): a long first message must not be laid out again at another width each
    // time, which would keep it "laying out" for as long as anything changes.
    QString table = QStringLiteral("| # | name |\n|---|---|\n");
    for (int line = 0; table.size() < 200 * 1024; ++line)
        table += QStringLiteral("| %1 | item-%1 |\n").arg(line);
    Acp::TranscriptModel model;
    Acp::ContentChunk chunk;
    chunk.kind = Acp::ContentChunk::Kind::AgentMessage;
    chunk.content = Acp::ContentBlock::fromText(table);
    model.apply(chunk);
    TranscriptView view(&model);
    view.resize(700, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY_WITH_TIMEOUT(view.isLaidOut(0), 20000);
    for (int round = 0; round < 5; ++round) {
        Acp::ContentChunk other;
        other.kind = Acp::ContentChunk::Kind::UserMessage;
        other.content = Acp::ContentBlock::fromText(QStringLiteral("next %1").arg(round));
        model.apply(other);
        view.doItemsLayout();
        QVERIFY2(view.isLaidOut(0), qPrintable(QStringLiteral("round %1").arg(round)));
    }
}

void TestTranscriptView::anAgentsOwnCommandShowsItsOutputLiveAndAfterAReload()
{
    // codex-acp's terminal: no terminal/create, the output in the tool call's `_meta`. Before,
    // the window said "its output is not available".
    const auto update = [](const QJsonObject &o) {
        QString error;
        return *Acp::Json::parse<Acp::SessionUpdate>(o, &error);
    };
    Acp::TranscriptModel model;
    TranscriptView view(&model);
    QJsonObject call{{"sessionUpdate", "tool_call"},
                     {"toolCallId", "call_1"},
                     {"title", "Run make check"},
                     {"kind", "execute"},
                     {"status", "in_progress"}};
    call["content"] = QJsonArray{QJsonObject{{"type", "terminal"}, {"terminalId", "call_1"}}};
    call["rawInput"] = QJsonObject{{"command", QJsonArray{"bash", "-lc", "make check"}}};
    call["_meta"]
        = QJsonObject{{"terminal_info", QJsonObject{{"cwd", "/w"}, {"terminal_id", "call_1"}}}};
    model.apply(update(call));
    QJsonObject output{{"sessionUpdate", "tool_call_update"}, {"toolCallId", "call_1"}};
    output["_meta"] = QJsonObject{
        {"terminal_output", QJsonObject{{"data", "3 tests passed\n"}, {"terminal_id", "call_1"}}}};
    model.apply(update(output));
    const int row = model.rowOfToolCall("call_1");
    QString shown = view.transcriptDelegate()->renderedText(row);
    QVERIFY2(shown.contains("3 tests passed"), qPrintable(shown)); // live, while it runs
    QVERIFY2(shown.contains("$ make check \u2014 running"), qPrintable(shown));
    QJsonObject end{
        {"sessionUpdate", "tool_call_update"}, {"toolCallId", "call_1"}, {"status", "completed"}};
    end["_meta"]
        = QJsonObject{{"terminal_exit", QJsonObject{{"exit_code", 0}, {"terminal_id", "call_1"}}}};
    model.apply(update(end));
    shown = view.transcriptDelegate()->renderedText(row);
    QVERIFY2(shown.contains("$ make check \u2014 exit status 0"), qPrintable(shown));
    QVERIFY(!shown.contains("not available"));

    // After a reload: the saved copy shows the same.
    Acp::TranscriptModel reloaded;
    QVERIFY(reloaded.restore(model.toJson()));
    TranscriptView again(&reloaded);
    const QString afterReload = again.transcriptDelegate()->renderedText(row);
    QVERIFY2(afterReload.contains("3 tests passed"), qPrintable(afterReload));
    QVERIFY(afterReload.contains("$ make check \u2014 exit status 0"));
}

QTEST_MAIN(TestTranscriptView)
#include "tst_transcriptview.moc"
