// Session resume: the local index and snapshots, and reopening a session with an atomic
// replay: the visible view never shows a half-loaded transcript, a failed or cancelled load
// leaves the previous view, and the loaded transcript equals the one built live.

#include "cliprocess.h"
#include "fakeagent.h"
#include "mainwindow.h"
#include "screenshots.h"
#include "sessionbrowser.h"
#include "sessionstore.h"
#include "sessionview.h"
#include "transcriptview.h"
#include "translations.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Ui;
using TestSupport::screenshot;
using namespace TestSupport;

namespace {

// An agent that can load sessions, initialized.
FakeAgent &expectLoadable(FakeAgent &agent)
{
    return agent.expect("initialize")
        .respond(
            {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}});
}

QJsonObject update(const QJsonObject &u, const QString &sessionId = QStringLiteral("s9"))
{
    return {{"jsonrpc", "2.0"},
            {"method", "session/update"},
            {"params", QJsonObject{{"sessionId", sessionId}, {"update", u}}}};
}

QJsonObject chunk(const QString &kind, const QString &text, const QString &messageId)
{
    return {{"sessionUpdate", kind},
            {"messageId", messageId},
            {"content", QJsonObject{{"type", "text"}, {"text", text}}}};
}

// The replay of a long session: the updates, in order, as the agent sends them.
QList<QJsonObject> longHistory(int turns)
{
    QList<QJsonObject> updates;
    for (int t = 0; t < turns; ++t) {
        updates << chunk("user_message_chunk", QString("Question %1").arg(t),
                         QString("u%1").arg(t));
        updates << chunk("agent_thought_chunk", "thinking", QString("th%1").arg(t));
        for (int c = 0; c < 6; ++c)
            updates << chunk("agent_message_chunk", QString("part %1 of answer %2. ").arg(c).arg(t),
                             QString("a%1").arg(t));
        updates << QJsonObject{{"sessionUpdate", "tool_call"},
                               {"toolCallId", QString("c%1").arg(t)},
                               {"title", "Edit"},
                               {"kind", "edit"},
                               {"status", "pending"}};
        updates << QJsonObject{{"sessionUpdate", "tool_call_update"},
                               {"toolCallId", QString("c%1").arg(t)},
                               {"status", "completed"}};
    }
    return updates;
}

Acp::StoredSession record(const QString &id, const QString &title, const QString &cwd)
{
    return {"Fake", id, cwd, title, {}, QDateTime::currentDateTimeUtc()};
}

} // namespace

class TestResume : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void storeRoundTripWithAThousandSessions();
    void agentListsMergeWithTheIndex();
    void snapshotRestores();
    void replayIsAtomic();
    void failedLoadKeepsThePreviousView();
    void replayWithFewerPromptsKeepsTheSavedCopy();
    void replayWithTurnsTakenElsewhereIsShown();
    void cancelledLoadKeepsThePreviousView();
    void demoAgentSessionIsSavedAndReloaded();
    void browserSearchesAndForgets();
    void browserFindsTranscriptWordsAndOpensThere();
    void crashThenRestartResumesTheSameSession();
    void resumeWhenPossibleLoadWhenAsked();
    void lastSessionsReopenAfterARestart();
    void journalKeepsWhatCameAfterTheSnapshot();
    void aLateReplayIsTheSameInTheWindowAndTheCli();
    void aLateReplayAfterAPreambleIsWaitedFor();

private:
    SessionView *reopen(MainWindow &window, const FakeAgent &agent, const QString &id);
    QTemporaryDir m_dir;
    QTemporaryDir m_project;
};

