// The history when things go wrong: a disk that fills up (a real tmpfs), a database another
// program holds locked, two instances at once, quitting before the records have been read, a
// damaged database, the files of earlier versions (with a crash between a snapshot and its
// journal's removal), and hostile search text. Nothing saved is ever lost or replaced by
// something worse, and every failure is said.

#include "atomicfile.h"
#include "historydatabase.h"
#include "sessionstore.h"
#include "tinydisk.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
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

QJsonObject row(const QString &kind, const QString &text)
{
    return {{"kind", kind}, {"text", text}};
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

QList<HistorySearchHit> search(SessionStore &store, const QString &text, QString *error = nullptr)
{
    QObject context;
    std::optional<QList<HistorySearchHit>> result;
    store.search(text, 100, &context, [&](const QList<HistorySearchHit> &hits, const QString &e) {
        result = hits;
        if (error)
            *error = e;
    });
    [&] { QTRY_VERIFY(result.has_value()); }();
    return result.value_or(QList<HistorySearchHit>{});
}

mode_t modeOf(const QString &path)
{
    struct stat info
    {
    };
    ::stat(QFile::encodeName(path).constData(), &info);
    return info.st_mode & 0777;
}

// The legacy layout's snapshot file name for a session.
QString legacySnapshot(const QString &dir, const QString &agent, const QString &session)
{
    return dir + "/snapshots/"
        + QCryptographicHash::hash((agent + "\n" + session).toUtf8(), QCryptographicHash::Sha1)
              .toHex()
        + ".json";
}

void writeJson(const QString &path, const QJsonValue &value)
{
    QDir().mkpath(QFileInfo(path).path());
    const QByteArray bytes = value.isArray()
        ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
        : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    QVERIFY(writeFileAtomically(path, bytes).isEmpty());
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup() { Testing::setHistoryBusyTimeout(HistoryDatabase::BusyTimeoutMs); }
    void shortWritesNeverReplaceAGoodFile();
    void appendIsAllOrNothing();
    void transcriptsSaveChangedRowsAndCoverTheJournal();
    void fullDiskKeepsTheHistoryAndLosesNothing();
    void lockedDatabaseWaitsAndLosesNothing();
    void twoInstancesShareTheHistory();
    void quittingBeforeTheRecordsAreReadKeepsThem();
    void damagedDatabaseIsSetAsideAndANewOneStarted();
    void legacyFilesAreImportedVerifiedAndSetAside();
    void unreadableLegacyIndexIsRebuiltFromTheSnapshots();
    void searchFindsWordsNewestFirst();
    void hostileSearchTextIsJustWords_data();
    void hostileSearchTextIsJustWords();
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
    Testing::setWriteBudget(-1);
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

void TestStore::transcriptsSaveChangedRowsAndCoverTheJournal()
{
    SessionStore store(m_dir);
    store.upsert({"agent", "s", "/w", "t", {}, {}});
    store.saveTranscript("agent", "s", 2, {{0, row("user", "hi")}, {1, row("agent", "Hel")}});
    store.appendJournal("agent", "s", chunk("lo"));
    store.flush();
    Loaded loaded = loadSnapshot(store, "agent", "s");
    QCOMPARE(loaded.rows, (QJsonArray{row("user", "hi"), row("agent", "Hel")}));
    QCOMPARE(loaded.journal, QJsonArray{chunk("lo")});
    // Only the streamed row is sent; the journal it covers is gone in the same transaction.
    store.saveTranscript("agent", "s", 2, {{1, row("agent", "Hello")}});
    store.flush();
    loaded = loadSnapshot(store, "agent", "s");
    QCOMPARE(loaded.rows, (QJsonArray{row("user", "hi"), row("agent", "Hello")}));
    QCOMPARE(loaded.journal.size(), 0);
    // A transcript that got shorter (cleared, restored) loses its extra rows.
    store.saveTranscript("agent", "s", 1, {{0, row("user", "again")}});
    store.flush();
    QCOMPARE(loadSnapshot(store, "agent", "s").rows, QJsonArray{row("user", "again")});
    // Forgetting a session removes all of it.
    store.remove("agent", "s");
    store.flush();
    loaded = loadSnapshot(store, "agent", "s");
    QVERIFY(loaded.rows.isEmpty() && loaded.journal.isEmpty());
    QVERIFY(search(store, "again").isEmpty());
}

void TestStore::fullDiskKeepsTheHistoryAndLosesNothing()
{
    TinyDisk disk(m_dir, "8m");
    if (!disk.mounted)
        QSKIP("cannot mount a small tmpfs here (needs root)");
    const QString dir = m_dir + "/sessions";
    SessionStore store(dir);
    QSignalSpy failed(&store, &SessionStore::writeFailed);
    store.upsert({"agent", "s1", "/w", "First", {}, {}});
    store.saveSnapshot("agent", "s1", QJsonArray{row("agent", "the good answer")});
    store.flush();
    QCOMPARE(failed.size(), 0);
    disk.fill();
    // A long transcript, a new record and journal lines: none fit.
    QJsonArray big;
    for (int i = 0; i < 500; ++i)
        big.append(row("agent", QString(500, QChar('a' + i % 26))));
    store.upsert({"agent", "s2", "/w", QString(100000, 't'), {}, {}});
    store.saveSnapshot("agent", "s2", big);
    for (int i = 0; i < 100; ++i)
        store.appendJournal("agent", "s1", chunk(QString(1000, 'j')));
    store.flush();
    QTRY_COMPARE(failed.size(), 1); // said once, not once per write
    QVERIFY2(failed.first().first().toString().contains("no space left"),
             qPrintable(failed.first().first().toString()));
    // What was saved is there, whole; the app's own view goes on.
    QCOMPARE(store.sessions().size(), 2);
    Loaded loaded = loadSnapshot(store, "agent", "s1");
    QCOMPARE(loaded.rows, QJsonArray{row("agent", "the good answer")});
    // Space again: what was kept is saved, in order, without being asked twice.
    disk.free();
    QTRY_VERIFY_WITH_TIMEOUT(loadSnapshot(store, "agent", "s2").rows.size() == 500, 10000);
    loaded = loadSnapshot(store, "agent", "s1");
    QCOMPARE(loaded.journal.size(), 100);
    store.flush();
    QCOMPARE(failed.size(), 1);
    SessionStore reopened(dir);
    reopened.load();
    QTRY_VERIFY(reopened.isLoaded());
    QCOMPARE(reopened.sessions().size(), 2);
    QCOMPARE(reopened.session("agent", "s2")->title, QString(100000, 't'));
}

void TestStore::lockedDatabaseWaitsAndLosesNothing()
{
    Testing::setHistoryBusyTimeout(100);
    SessionStore store(m_dir);
    QSignalSpy failed(&store, &SessionStore::writeFailed);
    store.upsert({"agent", "s", "/w", "t", {}, {}});
    store.flush();
    // Another program (sqlite3, a backup tool) takes the write lock and keeps it.
    {
        QSqlDatabase other = QSqlDatabase::addDatabase("QSQLITE", "other");
        other.setDatabaseName(store.databasePath());
        QVERIFY(other.open());
        QSqlQuery lock(other);
        QVERIFY(lock.exec("BEGIN EXCLUSIVE"));
        store.appendJournal("agent", "s", chunk("written while locked"));
        store.flush();
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(failed.first().first().toString().contains("in use by another program"),
                 qPrintable(failed.first().first().toString()));
        QVERIFY(lock.exec("COMMIT"));
        other.close();
    }
    QSqlDatabase::removeDatabase("other");
    // Retried once the lock is gone.
    QTRY_COMPARE_WITH_TIMEOUT(loadSnapshot(store, "agent", "s").journal,
                              QJsonArray{chunk("written while locked")}, 10000);
}

void TestStore::twoInstancesShareTheHistory()
{
    // Two windows, or the window and switchboard-cli: one writer at a time, by SQLite's lock.
    {
        SessionStore one(m_dir);
        SessionStore two(m_dir);
        for (int i = 0; i < 50; ++i) {
            one.upsert({"agent", QString("one-%1").arg(i), "/w", "1", {}, {}});
            two.upsert({"agent", QString("two-%1").arg(i), "/w", "2", {}, {}});
            one.appendJournal("agent", QString("one-%1").arg(i), chunk("from one"));
            two.appendJournal("agent", QString("two-%1").arg(i), chunk("from two"));
            if (i % 10 == 0) {
                one.flush();
                two.flush();
            }
        }
    }
    SessionStore store(m_dir);
    store.load();
    QTRY_VERIFY(store.isLoaded());
    QCOMPARE(store.sessions().size(), 100);
    QCOMPARE(loadSnapshot(store, "agent", "two-49").journal, QJsonArray{chunk("from two")});
}

void TestStore::quittingBeforeTheRecordsAreReadKeepsThem()
{
    {
        SessionStore store(m_dir);
        for (int i = 0; i < 10000; ++i)
            store.upsert({"agent", QString::number(i), "/w", "t", {}, {}});
    }
    // The app quits as soon as it has made one new record, before the records have been read.
    for (int run = 0; run < 20; ++run) {
        SessionStore store(m_dir);
        store.load();
        store.upsert({"agent", QStringLiteral("new-%1").arg(run), "/w", "n", {}, {}});
    }
    SessionStore store(m_dir);
    store.load();
    QTRY_VERIFY(store.isLoaded());
    QCOMPARE(store.sessions().size(), 10020);
}

void TestStore::damagedDatabaseIsSetAsideAndANewOneStarted()
{
    QDir().mkpath(m_dir);
    QVERIFY(writeFileAtomically(m_dir + "/history.sqlite", QByteArray(8192, 'x')).isEmpty());
    SessionStore store(m_dir);
    QSignalSpy failed(&store, &SessionStore::writeFailed);
    store.load();
    QTRY_VERIFY(store.isLoaded());
    QCOMPARE(failed.size(), 1);
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains("kept as"), qPrintable(message));
    const QStringList aside = QDir(m_dir).entryList({"history.sqlite.corrupt-*"}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QCOMPARE(contents(m_dir + "/" + aside.first()), QByteArray(8192, 'x')); // never overwritten
    store.upsert({"agent", "s", "/w", "new", {}, {}});
    store.flush();
    SessionStore reopened(m_dir);
    reopened.load();
    QTRY_VERIFY(reopened.isLoaded());
    QCOMPARE(reopened.sessions().size(), 1);
}

void TestStore::legacyFilesAreImportedVerifiedAndSetAside()
{
    // What version 0.x left: an index, a format 2 snapshot whose journal was partly covered
    // when a crash hit between the snapshot's rename and the journal's removal, a format 1
    // snapshot with a header-less journal, and a session the index lost.
    const auto record = [](const QString &id, const QString &title) {
        return StoredSession{"agent",
                             id,
                             "/w",
                             title,
                             QDateTime::fromString("2026-01-01T10:00:00Z", Qt::ISODate),
                             QDateTime::fromString("2026-01-02T10:00:00Z", Qt::ISODate)};
    };
    writeJson(
        m_dir + "/index.json",
        QJsonArray{record("two", "Format two").toJson(), record("one", "Format one").toJson()});
    const QByteArray header = R"({"journal":"j-1"})"
                              "\n";
    const QByteArray covered
        = QJsonDocument(chunk("covered")).toJson(QJsonDocument::Compact) + "\n";
    writeJson(legacySnapshot(m_dir, "agent", "two"),
              QJsonObject{
                  {"format", 2},
                  {"session", record("two", "Format two").toJson()},
                  {"journal",
                   QJsonObject{{"id", "j-1"}, {"covers", double(header.size() + covered.size())}}},
                  {"transcript", QJsonArray{row("agent", "covered")}}});
    QVERIFY(writeFileAtomically(legacySnapshot(m_dir, "agent", "two") + ".journal",
                                header + covered
                                    + QJsonDocument(chunk(" after")).toJson(QJsonDocument::Compact)
                                    + "\n")
                .isEmpty());
    writeJson(legacySnapshot(m_dir, "agent", "one"), QJsonArray{row("user", "old format")});
    QVERIFY(writeFileAtomically(legacySnapshot(m_dir, "agent", "one") + ".journal",
                                QJsonDocument(chunk("x")).toJson(QJsonDocument::Compact) + "\n")
                .isEmpty());
    writeJson(legacySnapshot(m_dir, "agent", "lost"),
              QJsonObject{{"format", 2},
                          {"session", record("lost", "Not in the index").toJson()},
                          {"transcript", QJsonArray{}}});
    for (int round = 0; round < 2; ++round) { // the second start imports nothing twice
        SessionStore store(m_dir);
        QSignalSpy failed(&store, &SessionStore::writeFailed);
        store.load();
        QTRY_VERIFY(store.isLoaded());
        QCOMPARE(failed.size(), 0);
        QCOMPARE(store.sessions().size(), 3);
        QCOMPARE(store.session("agent", "two")->title, QString("Format two"));
        QCOMPARE(store.session("agent", "two")->createdAt, record("", "").createdAt);
        QCOMPARE(store.session("agent", "lost")->title, QString("Not in the index"));
        Loaded two = loadSnapshot(store, "agent", "two");
        QCOMPARE(two.rows, QJsonArray{row("agent", "covered")});
        QCOMPARE(two.journal, QJsonArray{chunk(" after")}); // the covered part is not repeated
        Loaded one = loadSnapshot(store, "agent", "one");
        QCOMPARE(one.rows, QJsonArray{row("user", "old format")});
        QCOMPARE(one.journal, QJsonArray{chunk("x")});
        QCOMPARE(search(store, "covered").size(), 1);
    }
    // The old files are kept, out of the way, not deleted.
    QVERIFY(!QFile::exists(m_dir + "/index.json"));
    QVERIFY(!QFile::exists(m_dir + "/snapshots"));
    QVERIFY(QFile::exists(m_dir + "/files-before-database/index.json"));
    QCOMPARE(QDir(m_dir + "/files-before-database/snapshots").entryList(QDir::Files).size(), 5);
}

void TestStore::unreadableLegacyIndexIsRebuiltFromTheSnapshots()
{
    QDir().mkpath(m_dir);
    QVERIFY(writeFileAtomically(m_dir + "/index.json", "{ not json").isEmpty());
    writeJson(
        legacySnapshot(m_dir, "agent", "kept"),
        QJsonObject{{"format", 2},
                    {"session",
                     StoredSession{"agent", "kept", "/w", "Kept by its snapshot", {}, {}}.toJson()},
                    {"transcript", QJsonArray{row("agent", "still here")}}});
    SessionStore store(m_dir);
    QSignalSpy failed(&store, &SessionStore::writeFailed);
    store.load();
    QTRY_VERIFY(store.isLoaded());
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().contains("could not be read"),
             qPrintable(failed.first().first().toString()));
    QCOMPARE(store.sessions().size(), 1);
    QCOMPARE(store.sessions().first().title, QString("Kept by its snapshot"));
    QCOMPARE(contents(m_dir + "/files-before-database/index.json"), QByteArray("{ not json"));
}

void TestStore::searchFindsWordsNewestFirst()
{
    SessionStore store(m_dir);
    store.upsert({"agent", "old", "/a", "Old", {}, {}});
    store.saveSnapshot("agent", "old",
                       {row("user", "Where is the needle?"), row("agent", "Not here.")});
    store.upsert({"agent", "new", "/b", "New", {}, {}});
    QJsonObject tool{{"kind", "tool_call"},
                     {"toolCall",
                      QJsonObject{{"toolCallId", "t"},
                                  {"title", "Edit haystack.txt"},
                                  {"content",
                                   QJsonArray{QJsonObject{{"type", "diff"},
                                                          {"path", "/b/haystack.txt"},
                                                          {"newText", "a Needle"}}}}}}};
    store.saveSnapshot("agent", "new", {row("user", "Find it"), tool});
    store.flush();
    QList<HistorySearchHit> hits = search(store, "needle");
    QCOMPARE(hits.size(), 2);
    QCOMPARE(hits[0].session.sessionId, QString("new")); // newest first
    QCOMPARE(hits[0].entry, 1);
    QCOMPARE(hits[0].session.cwd, QString("/b"));
    QCOMPARE(hits[1].session.sessionId, QString("old"));
    QCOMPARE(hits[1].entry, 0);
    QCOMPARE(hits[1].excerpt, QString("Where is the needle?"));
    QCOMPARE(hits[1].highlights, (QList<std::pair<int, int>>{{13, 6}}));
    // The last word is a prefix (typed so far); every word must be there.
    QCOMPARE(search(store, "hays").size(), 1);
    QCOMPARE(search(store, "where needl").size(), 1);
    QCOMPARE(search(store, "where haystack").size(), 0);
    // A streamed row rewritten: found by its new words only.
    store.saveTranscript("agent", "old", 2, {{1, row("agent", "Found it after all.")}});
    store.flush();
    QCOMPARE(search(store, "after").size(), 1);
    QCOMPARE(search(store, "here").size(), 0); // "Where" is not "here"; "Not here." is gone
}

void TestStore::hostileSearchTextIsJustWords_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("hits");
    QTest::newRow("quote") << "\"needle" << 1;
    QTest::newRow("star") << "*" << 0;
    QTest::newRow("operators") << "needle OR NOT AND" << 0;
    QTest::newRow("near") << "NEAR(needle" << 0;
    QTest::newRow("column") << "text:needle" << 0;
    QTest::newRow("minus") << "-needle" << 1;
    QTest::newRow("caret") << "^needle" << 1;
    QTest::newRow("empty") << "   " << 0;
    QTest::newRow("nul") << QString("needle") + QChar(0) << 1;
    QTest::newRow("long") << QString(100000, 'n') << 0;
}

