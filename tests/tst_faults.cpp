// Fault injection in the real window: the agent dies at each step of the protocol. Whatever
// the step, the app neither crashes nor hangs, says what happened in words, keeps what the
// transcript already had, and leaves files whole. (The connection-level faults, bad input and
// stalls are in tst_requests, tst_barrier and tst_disconnect; tests/README.md lists them all.)

#include "agentclient.h"
#include "fakeagent.h"
#include "mainwindow.h"
#include "sessionstore.h"
#include "sessionview.h"
#include "terminalservice.h"
#include "transcriptview.h"

#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;
using Ui::MainWindow;
using Ui::SessionView;

class TestFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void agentDiesAtEachStep_data();
    void agentDiesAtEachStep();
    void agentDiesDuringAReplayKeepsTheSavedTranscript();
    void stalledAgentIsGivenUpOn_data();
    void stalledAgentIsGivenUpOn();
    void closingNeverWaitsForAStalledAgent();
    void everyCommandIsShown_data();
    void everyCommandIsShown();

private:
    QTemporaryDir m_data;
    QTemporaryDir m_project;
};

void TestFaults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_data.isValid() && m_project.isValid());
}

void TestFaults::agentDiesAtEachStep_data()
{
    QTest::addColumn<QString>("step");
    QTest::addColumn<QString>("message"); // what the status banner must say
    QTest::addColumn<bool>("hadSession"); // a session was open: its transcript must survive
    QTest::newRow("before initialize") << "before initialize"
                                       << "did not initialize" << false;
    QTest::newRow("during initialize") << "during initialize"
                                       << "did not initialize" << false;
    QTest::newRow("during session/new") << "during session/new"
                                        << "No session" << false;
    QTest::newRow("mid-stream") << "mid-stream"
                                << "The agent has stopped" << true;
    QTest::newRow("permission pending") << "permission pending"
                                        << "The agent has stopped" << true;
    QTest::newRow("during a file write") << "during a file write"
                                         << "The agent has stopped" << true;
}

