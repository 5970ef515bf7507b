// The client session engine against the scripted fake agent: the whole lifecycle, cancellation,
// queueing, isolation, gating, and the unevenness of real agents.

#include "agentclient.h"
#include "fakeagent.h"
#include "methods.h"
#include "sessionharness.h"
#include "trafficvalidator.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace TestSupport;
using namespace Acp;

class TestSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fullLifecycle();
    void cancelAnswersPendingPermissions();
    void sessionsAreIsolated();
    void oversizedToolCallUpdateIsSaidOnTheToolCall();
    void promptsTypedDuringATurnAreQueued();
    void unsupportedVersionIsRefused();
    void capabilityGating();
    void replayAfterLoadResponseIsAppended();
    void modesConfigOptionsCloseAndDelete();
    void permissionForAnUnannouncedToolCall();
    void terminalLoginRunsTheAgentCommand();

private:
    QTemporaryDir m_dir;
};

void TestSession::fullLifecycle()
{
    QTemporaryDir project;
    const QString cwd = project.path();
    const QString file = cwd + "/main.cpp";
    FakeAgent agent;
    initialized(agent)
        .expect("session/new", {}, true)
        .respondError(-32000, "Authentication required")
        .expect("authenticate", {}, true)
        .respond()
        .expect("session/new", {}, true)
        // Commands announced before the answer that names the session.
        .send(
            sessionUpdate("s1",
                          {{"sessionUpdate", "available_commands_update"},
                           {"availableCommands",
                            QJsonArray{QJsonObject{{"name", "test"},
                                                   {"description", "Run tests"},
                                                   {"input", QJsonObject{{"hint", "filter"}}}}}}}))
        .respond({{"sessionId", "s1"},
                  {"modes",
                   QJsonObject{{"currentModeId", "code"},
                               {"availableModes",
                                QJsonArray{QJsonObject{{"id", "code"}, {"name", "Code"}},
                                           QJsonObject{{"id", "plan"}, {"name", "Plan"}}}}}}})
        .expect("session/prompt", "p", true)
        .send(sessionUpdate("s1", textChunk("agent_thought_chunk", "Let me look.")))
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "")))
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "I will ")))
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "fix it.")))
        .send(sessionUpdate("s1",
                            {{"sessionUpdate", "tool_call"},
                             {"toolCallId", "c1"},
                             {"title", "Edit main.cpp"},
                             {"kind", "edit"},
                             {"status", "pending"}}))
        .send(sessionUpdate(
            "s1",
            {{"sessionUpdate", "plan"},
             {"entries",
              QJsonArray{QJsonObject{
                  {"content", "Edit"}, {"priority", "high"}, {"status", "in_progress"}}}}}))
        .send(agentRequest("perm-1", "session/request_permission", permissionParams("s1", "c1")))
        .op({{"op", "expect_response"}, {"id", "perm-1"}})
        .send(agentRequest(
            "w", "fs/write_text_file",
            {{"sessionId", "s1"}, {"path", file}, {"content", "int main() { return 0; }\n"}}))
        .op({{"op", "expect_response"}, {"id", "w"}})
        .send(
            agentRequest("t1", "terminal/create",
                         {{"sessionId", "s1"}, {"command", "seq 1 1000"}, {"outputByteLimit", 64}}))
        .op({{"op", "expect_response"}, {"id", "t1"}})
        .send(sessionUpdate(
            "s1",
            {{"sessionUpdate", "tool_call"},
             {"toolCallId", "c2"},
             {"title", "Run seq"},
             {"kind", "execute"},
             {"content", QJsonArray{QJsonObject{{"type", "terminal"}, {"terminalId", "term-1"}}}}}))
        .send(agentRequest("t2", "terminal/wait_for_exit",
                           {{"sessionId", "s1"}, {"terminalId", "term-1"}}))
        .op({{"op", "expect_response"}, {"id", "t2"}})
        .send(
            agentRequest("t3", "terminal/output", {{"sessionId", "s1"}, {"terminalId", "term-1"}}))
        .op({{"op", "expect_response"}, {"id", "t3"}})
        .send(
            agentRequest("t4", "terminal/release", {{"sessionId", "s1"}, {"terminalId", "term-1"}}))
        .op({{"op", "expect_response"}, {"id", "t4"}})
        .send(sessionUpdate(
            "s1",
            {{"sessionUpdate", "tool_call_update"}, {"toolCallId", "c2"}, {"status", "completed"}}))
        .send(sessionUpdate("s1",
                            {{"sessionUpdate", "tool_call_update"},
                             {"toolCallId", "c1"},
                             {"status", "in_progress"}}))
        .send(sessionUpdate("s1",
                            {{"sessionUpdate", "tool_call_update"},
                             {"toolCallId", "c1"},
                             {"content",
                              QJsonArray{QJsonObject{{"type", "diff"},
                                                     {"path", "/work/project/main.cpp"},
                                                     {"oldText", "a"},
                                                     {"newText", "b"}}}}}))
        .send(sessionUpdate(
            "s1",
            {{"sessionUpdate", "tool_call_update"}, {"toolCallId", "c1"}, {"status", "completed"}}))
        .send(sessionUpdate(
            "s1",
            {{"sessionUpdate", "plan"},
             {"entries",
              QJsonArray{QJsonObject{
                  {"content", "Edit"}, {"priority", "high"}, {"status", "completed"}}}}}))
        .send(sessionUpdate("s1",
                            {{"sessionUpdate", "usage_update"},
                             {"used", 1200},
                             {"size", 200000},
                             {"cost", QJsonObject{{"amount", 0.05}, {"currency", "USD"}}}}))
        .send(sessionUpdate("s1",
                            {{"sessionUpdate", "session_info_update"}, {"title", "Fix the bug"}}))
        .send(sessionUpdate("s1",
                            {{"sessionUpdate", "current_mode_update"}, {"currentModeId", "plan"}}))
        .respond({{"stopReason", "end_turn"}}, "p");

    Harness h;
    QSignalSpy auth(&h.client, &AgentClient::authenticationRequired);
    h.client.start(agent.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Ready);
    QCOMPARE(h.client.agent().agentInfo->displayName(), QString("Fake Agent"));

    // What we sent in initialize.
    const QJsonObject init = h.echoOf("initialize")["params"].toObject();
    QCOMPARE(init["protocolVersion"].toInt(), 1);
    QVERIFY(init["clientCapabilities"].toObject()["fs"].toObject()["writeTextFile"].toBool());
    QVERIFY(init["clientCapabilities"].toObject()["terminal"].toBool());
    QCOMPARE(init["clientInfo"].toObject()["name"].toString(), QString("switchboard"));

    QVERIFY(!h.open(cwd));
    QCOMPARE(auth.count(), 1);
    QCOMPARE(auth.first().first().value<QList<AuthMethod>>().first().id, QString("login"));
    QString authError = "pending";
    h.client.authenticate("login", [&](const QString &e) { authError = e; });
    QTRY_VERIFY(authError != "pending");
    QVERIFY2(authError.isEmpty(), qPrintable(authError));

    ClientSession *session = h.open(cwd);
    QVERIFY(session);
    QCOMPARE(session->sessionId(), QString("s1"));
    // The chosen cwd survived the authentication detour.
    const QList<QJsonObject> news = [&] {
        QList<QJsonObject> r;
        for (const auto &e : h.echoes)
            if (e["method"] == "session/new")
                r << e;
        return r;
    }();
    QCOMPARE(news.size(), 2);
    QCOMPARE(news[1]["params"].toObject()["cwd"].toString(), cwd);
    QCOMPARE(news[1]["params"].toObject()["mcpServers"].toArray().size(), 0);
    QCOMPARE(session->commands().size(), 1); // the early update was kept for the session
    QCOMPARE(session->commands().first().inputHint, std::optional<QString>("filter"));

    connect(session, &ClientSession::permissionRequested, this,
            [session](const PendingPermission &p) {
                QCOMPARE(p.request.options.size(), 3);
                session->answerPermission(p.handle, "allow-once");
            });
    QSignalSpy ended(session, &ClientSession::turnEnded);
    session->prompt("Please fix the bug");
    QVERIFY(ended.wait(5000));
    QVERIFY(ended.first().first().value<StopReason>() == StopReason::EndTurn);
    QCOMPARE(h.echoOf("session/prompt")["params"]
                 .toObject()["prompt"]
                 .toArray()
                 .first()
                 .toObject()["text"]
                 .toString(),
             QString("Please fix the bug"));

    // The write landed; the terminal's output was cut to its last 64 bytes.
    QFile written(file);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), QByteArray("int main() { return 0; }\n"));
    QVERIFY(h.echoWithId("w")["result"].isObject());
    QCOMPARE(h.echoWithId("t2")["result"].toObject()["exitCode"].toInt(), 0);
    const QJsonObject output = h.echoWithId("t3")["result"].toObject();
    QVERIFY(output["truncated"].toBool());
    QVERIFY(output["output"].toString().endsWith("999\n1000\n"));
    QVERIFY(output["output"].toString().toUtf8().size() <= 64);
    QVERIFY(h.echoWithId("t4")["result"].isObject());

    TranscriptModel *t = session->transcript();
    // user, thought, agent message, tool call, plan, terminal tool call, turn end
    QCOMPARE(t->rowCount(), 7);
    QVERIFY(t->entry(0).kind == TranscriptEntry::Kind::UserMessage);
    QCOMPARE(t->entry(1).text, QString("Let me look."));
    QCOMPARE(t->entry(2).text, QString("I will fix it."));
    const ToolCall &call = t->entry(3).toolCall;
    QVERIFY(call.status == ToolCallStatus::Completed);
    QCOMPARE(call.content.size(), 1);
    QVERIFY(call.content[0].type == ToolCallContent::Type::Diff);
    QVERIFY(t->entry(4).plan.entries[0].status == PlanEntry::Status::Completed);
    QCOMPARE(t->entry(5).toolCall.content.first().terminalId, QString("term-1"));
    QVERIFY(t->entry(6).stopReason == StopReason::EndTurn);
    QCOMPARE(session->usage()->used, qint64(1200));
    QCOMPARE(session->title(), QString("Fix the bug"));
    QCOMPARE(session->modes()->currentModeId, QString("plan"));
    QCOMPARE(session->turnState(), ClientSession::TurnState::Idle);
    QCOMPARE(h.traffic.recorded(), 11); // 5 requests and 6 answers to the agent
    // Everything we sent on the wire is valid ACP.
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

