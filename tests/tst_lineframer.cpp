#include "lineframer.h"

#include <QTest>

using Acp::LineFramer;

namespace {

struct Drained
{
    QList<QByteArray> lines;
    bool tooLong = false;
    QList<QByteArray> heads; // of the lines skipped as too long
};

// Takes every complete line out of the framer (an oversized one is skipped, and the lines
// after it still come).
void drain(LineFramer &framer, Drained &out)
{
    for (;;) {
        LineFramer::Result r = framer.next();
        if (r.status == LineFramer::Status::Line) {
            out.lines.append(r.line);
            continue;
        }
        if (r.status == LineFramer::Status::LineTooLong) {
            out.tooLong = true;
            out.heads.append(r.line);
            continue;
        }
        return;
    }
}

Drained feedAtOnce(const QByteArray &input, qsizetype max)
{
    LineFramer framer(max);
    Drained out;
    framer.append(input);
    drain(framer, out);
    return out;
}

} // namespace

class TestLineFramer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void table_data();
    void table();
    void splitAtEveryOffset();
    void byteByByte();
    void remainderAtEndOfStream();
    void oversizePartialLineIsRefusedWithoutNewline();
    void lineOfTheLimitWaitingForItsNewline();
    void backlogStaysUnparsed();
    void oversizedLineIsSkippedInBoundedMemory();
    void longLineInManyPiecesIsLinear();
};

void TestLineFramer::table_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::addColumn<bool>("tooLong");
    QTest::addColumn<qsizetype>("buffered");
    QTest::addColumn<qsizetype>("max");

    using L = QList<QByteArray>;
    QTest::newRow("empty") << QByteArray() << L{} << false << qsizetype(0) << qsizetype(16);
    QTest::newRow("one line") << QByteArray("{}\n") << L{"{}"} << false << qsizetype(0)
                              << qsizetype(16);
    QTest::newRow("partial") << QByteArray("{\"a\":") << L{} << false << qsizetype(5)
                             << qsizetype(16);
    QTest::newRow("line and trailing partial")
        << QByteArray("{}\n{\"b\"") << L{"{}"} << false << qsizetype(4) << qsizetype(16);
    QTest::newRow("crlf") << QByteArray("{}\r\n[]\r\n") << L{"{}", "[]"} << false << qsizetype(0)
                          << qsizetype(16);
    QTest::newRow("blank lines skipped") << QByteArray("\n\n{}\n\r\n  \t \n[]\n") << L{"{}", "[]"}
                                         << false << qsizetype(0) << qsizetype(16);
    QTest::newRow("garbage is a line (the parser rejects it)")
        << QByteArray("garbage\n{}\n") << L{"garbage", "{}"} << false << qsizetype(0)
        << qsizetype(16);
    QTest::newRow("utf8 kept intact")
        << QByteArray("{\"t\":\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"}\n")
        << L{"{\"t\":\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"}"} << false << qsizetype(0)
        << qsizetype(64);
    QTest::newRow("exactly the maximum")
        << QByteArray(16, 'x') + '\n'
        << L{QByteArray(16, 'x')} << false << qsizetype(0) << qsizetype(16);
    QTest::newRow("maximum with crlf")
        << QByteArray(16, 'x') + "\r\n"
        << L{QByteArray(16, 'x')} << false << qsizetype(0) << qsizetype(16);
    QTest::newRow("one over the maximum, complete")
        << QByteArray("{}\n") + QByteArray(17, 'x') + "\n{}\n"
        << L{"{}", "{}"} << true << qsizetype(0) << qsizetype(16);
    // An unfinished line may be one byte over: the '\r' of its "\r\n" may be in the buffer.
    QTest::newRow("one over the maximum, partial")
        << QByteArray("{}\n") + QByteArray(17, 'x') << L{"{}"} << false << qsizetype(17)
        << qsizetype(16);
    QTest::newRow("two over the maximum, partial")
        << QByteArray("{}\n") + QByteArray(18, 'x') << L{"{}"} << true << qsizetype(0)
        << qsizetype(16);
}

void TestLineFramer::table()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, lines);
    QFETCH(bool, tooLong);
    QFETCH(qsizetype, buffered);
    QFETCH(qsizetype, max);

    LineFramer framer(max);
    framer.append(input);
    Drained out;
    drain(framer, out);
    QCOMPARE(out.lines, lines);
    QCOMPARE(out.tooLong, tooLong);
    QCOMPARE(framer.bufferedBytes(), buffered);
}

static QByteArray sample()
{
    return QByteArray("{\"jsonrpc\":\"2.0\",\"method\":\"a\"}\r\n"
                      "\n"
                      "{\"t\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}\n"
                      "   \n"
                      "not json at all\n"
                      "{\"last\":true}\n");
}

void TestLineFramer::splitAtEveryOffset()
{
    const QByteArray input = sample();
    const Drained whole = feedAtOnce(input, 1024);
    QCOMPARE(whole.lines.size(), 4);
    for (qsizetype split = 0; split <= input.size(); ++split) {
        LineFramer framer(1024);
        Drained out;
        framer.append(input.left(split));
        drain(framer, out);
        framer.append(input.mid(split));
        drain(framer, out);
        QCOMPARE(out.lines, whole.lines);
        QVERIFY(!out.tooLong);
        QCOMPARE(framer.bufferedBytes(), 0);
    }
}

