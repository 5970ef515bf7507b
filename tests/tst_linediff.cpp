// Line diffs for tool-call diffs: hunks with context, counts, new files, side by side.

#include "linediff.h"

#include <QTest>

using Ui::LineDiff;

class TestLineDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unifiedHunksWithContext();
    void newFile();
    void identicalTextsHaveNoHunks();
    void farApartChangesMakeTwoHunks();
    void sideBySidePairsRemovedWithAdded();
};

void TestLineDiff::unifiedHunksWithContext()
{
    const LineDiff diff = LineDiff::compute(QString("a\nb\nc\nd\ne\n"), "a\nb\nC\nd\ne\n", 1);
    QCOMPARE(diff.added(), 1);
    QCOMPARE(diff.removed(), 1);
    QCOMPARE(diff.hunks().size(), 1);
    QCOMPARE(diff.unifiedText(), QString("@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n"));
}

void TestLineDiff::newFile()
{
    const LineDiff diff = LineDiff::compute(std::nullopt, "one\ntwo\n");
    QVERIFY(diff.isNewFile());
    QCOMPARE(diff.added(), 2);
    QCOMPARE(diff.unifiedText(), QString("@@ -0,0 +1,2 @@\n+one\n+two\n"));
}

void TestLineDiff::identicalTextsHaveNoHunks()
{
    const LineDiff diff = LineDiff::compute(QString("same\n"), "same\n");
    QVERIFY(diff.hunks().isEmpty());
    QCOMPARE(diff.added() + diff.removed(), 0);
}

void TestLineDiff::farApartChangesMakeTwoHunks()
{
    QStringList before, after;
    for (int i = 1; i <= 30; ++i) {
        before << QString::number(i);
        after << (i == 3 || i == 27 ? QString("x%1").arg(i) : QString::number(i));
    }
    const LineDiff diff = LineDiff::compute(before.join('\n'), after.join('\n'), 3);
    QCOMPARE(diff.hunks().size(), 2);
    QCOMPARE(diff.hunks()[0].header(), QString("@@ -1,6 +1,6 @@"));
    QCOMPARE(diff.hunks()[1].header(), QString("@@ -24,7 +24,7 @@"));
}

void TestLineDiff::sideBySidePairsRemovedWithAdded()
{
    const LineDiff diff = LineDiff::compute(QString("keep\nold1\nold2\n"), "keep\nnew1\n", 3);
    const QList<LineDiff::Row> rows = diff.sideBySide();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows[0].left->text, QString("keep"));
    QCOMPARE(rows[1].left->text, QString("old1"));
    QCOMPARE(rows[1].right->text, QString("new1"));
    QCOMPARE(rows[2].left->text, QString("old2"));
    QVERIFY(!rows[2].right.has_value());
}

QTEST_GUILESS_MAIN(TestLineDiff)
#include "tst_linediff.moc"