void TestSession::cancelAnswersPendingPermissions()
{
    FakeAgent agent;
    initialized(agent);
    newSession(agent, "s1")
        .expect("session/prompt", "p")
        .send(sessionUpdate("s1",
                            {{"sessionUpdate", "tool_call"},
                             {"toolCallId", "c1"},
                             {"title", "rm -rf build"},
                             {"kind", "execute"},
                             {"status", "pending"}}))
        .send(agentRequest(41, "session/request_permission", permissionParams("s1", "c1")))
        .expect("session/cancel", {}, true)
        .op({{"op", "expect_response"}, {"id", 41}})
        .respond({{"stopReason", "cancelled"}}, "p");
    Harness h;
    h.client.start(agent.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Ready);
    ClientSession *session = h.open();
    QVERIFY(session);
    QSignalSpy resolved(session, &ClientSession::permissionResolved);
    connect(session, &ClientSession::permissionRequested, this, [session] { session->cancel(); });
    QSignalSpy ended(session, &ClientSession::turnEnded);
    session->prompt("clean up");
    QVERIFY(ended.wait(5000));
    QVERIFY(ended.first().first().value<StopReason>() == StopReason::Cancelled);
    QCOMPARE(resolved.count(), 1);
    QCOMPARE(h.echoOf("session/cancel")["params"].toObject()["sessionId"].toString(),
             QString("s1"));
    const QJsonObject permissionAnswer = h.echoWithId(41);
    QCOMPARE(permissionAnswer["result"].toObject()["outcome"].toObject()["outcome"].toString(),
             QString("cancelled"));
    TranscriptModel *t = session->transcript();
    const int row = t->rowOfToolCall("c1");
    QVERIFY(t->entry(row).cancelledByClient);
    QVERIFY(session->pendingPermissions().isEmpty());
    // Everything we sent on the wire is valid ACP.
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

void TestSession::sessionsAreIsolated()
{
    FakeAgent agent;
    initialized(agent);
    newSession(agent, "s1");
    newSession(agent, "s2")
        .send(sessionUpdate("s2", textChunk("agent_message_chunk", "for two")))
        .send(sessionUpdate("s3", textChunk("agent_message_chunk", "for nobody")))
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "for one")))
        .send(agentRequest(9, "session/request_permission", permissionParams("s404", "c")))
        .op({{"op", "expect_response"}, {"id", 9}});
    Harness h;
    h.client.start(agent.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Ready);
    ClientSession *one = h.open();
    ClientSession *two = h.open();
    QVERIFY(one && two);
    QTRY_COMPARE(one->transcript()->rowCount(), 1);
    QTRY_VERIFY(!h.echoWithId(9).isEmpty());
    QCOMPARE(one->transcript()->entry(0).text, QString("for one"));
    QCOMPARE(two->transcript()->rowCount(), 1);
    QCOMPARE(two->transcript()->entry(0).text, QString("for two"));
    QCOMPARE(h.echoWithId(9)["error"].toObject()["code"].toInt(), ErrorCode::InvalidParams);
    // Everything we sent on the wire is valid ACP.
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