void TestFaults::agentDiesAtEachStep()
{
    QFETCH(QString, step);
    QFETCH(QString, message);
    QFETCH(bool, hadSession);
    const QString file = m_project.filePath("kept.txt");
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("the old content\n");
    }
    FakeAgent agent;
    agent.stderrText("agent: about to fail\n");
    if (step != "before initialize") {
        agent.expect("initialize");
        if (step != "during initialize") {
            agent.respond({{"protocolVersion", 1},
                           {"agentCapabilities", QJsonObject{{"loadSession", true}}}});
            agent.expect("session/new");
            if (step != "during session/new") {
                agent.respond({{"sessionId", "s1"}})
                    .expect("session/prompt")
                    .send(sessionUpdate("s1", textChunk("agent_message_chunk", "Before the fall")));
                if (step == "permission pending") {
                    agent.send(agentRequest(
                        7, "session/request_permission",
                        {{"sessionId", "s1"},
                         {"toolCall", QJsonObject{{"toolCallId", "c1"}, {"title", "Edit"}}},
                         {"options",
                          QJsonArray{QJsonObject{
                              {"optionId", "ok"}, {"name", "Allow"}, {"kind", "allow_once"}}}}}));
                } else if (step == "during a file write") {
                    agent.send(agentRequest(
                        8, "fs/write_text_file",
                        {{"sessionId", "s1"}, {"path", file}, {"content", QString(200000, u'n')}}));
                }
            }
        }
    }
    agent.op({{"op", "crash"}, {"signal", 9}});

    QSettings settings(m_data.filePath("profiles.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    SessionView *view = window.openSession(agent.profile(m_data), m_project.path());
    window.show();
    if (hadSession) {
        QTRY_VERIFY_WITH_TIMEOUT(view->session(), 10000);
        view->submit("Go");
    }
    auto *status = window.findChild<QLabel *>("agentStatus");
    QTRY_VERIFY2_WITH_TIMEOUT(status->isVisible() && status->text().contains(message),
                              qPrintable(status->text()), 15000);
    QVERIFY2(status->text().contains("about to fail"), qPrintable(status->text())); // stderr
    QVERIFY(window.findChild<QPushButton *>("restartAgentButton")->isVisible());
    if (hadSession) {
        bool kept = false;
        for (const auto &e : view->session()->transcript()->entries())
            kept = kept || e.text == "Before the fall";
        QVERIFY(kept);
        QCOMPARE(view->session()->turnState(), Acp::ClientSession::TurnState::Idle);
        // A pending permission card goes away: there is nobody left to answer.
        QTRY_VERIFY(!window.findChild<QWidget *>("permissionCard"));
    }
    // The file is either untouched or fully written, never half.
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    QVERIFY(content == "the old content\n" || content == QByteArray(200000, 'n'));
}

void TestFaults::agentDiesDuringAReplayKeepsTheSavedTranscript()
{
    // A session saved earlier; reopening it, the agent dies halfway through its replay.
    Acp::SessionStore store(m_data.filePath("store"));
    store.upsert({"Fake", "s1", m_project.path(), "Earlier work", {}, {}});
    store.saveSnapshot("Fake", "s1",
                       QJsonArray{QJsonObject{{"kind", "user"}, {"text", "saved question"}},
                                  QJsonObject{{"kind", "agent"}, {"text", "saved answer"}}});
    store.flush();
    FakeAgent agent;
    agent.expect("initialize")
        .respond(
            {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}})
        .expect("session/load");
    for (int i = 0; i < 50; ++i)
        agent.send(sessionUpdate("s1", textChunk("agent_message_chunk", "replayed ")));
    agent.op({{"op", "crash"}, {"signal", 9}});
    QSettings settings(m_data.filePath("profiles-replay.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    SessionView *view = window.reopenSession(agent.profile(m_data), m_project.path(), "s1");
    window.show();
    auto *status = window.findChild<QLabel *>("agentStatus");
    QTRY_VERIFY_WITH_TIMEOUT(status->isVisible() && status->text().contains("could not be opened"),
                             15000);
    QVERIFY(!view->isLoading());
    // What is shown is the saved transcript, whole; never the half-replayed one.
    QVERIFY(!view->transcriptView());
    QVERIFY(view->snapshotView());
    QCOMPARE(view->snapshotView()->model()->rowCount(), 2);
    QVERIFY(window.findChild<QPushButton *>("restartAgentButton")->isVisible());
}

void TestFaults::stalledAgentIsGivenUpOn_data()
{
    QTest::addColumn<QString>("step");
    QTest::newRow("initialize") << "initialize";
    QTest::newRow("session/new") << "session/new";
}

void TestFaults::stalledAgentIsGivenUpOn()
{
    // The agent takes the request and never answers (nor reads anything more).
    QFETCH(QString, step);
    FakeAgent agent;
    agent.expect("initialize");
    if (step == "session/new")
        agent.respond({{"protocolVersion", 1}}).expect("session/new");
    agent.op({{"op", "stall"}});
    Acp::AgentClient::Options options;
    options.initializeTimeout = std::chrono::milliseconds(300);
    options.newSessionTimeout = std::chrono::milliseconds(300);
    options.connection.exitGracePeriod = std::chrono::milliseconds(100);
    Acp::AgentClient client(options);
    client.start(agent.options(m_data));
    if (step == "initialize") {
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), Acp::AgentClient::State::Failed, 10000);
        QVERIFY2(client.errorString().contains("did not answer in time"),
                 qPrintable(client.errorString()));
        return;
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Acp::AgentClient::State::Ready, 10000);
    QString error = "pending";
    Acp::SessionSetup setup;
    setup.cwd = m_project.path();
    client.newSession(setup, [&](Acp::ClientSession *, const Acp::AgentClient::OpenError &e) {
        error = e.message;
    });
    QTRY_VERIFY_WITH_TIMEOUT(error != "pending", 10000);
    QVERIFY2(error.contains("did not answer in time"), qPrintable(error));
}