void TestResume::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // As the app does at start: English plural forms ("1 session").
    Acp::installTranslations(QCoreApplication::instance(),
                             QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestResume::agentListsMergeWithTheIndex()
{
    const auto at = [](const char *iso) { return QDateTime::fromString(iso, Qt::ISODate); };
    const QList<Acp::StoredSession> local{
        {"Agent", "both", "/p", "", at("2026-01-01T10:00:00Z"), at("2026-01-01T10:00:00Z")},
        {"Agent", "ours", "/p", "Only ours", {}, at("2026-01-03T10:00:00Z")},
        {"Other", "theirs", "/q", "Same id, another profile", {}, at("2026-01-02T10:00:00Z")}};
    Acp::SessionInfo both{"both", "/p", {}, QString("Named by the agent"), {}, {}};
    both.updatedAt = "2026-01-05T10:00:00.250Z"; // later, with milliseconds
    Acp::SessionInfo theirs{"theirs", "/p", {}, {}, QString("2026-01-04T10:00:00Z"), {}};
    Acp::SessionInfo undated{"undated", "/p", {}, {}, {}, {}};

    const QList<Acp::StoredSession> merged
        = Acp::mergeSessionLists(local, "Agent", {both, theirs, undated});
    QStringList order;
    for (const Acp::StoredSession &s : merged)
        order << s.agentKey + "/" + s.sessionId;
    // Newest first by time, not by how the strings compare; one entry per (profile, session).
    QCOMPARE(
        order,
        QStringList({"Agent/both", "Agent/theirs", "Agent/ours", "Other/theirs", "Agent/undated"}));
    QCOMPARE(merged[0].title, QString("Named by the agent")); // the local record had none
    QCOMPARE(merged[0].createdAt, at("2026-01-01T10:00:00Z")); // and is kept
    QCOMPARE(merged[0].updatedAt,
             QDateTime::fromString("2026-01-05T10:00:00.250Z", Qt::ISODateWithMs));
    QCOMPARE(merged[2].title, QString("Only ours"));
    // An agent's older time never moves a local record back.
    Acp::SessionInfo stale{"ours", "/p", {}, QString("Old title"), QString("2020-01-01T00:00:00Z"),
                           {}};
    const QList<Acp::StoredSession> kept = Acp::mergeSessionLists(local, "Agent", {stale});
    QCOMPARE(kept.size(), 3);
    QCOMPARE(kept[0].sessionId, QString("ours"));
    QCOMPARE(kept[0].title, QString("Only ours"));
    QCOMPARE(kept[0].updatedAt, at("2026-01-03T10:00:00Z"));
}

void TestResume::storeRoundTripWithAThousandSessions()
{
    const QString dir = m_dir.filePath("store1");
    {
        Acp::SessionStore store(dir);
        for (int i = 0; i < 1000; ++i)
            store.upsert(record(QString("s%1").arg(i), QString("Session %1").arg(i), "/w"));
        store.saveSnapshot("Fake", "s7",
                           QJsonArray{QJsonObject{{"kind", "user"}, {"text", "hello"}}});
        store.flush();
    }
    QVERIFY(QFile::exists(dir + "/history.sqlite"));
    Acp::SessionStore reloaded(dir);
    QSignalSpy loaded(&reloaded, &Acp::SessionStore::loaded);
    reloaded.load();
    QVERIFY(loaded.wait(5000));
    QCOMPARE(reloaded.sessions().size(), 1000);
    QCOMPARE(reloaded.session("Fake", "s42")->title, QString("Session 42"));
    QJsonArray snapshot;
    bool done = false;
    reloaded.loadSnapshot("Fake", "s7", this, [&](const QJsonArray &rows, const QJsonArray &) {
        snapshot = rows;
        done = true;
    });
    QTRY_VERIFY(done);
    QCOMPARE(snapshot.first().toObject()["text"].toString(), QString("hello"));
    reloaded.remove("Fake", "s7");
    reloaded.flush();
    Acp::SessionStore third(dir);
    QSignalSpy loaded3(&third, &Acp::SessionStore::loaded);
    third.load();
    QVERIFY(loaded3.wait(5000));
    QVERIFY(!third.session("Fake", "s7"));
}

void TestResume::snapshotRestores()
{
    Acp::TranscriptModel live;
    for (const QJsonObject &u : longHistory(3)) {
        const auto parsed = Acp::Json::parse<Acp::SessionUpdate>(u);
        QVERIFY(parsed);
        live.apply(*parsed);
    }
    live.appendTurnEnded(Acp::StopReason::Cancelled);
    live.markUnfinishedToolCallsCancelled();
    Acp::TranscriptModel restored;
    QVERIFY(restored.restore(live.toJson()));
    QCOMPARE(restored.toJson(), live.toJson());
    QCOMPARE(restored.rowOfToolCall("c1"), live.rowOfToolCall("c1"));
    QVERIFY(!restored.restore(QJsonArray{QJsonObject{{"kind", "nonsense"}}}));
    QCOMPARE(restored.rowCount(), 0);
}

SessionView *TestResume::reopen(MainWindow &window, const FakeAgent &agent, const QString &id)
{
    SessionView *view = window.reopenSession(agent.profile(m_dir), m_project.path(), id);
    window.show();
    return view;
}

void TestResume::replayIsAtomic()
{
    // A saved transcript (what the user saw last time), and an agent that replays ~10,000 updates.
    Acp::SessionStore store(m_dir.filePath("store2"));
    store.upsert(record("s9", "Old title", m_project.path()));
    const QJsonArray old{QJsonObject{{"kind", "user"}, {"text", "from the saved copy"}},
                         QJsonObject{{"kind", "agent"}, {"text", "saved answer"}}};
    store.saveSnapshot("Fake", "s9", old);
    store.flush();
    const QList<QJsonObject> history = longHistory(1000); // 10,000 updates
    FakeAgent agent;
    agent.expect("initialize")
        .respond(
            {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}});
    agent.expect("session/load", "l");
    for (const QJsonObject &u : history)
        agent.send(update(u));
    agent.respond({}, "l").send(update(chunk("agent_message_chunk", "after the answer", "late")));

    QSettings settings(m_dir.filePath("p2.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *view = reopen(window, agent, "s9");
    // Checked at every replayed update, as it is applied: the live transcript is not shown.
    int checks = 0, violations = 0;
    connect(view->client()->connection(), &Acp::Connection::notificationReceived, this, [&] {
        ++checks;
        if (view->transcriptView() != nullptr && view->isLoading())
            ++violations;
        if (view->snapshotView() && view->snapshotView()->model()->rowCount() != 2)
            ++violations;
    });
    QTRY_VERIFY_WITH_TIMEOUT(view->snapshotView() != nullptr, 5000); // the saved copy, at once
    QTRY_VERIFY_WITH_TIMEOUT(view->isLoading() && view->replayedUpdates() > 100, 10000);
    QVERIFY(window.findChild<QLabel *>("loadingLabel")->text().contains("replayed"));
    screenshot(&window, "session-loading");
    QTRY_VERIFY_WITH_TIMEOUT(view->transcriptView() != nullptr, 30000);
    QVERIFY(checks >= 10000);
    QCOMPARE(violations, 0);
    QVERIFY(!view->snapshotView());
    QVERIFY(!view->isLoading());

    // The loaded transcript equals one built live from the same updates; the late update lands
    // after.
    Acp::TranscriptModel live;
    for (const QJsonObject &u : history)
        live.apply(*Acp::Json::parse<Acp::SessionUpdate>(u));
    live.apply(*Acp::Json::parse<Acp::SessionUpdate>(
        chunk("agent_message_chunk", "after the answer", "late")));
    QTRY_COMPARE(view->session()->transcript()->rowCount(), live.rowCount());
    QCOMPARE(view->session()->transcript()->toJson(), live.toJson());
}

void TestResume::failedLoadKeepsThePreviousView()
{
    Acp::SessionStore store(m_dir.filePath("store3"));
    store.upsert(record("s9", "Kept", m_project.path()));
    store.saveSnapshot("Fake", "s9",
                       QJsonArray{QJsonObject{{"kind", "user"}, {"text", "still here"}}});
    store.flush();
    FakeAgent agent;
    agent.expect("initialize")
        .respond(
            {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}})
        .expect("session/load");
    for (int i = 0; i < 10; ++i)
        agent.send(update(chunk("agent_message_chunk", "partial ", "p")));
    agent.respondError(-32002, "Session not found on this machine");
    QSettings settings(m_dir.filePath("p3.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *view = reopen(window, agent, "s9");
    auto *status = window.findChild<QLabel *>("agentStatus");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("Session not found on this machine"), 10000);
    QVERIFY(!view->transcriptView());
    QVERIFY(view->snapshotView());
    QCOMPARE(view->snapshotView()->model()->rowCount(), 1);
    QVERIFY(!view->isLoading());
}

void TestResume::replayWithFewerPromptsKeepsTheSavedCopy()
{
    // As gemini-cli 0.61 does: the load succeeds, but replays only a context message of its
    // own, not the two prompts the user saw. The saved copy stays, and the user is told.
    Acp::SessionStore store(m_dir.filePath("store8"));
    store.upsert(record("s9", "Two turns", m_project.path()));
    const QJsonArray saved{QJsonObject{{"kind", "user"}, {"text", "first question"}},
                           QJsonObject{{"kind", "agent"}, {"text", "first answer"}},
                           QJsonObject{{"kind", "user"}, {"text", "second question"}},
                           QJsonObject{{"kind", "agent"}, {"text", "second answer"}}};
    store.saveSnapshot("Fake", "s9", saved);
    store.flush();
    FakeAgent agent;
    expectLoadable(agent)
        .expect("session/load", "l")
        .send(update(chunk("user_message_chunk", "<session_context>", "c")))
        .respond({}, "l");
    QSettings settings(m_dir.filePath("p8.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *view = reopen(window, agent, "s9");
    QTRY_VERIFY_WITH_TIMEOUT(view->transcriptView() != nullptr && !view->isLoading(), 10000);
    QCOMPARE(view->session()->transcript()->toJson(), saved);
    auto *status = window.findChild<QLabel *>("agentStatus");
    QTRY_VERIFY(status->isVisible());
    QVERIFY2(status->text().contains("replayed only 1 of the 2 prompts"),
             qPrintable(status->text()));
    // What the inspector shows says so too.
    const QList<Acp::TrafficRecord> traffic = view->client()->connection()->trafficHistory();
    QVERIFY(std::any_of(traffic.cbegin(), traffic.cend(), [](const Acp::TrafficRecord &r) {
        return r.direction == Acp::TrafficRecord::Direction::Note
            && r.line.contains("held 1 of the 2 prompts");
    }));
}

void TestResume::replayWithTurnsTakenElsewhereIsShown()
{
    // The session went on in another client after ours saved it: the agent's replay has a
    // turn the saved copy lacks, and is what the session shows.
    Acp::SessionStore store(m_dir.filePath("store9"));
    store.upsert(record("s9", "Went on elsewhere", m_project.path()));
    store.saveSnapshot("Fake", "s9",
                       QJsonArray{QJsonObject{{"kind", "user"}, {"text", "asked here"}},
                                  QJsonObject{{"kind", "agent"}, {"text", "answered here"}},
                                  QJsonObject{{"kind", "turn_ended"}, {"stopReason", "end_turn"}}});
    store.flush();
    FakeAgent agent;
    expectLoadable(agent)
        .expect("session/load", "l")
        .send(update(chunk("user_message_chunk", "asked here", "u1")))
        .send(update(chunk("agent_message_chunk", "answered here", "a1")))
        .send(update(chunk("user_message_chunk", "asked elsewhere", "u2")))
        .send(update(chunk("agent_message_chunk", "answered elsewhere", "a2")))
        .respond({}, "l");
    QSettings settings(m_dir.filePath("p9.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *view = reopen(window, agent, "s9");
    QTRY_VERIFY_WITH_TIMEOUT(view->transcriptView() != nullptr && !view->isLoading(), 10000);
    const QJsonArray expected{QJsonObject{{"kind", "user"}, {"text", "asked here"}},
                              QJsonObject{{"kind", "agent"}, {"text", "answered here"}},
                              QJsonObject{{"kind", "user"}, {"text", "asked elsewhere"}},
                              QJsonObject{{"kind", "agent"}, {"text", "answered elsewhere"}}};
    QCOMPARE(view->session()->transcript()->toJson(), expected);
}

void TestResume::cancelledLoadKeepsThePreviousView()
{
    Acp::SessionStore store(m_dir.filePath("store4"));
    store.saveSnapshot("Fake", "s9", QJsonArray{QJsonObject{{"kind", "user"}, {"text", "before"}}});
    store.flush();
    FakeAgent agent;
    agent.expect("initialize")
        .respond(
            {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}})
        .expect("session/load", "l");
    for (int i = 0; i < 5; ++i)
        agent.send(update(chunk("agent_message_chunk", "slow ", "p")));
    agent.expect("$/cancel_request", {}, true);
    for (int i = 0; i < 5; ++i)
        agent.send(update(chunk("agent_message_chunk", "late ", "p")));
    agent.respond({}, "l");
    QSettings settings(m_dir.filePath("p4.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *view = reopen(window, agent, "s9");
    bool cancelSeen = false;
    connect(
        view->client()->connection(), &Acp::Connection::notificationReceived, this,
        [&](const Acp::Notification &n) { cancelSeen = cancelSeen || n.method == "_test/echo"; });
    QTRY_VERIFY_WITH_TIMEOUT(view->replayedUpdates() == 5, 10000);
    QTest::mouseClick(window.findChild<QPushButton *>("cancelLoadButton"), Qt::LeftButton);
    QVERIFY(!view->isLoading());
    QTRY_VERIFY(cancelSeen); // the agent was asked to stop
    QTRY_VERIFY(window.findChild<QLabel *>("agentStatus")->text().contains("cancelled"));
    QVERIFY(!view->transcriptView());
    QCOMPARE(view->snapshotView()->model()->rowCount(), 1);
}

void TestResume::browserFindsTranscriptWordsAndOpensThere()
{
    Acp::SessionStore store(m_dir.filePath("store7"));
    for (int i = 0; i < 3; ++i) {
        const QString id = QString("t%1").arg(i);
        store.upsert(record(id, QString("Session %1").arg(i), m_project.path()));
        QJsonArray rows;
        for (int r = 0; r < 40; ++r)
            rows.append(QJsonObject{{"kind", r % 2 ? "agent" : "user"},
                                    {"text", QString("Line %1 of session %2").arg(r).arg(i)}});
        if (i == 1)
            rows[27] = QJsonObject{{"kind", "agent"}, {"text", "The haystack hid a needle."}};
        store.saveSnapshot("Fake", id, rows);
    }
    store.flush();
    SessionBrowser browser(&store);
    browser.resize(960, 420);
    QAbstractItemModel *table = browser.table()->model();
    QCOMPARE(table->rowCount(), 3);
    browser.setFilter("needle"); // in no title: the transcripts are searched
    QTRY_VERIFY(!browser.isSearching());
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->index(0, 0).data().toString(), QString("Session 1"));
    QCOMPARE(table->index(0, 4).data().toString(), QString("The haystack hid a needle."));
    QVERIFY(!browser.table()->isColumnHidden(4));
    QCOMPARE(browser.findChild<QLabel *>("sessionSearchStatus")->text(),
             QString("Found in 1 session"));
    screenshot(&browser, "session-browser-search");
    QTest::mouseClick(browser.findChild<QPushButton *>("openSessionButton"), Qt::LeftButton);
    QCOMPARE(browser.chosen()->sessionId, QString("t1"));
    QCOMPARE(browser.chosenEntry(), 27);
    // Reopened there: the saved copy shows that entry while the agent loads the session.
    FakeAgent agent;
    agent.expect("initialize")
        .respond(
            {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}})
        .expect("session/load", "l")
        .op({{"op", "stall"}});
    QSettings settings(m_dir.filePath("p7.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    window.resize(900, 600);
    SessionView *view = reopen(window, agent, "t1");
    view->revealEntry(browser.chosenEntry());
    QTRY_VERIFY(view->snapshotView());
    QTRY_COMPARE(view->snapshotView()->currentIndex().row(), 27);
    QTRY_VERIFY(view->snapshotView()
                    ->visualRect(view->snapshotView()->currentIndex())
                    .intersects(view->snapshotView()->viewport()->rect()));
}

void TestResume::demoAgentSessionIsSavedAndReloaded()
{
    QTemporaryDir demoData;
    qputenv("SWITCHBOARD_DEMO_AGENT_DATA", demoData.path().toUtf8());
    Acp::SessionStore store(m_dir.filePath("store5"));
    Acp::AgentProfile demo{"Demo", QStringLiteral(SWITCHBOARD_DEMO_AGENT), {}, {}, {}, true, {},
                           {}};
    QString id;
    QJsonArray live;
    {
        QSettings settings(m_dir.filePath("p5.ini"), QSettings::IniFormat);
        Acp::ProfileStore profiles(&settings);
        MainWindow window(&profiles, nullptr, &store);
        SessionView *view = window.openSession(demo, m_project.path());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(view->session(), 10000);
        connect(view->session(), &Acp::ClientSession::permissionRequested, this,
                [view](const Acp::PendingPermission &p) {
                    view->session()->answerPermission(p.handle, "allow-once");
                });
        view->submit("Remember this");
        QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QPushButton *>("sendButton")->text(),
                                  QString("Send"), 20000);
        id = view->session()->sessionId();
        live = view->session()->transcript()->toJson();
        store.flush();
        QCOMPARE(store.session("Demo", id)->title, QString("Remember this"));
    }
    // A new window (as after a restart) reopens it from the browser's record: the demo agent
    // replays it, and as its replay brings nothing new, what the user sees is exactly what they
    // saw live (the saved copy, with the client's own turn-end rows).
    QSettings settings(m_dir.filePath("p6.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *view = window.reopenSession(demo, store.session("Demo", id)->cwd, id);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(view->transcriptView() != nullptr, 20000);
    QVERIFY(view->replayedUpdates() > 0); // loaded by the agent, not only read back
    QCOMPARE(view->session()->transcript()->toJson(), live);
}

void TestResume::browserSearchesAndForgets()
{
    Acp::SessionStore store(m_dir.filePath("store6"));
    const QStringList titles{"Fix the login bug", "Write release notes", "Refactor the parser",
                             "Add dark mode", "Speed up CI"};
    for (int i = 0; i < titles.size(); ++i) {
        Acp::StoredSession s = record(QString("s%1").arg(i), titles.at(i),
                                      QString("/home/ada/project%1").arg(i % 2));
        s.updatedAt = QDateTime::currentDateTimeUtc().addSecs(-3600 * i);
        store.upsert(s);
    }
    SessionBrowser browser(&store);
    browser.resize(860, 360);
    QAbstractItemModel *table = browser.table()->model();
    const auto cell = [](QAbstractItemModel *m, int row, int column) {
        return m->index(row, column).data().toString();
    };
    QCOMPARE(table->rowCount(), 5);
    QCOMPARE(cell(table, 0, 0), QString("Fix the login bug")); // newest first
    screenshot(&browser, "session-browser");
    browser.setFilter("THE"); // "Fix the login bug", "Refactor the parser"
    QCOMPARE(table->rowCount(), 2);
    browser.setFilter("parser");
    QCOMPARE(table->rowCount(), 1);
    QTRY_VERIFY(!browser.isSearching()); // the transcripts too: none has the word
    QCOMPARE(table->rowCount(), 1);
    QTest::mouseClick(browser.findChild<QPushButton *>("openSessionButton"), Qt::LeftButton);
    QCOMPARE(browser.chosen()->sessionId, QString("s2"));
    QCOMPARE(browser.chosenEntry(), -1);

    // What the agent lists joins the local sessions; one known to both shows once.
    SessionBrowser merged(&store);
    Acp::SessionInfo known{"s0", "/home/ada/project0", {}, QString("Fix the login bug"), {}, {}};
    Acp::SessionInfo fromAgent{"agent-only",
                               "/home/ada/elsewhere",
                               {},
                               QString("Started in another client"),
                               QString("2026-11-20T10:00:00Z"),
                               {}};
    merged.addAgentSessions("Fake", {known, fromAgent});
    QAbstractItemModel *mergedTable = merged.table()->model();
    QCOMPARE(mergedTable->rowCount(), 6);
    merged.setFilter("another client");
    QCOMPARE(mergedTable->rowCount(), 1);
    QCOMPARE(cell(mergedTable, 0, 2), QString("/home/ada/elsewhere"));
    // Filtered by directory.
    merged.setFilter(QString());
    merged.setDirectory("/home/ada/project1");
    QCOMPARE(mergedTable->rowCount(), 2);
    for (int row = 0; row < mergedTable->rowCount(); ++row)
        QCOMPARE(cell(mergedTable, row, 2), QString("/home/ada/project1"));
}

void TestResume::crashThenRestartResumesTheSameSession()
{
    Acp::SessionStore store(m_dir.filePath("store7"));
    FakeAgent first;
    first.expect("initialize")
        .respond(
            {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}})
        .expect("session/new")
        .respond({{"sessionId", "s9"}})
        .expect("session/prompt")
        .send(update(chunk("agent_message_chunk", "half an answer", "a")))
        .op({{"op", "crash"}, {"signal", 9}});
    const Acp::ProcessOptions process = first.options(m_dir);
    QSettings settings(m_dir.filePath("p7.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *crashed = window.openSession(
        {"Fake", process.program, process.arguments, {}, {}, false, {}, {}}, m_project.path());
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(crashed->session(), 10000);
    crashed->submit("Go");
    auto *restart = crashed->findChild<QPushButton *>("restartAgentButton");
    QTRY_VERIFY_WITH_TIMEOUT(restart->isVisible(), 10000);
    // The next start of the same command is an agent that replays the session.
    FakeAgent second;
    second.expect("initialize")
        .respond(
            {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}})
        .expect("session/load", "l", true)
        .send(update(chunk("user_message_chunk", "Go", "u")))
        .send(update(chunk("agent_message_chunk", "half an answer", "a")))
        .respond({}, "l");
    {
        QFile scenario(process.arguments.first());
        QVERIFY(scenario.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QTemporaryDir scratch;
        QFile secondFile(second.options(scratch).arguments.first());
        QVERIFY(secondFile.open(QIODevice::ReadOnly));
        scenario.write(secondFile.readAll());
    }
    QTest::mouseClick(restart, Qt::LeftButton);
    QTRY_COMPARE(window.sessions().size(), 2);
    SessionView *resumed = window.sessions().last();
    QTRY_VERIFY_WITH_TIMEOUT(resumed->transcriptView() != nullptr, 10000);
    QCOMPARE(resumed->session()->sessionId(), QString("s9"));
    QCOMPARE(resumed->session()->transcript()->entry(1).text, QString("half an answer"));
    // The crashed tab is still there with its transcript.
    QVERIFY(crashed->session()->transcript()->rowCount() >= 2);
}

void TestResume::resumeWhenPossibleLoadWhenAsked()
{
    QSettings().remove("reopen/Fake"); // no remembered choice from an earlier run
    Acp::SessionStore store(m_dir.filePath("store8"));
    store.saveSnapshot("Fake", "s9",
                       QJsonArray{QJsonObject{{"kind", "user"}, {"text", "saved question"}},
                                  QJsonObject{{"kind", "agent"}, {"text", "saved answer"}}});
    store.flush();
    const QJsonObject both{{"loadSession", true},
                           {"sessionCapabilities", QJsonObject{{"resume", QJsonObject{}}}}};
    FakeAgent resumer;
    resumer.expect("initialize")
        .respond({{"protocolVersion", 1}, {"agentCapabilities", both}})
        .expect("session/resume", "r", true)
        .respond({}, "r");
    QSettings settings(m_dir.filePath("p8.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    {
        MainWindow window(&profiles, nullptr, &store);
        SessionView *view = reopen(window, resumer, "s9");
        QTRY_VERIFY_WITH_TIMEOUT(view->transcriptView() != nullptr, 10000);
        // Resumed (no replay): the saved copy is the transcript, and the session goes on.
        QCOMPARE(view->session()->transcript()->rowCount(), 2);
        QCOMPARE(view->session()->transcript()->entry(1).text, QString("saved answer"));
    }
    // "Load full history" replays instead.
    FakeAgent loader;
    loader.expect("initialize")
        .respond({{"protocolVersion", 1}, {"agentCapabilities", both}})
        .expect("session/load", "l")
        .send(update(chunk("user_message_chunk", "replayed question", "u")))
        .respond({}, "l");
    MainWindow window(&profiles, nullptr, &store);
    const Acp::ProcessOptions process = loader.options(m_dir);
    SessionView *view
        = window.reopenSession({"Fake", process.program, process.arguments, {}, {}, false, {}, {}},
                               m_project.path(), "s9", int(SessionView::ReopenMode::LoadHistory));
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(view->transcriptView() != nullptr, 10000);
    QCOMPARE(view->session()->transcript()->rowCount(), 1);
    QCOMPARE(view->session()->transcript()->entry(0).text, QString("replayed question"));
    // The choice is remembered for this agent.
    QCOMPARE(QSettings().value("reopen/Fake").toString(), QString("load"));
    QSettings().remove("reopen/Fake");
}

void TestResume::lastSessionsReopenAfterARestart()
{
    QTemporaryDir demoData;
    qputenv("SWITCHBOARD_DEMO_AGENT_DATA", demoData.path().toUtf8());
    Acp::SessionStore store(m_dir.filePath("store9"));
    QSettings profileSettings(m_dir.filePath("p9.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&profileSettings);
    profiles.setProfiles(
        {{"Demo", QStringLiteral(SWITCHBOARD_DEMO_AGENT), {}, {}, {}, false, {}, {}}});
    QString id;
    {
        MainWindow window(&profiles, nullptr, &store);
        SessionView *view = window.openSession(profiles.profiles().first(), m_project.path());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(view->session(), 10000);
        id = view->session()->sessionId();
        window.close(); // remembers what was open
    }
    MainWindow window(&profiles, nullptr, &store);
    QSettings().setValue("reopenLastSessions", false); // the setting turns it off
    QCOMPARE(window.reopenLastSessions(), 0);
    QSettings().setValue("reopenLastSessions", true);
    QCOMPARE(window.reopenLastSessions(), 1);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.currentSession() && window.currentSession()->session(), 10000);
    QCOMPARE(window.currentSession()->session()->sessionId(), id);
}

void TestResume::journalKeepsWhatCameAfterTheSnapshot()
{
    // A turn streams and never ends (the app "crashes" mid-turn): what reached the transcript is
    // on disk within a moment, snapshot plus journal, as a new process would read it.
    Acp::SessionStore store(m_dir.filePath("store10"));
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s9"}})
        .expect("session/prompt");
    for (int i = 0; i < 50; ++i)
        agent.send(update(chunk("agent_message_chunk", QString("word%1 ").arg(i), "a")));
    agent.send(update({{"sessionUpdate", "tool_call"},
                       {"toolCallId", "c1"},
                       {"title", "Edit"},
                       {"status", "in_progress"}}));
    agent.op({{"op", "stall"}});
    QSettings settings(m_dir.filePath("p10.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *view = window.openSession(agent.profile(m_dir), m_project.path());
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(view->session(), 10000);
    view->submit("Start");
    QTRY_VERIFY_WITH_TIMEOUT(view->session()->transcript()->rowOfToolCall("c1") >= 0, 10000);
    const QJsonArray live = view->session()->transcript()->toJson();
    // Read back as after a restart (a second store over the same folder).
    Acp::SessionStore reader(m_dir.filePath("store10"));
    const auto onDisk = [&] {
        QJsonArray rows, journal;
        bool done = false;
        reader.loadSnapshot("Fake", "s9", this, [&](const QJsonArray &r, const QJsonArray &j) {
            rows = r;
            journal = j;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            return QJsonArray();
        Acp::TranscriptModel restored;
        restored.restore(rows);
        for (const QJsonValue &u : journal)
            restored.apply(*Acp::Json::parse<Acp::SessionUpdate>(u));
        return restored.toJson();
    };
    // Within 1 s: the journal is written every 100 ms (a snapshot alone would take 1.5 s).
    QTRY_COMPARE_WITH_TIMEOUT(onDisk(), live, 1000);
}

void TestResume::aLateReplayIsTheSameInTheWindowAndTheCli()
{
    // An agent that answers session/load first and replays after it (some real agents do).
    // The window and switchboard-cli reopen through the same SessionController: both wait
    // for the late replay, and both have the same transcript when the session is handed over.
    FakeAgent agent;
    agent.expect("initialize")
        .respond(
            {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}})
        .expect("session/load", "l")
        .respond({}, "l")
        .sleep(50)
        .send(update(chunk("user_message_chunk", "the earlier question", "u1"), "late1"))
        .sleep(100)
        .send(update(chunk("agent_message_chunk", "the earlier answer", "a1"), "late1"));
    const QStringList expected{"user: the earlier question", "agent: the earlier answer"};
    const auto rowsOf = [](const Acp::TranscriptModel *model) {
        QStringList rows;
        for (const Acp::TranscriptEntry &e : model->entries())
            rows << QStringLiteral("%1: %2").arg(
                e.kind == Acp::TranscriptEntry::Kind::UserMessage ? "user" : "agent", e.text);
        return rows;
    };

    Acp::SessionStore store(m_dir.filePath("store-late"));
    QSettings settings(m_dir.filePath("p-late.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *view = reopen(window, agent, "late1");
    QStringList atReady;
    connect(view, &SessionView::sessionReady, this,
            [&](Acp::ClientSession *session) { atReady = rowsOf(session->transcript()); });
    QTRY_VERIFY_WITH_TIMEOUT(view->transcriptView() != nullptr, 10000);
    QCOMPARE(atReady, expected); // handed over whole, not filled in afterwards

    QProcess cli;
    cli.setProcessEnvironment(TestSupport::isolatedEnvironment(m_dir.filePath("cli")));
    cli.start(QStringLiteral(SWITCHBOARD_CLI),
              {"load", "--session", "late1", "--json", "--cwd", m_project.path(), "--exec",
               TestSupport::execLine(agent.options(m_dir))});
    QSignalSpy finished(&cli, &QProcess::finished);
    QVERIFY(finished.wait(30000));
    QCOMPARE(cli.exitCode(), 0);
    QStringList printed;
    for (const QByteArray &line : cli.readAllStandardOutput().split('\n')) {
        const QJsonObject row = QJsonDocument::fromJson(line).object();
        if (!row.isEmpty())
            printed << QStringLiteral("%1: %2").arg(row["kind"].toString(), row["text"].toString());
    }
    QCOMPARE(printed, expected);
}

void TestResume::aLateReplayAfterAPreambleIsWaitedFor()
{
    // As gemini-cli 0.61 does: a context message of its own in the user's name, the answer,
    // then the history. The preamble is not the replay: the history is waited for.
    FakeAgent agent;
    expectLoadable(agent)
        .expect("session/load", "l")
        .send(update(chunk("user_message_chunk", "<session_context>", "c"), "late2"))
        .respond({}, "l")
        .sleep(50)
        .send(update(chunk("user_message_chunk", "the earlier question", "u1"), "late2"))
        .sleep(100)
        .send(update(chunk("agent_message_chunk", "the earlier answer", "a1"), "late2"));
    Acp::SessionStore store(m_dir.filePath("store-late2"));
    QSettings settings(m_dir.filePath("p-late2.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *view = reopen(window, agent, "late2");
    int rowsAtReady = -1;
    connect(view, &SessionView::sessionReady, this,
            [&](Acp::ClientSession *session) { rowsAtReady = session->transcript()->rowCount(); });
    QTRY_VERIFY_WITH_TIMEOUT(view->transcriptView() != nullptr, 10000);
    QCOMPARE(rowsAtReady, 3); // the preamble, the question and the answer, handed over whole
}

QTEST_MAIN(TestResume)
#include "tst_resume.moc"