void TestSession::oversizedToolCallUpdateIsSaidOnTheToolCall()
{
    // A tool call's output far over the limit: skipped, the turn goes on and ends, and the
    // transcript says which tool call lost an update.
    FakeAgent agent;
    initialized(agent);
    newSession(agent, "s1")
        .expect("session/prompt", "p")
        .send(sessionUpdate("s1",
                            {{"sessionUpdate", "tool_call"},
                             {"toolCallId", "t1"},
                             {"title", "Run the build"},
                             {"status", "in_progress"}}))
        .op({{"op", "big_line"},
             {"bytes", 256 * 1024},
             {"prefix",
              R"({"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1",)"
              R"("update":{"sessionUpdate":"tool_call_update","toolCallId":"t1","content":)"
              R"([{"type":"content","content":{"type":"text","text":")"},
             {"suffix", R"("}}]}}})"}})
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "Built.")))
        .respond({{"stopReason", "end_turn"}}, "p");
    AgentClient::Options options;
    options.connection.maxMessageSize = 64 * 1024;
    Harness h(options);
    h.client.start(agent.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Ready);
    ClientSession *session = h.open();
    QVERIFY(session);
    QSignalSpy ended(session, &ClientSession::turnEnded);
    session->prompt("go");
    QVERIFY(ended.wait(10000));
    QCOMPARE(h.client.state(), AgentClient::State::Ready);
    const TranscriptModel *t = session->transcript();
    QStringList kinds;
    QString said;
    for (const TranscriptEntry &e : t->entries()) {
        kinds.append(QString::number(int(e.kind)));
        if (e.kind == TranscriptEntry::Kind::Error)
            said = e.detail;
    }
    QVERIFY2(said.contains("\u201cRun the build\u201d") && said.contains("64 KiB"),
             qPrintable(said));
    QCOMPARE(t->entry(t->rowCount() - 2).text, QString("Built.")); // and the turn went on
}

