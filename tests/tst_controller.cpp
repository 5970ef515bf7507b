// Acp::SessionController, headless: what it does for every front end before and around the
// session (the prompts typed while the agent starts, the agent's own error when it fails).

#include "fakeagent.h"
#include "sessioncontroller.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;

class TestController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void promptsTypedWhileStartingGoInOrder();
    void anAgentErrorKeepsItsCodeAndData();

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_project;
};

void TestController::promptsTypedWhileStartingGoInOrder()
{
    // The user types before the agent is ready: the prompts wait in the controller, one is
    // taken back, and the others reach the agent in the order typed once the session is open.
    FakeAgent agent;
    agent.sleep(300)
        .expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "q1"}})
        .expect("session/prompt", {}, true)
        .respond({{"stopReason", "end_turn"}})
        .expect("session/prompt", {}, true)
        .respond({{"stopReason", "end_turn"}});
    Acp::SessionController::Options options;
    options.profile = agent.profile(m_dir);
    options.cwd = m_project.path();
    Acp::SessionController controller(options);
    QStringList sent;
    connect(&controller, &Acp::SessionController::agentStarting, this,
            [&](Acp::AgentClient *client) {
                connect(client->connection(), &Acp::Connection::notificationReceived, this,
                        [&](const Acp::Notification &n) {
                            if (n.method == "_test/echo")
                                sent << n.params["params"]["prompt"][0]["text"].toString();
                        });
            });
    controller.start();
    for (const char *text : {"first", "second", "third"})
        controller.submit(text, {Acp::ContentBlock::fromText(text)});
    QCOMPARE(controller.stage(), Acp::SessionController::Stage::Starting);
    const QList<Acp::QueuedPrompt> waiting = controller.queuedPrompts();
    QCOMPARE(waiting.size(), 3);
    QVERIFY(controller.removeQueuedPrompt(waiting[1].id));
    QCOMPARE(controller.queuedPrompts().size(), 2);

    QTRY_COMPARE_WITH_TIMEOUT(sent, QStringList({"first", "third"}), 10000);
    QTRY_COMPARE(controller.queuedPrompts().size(), 0);
    QStringList users;
    for (const Acp::TranscriptEntry &e : controller.session()->transcript()->entries()) {
        if (e.kind == Acp::TranscriptEntry::Kind::UserMessage)
            users << e.text;
    }
    QCOMPARE(users, QStringList({"first", "third"}));
}

void TestController::anAgentErrorKeepsItsCodeAndData()
{
    // The agent refuses session/new with its own code and data: the failure the front ends
    // get carries both, not only a sentence.
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respondError(-32603, "over quota", QJsonObject{{"reason", "monthly quota used up"}});
    Acp::SessionController::Options options;
    options.profile = agent.profile(m_dir);
    options.cwd = m_project.path();
    Acp::SessionController controller(options);
    QSignalSpy failed(&controller, &Acp::SessionController::failed);
    controller.start();
    QVERIFY(failed.wait(10000));
    const auto failure = failed.at(0).at(0).value<Acp::SessionController::Failure>();
    QCOMPARE(failure.stage, Acp::SessionController::Stage::Opening);
    QVERIFY2(failure.message.contains("over quota"), qPrintable(failure.message));
    QVERIFY(failure.agentError);
    QCOMPARE(failure.agentError->code, -32603);
    QCOMPARE(failure.agentError->dataText(), QString(R"({"reason":"monthly quota used up"})"));
}

QTEST_GUILESS_MAIN(TestController)
#include "tst_controller.moc"
