// The history at size (issue #14): 10,000 sessions with 1,000,000 transcript entries.
//
//   bench_history make DIR [SESSIONS] [ENTRIES]   builds DIR/history.sqlite (once; slow)
//   bench_history measure DIR                     prints, as key=value:
//     load_ms          SessionStore::load() to loaded(): every record read
//     browser_ms       the session browser constructed, shown and painted (the second time:
//                      browser_cold_ms is the first, which also sets up styles and fonts)
//     browser_stall_ms the longest event-loop stall while it opens
//     key_ms_median/key_ms_max   one keystroke in the browser's search field (title filter)
//     search_rare_ms / search_common_ms / search_prefix_ms   store.search() round trips,
//                      medians of 21; scan_rare_ms: the same rare word by a LIKE scan of
//                      every entry (the baseline the index saves)
//     record_us        one recorded update, amortised: journal batches and a saved row every
//                      100 updates, GUI and worker time together, until flushed
//     record_gui_us    the GUI thread's part of it
// Figures, never assertions: tests/bench/README.md and the README report them.

#include "eventwait.h"
#include "historydatabase.h"
#include "sessionbrowser.h"
#include "sessionstore.h"
#include "stallprobe.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <cstdio>

namespace {

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

// Words with a long tail, as prose has: a few very common, most rare.
QString sentence(QRandomGenerator &random, int words)
{
    static const QStringList common{"the",   "a",        "file",   "test",  "build", "change",
                                    "error", "function", "return", "value", "code",  "line"};
    QString text;
    for (int i = 0; i < words; ++i) {
        if (!text.isEmpty())
            text += u' ';
        if (random.bounded(3) == 0)
            text += common.at(random.bounded(common.size()));
        else
            text += QStringLiteral("w%1").arg(random.bounded(20000));
    }
    return text;
}

int make(const QString &dir, int sessions, int entries)
{
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath(Acp::HistoryDatabase::fileName());
    if (QFile::exists(path)) {
        std::printf("exists: %s\n", qPrintable(path));
        return 0;
    }
    {
        Acp::HistoryDatabase schema(path); // the real schema, then bulk rows beside it
        if (const auto status = schema.open(); !status.ok()) {
            std::fprintf(stderr, "%s\n", qPrintable(status.error));
            return 1;
        }
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("make"));
    db.setDatabaseName(path);
    if (!db.open())
        return 1;
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA synchronous=OFF"));
    q.exec(QStringLiteral("BEGIN"));
    QSqlQuery session(db);
    session.prepare(QStringLiteral("INSERT INTO sessions(agent, session_id, cwd, title, "
                                   "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"));
    QSqlQuery entry(db);
    entry.prepare(
        QStringLiteral("INSERT INTO entries(session, pos, body, text) VALUES (?, ?, ?, ?)"));
    QRandomGenerator random(14);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const int perSession = entries / sessions;
    for (int s = 0; s < sessions; ++s) {
        session.addBindValue(QStringLiteral("Claude Code"));
        session.addBindValue(QStringLiteral("session-%1").arg(s));
        session.addBindValue(QStringLiteral("/home/ada/project%1").arg(s % 100));
        session.addBindValue(QStringLiteral("Session %1: %2").arg(s).arg(sentence(random, 5)));
        session.addBindValue(now - qint64(sessions - s) * 60000);
        session.addBindValue(now - qint64(sessions - s) * 60000);
        if (!session.exec())
            return 1;
        const qint64 row = session.lastInsertId().toLongLong();
        for (int p = 0; p < perSession; ++p) {
            const QString text = sentence(random, 40)
                + (p == perSession / 2 ? QStringLiteral(" topic%1").arg(s) : QString());
            const QString kind = p % 2 ? QStringLiteral("agent") : QStringLiteral("user");
            entry.addBindValue(row);
            entry.addBindValue(p);
            entry.addBindValue(QStringLiteral("{\"kind\":\"%1\",\"text\":\"%2\"}").arg(kind, text));
            entry.addBindValue(text);
            if (!entry.exec())
                return 1;
        }
        if (s % 500 == 499) {
            q.exec(QStringLiteral("COMMIT"));
            q.exec(QStringLiteral("BEGIN"));
            std::fprintf(stderr, "\r%d/%d sessions", s + 1, sessions);
        }
    }
    q.exec(QStringLiteral("COMMIT"));
    q.exec(QStringLiteral("INSERT INTO entry_text(entry_text) VALUES ('optimize')"));
    std::fprintf(stderr, "\n");
    std::printf("made: %s (%.0f MiB)\n", qPrintable(path),
                double(QFileInfo(path).size()) / (1 << 20));
    return 0;
}

double searchMs(Acp::SessionStore &store, const QString &text, int *hits = nullptr)
{
    QList<double> times;
    for (int i = 0; i < 21; ++i) {
        QElapsedTimer clock;
        clock.start();
        QEventLoop loop; // woken by the answer itself: no polling interval in the figure
        store.search(text, Ui::SessionBrowser::SearchLimit, &store,
                     [&](const QList<Acp::HistorySearchHit> &found, const QString &) {
                         if (hits)
                             *hits = int(found.size());
                         loop.quit();
                     });
        loop.exec();
        times.append(msSince(clock));
    }
    return median(times);
}

int measure(const QString &dir)
{
    Acp::SessionStore store(dir);
    QSignalSpy loaded(&store, &Acp::SessionStore::loaded);
    QElapsedTimer clock;
    clock.start();
    store.load();
    if (!loaded.wait(120000))
        return 1;
    const double loadMs = msSince(clock);
    const int sessions = int(store.sessions().size());

    double coldMs = 0;
    double browserMs = 0;
    double stallMs = 0;
    QList<double> keys;
    {
        clock.restart();
        {
            // The first dialog of the process pays for styles and fonts (the app has paid
            // for them with its main window): measured apart.
            Ui::SessionBrowser first(&store);
            first.show();
            QApplication::processEvents();
            coldMs = msSince(clock);
        }
        StallProbe probe;
        Ui::Testing::spin(50); // the probe's first ticks
        clock.restart();
        Ui::SessionBrowser browser(&store);
        browser.show();
        QApplication::processEvents(); // laid out and painted
        browserMs = msSince(clock);
        Ui::Testing::spin(50);
        stallMs = probe.maxStallMs();
        // Keystrokes: the title filter is immediate, the transcript search waits for a pause.
        auto *field = browser.findChild<QLineEdit *>(QStringLiteral("sessionSearch"));
        for (const QChar c : QStringLiteral("session 12")) {
            clock.restart();
            field->insert(QString(c));
            QApplication::processEvents();
            keys.append(msSince(clock));
        }
    }

    int rareHits = 0;
    int commonHits = 0;
    const double rare = searchMs(store, QStringLiteral("topic4321"), &rareHits);
    const double common = searchMs(store, QStringLiteral("function"), &commonHits);
    const double prefix = searchMs(store, QStringLiteral("w1234"));

    double scanMs = 0;
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("scan"));
        db.setDatabaseName(store.databasePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            clock.restart();
            q.exec(QStringLiteral("SELECT count(*) FROM entries WHERE text LIKE '%topic4321%'"));
            scanMs = msSince(clock);
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("scan"));

