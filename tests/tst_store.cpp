// The session store when things go wrong: a disk that fills up (a real tmpfs, and injected short
// writes), quitting before the index has been read, an index that cannot be read, and a crash
// between a snapshot and its journal's removal. Nothing good is ever replaced by something
// worse, and every failure is said.

#include "atomicfile.h"
#include "sessionstore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Acp;

namespace {

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

QJsonObject chunk(const QString &text)
{
    return {{"sessionUpdate", "agent_message_chunk"},
            {"content", QJsonObject{{"type", "text"}, {"text", text}}}};
}

QJsonArray indexRecords(const QString &directory)
{
    return QJsonDocument::fromJson(contents(QDir(directory).filePath("index.json"))).array();
}

struct Loaded
{
    QJsonArray rows;
    QJsonArray journal;
};

Loaded loadSnapshot(SessionStore &store, const QString &agent, const QString &session)
{
    QObject context;
    std::optional<Loaded> result;
    store.loadSnapshot(agent, session, &context, [&](const QJsonArray &rows, const QJsonArray &j) {
        result = Loaded{rows, j};
    });
    [&] { QTRY_VERIFY(result.has_value()); }();
    return result.value_or(Loaded{});
}

mode_t modeOf(const QString &path)
{
    struct stat info
    {
    };
    ::stat(QFile::encodeName(path).constData(), &info);
    return info.st_mode & 0777;
}

// A real file system that fills up: a small tmpfs (needs root; the test says so where it
// cannot mount one).
struct TinyDisk
{
    QString path;
    bool mounted = false;
    explicit TinyDisk(const QString &where, const QString &size)
        : path(where)
    {
        QDir().mkpath(path);
        QProcess mount;
        mount.start("mount", {"-t", "tmpfs", "-o", "size=" + size, "tmpfs", path});
        mounted = mount.waitForFinished(5000) && mount.exitCode() == 0;
    }
    ~TinyDisk()
    {
        if (mounted)
            QProcess::execute("umount", {"-l", path});
    }
    void fill() const
    {
        QFile filler(path + "/filler");
        if (!filler.open(QIODevice::WriteOnly))
            return;
        const QByteArray block(4096, 'f');
        while (filler.write(block) == block.size() && filler.flush()) { }
    }
};

} // namespace

class TestStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup() { Testing::setWriteBudget(-1); }
    void shortWritesNeverReplaceAGoodFile();
    void appendIsAllOrNothing();
    void fullDiskKeepsTheStoreAndSaysSo();
    void quittingBeforeTheIndexIsReadKeepsIt();
    void unreadableIndexIsSetAsideAndRebuilt();
    void missingIndexIsRebuiltFromTheSnapshots();
    void crashAfterTheSnapshotDoesNotDuplicate();
    void filesAreTheUsersAlone();

private:
    QTemporaryDir m_tmp;
    QString m_dir;
};

void TestStore::init()
{
    QVERIFY(m_tmp.isValid());
    m_dir = m_tmp.filePath(QString::fromLatin1(QTest::currentTestFunction()));
    QDir(m_dir).removeRecursively();
}