void TestStore::hostileSearchTextIsJustWords()
{
    QFETCH(QString, text);
    QFETCH(int, hits);
    SessionStore store(m_dir);
    store.saveSnapshot("agent", "s", {row("agent", "a needle in a haystack")});
    store.flush();
    QString error;
    QCOMPARE(search(store, text, &error).size(), hits);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestStore::filesAreTheUsersAlone()
{
    {
        SessionStore store(m_dir);
        store.upsert({"agent", "s", "/w", "t", {}, {}});
        store.appendJournal("agent", "s", chunk("x"));
        store.flush();
        QCOMPARE(modeOf(m_dir), mode_t(0700));
        for (const QString &name : QDir(m_dir).entryList(QDir::Files | QDir::Hidden))
            QCOMPARE(modeOf(m_dir + "/" + name), mode_t(0600));
        QVERIFY(QFile::exists(m_dir + "/history.sqlite-wal")); // while open
    }
    // A folder an earlier version left open is closed, with everything in it.
    ::chmod(QFile::encodeName(m_dir).constData(), 0755);
    ::chmod(QFile::encodeName(m_dir + "/history.sqlite").constData(), 0644);
    {
        SessionStore again(m_dir);
        again.flush();
    }
    QCOMPARE(modeOf(m_dir), mode_t(0700));
    QCOMPARE(modeOf(m_dir + "/history.sqlite"), mode_t(0600));
}

QTEST_MAIN(TestStore)
#include "tst_store.moc"