void TestSession::promptsTypedDuringATurnAreQueued()
{
    FakeAgent agent;
    initialized(agent);
    newSession(agent, "s1")
        .expect("session/prompt", "a", true)
        .expect("_test/gate")
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "answer one")))
        .respond({{"stopReason", "end_turn"}}, "a")
        .expect("session/prompt", "b", true)
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "answer two")))
        .respond({{"stopReason", "end_turn"}}, "b");
    Harness h;
    h.client.start(agent.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Ready);
    ClientSession *session = h.open();
    QVERIFY(session);
    QSignalSpy ended(session, &ClientSession::turnEnded);
    QCOMPARE(session->prompt("one"), quint64(0));
    const quint64 second = session->prompt("second draft");
    const quint64 third = session->prompt("third");
    QVERIFY(second != 0 && third != 0);
    QCOMPARE(session->queuedPrompts().size(), 2);
    QVERIFY(session->editQueuedPrompt(second, {ContentBlock::fromText("two")}));
    QVERIFY(session->removeQueuedPrompt(third));
    QCOMPARE(session->queuedPrompts().size(), 1);
    h.client.connection()->sendNotification("_test/gate", QJsonObject());
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, 5000);
    QStringList texts;
    for (const auto &entry : session->transcript()->entries())
        texts << entry.text;
    QCOMPARE(texts, (QStringList{"one", "answer one", "", "two", "answer two", ""}));
    QCOMPARE(session->queuedPrompts().size(), 0);
    // Everything we sent on the wire is valid ACP.
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

