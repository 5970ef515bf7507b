// The bundled demo agent, driven end to end by the real engine: a whole turn (permission
// granted, file written, command run, plan completed), then session/list and session/load in a
// fresh client, whose replayed transcript matches what was seen live.

#include "agentclient.h"
#include "terminalservice.h"
#include "trafficvalidator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Acp;
using namespace TestSupport;

class TestDemoAgent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void wholeTurnThenLoad();
    void rejectedEditWritesNothing();
    void cancelEndsTheTurn();

private:
    ProcessOptions agent() const;
    ClientSession *open(AgentClient &client);

    QTemporaryDir m_data;
    QTemporaryDir m_project;
};

void TestDemoAgent::initTestCase()
{
    QFile readme(m_project.filePath("README.md"));
    QVERIFY(readme.open(QIODevice::WriteOnly));
    readme.write("# A test project\n\nUsed by tst_demoagent.\n");
}

ProcessOptions TestDemoAgent::agent() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("SWITCHBOARD_DEMO_AGENT_DATA", m_data.path());
    return {QStringLiteral(SWITCHBOARD_DEMO_AGENT), {}, env, {}, {}};
}

ClientSession *TestDemoAgent::open(AgentClient &client)
{
    client.start(agent());
    if (!QTest::qWaitFor([&] { return client.state() == AgentClient::State::Ready; }, 5000))
        return nullptr;
    ClientSession *session = nullptr;
    SessionSetup setup;
    setup.cwd = m_project.path();
    client.newSession(setup,
                      [&](ClientSession *s, const Acp::AgentClient::OpenError &) { session = s; });
    return QTest::qWaitFor([&] { return session != nullptr; }, 5000) ? session : nullptr;
}

void TestDemoAgent::wholeTurnThenLoad()
{
    QFile::remove(m_project.filePath("switchboard-demo.txt"));
    QJsonArray live;
    QString sessionId;
    {
        AgentClient client{AgentClient::Options{}};
        TrafficValidator traffic(client.connection());
        ClientSession *session = open(client);
        QVERIFY(session);
        QCOMPARE(client.agent().agentInfo->displayName(), QString("Demo agent (scripted, no AI)"));
        QTRY_COMPARE(session->commands().size(), 2);
        QCOMPARE(session->modes()->currentModeId, QString("code"));
        QCOMPARE(session->configOptions().size(), 1);
        connect(session, &ClientSession::permissionRequested, this,
                [session](const PendingPermission &p) {
                    session->answerPermission(p.handle, "allow-once");
                });
        QSignalSpy ended(session, &ClientSession::turnEnded);
        session->prompt("Say hello");
        QVERIFY(ended.wait(20000));
        QVERIFY2(ended.first().first().value<StopReason>() == StopReason::EndTurn,
                 QJsonDocument(session->transcript()->toJson()).toJson().constData());

        QFile written(m_project.filePath("switchboard-demo.txt"));
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(), QByteArray("Hello from the demo agent, turn 1.\n"));
        TranscriptModel *t = session->transcript();
        const ToolCall &read = t->entry(t->rowOfToolCall("read-1")).toolCall;
        QVERIFY(read.status == ToolCallStatus::Completed);
        QVERIFY(read.content.first().content.text.contains("A test project"));
        QVERIFY(t->entry(t->rowOfToolCall("edit-1")).toolCall.status == ToolCallStatus::Completed);
        const ToolCall &run = t->entry(t->rowOfToolCall("run-1")).toolCall;
        QVERIFY(run.status == ToolCallStatus::Completed);
        const QString terminalId = run.content.first().terminalId;
        QVERIFY(client.terminals()->terminal(terminalId)->output().contains("step 3 of 3"));
        QVERIFY(t->entry(t->rowOfPlan()).plan.entries.last().status
                == PlanEntry::Status::Completed);
        QCOMPARE(session->title(), QString("Say hello"));
        QVERIFY(session->usage()->used > 0);
        bool sawTable = false;
        for (const TranscriptEntry &e : t->entries())
            sawTable = sawTable || e.text.contains("| Step | What | Status |");
        QVERIFY(sawTable);
        QVERIFY2(traffic.validate().isEmpty(), qPrintable(traffic.validate()));
        live = t->toJson();
        sessionId = session->sessionId();
        client.shutdown();
        QTRY_COMPARE(client.connection()->state(), Connection::State::Closed);
    }

    // A fresh agent process lists and replays it.
    AgentClient client{AgentClient::Options{}};
    client.start(agent());
    QTRY_COMPARE(client.state(), AgentClient::State::Ready);
    QList<SessionInfo> listed;
    client.listSessions(m_project.path(),
                        [&](const QList<SessionInfo> &s, const QString &) { listed = s; });
    QTRY_VERIFY(!listed.isEmpty());
    QCOMPARE(listed.first().sessionId, sessionId);
    QCOMPARE(listed.first().title, std::optional<QString>("Say hello"));
    ClientSession *loaded = nullptr;
    SessionSetup setup;
    setup.cwd = m_project.path();
    setup.sessionId = sessionId;
    client.loadSession(setup,
                       [&](ClientSession *s, const Acp::AgentClient::OpenError &) { loaded = s; });
    QTRY_VERIFY(loaded);
    // The replay has no turn-ended rows and no output of our terminals (those are the
    // client's own: SessionController puts the output back from the saved copy); the rest is
    // identical.
    QJsonArray liveWithoutTurnEnds;
    for (const QJsonValue &row : live) {
        QJsonObject o = row.toObject();
        o.remove("commands");
        if (o["kind"] != "turn_ended")
            liveWithoutTurnEnds.append(o);
    }
    QCOMPARE(loaded->transcript()->toJson(), liveWithoutTurnEnds);
}

void TestDemoAgent::rejectedEditWritesNothing()
{
    QFile::remove(m_project.filePath("switchboard-demo.txt"));
    AgentClient client{AgentClient::Options{}};
    ClientSession *session = open(client);
    QVERIFY(session);
    connect(session, &ClientSession::permissionRequested, this,
            [session](const PendingPermission &p) {
                session->answerPermission(p.handle, "reject-once");
            });
    QSignalSpy ended(session, &ClientSession::turnEnded);
    session->prompt("Try to edit");
    QVERIFY(ended.wait(20000));
    QVERIFY(!QFile::exists(m_project.filePath("switchboard-demo.txt")));
    TranscriptModel *t = session->transcript();
    QVERIFY(t->entry(t->rowOfToolCall("edit-1")).toolCall.status == ToolCallStatus::Failed);
}

void TestDemoAgent::cancelEndsTheTurn()
{
    AgentClient client{AgentClient::Options{}};
    ClientSession *session = open(client);
    QVERIFY(session);
    connect(session, &ClientSession::permissionRequested, this, [session] { session->cancel(); });
    QSignalSpy ended(session, &ClientSession::turnEnded);
    session->prompt("Start and stop");
    QVERIFY(ended.wait(20000));
    QVERIFY(ended.first().first().value<StopReason>() == StopReason::Cancelled);
    TranscriptModel *t = session->transcript();
    QVERIFY(t->entry(t->rowOfToolCall("edit-1")).cancelledByClient);
}

QTEST_GUILESS_MAIN(TestDemoAgent)
#include "tst_demoagent.moc"