void TestLineFramer::byteByByte()
{
    const QByteArray input = sample();
    LineFramer framer(1024);
    Drained out;
    for (char c : input) {
        framer.append(QByteArray(1, c));
        drain(framer, out);
    }
    QCOMPARE(out.lines, feedAtOnce(input, 1024).lines);
    QCOMPARE(framer.bufferedBytes(), 0);
}

void TestLineFramer::remainderAtEndOfStream()
{
    LineFramer framer(1024);
    framer.append("{}\n{\"no newline\":1}\r");
    QCOMPARE(framer.next().line, QByteArray("{}"));
    QCOMPARE(framer.next().status, LineFramer::Status::NeedMoreData);
    QCOMPARE(framer.takeRemainder(), QByteArray("{\"no newline\":1}"));
    QCOMPARE(framer.bufferedBytes(), 0);
}

void TestLineFramer::oversizePartialLineIsRefusedWithoutNewline()
{
    // The buffer must not grow without limit while waiting for a newline that never comes.
    LineFramer framer(1000);
    for (int i = 0; i < 10; ++i) {
        framer.append(QByteArray(100, 'x'));
        QCOMPARE(framer.next().status, LineFramer::Status::NeedMoreData);
    }
    framer.append("x"); // 1,001 bytes: may still be 1,000 and the '\r' of a "\r\n"
    QCOMPARE(framer.next().status, LineFramer::Status::NeedMoreData);
    framer.append("x");
    QCOMPARE(framer.next().status, LineFramer::Status::LineTooLong);
}

void TestLineFramer::lineOfTheLimitWaitingForItsNewline()
{
    // A line of exactly the limit, its "\r\n" split across reads (found writing the oracle
    // of tests/fuzz/fuzz_lineframer.cpp: it used to be refused as too long).
    LineFramer framer(8);
    framer.append("12345678\r");
    QCOMPARE(framer.next().status, LineFramer::Status::NeedMoreData);
    framer.append("\n");
    const LineFramer::Result r = framer.next();
    QCOMPARE(r.status, LineFramer::Status::Line);
    QCOMPARE(r.line, QByteArray("12345678"));
}

void TestLineFramer::oversizedLineIsSkippedInBoundedMemory()
{
    // 64 MiB of one line, arriving in 64 KiB reads, between two good lines: its head comes
    // out, the rest never accumulates, and the next line is whole.
    LineFramer framer(1 << 20);
    const QByteArray head = R"({"jsonrpc":"2.0","id":7,"result":{"text":")";
    framer.append("{\"before\":1}\n" + head);
    Drained out;
    drain(framer, out);
    const QByteArray chunk(64 * 1024, 'x');
    qsizetype most = 0;
    for (int i = 0; i < 1024; ++i) {
        framer.append(chunk);
        drain(framer, out);
        most = qMax(most, framer.bufferedBytes());
    }
    framer.append(QByteArray("\"}}\n{\"after\":2}\n"));
    drain(framer, out);
    QCOMPARE(out.lines, (QList<QByteArray>{"{\"before\":1}", "{\"after\":2}"}));
    QCOMPARE(out.heads.size(), 1);
    QCOMPARE(out.heads.first().size(), LineFramer::HeadBytes);
    QVERIFY(out.heads.first().startsWith(head));
    QVERIFY2(most <= (1 << 20) + 1 + chunk.size(), QByteArray::number(most)); // never the line
    QVERIFY(!framer.isSkipping());
}

void TestLineFramer::backlogStaysUnparsed()
{
    LineFramer framer(1024);
    framer.append("{\"a\":1}\n{\"b\":2}\n{\"c\":");
    QVERIFY(framer.hasCompleteLine());
    QCOMPARE(framer.bufferedBytes(), qsizetype(21));
    QCOMPARE(framer.next().line, QByteArray("{\"a\":1}"));
    QCOMPARE(framer.bufferedBytes(), qsizetype(13));
    framer.append("3}\n");
    QCOMPARE(framer.next().line, QByteArray("{\"b\":2}"));
    QCOMPARE(framer.next().line, QByteArray("{\"c\":3}"));
    QVERIFY(!framer.hasCompleteLine());
}

void TestLineFramer::longLineInManyPiecesIsLinear()
{
    // 8 MiB arriving in 1 KiB pieces: a quadratic framer would rescan ~32 GiB here and time the
    // whole suite out. Asserted by completion, not by a clock.
    LineFramer framer(qsizetype(16) * 1024 * 1024);
    const QByteArray piece(1024, 'y');
    for (int i = 0; i < 8 * 1024; ++i) {
        framer.append(piece);
        QCOMPARE(framer.next().status, LineFramer::Status::NeedMoreData);
    }
    framer.append("\n");
    const LineFramer::Result r = framer.next();
    QCOMPARE(r.status, LineFramer::Status::Line);
    QCOMPARE(r.line.size(), qsizetype(8) * 1024 * 1024);
}

QTEST_GUILESS_MAIN(TestLineFramer)
#include "tst_lineframer.moc"