    // Recording: a reply streamed as 10,000 chunks into one row, as SessionRecorder does it.
    const int updates = 10000;
    QString reply;
    QElapsedTimer gui;
    qint64 guiNs = 0;
    clock.restart();
    for (int i = 0; i < updates; ++i) {
        const QString word = QStringLiteral("word%1 ").arg(i);
        reply += word;
        gui.restart();
        store.appendJournal(
            QStringLiteral("Claude Code"), QStringLiteral("recorded"),
            {{QStringLiteral("sessionUpdate"), QStringLiteral("agent_message_chunk")},
             {QStringLiteral("content"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                          {QStringLiteral("text"), word}}}});
        if (i % 100 == 99)
            store.saveTranscript(QStringLiteral("Claude Code"), QStringLiteral("recorded"), 1,
                                 {{0,
                                   QJsonObject{{QStringLiteral("kind"), QStringLiteral("agent")},
                                               {QStringLiteral("text"), reply}}}});
        guiNs += gui.nsecsElapsed();
        if (i % 50 == 0)
            QApplication::processEvents(); // the batching timers run, as in the app
    }
    store.flush();
    const double recordUs = double(clock.nsecsElapsed()) / 1e3 / updates;

    std::printf(
        "sessions=%d load_ms=%.1f browser_cold_ms=%.1f browser_ms=%.1f browser_stall_ms=%.1f "
        "key_ms_median=%.2f key_ms_max=%.2f search_rare_ms=%.2f search_common_ms=%.2f "
        "search_prefix_ms=%.2f scan_rare_ms=%.1f rare_hits=%d common_hits=%d "
        "record_us=%.1f record_gui_us=%.2f\n",
        sessions, loadMs, coldMs, browserMs, stallMs, median(keys),
        *std::max_element(keys.begin(), keys.end()), rare, common, prefix, scanMs, rareHits,
        commonHits, recordUs, double(guiNs) / 1e3 / updates);
    // The recorded session is the bench's own: gone again, so that runs compare.
    store.remove(QStringLiteral("Claude Code"), QStringLiteral("recorded"));
    store.flush();
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 3 && args.at(1) == QLatin1String("make"))
        return make(args.at(2), args.size() > 3 ? args.at(3).toInt() : 10000,
                    args.size() > 4 ? args.at(4).toInt() : 1000000);
    if (args.size() >= 3 && args.at(1) == QLatin1String("browser")) { // for a profiler
        Acp::SessionStore store(args.at(2));
        QSignalSpy loaded(&store, &Acp::SessionStore::loaded);
        store.load();
        loaded.wait(120000);
        for (int i = 0; i < 50; ++i) {
            Ui::SessionBrowser browser(&store);
            browser.show();
            QApplication::processEvents();
        }
        return 0;
    }
    if (args.size() >= 3 && args.at(1) == QLatin1String("measure"))
        return measure(args.at(2));
    std::fprintf(stderr, "usage: bench_history make DIR [SESSIONS] [ENTRIES] | measure DIR\n");
    return 2;
}