void TestStore::shortWritesNeverReplaceAGoodFile()
{
    const QString path = m_tmp.filePath("atomic/file.json");
    QVERIFY(writeFileAtomically(path, "the good content").isEmpty());
    for (const qint64 budget : {qint64(0), qint64(1), qint64(100), qint64(4095)}) {
        Testing::setWriteBudget(budget);
        const QString error = writeFileAtomically(path, QByteArray(8192, 'x'));
        Testing::setWriteBudget(-1);
        QVERIFY2(error.contains("no space left"), qPrintable(error));
        QVERIFY2(error.startsWith(path), qPrintable(error));
        QCOMPARE(contents(path), QByteArray("the good content"));
        // No temporary file is left behind.
        QCOMPARE(QDir(QFileInfo(path).path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{"file.json"});
    }
    // Short writes that do add up are continued, not taken for an error.
    Testing::setWriteBudget(1 << 20);
    QVERIFY(writeFileAtomically(path, QByteArray(8192, 'y')).isEmpty());
    QCOMPARE(contents(path), QByteArray(8192, 'y'));
}

void TestStore::appendIsAllOrNothing()
{
    const QString path = m_tmp.filePath("append/journal");
    QVERIFY(appendToFile(path, "line one\n").isEmpty());
    Testing::setWriteBudget(5);
    QVERIFY(!appendToFile(path, "line two, which does not fit\n").isEmpty());
    Testing::setWriteBudget(-1);
    QCOMPARE(contents(path), QByteArray("line one\n")); // no half line, no hole
    QVERIFY(appendToFile(path, "line three\n").isEmpty());
    QCOMPARE(contents(path), QByteArray("line one\nline three\n"));
}

void TestStore::fullDiskKeepsTheStoreAndSaysSo()
{
    TinyDisk disk(m_dir, "256k");
    if (!disk.mounted)
        QSKIP("cannot mount a small tmpfs here (needs root); shortWritesNeverReplaceAGoodFile "
              "covers the same logic with injected failures");
    const QString dir = m_dir + "/sessions";
    QByteArray goodIndex;
    QByteArray goodSnapshot;
    {
        SessionStore store(dir);
        store.load();
        QTRY_VERIFY(store.isLoaded());
        store.upsert({"agent", "s1", "/w", "First", {}, {}});
        store.saveSnapshot("agent", "s1", QJsonArray{QJsonObject{{"kind", "agent"}}});
        store.flush();
        goodIndex = contents(dir + "/index.json");
        QCOMPARE(indexRecords(dir).size(), 1);
    }
    const QStringList snapshots = QDir(dir + "/snapshots").entryList({"*.json"}, QDir::Files);
    QCOMPARE(snapshots.size(), 1);
    goodSnapshot = contents(dir + "/snapshots/" + snapshots.first());
    disk.fill();

    SessionStore store(dir);
    QSignalSpy failed(&store, &SessionStore::writeFailed);
    store.load();
    QTRY_VERIFY(store.isLoaded());
    QCOMPARE(store.sessions().size(), 1);
    // A long transcript, a new record and journal lines: none fit.
    QJsonArray big;
    for (int i = 0; i < 2000; ++i)
        big.append(QJsonObject{{"kind", "agent"}, {"text", QString(100, 'z')}});
    store.upsert({"agent", "s2", "/w", QString(100000, 't'), {}, {}});
    store.saveSnapshot("agent", "s1", big);
    for (int i = 0; i < 100; ++i)
        store.appendJournal("agent", "s1", chunk(QString(1000, 'j')));
    store.flush();
    QTRY_VERIFY(failed.size() >= 2);
    QVERIFY2(failed.first().first().toString().contains("no space left"),
             qPrintable(failed.first().first().toString()));
    // Everything that was there is there, whole.
    QCOMPARE(contents(dir + "/index.json"), goodIndex);
    QCOMPARE(contents(dir + "/snapshots/" + snapshots.first()), goodSnapshot);
    const Loaded loaded = loadSnapshot(store, "agent", "s1");
    QCOMPARE(loaded.rows.size(), 1);
    for (const QJsonValue &line : loaded.journal) // a journal line is whole or absent
        QCOMPARE(line.toObject(), chunk(QString(1000, 'j')));
}

void TestStore::quittingBeforeTheIndexIsReadKeepsIt()
{
    // 10,000 records on disk; the app quits as soon as it has made one new record, before the
    // index has been read. Many times, since it is a race.
    QJsonArray records;
    for (int i = 0; i < 10000; ++i)
        records.append(StoredSession{"agent", QString::number(i), "/w", "t", {}, {}}.toJson());
    QVERIFY(writeFileAtomically(m_dir + "/index.json", QJsonDocument(records).toJson()).isEmpty());
    for (int run = 0; run < 20; ++run) {
        {
            SessionStore store(m_dir);
            store.load();
            store.upsert({"agent", QStringLiteral("new-%1").arg(run), "/w", "n", {}, {}});
            store.flush(); // what quitting does
        }
        QCOMPARE(indexRecords(m_dir).size(), 10000 + run + 1);
    }
}

void TestStore::unreadableIndexIsSetAsideAndRebuilt()
{
    {
        SessionStore store(m_dir);
        store.load();
        QTRY_VERIFY(store.isLoaded());
        store.upsert({"agent", "kept", "/w", "Kept by its snapshot", {}, {}});
        store.saveSnapshot("agent", "kept", QJsonArray{});
        store.flush();
    }
    QVERIFY(writeFileAtomically(m_dir + "/index.json", "{ not json").isEmpty());
    SessionStore store(m_dir);
    QSignalSpy failed(&store, &SessionStore::writeFailed);
    store.load();
    QTRY_VERIFY(store.isLoaded());
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().contains("rebuilt"),
             qPrintable(failed.first().first().toString()));
    QCOMPARE(store.sessions().size(), 1);
    QCOMPARE(store.sessions().first().title, QString("Kept by its snapshot"));
    const QStringList aside = QDir(m_dir).entryList({"index.json.corrupt-*"}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QCOMPARE(contents(m_dir + "/" + aside.first()), QByteArray("{ not json"));
    store.flush();
    QCOMPARE(indexRecords(m_dir).size(), 1);
}

void TestStore::missingIndexIsRebuiltFromTheSnapshots()
{
    {
        SessionStore store(m_dir);
        store.load();
        QTRY_VERIFY(store.isLoaded());
        for (int i = 0; i < 3; ++i) {
            store.upsert({"agent", QString::number(i), "/w", QString("T%1").arg(i), {}, {}});
            store.saveSnapshot("agent", QString::number(i), QJsonArray{});
        }
        store.flush();
    }
    QFile::remove(m_dir + "/index.json");
    SessionStore store(m_dir);
    store.load();
    QTRY_VERIFY(store.isLoaded());
    QCOMPARE(store.sessions().size(), 3);
    // The explicit rebuild (switchboard-cli sessions --rebuild-index) adds what the index lacks.
    store.remove("agent", "0");
    store.upsert({"agent", "x", "/w", "no snapshot", {}, {}});
    store.flush();
    QVERIFY(writeFileAtomically(m_dir + "/index.json", "[]").isEmpty());
    SessionStore again(m_dir);
    again.load();
    QTRY_VERIFY(again.isLoaded());
    QCOMPARE(again.sessions().size(), 0);
    again.rebuildIndex();
    again.flush();
    QCOMPARE(again.sessions().size(), 2); // "1" and "2"; "0" was deleted with its snapshot
    QCOMPARE(indexRecords(m_dir).size(), 2);
}

void TestStore::crashAfterTheSnapshotDoesNotDuplicate()
{
    QString journal;
    {
        SessionStore store(m_dir);
        store.load();
        QTRY_VERIFY(store.isLoaded());
        store.upsert({"agent", "s", "/w", "t", {}, {}});
        for (const char *text : {"one", "two", "three"})
            store.appendJournal("agent", "s", chunk(text));
        store.flush();
        const QStringList logs = QDir(m_dir + "/snapshots").entryList({"*.journal"}, QDir::Files);
        if (!logs.isEmpty())
            journal = m_dir + "/snapshots/" + logs.first();
    }
    QVERIFY(!journal.isEmpty());
    const QByteArray before = contents(journal);
    {
        // The snapshot that contains those three updates is written and the journal removed;
        // then the crash is simulated by putting the journal back, as if the removal never ran.
        SessionStore store(m_dir);
        store.load();
        QTRY_VERIFY(store.isLoaded());
        store.saveSnapshot("agent", "s", QJsonArray{QJsonObject{{"text", "onetwothree"}}});
        store.flush();
        QVERIFY(!QFile::exists(journal));
    }
    QVERIFY(writeFileAtomically(journal, before).isEmpty());
    SessionStore store(m_dir);
    store.load();
    QTRY_VERIFY(store.isLoaded());
    Loaded loaded = loadSnapshot(store, "agent", "s");
    QCOMPARE(loaded.rows.size(), 1);
    QCOMPARE(loaded.journal.size(), 0); // already in the snapshot: not applied again
    // What comes after the snapshot is applied, even when it lands behind the stale part.
    store.appendJournal("agent", "s", chunk("four"));
    store.flush();
    loaded = loadSnapshot(store, "agent", "s");
    QCOMPARE(loaded.journal.size(), 1);
    QCOMPARE(loaded.journal.first().toObject(), chunk("four"));
}

void TestStore::filesAreTheUsersAlone()
{
    SessionStore store(m_dir);
    store.load();
    QTRY_VERIFY(store.isLoaded());
    store.upsert({"agent", "s", "/w", "t", {}, {}});
    store.saveSnapshot("agent", "s", QJsonArray{});
    store.flush();
    store.appendJournal("agent", "s", chunk("x"));
    store.flush();
    QCOMPARE(modeOf(m_dir), mode_t(0700));
    // A folder an earlier version left open is closed, with everything in it.
    ::chmod(QFile::encodeName(m_dir).constData(), 0755);
    ::chmod(QFile::encodeName(m_dir + "/index.json").constData(), 0644);
    {
        SessionStore again(m_dir);
        again.flush();
    }
    QCOMPARE(modeOf(m_dir), mode_t(0700));
    QCOMPARE(modeOf(m_dir + "/snapshots"), mode_t(0700));
    QCOMPARE(modeOf(m_dir + "/index.json"), mode_t(0600));
    for (const QFileInfo &f : QDir(m_dir + "/snapshots").entryInfoList(QDir::Files))
        QCOMPARE(modeOf(f.filePath()), mode_t(0600));
}

QTEST_MAIN(TestStore)
#include "tst_store.moc"
