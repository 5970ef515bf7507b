// The transcript view's rendering: a message streamed in chunks is rendered in segments, and
// the segments together read exactly like the whole message rendered at once, whatever the
// Markdown (code fences with blank lines inside, lists, tables).

#include "transcriptview.h"

#include <QApplication>
#include <QTest>

using namespace Ui;

class TestTranscriptView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void segmentsReadLikeTheWhole();
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

QTEST_MAIN(TestTranscriptView)
#include "tst_transcriptview.moc"