void TestFaults::closingNeverWaitsForAStalledAgent()
{
    // Mid-turn, the agent stops reading and ignores SIGTERM. Closing the window tears
    // everything down at once, and the agent does not outlive it.
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .op({{"op", "ignore_sigterm"}})
        .expect("session/prompt")
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "thinking forever")))
        .op({{"op", "stall"}});
    const Acp::AgentProfile profile = agent.profile(m_data);
    QSettings settings(m_data.filePath("profiles-close.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    auto window = std::make_unique<MainWindow>(&profiles);
    SessionView *view = window->openSession(profile, m_project.path());
    window->show();
    QTRY_VERIFY_WITH_TIMEOUT(view->session(), 10000);
    view->submit("Go");
    QTRY_VERIFY_WITH_TIMEOUT(view->session()->transcript()->rowCount() >= 2, 10000);
    QVERIFY(processRunning(profile.arguments.constLast()));
    window->close();
    window.reset(); // returns: nothing waits for the agent
    QTRY_VERIFY_WITH_TIMEOUT(!processRunning(profile.arguments.constLast()), 10000);
}

void TestFaults::everyCommandIsShown_data()
{
    QTest::addColumn<bool>("embedded"); // the agent shows it in a tool call of its own
    QTest::newRow("hidden by the agent") << false;
    QTest::newRow("embedded by the agent") << true;
}

void TestFaults::everyCommandIsShown()
{
    QFETCH(bool, embedded);
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .expect("session/prompt")
        .send(agentRequest(5, "terminal/create",
                           {{"sessionId", "s1"},
                            {"command", "sh"},
                            {"args", QJsonArray{"-c", "echo quietly; exit 3"}}}))
        .op({{"op", "expect_response"}, {"id", 5}});
    if (embedded) {
        agent.send(sessionUpdate(
            "s1",
            {{"sessionUpdate", "tool_call"},
             {"toolCallId", "run"},
             {"title", "Run the checks"},
             {"kind", "execute"},
             {"content",
              QJsonArray{QJsonObject{{"type", "terminal"}, {"terminalId", "term-1"}}}}}));
    }
    agent.op({{"op", "stall"}});
    Acp::AgentClient client(Acp::AgentClient::Options{});
    client.start(agent.options(m_data));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Acp::AgentClient::State::Ready, 10000);
    Acp::ClientSession *session = nullptr;
    Acp::SessionSetup setup;
    setup.cwd = m_project.path();
    client.newSession(
        setup, [&](Acp::ClientSession *s, const Acp::AgentClient::OpenError &) { session = s; });
    QTRY_VERIFY_WITH_TIMEOUT(session, 10000);
    session->prompt({Acp::ContentBlock::fromText("go")});
    const Acp::TranscriptModel *model = session->transcript();
    if (!embedded) {
        // Shown by us, with how it ended.
        int row = -1;
        QTRY_VERIFY_WITH_TIMEOUT((row = model->rowOfToolCall("switchboard-terminal-term-1")) >= 0,
                                 10000);
        QTRY_COMPARE_WITH_TIMEOUT(model->entry(row).toolCall.status,
                                  std::optional(Acp::ToolCallStatus::Failed), 10000);
        QCOMPARE(model->entry(row).toolCall.title, QString("Command: sh -c echo quietly; exit 3"));
        QVERIFY(model->showsTerminal("term-1"));
        return;
    }
    // Shown by the agent's own tool call: not twice.
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOfToolCall("run") >= 0, 10000);
    Acp::Terminal *terminal = client.terminals()->terminal("term-1");
    QVERIFY(terminal);
    QTRY_VERIFY_WITH_TIMEOUT(terminal->hasExited(), 10000);
    // Nothing must appear: wait out the delay after which a hidden command is shown (a check
    // that something does not happen, not synchronisation).
    QTest::qWait(int(Acp::ClientSession::HiddenCommandDelay.count()) + 300);
    QCOMPARE(model->rowOfToolCall("switchboard-terminal-term-1"), -1);
}

QTEST_MAIN(TestFaults)
#include "tst_faults.moc"