void TestSession::unsupportedVersionIsRefused()
{
    FakeAgent agent;
    initialized(agent, capabilities(), 2);
    Harness h;
    h.client.start(agent.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Failed);
    QVERIFY2(h.client.errorString().contains("version 2"), qPrintable(h.client.errorString()));
    QTRY_COMPARE(h.client.connection()->state(), Connection::State::Closed);
    // Everything we sent on the wire is valid ACP.
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

void TestSession::capabilityGating()
{
    FakeAgent agent;
    initialized(agent, capabilities(false));
    newSession(agent, "s1")
        .expect("session/prompt", "p", true)
        .respond({{"stopReason", "end_turn"}}, "p");
    Harness h;
    QList<QByteArray> sent;
    connect(h.client.connection(), &Connection::trafficObserved, this, [&](const TrafficRecord &r) {
        if (r.direction == TrafficRecord::Direction::Outgoing)
            sent << r.line;
    });
    h.client.start(agent.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Ready);

    QString loadError;
    SessionSetup setup;
    setup.cwd = "/w";
    setup.sessionId = QString("old");
    h.client.loadSession(setup, [&](ClientSession *, const Acp::AgentClient::OpenError &e) {
        loadError = e.message;
    });
    QVERIFY(loadError.contains("cannot load"));
    QString resumeError;
    h.client.resumeSession(setup, [&](ClientSession *, const Acp::AgentClient::OpenError &e) {
        resumeError = e.message;
    });
    QVERIFY(!resumeError.isEmpty());

    ClientSession *session = h.open();
    QVERIFY(session);
    QSignalSpy failed(session, &ClientSession::promptFailed);
    ContentBlock image;
    image.type = ContentBlock::Type::Image;
    image.data = "AAAA";
    image.mimeType = "image/png";
    session->prompt({image});
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.first().first().toString().contains("images"));

    // An embedded resource falls back to a link when embeddedContext is not advertised.
    ContentBlock resource;
    resource.type = ContentBlock::Type::Resource;
    resource.resource.uri = "file:///w/notes.txt";
    resource.resource.text = "secret";
    QSignalSpy ended(session, &ClientSession::turnEnded);
    session->prompt({ContentBlock::fromText("see"), resource});
    QVERIFY(ended.wait(5000));
    const QJsonArray prompt = h.echoOf("session/prompt")["params"].toObject()["prompt"].toArray();
    QCOMPARE(prompt[1].toObject()["type"].toString(), QString("resource_link"));
    QCOMPARE(prompt[1].toObject()["name"].toString(), QString("notes.txt"));
    for (const QByteArray &line : sent) {
        QVERIFY(!line.contains("session/load"));
        QVERIFY(!line.contains("session/resume"));
        QVERIFY(!line.contains("secret"));
    }
    // Everything we sent on the wire is valid ACP.
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

void TestSession::replayAfterLoadResponseIsAppended()
{
    FakeAgent agent;
    initialized(agent);
    agent.expect("session/load", "l", true)
        .send(sessionUpdate("s9", textChunk("user_message_chunk", "old question")))
        .send(sessionUpdate("s9", textChunk("agent_message_chunk", "old answer")))
        .respond({}, "l")
        // Some agents send part of the replay after answering.
        .send(sessionUpdate("s9",
                            {{"sessionUpdate", "tool_call_update"},
                             {"toolCallId", "late"},
                             {"title", "Late tool"},
                             {"status", "completed"}}));
    Harness h;
    h.client.start(agent.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Ready);
    SessionSetup setup;
    setup.cwd = "/w";
    setup.sessionId = QString("s9");
    ClientSession *session = nullptr;
    int rowsAtCompletion = -1;
    h.client.loadSession(setup, [&](ClientSession *s, const Acp::AgentClient::OpenError &) {
        session = s;
        rowsAtCompletion = s ? s->transcript()->rowCount() : -1;
    });
    QTRY_VERIFY(session);
    QCOMPARE(rowsAtCompletion, 2); // the barrier: the replay before the answer is all there
    QTRY_COMPARE(session->transcript()->rowCount(), 3);
    QCOMPARE(session->transcript()->entry(2).toolCall.title, QString("Late tool"));
    QCOMPARE(h.echoOf("session/load")["params"].toObject()["sessionId"].toString(), QString("s9"));
    // Everything we sent on the wire is valid ACP.
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

void TestSession::modesConfigOptionsCloseAndDelete()
{
    const QJsonObject modes{{"currentModeId", "code"},
                            {"availableModes",
                             QJsonArray{QJsonObject{{"id", "code"}, {"name", "Code"}},
                                        QJsonObject{{"id", "plan"}, {"name", "Plan"}}}}};
    const QJsonObject model{{"type", "select"},
                            {"id", "model"},
                            {"name", "Model"},
                            {"category", "model"},
                            {"currentValue", "fast"},
                            {"options",
                             QJsonArray{QJsonObject{{"value", "fast"}, {"name", "Fast"}},
                                        QJsonObject{{"value", "smart"}, {"name", "Smart"}}}}};
    QJsonObject smart = model;
    smart["currentValue"] = "smart";
    const QJsonObject web{
        {"type", "boolean"}, {"id", "web"}, {"name", "Web search"}, {"currentValue", false}};
    QJsonObject caps = capabilities();
    caps["sessionCapabilities"] = QJsonObject{{"close", QJsonObject{}}, {"delete", QJsonObject{}}};
    FakeAgent agent;
    initialized(agent, caps);
    agent.expect("session/new")
        .respond({{"sessionId", "s1"}, {"modes", modes}, {"configOptions", QJsonArray{model, web}}})
        .expect("session/set_mode", {}, true)
        .respond()
        .expect("session/set_config_option", {}, true)
        .respond({{"configOptions", QJsonArray{smart, web}}})
        .expect("session/set_config_option", {}, true)
        .respond({{"configOptions", QJsonArray{smart, web}}})
        .expect("session/close", {}, true)
        .respond()
        .expect("session/delete", {}, true)
        .respond();
    Harness h;
    h.client.start(agent.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Ready);
    ClientSession *session = h.open();
    QVERIFY(session);
    QCOMPARE(session->modes()->availableModes.size(), 2);
    QCOMPARE(session->configOptions().size(), 2);
    QSignalSpy modesChanged(session, &ClientSession::modesChanged);
    session->setMode("plan");
    QVERIFY(modesChanged.wait(5000));
    QCOMPARE(session->modes()->currentModeId, QString("plan"));
    QSignalSpy optionsChanged(session, &ClientSession::configOptionsChanged);
    session->setConfigOption("model", QString("smart"));
    QVERIFY(optionsChanged.wait(5000));
    QCOMPARE(session->configOptions().first().currentValue, QString("smart"));
    session->setConfigOption("web", true);
    QVERIFY(optionsChanged.wait(5000));
    session->setConfigOption("nonexistent", true); // not sent: the agent never offered it
    QSignalSpy closed(session, &ClientSession::closed);
    session->close();
    QCOMPARE(closed.count(), 1);
    QString deleteError = "pending";
    h.client.deleteSession("s1", [&](const QString &e) { deleteError = e; });
    QTRY_VERIFY(deleteError != "pending");
    QVERIFY(deleteError.isEmpty());
    QCOMPARE(h.echoOf("session/set_mode")["params"].toObject()["modeId"].toString(),
             QString("plan"));
    QList<QJsonObject> sets;
    for (const auto &e : h.echoes)
        if (e["method"] == "session/set_config_option")
            sets << e["params"].toObject();
    QCOMPARE(sets.size(), 2);
    QCOMPARE(sets[0]["value"].toString(), QString("smart"));
    QVERIFY(!sets[0].contains("type"));
    QCOMPARE(sets[1]["type"].toString(), QString("boolean"));
    QCOMPARE(sets[1]["value"].toBool(), true);
    QCOMPARE(h.echoOf("session/close")["params"].toObject()["sessionId"].toString(), QString("s1"));
    QCOMPARE(h.echoOf("session/delete")["params"].toObject()["sessionId"].toString(),
             QString("s1"));
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

void TestSession::permissionForAnUnannouncedToolCall()
{
    FakeAgent agent;
    initialized(agent);
    QJsonObject params = permissionParams("s1", "ghost");
    params["toolCall"]
        = QJsonObject{{"toolCallId", "ghost"}, {"title", "Delete build/"}, {"kind", "delete"}};
    newSession(agent, "s1")
        .expect("session/prompt", "p")
        .send(agentRequest(5, "session/request_permission", params))
        .op({{"op", "expect_response"}, {"id", 5}})
        .respond({{"stopReason", "end_turn"}}, "p");
    Harness h;
    h.client.start(agent.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Ready);
    ClientSession *session = h.open();
    QVERIFY(session);
    int row = -1;
    connect(session, &ClientSession::permissionRequested, this, [&](const PendingPermission &p) {
        row = p.toolCallRow;
        session->answerPermission(p.handle, "reject-once");
    });
    QSignalSpy ended(session, &ClientSession::turnEnded);
    session->prompt("tidy up");
    QVERIFY(ended.wait(5000));
    QVERIFY(row >= 0);
    const ToolCall &call = session->transcript()->entry(row).toolCall;
    QCOMPARE(call.title, QString("Delete build/"));
    QVERIFY(call.kind == ToolKind::Delete);
    QCOMPARE(h.echoWithId(5)["result"].toObject()["outcome"].toObject()["optionId"].toString(),
             QString("reject-once"));
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

void TestSession::terminalLoginRunsTheAgentCommand()
{
    AuthMethod method;
    method.type = AuthMethod::Type::Terminal;
    method.id = "tui";
    method.args = QStringList{"--login"};
    method.env.insert("AGENT_AUTH", "1");
    ProcessOptions agent{"/usr/bin/npx", {"-y", "some-agent"}, {}, "/home/u", {}};
    const ProcessOptions login = AgentClient::terminalLoginCommand(agent, method);
    QCOMPARE(login.program, QString("/usr/bin/npx"));
    QCOMPARE(login.arguments, (QStringList{"-y", "some-agent", "--login"}));
    QCOMPARE(login.environment.value("AGENT_AUTH"), QString("1"));
    QCOMPARE(login.environment.value("PATH"), qEnvironmentVariable("PATH"));
    QCOMPARE(login.workingDirectory, QString("/home/u"));

    // Terminal methods are offered only when advertised, and never passed to authenticate.
    FakeAgent fake;
    fake.expect("initialize")
        .respond({{"protocolVersion", 1},
                  {"authMethods",
                   QJsonArray{QJsonObject{{"id", "tui"}, {"name", "TUI"}, {"type", "terminal"}},
                              QJsonObject{{"id", "web"}, {"name", "Web"}}}}});
    AgentClient::Options options;
    options.capabilities.terminalAuth = true;
    Harness h(options);
    h.client.start(fake.options(m_dir));
    QTRY_COMPARE(h.client.state(), AgentClient::State::Ready);
    QCOMPARE(h.client.offeredAuthMethods().size(), 2);
    QString error;
    h.client.authenticate("tui", [&](const QString &e) { error = e; });
    QVERIFY(!error.isEmpty());
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
