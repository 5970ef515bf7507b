// Outgoing and inbound requests over a real agent process: id matching, errors, timeouts,
// abandonment, asynchronous inbound answers, cancellation, crashes and hostile output.

#include "connection.h"
#include "fakeagent.h"
#include "probes.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace TestSupport;
using Acp::Connection;

namespace {

// The messages the fake agent echoed back (what it received from us).
struct EchoProbe
{
    QList<QJsonObject> echoes;
    explicit EchoProbe(Connection *connection)
    {
        QObject::connect(connection, &Connection::notificationReceived, connection,
                         [this](const Acp::Notification &n) {
                             if (n.method == QLatin1String("_test/echo"))
                                 echoes.append(n.params.toObject());
                         });
    }
};

QJsonObject agentRequest(const QJsonValue &id, const QString &method)
{
    return {{"jsonrpc", "2.0"},
            {"id", id},
            {"method", method},
            {"params", QJsonObject{{"sessionId", "s1"}}}};
}

} // namespace

class TestRequests : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void numericAndStringIdsMatch();
    void unknownIdIsDropped();
    void duplicateResponseIsDropped();
    void errorResponseSurfacesCodeMessageAndData();
    void timeoutSendsCancelRequest();
    void abandonSendsCancelRequestAndNeverCallsBack();
    void deadContextDropsTheReply();
    void inboundAnsweredAsynchronouslyExactlyOnce();
    void unknownInboundMethodGetsMethodNotFound();
    void inboundCancelRequest();
    void duplicateInboundIdIsRefused();
    void agentCrashFailsPendingWithSignal();
    void agentNeverAnswersThenShutdown();
    void garbageBetweenValidLines();
    void oversizedLinesAreSkippedAndTheSessionGoesOn();
    void failedToStartIsExplained();
    void stderrTailIsBounded();
    void shutdownEscalates_data();
    void shutdownEscalates();
    void aMillionTinyUpdates();
    void trafficTapSeesBothDirections();
    void requestAfterCloseIsRefused();
    void trafficTapCanBeDisconnected();
    void decoderRunsOnTheWorkerInWireOrder();

private:
    QTemporaryDir m_dir;
};

void TestRequests::numericAndStringIdsMatch()
{
    FakeAgent agent;
    agent.expect("a")
        .respond({{"n", 1}})
        .expect("b")
        .op({{"op", "respond"}, {"idAsString", true}, {"result", QJsonObject{{"n", 2}}}});
    Connection connection;
    connection.startProcess(agent.options(m_dir));
    ResponseProbe a, b;
    connection.sendRequest("a", QJsonObject{}, this, a.handler(&connection));
    connection.sendRequest("b", QJsonObject{}, this, b.handler(&connection));
    QTRY_VERIFY(a.done() && b.done());
    QCOMPARE(a.response->result.toObject()["n"].toInt(), 1);
    QCOMPARE(b.response->result.toObject()["n"].toInt(), 2);
}

void TestRequests::unknownIdIsDropped()
{
    FakeAgent agent;
    agent.expect("a")
        .send({{"jsonrpc", "2.0"}, {"id", 999}, {"result", QJsonObject{}}})
        .send({{"jsonrpc", "2.0"}, {"id", "not-ours"}, {"result", QJsonObject{}}})
        .respond({{"real", true}});
    Connection connection;
    connection.startProcess(agent.options(m_dir));
    ResponseProbe a;
    connection.sendRequest("a", QJsonObject{}, this, a.handler(&connection));
    QTRY_VERIFY(a.done());
    QCOMPARE(a.calls, 1);
    QVERIFY(a.response->result.toObject()["real"].toBool());
    QCOMPARE(connection.state(), Connection::State::Running);
}

void TestRequests::duplicateResponseIsDropped()
{
    // The agent answers the same request twice (and then a later one): the first answer
    // stands, the second is dropped, and the connection carries on.
    FakeAgent agent;
    agent.expect("a", "first")
        .respond({{"n", 1}}, "first")
        .respond({{"n", 2}}, "first")
        .expect("b")
        .respond({{"n", 3}});
    Connection connection;
    connection.startProcess(agent.options(m_dir));
    ResponseProbe a;
    ResponseProbe b;
    connection.sendRequest("a", QJsonObject{}, this, a.handler(&connection));
    QTRY_VERIFY(a.done());
    connection.sendRequest("b", QJsonObject{}, this, b.handler(&connection));
    QTRY_VERIFY(b.done());
    QCOMPARE(a.calls, 1);
    QCOMPARE(a.response->result.toObject()["n"].toInt(), 1);
    QCOMPARE(b.calls, 1);
    QCOMPARE(b.response->result.toObject()["n"].toInt(), 3);
    QCOMPARE(connection.state(), Connection::State::Running);
}

void TestRequests::errorResponseSurfacesCodeMessageAndData()
{
    FakeAgent agent;
    agent.expect("session/new")
        .respondError(-32000, "Authentication required",
                      QJsonObject{{"methods", QJsonArray{"oauth"}}});
    Connection connection;
    connection.startProcess(agent.options(m_dir));
    ResponseProbe probe;
    connection.sendRequest("session/new", QJsonObject{}, this, probe.handler(&connection));
    QTRY_VERIFY(probe.done());
    QCOMPARE(probe.response->status, Acp::Response::Status::AgentError);
    QCOMPARE(probe.response->error.code, Acp::ErrorCode::AuthRequired);
    QCOMPARE(probe.response->error.message, QString("Authentication required"));
    QCOMPARE(probe.response->error.data.toObject()["methods"].toArray().first().toString(),
             QString("oauth"));
}

void TestRequests::timeoutSendsCancelRequest()
{
    FakeAgent agent;
    agent.expect("slow").expect("$/cancel_request", {}, true);
    Connection connection;
    EchoProbe echo(&connection);
    connection.startProcess(agent.options(m_dir));
    ResponseProbe probe;
    const auto handle = connection.sendRequest(
        "slow", QJsonObject{}, this, probe.handler(&connection), std::chrono::milliseconds(100));
    QTRY_VERIFY(probe.done());
    QCOMPARE(probe.response->status, Acp::Response::Status::TimedOut);
    QCOMPARE(probe.response->error.code, Acp::ErrorCode::RequestCancelled);
    QTRY_COMPARE(echo.echoes.size(), 1);
    QCOMPARE(echo.echoes.first()["params"].toObject()["requestId"].toInteger(), handle.id());
    QCOMPARE(connection.pendingRequestCount(), 0);
}

void TestRequests::abandonSendsCancelRequestAndNeverCallsBack()
{
    FakeAgent agent;
    agent.expect("slow").expect("$/cancel_request", {}, true).respond().expect("ping").respond();
    Connection connection;
    EchoProbe echo(&connection);
    connection.startProcess(agent.options(m_dir));
    ResponseProbe probe;
    const auto handle
        = connection.sendRequest("slow", QJsonObject{}, this, probe.handler(&connection));
    handle.cancel();
    QTRY_COMPARE(echo.echoes.size(), 1);
    QCOMPARE(echo.echoes.first()["params"].toObject()["requestId"].toInteger(), handle.id());
    // The agent answered anyway: the late response is dropped, the handler never runs. A second
    // request proves the late response has been read by now.
    ResponseProbe after;
    connection.sendRequest("ping", QJsonObject{}, this, after.handler(&connection));
    QTRY_VERIFY(after.done());
    QVERIFY(after.response->isSuccess());
    QCOMPARE(probe.calls, 0);
}

void TestRequests::deadContextDropsTheReply()
{
    FakeAgent agent;
    agent.expect("a", "a").expect("b", "b").respond({}, "a").respond({}, "b");
    Connection connection;
    connection.startProcess(agent.options(m_dir));
    auto *context = new QObject;
    int calls = 0;
    connection.sendRequest("a", QJsonObject{}, context, [&](const Acp::Response &) { ++calls; });
    delete context;
    ResponseProbe b;
    connection.sendRequest("b", QJsonObject{}, this, b.handler(&connection));
    QTRY_VERIFY(b.done());
    QCOMPARE(calls, 0);
}

void TestRequests::inboundAnsweredAsynchronouslyExactlyOnce()
{
    const QString uuid = "7d9f5c7e-52b3-4b0e-9f2a-2f6a1c1d0b11";
    FakeAgent agent;
    agent.send(agentRequest(uuid, "session/request_permission"))
        .op({{"op", "expect_response"}, {"id", uuid}})
        .send(agentRequest(17, "fs/read_text_file"))
        .op({{"op", "expect_response"}, {"id", 17}});
    Connection connection;
    EchoProbe echo(&connection);
    std::optional<Acp::InboundRequest> permission;
    connection.setRequestHandler("session/request_permission", this,
                                 [&](const Acp::InboundRequest &r) { permission = r; });
    connection.setRequestHandler("fs/read_text_file", this, [&](const Acp::InboundRequest &r) {
        QVERIFY(r.fail(
            {Acp::ErrorCode::ResourceNotFound, "no such file", QJsonObject{{"uri", "file:///x"}}}));
    });
    connection.startProcess(agent.options(m_dir));
    QTRY_VERIFY(permission.has_value());
    QCOMPARE(permission->id().toString(), uuid);
    QCOMPARE(permission->params().toObject()["sessionId"].toString(), QString("s1"));
    // "Minutes later", after a click: answered from a timer, not from inside the handler.
    bool answered = false;
    QTimer::singleShot(50, this, [&] {
        answered
            = permission->respond(QJsonObject{{"outcome", QJsonObject{{"outcome", "cancelled"}}}});
    });
    QTRY_VERIFY(echo.echoes.size() >= 1);
    QVERIFY(answered);
    QCOMPARE(echo.echoes[0]["id"].toString(), uuid); // the agent's id, echoed unchanged
    QCOMPARE(echo.echoes[0]["result"].toObject()["outcome"].toObject()["outcome"].toString(),
             QString("cancelled"));
    QVERIFY(!permission->respond(QJsonObject{})); // exactly once
    QVERIFY(!permission->isOpen());
    QTRY_COMPARE(echo.echoes.size(), 2);
    QCOMPARE(echo.echoes[1]["id"].toInt(), 17);
    QCOMPARE(echo.echoes[1]["error"].toObject()["code"].toInt(), Acp::ErrorCode::ResourceNotFound);
}

void TestRequests::unknownInboundMethodGetsMethodNotFound()
{
    FakeAgent agent;
    agent.send(agentRequest(1, "terminal/create"))
        .op({{"op", "expect_response"}, {"id", 1}})
        .send(agentRequest(2, "_vendor.example/thing"))
        .op({{"op", "expect_response"}, {"id", 2}});
    Connection connection;
    EchoProbe echo(&connection);
    connection.startProcess(agent.options(m_dir));
    QTRY_COMPARE(echo.echoes.size(), 2);
    for (const QJsonObject &e : echo.echoes)
        QCOMPARE(e["error"].toObject()["code"].toInt(), Acp::ErrorCode::MethodNotFound);
}

void TestRequests::inboundCancelRequest()
{
    FakeAgent agent;
    agent.send(agentRequest(7, "session/request_permission"))
        .send({{"jsonrpc", "2.0"},
               {"method", "$/cancel_request"},
               {"params", QJsonObject{{"requestId", 7}}}})
        .op({{"op", "expect_response"}, {"id", 7}});
    Connection connection;
    EchoProbe echo(&connection);
    std::optional<Acp::InboundRequest> permission;
    connection.setRequestHandler("session/request_permission", this,
                                 [&](const Acp::InboundRequest &r) { permission = r; });
    QSignalSpy cancelled(&connection, &Connection::inboundRequestCancelled);
    connection.startProcess(agent.options(m_dir));
    QVERIFY(cancelled.wait(5000));
    QVERIFY(permission.has_value());
    QCOMPARE(cancelled.first().first().toULongLong(), permission->handle());
    QVERIFY(!permission->respond(QJsonObject{}));
    QTRY_COMPARE(echo.echoes.size(), 1);
    QCOMPARE(echo.echoes[0]["error"].toObject()["code"].toInt(), Acp::ErrorCode::RequestCancelled);
    // $/cancel_request is applied, never sequenced: only the echo was numbered.
    QCOMPARE(connection.lastSequence(), quint64(1));
}

void TestRequests::duplicateInboundIdIsRefused()
{
    FakeAgent agent;
    agent.send(agentRequest(5, "session/request_permission"))
        .send(agentRequest(5, "session/request_permission"))
        .op({{"op", "expect_response"}, {"id", 5}});
    Connection connection;
    EchoProbe echo(&connection);
    int delivered = 0;
    connection.setRequestHandler("session/request_permission", this,
                                 [&](const Acp::InboundRequest &) { ++delivered; });
    connection.startProcess(agent.options(m_dir));
    QTRY_COMPARE(echo.echoes.size(), 1);
    QCOMPARE(echo.echoes[0]["error"].toObject()["code"].toInt(), Acp::ErrorCode::InvalidRequest);
    QCOMPARE(delivered, 1);
}

void TestRequests::agentCrashFailsPendingWithSignal()
{
    FakeAgent agent;
    agent.expect("session/prompt")
        .notify(1)
        .stderrText("panic: something broke\n")
        .op({{"op", "crash"}, {"signal", 9}});
    Connection connection;
    QSignalSpy disconnected(&connection, &Connection::disconnected);
    connection.startProcess(agent.options(m_dir));
    ResponseProbe prompt;
    connection.sendRequest("session/prompt", QJsonObject{}, this, prompt.handler(&connection));
    QTRY_VERIFY(prompt.done());
    QCOMPARE(prompt.response->status, Acp::Response::Status::ConnectionLost);
    QCOMPARE(prompt.response->error.data.toObject()["signal"].toInt(), 9);
    QVERIFY2(prompt.response->error.message.contains("SIGKILL"),
             qPrintable(prompt.response->error.message));
    QCOMPARE(disconnected.count(), 1);
    const auto cause = disconnected.first().first().value<Acp::DisconnectCause>();
    QCOMPARE(cause.reason, Acp::DisconnectCause::Reason::AgentCrashed);
    QVERIFY(cause.stderrTail.contains("something broke"));
    QTRY_COMPARE(connection.state(), Connection::State::Closed);
}

void TestRequests::agentNeverAnswersThenShutdown()
{
    FakeAgent agent;
    agent.expect("session/prompt").op({{"op", "drain_stdin"}}).op({{"op", "exit"}, {"code", 0}});
    Connection connection;
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    ResponseProbe prompt;
    connection.sendRequest("session/prompt", QJsonObject{}, this, prompt.handler(&connection));
    QTRY_COMPARE(connection.state(), Connection::State::Running);
    connection.shutdown();
    QVERIFY(closed.wait(5000));
    QVERIFY(prompt.done());
    QCOMPARE(prompt.response->status, Acp::Response::Status::ConnectionLost);
    QCOMPARE(connection.disconnectCause().reason, Acp::DisconnectCause::Reason::ClosedByClient);
    QCOMPARE(connection.disconnectCause().exitCode, std::optional<int>(0));
}

void TestRequests::garbageBetweenValidLines()
{
    FakeAgent agent;
    agent.notify(1)
        .raw("this is not json\n")
        .raw("[1,2,3]\n\"a string\"\n42\n")
        .raw("\r\n   \n\n")
        .raw("{\"jsonrpc\":\"2.0\",\"method\":\"session/update\",\"params\":{\"t\":\"crlf\"}}\r\n")
        .rawHex("7b22626164223a22ff fe22 7d0a") // invalid UTF-8 inside a JSON string
        .raw("{\"jsonrpc\":\"2.0\"}\n") // neither request, notification nor response
        .raw("{\"jsonrpc\":\"2.0\",\"method\":42,\"id\":3}\n") // malformed request: -32600
        .raw("{\"jsonrpc\":\"2.0\",\"method\":\"session/"
             "update\",\"params\":{\"t\":\"\xc3\xa9\xe2\x82\xac\"}}")
        .raw("\n")
        .notify(1)
        .op({{"op", "expect_response"}, {"id", 3}});
    Connection connection;
    EchoProbe echo(&connection);
    QList<Acp::Notification> received;
    connect(&connection, &Connection::notificationReceived, this,
            [&](const Acp::Notification &n) { received.append(n); });
    connection.startProcess(agent.options(m_dir));
    QTRY_COMPARE(echo.echoes.size(), 1);
    QCOMPARE(echo.echoes[0]["error"].toObject()["code"].toInt(), Acp::ErrorCode::InvalidRequest);
    // notify, crlf, (the invalid UTF-8 line is replaced-character JSON or skipped), utf8, notify
    QStringList texts;
    for (const auto &n : received)
        texts << n.params.toObject()["t"].toString();
    QVERIFY2(texts.contains("crlf"), qPrintable(texts.join(',')));
    QVERIFY2(texts.contains(QString::fromUtf8("\xc3\xa9\xe2\x82\xac")),
             qPrintable(texts.join(',')));
    QVERIFY(received.size() >= 4);
    for (int i = 0; i < received.size(); ++i)
        QCOMPARE(received[i].sequence, quint64(i + 1));
    QCOMPARE(connection.state(), Connection::State::Running);
}

void TestRequests::oversizedLinesAreSkippedAndTheSessionGoesOn()
{
    // Three lines over the limit between good ones: a notification, the answer to our request
    // "b", and a request of the agent's. None ends the connection; each is acted on.
    FakeAgent agent;
    agent.expect("a")
        .notify(1)
        .op({{"op", "big_line"}, {"bytes", 4096}})
        .notify(1)
        .respond()
        .expect("b")
        .op({{"op", "big_line"},
             {"bytes", 8192},
             {"prefix", R"({"jsonrpc":"2.0","id":2,"result":{"text":")"}})
        .op({{"op", "big_line"},
             {"bytes", 8192},
             {"prefix",
              R"({"jsonrpc":"2.0","id":"r1","method":"fs/read_text_file","params":{"sessionId":"s1","path":")"}})
        .notify(1)
        .expect("c")
        .respond();
    Acp::ConnectionOptions options;
    options.maxMessageSize = 1024;
    Connection connection(options);
    QSignalSpy disconnected(&connection, &Connection::disconnected);
    QList<Acp::Notification> received;
    connect(&connection, &Connection::notificationReceived, this,
            [&](const Acp::Notification &n) { received.append(n); });
    QList<QByteArray> sent;
    connect(&connection, &Connection::trafficObserved, this, [&](const Acp::TrafficRecord &r) {
        if (r.direction == Acp::TrafficRecord::Direction::Outgoing)
            sent.append(r.line);
    });
    connection.startProcess(agent.options(m_dir));
    ResponseProbe a;
    connection.sendRequest("a", QJsonObject{}, this, a.handler(&connection));
    QTRY_VERIFY(a.done());
    QCOMPARE(a.response->status, Acp::Response::Status::Success);
    ResponseProbe b;
    connection.sendRequest("b", QJsonObject{}, this, b.handler(&connection));
    QTRY_VERIFY(b.done());
    QCOMPARE(b.response->status, Acp::Response::Status::AgentError);
    QVERIFY2(b.response->error.message.contains("larger than 1024 bytes"),
             qPrintable(b.response->error.message));
    ResponseProbe c;
    connection.sendRequest("c", QJsonObject{}, this, c.handler(&connection));
    QTRY_VERIFY(c.done());
    QCOMPARE(c.response->status, Acp::Response::Status::Success);
    QCOMPARE(disconnected.size(), 0);
    QCOMPARE(connection.state(), Connection::State::Running);
    // In wire order: the skipped messages said where they were, sequenced like the rest.
    QStringList methods;
    for (const Acp::Notification &n : received)
        methods.append(n.method);
    QCOMPARE(methods.size(), 6);
    QCOMPARE(methods[1], Acp::SkippedMessageMethod);
    QCOMPARE(received[1].params.toObject()["method"].toString(), QString("session/update"));
    QCOMPARE(methods[3], Acp::SkippedMessageMethod);
    QVERIFY(received[3].params.toObject()["response"].toBool());
    QCOMPARE(methods[4], Acp::SkippedMessageMethod);
    QVERIFY(received[4].params.toObject()["request"].toBool());
    QCOMPARE(received[4].params.toObject()["sessionId"].toString(), QString("s1"));
    for (int i = 0; i < received.size(); ++i)
        QCOMPARE(received[i].sequence, quint64(i + 1));
    // The agent's request was answered with an error, not left waiting.
    const bool answered = std::any_of(sent.cbegin(), sent.cend(), [](const QByteArray &line) {
        return line.contains(R"("id":"r1")") && line.contains("-32600");
    });
    QVERIFY(answered);
}

void TestRequests::failedToStartIsExplained()
{
    Connection connection;
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess({"/nonexistent/agent-binary", {}, {}, {}, {}});
    ResponseProbe probe;
    connection.sendRequest("initialize", QJsonObject{}, this, probe.handler(&connection));
    QVERIFY(closed.wait(5000));
    QTRY_VERIFY(probe.done());
    QVERIFY(probe.response->status == Acp::Response::Status::ConnectionLost
            || probe.response->status == Acp::Response::Status::NotSent);
    QCOMPARE(connection.disconnectCause().reason, Acp::DisconnectCause::Reason::FailedToStart);
    QVERIFY(connection.disconnectCause().description().contains("/nonexistent/agent-binary"));
}

void TestRequests::stderrTailIsBounded()
{
    FakeAgent agent;
    agent.stderrText(QByteArray(1000, 'e') + '\n', 1000)
        .stderrText("THE END\n")
        .op({{"op", "exit"}, {"code", 1}});
    Acp::ConnectionOptions options;
    options.stderrTailSize = 4096;
    Connection connection(options);
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    QVERIFY(closed.wait(10000));
    QCOMPARE(connection.stderrTail().size(), qsizetype(4096));
    QVERIFY(connection.stderrTail().endsWith("THE END\n"));
    QVERIFY(connection.disconnectCause().stderrTail.endsWith("THE END\n"));
    QVERIFY(connection.disconnectCause().stderrTail.size() <= 4096);
}

void TestRequests::shutdownEscalates_data()
{
    QTest::addColumn<bool>("ignoresSigterm");
    QTest::addColumn<int>("signal");
    // Ignores its input closing, leaves on SIGTERM after the grace period: no SIGKILL needed.
    QTest::newRow("terminated") << false << 15;
    // Ignores SIGTERM as well: killed after the second grace period.
    QTest::newRow("killed") << true << 9;
}

void TestRequests::shutdownEscalates()
{
    QFETCH(bool, ignoresSigterm);
    QFETCH(int, signal);
    FakeAgent agent;
    if (ignoresSigterm)
        agent.op({{"op", "ignore_sigterm"}});
    agent.stderrText("ready\n").op({{"op", "stall"}});
    Acp::ConnectionOptions options;
    options.exitGracePeriod = std::chrono::milliseconds(100);
    Connection connection(options);
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    QTRY_VERIFY(connection.stderrTail().contains("ready"));
    connection.shutdown();
    QVERIFY(closed.wait(5000));
    QCOMPARE(connection.disconnectCause().reason, Acp::DisconnectCause::Reason::ClosedByClient);
    QCOMPARE(connection.disconnectCause().signal, std::optional<int>(signal));
}

void TestRequests::aMillionTinyUpdates()
{
    // 1,000,000 small notifications, then a response: every one arrives, in order, through
    // the window's backpressure, and the response is handed over after the last of them.
    FakeAgent agent;
    agent.expect("session/load").notify(1'000'000).respond();
    Connection connection;
    quint64 received = 0;
    bool inOrder = true;
    connect(&connection, &Connection::notificationReceived, this, [&](const Acp::Notification &n) {
        inOrder = inOrder && n.sequence == received + 1
            && n.params.toObject()["_meta"].toObject()["seq"].toInteger() == qint64(received);
        ++received;
    });
    connection.startProcess(agent.options(m_dir));
    ResponseProbe load;
    connection.sendRequest("session/load", QJsonObject{}, this, load.handler(&connection));
    QTRY_VERIFY_WITH_TIMEOUT(load.done(), 300000);
    QVERIFY(load.response->isSuccess());
    QCOMPARE(received, quint64(1'000'000));
    QCOMPARE(load.notificationsBefore(), 1'000'000);
    QVERIFY(inOrder);
    QCOMPARE(connection.state(), Connection::State::Running);
}

void TestRequests::trafficTapSeesBothDirections()
{
    FakeAgent agent;
    agent.expect("initialize").respond({{"protocolVersion", 1}});
    Connection connection;
    QList<Acp::TrafficRecord> records;
    connect(&connection, &Connection::trafficObserved, this,
            [&](const Acp::TrafficRecord &r) { records.append(r); });
    connection.startProcess(agent.options(m_dir));
    ResponseProbe probe;
    connection.sendRequest("initialize", QJsonObject{{"protocolVersion", 1}}, this,
                           probe.handler(&connection));
    QTRY_VERIFY(probe.done());
    QTRY_COMPARE(records.size(), 2);
    QCOMPARE(records[0].direction, Acp::TrafficRecord::Direction::Outgoing);
    QVERIFY(records[0].line.contains("\"method\":\"initialize\""));
    QVERIFY(!records[0].line.contains('\n'));
    QCOMPARE(records[1].direction, Acp::TrafficRecord::Direction::Incoming);
    QVERIFY(records[1].line.contains("\"protocolVersion\":1"));
    QVERIFY(records[1].timestampMs >= records[0].timestampMs);
}

void TestRequests::requestAfterCloseIsRefused()
{
    FakeAgent agent;
    agent.op({{"op", "exit"}, {"code", 0}});
    Connection connection;
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    QVERIFY(closed.wait(5000));
    ResponseProbe probe;
    connection.sendRequest("session/new", QJsonObject{}, this, probe.handler(&connection));
    QVERIFY(!probe.done()); // never inside the call
    QTRY_VERIFY(probe.done());
    QCOMPARE(probe.response->status, Acp::Response::Status::NotSent);
    QVERIFY(probe.response->error.message.contains("exited with code 0"));
    QVERIFY(!connection.sendNotification("x", QJsonObject{}));
}

void TestRequests::trafficTapCanBeDisconnected()
{
    // Disconnecting from the tap once deadlocked (isSignalConnected() under Qt's connection
    // lock); afterwards the tap is off and a new listener turns it on again.
    FakeAgent agent;
    agent.expect("a").respond().expect("b").respond();
    Connection connection;
    int first = 0;
    const auto tap = connect(&connection, &Connection::trafficObserved, this, [&] { ++first; });
    connection.startProcess(agent.options(m_dir));
    ResponseProbe a;
    connection.sendRequest("a", QJsonObject{}, this, a.handler(&connection));
    QTRY_VERIFY(a.done());
    QTRY_COMPARE(first, 2);
    QVERIFY(disconnect(tap));
    int second = 0;
    connect(&connection, &Connection::trafficObserved, this, [&] { ++second; });
    ResponseProbe b;
    connection.sendRequest("b", QJsonObject{}, this, b.handler(&connection));
    QTRY_VERIFY(b.done());
    QTRY_COMPARE(second, 2);
    QCOMPARE(first, 2);
}

void TestRequests::decoderRunsOnTheWorkerInWireOrder()
{
    // The options' decoder turns each notification into something the consumer only applies;
    // it runs off the consumer's thread, once per notification, in wire order, and what it
    // made arrives with the notification it belongs to, before the response that follows.
    FakeAgent agent;
    agent.expect("go").notify(200).respond();
    Acp::ConnectionOptions options;
    std::atomic<int> onConsumerThread = 0;
    QThread *const consumer = QThread::currentThread();
    options.decoder = [&](const QString &method, const QJsonValue &params) {
        if (QThread::currentThread() == consumer)
            ++onConsumerThread;
        return QVariant(method + QLatin1Char('#')
                        + QString::number(params["_meta"]["seq"].toInteger()));
    };
    Connection connection(options);
    QStringList decoded;
    connect(&connection, &Connection::notificationReceived, this,
            [&](const Acp::Notification &n) { decoded.append(n.decoded.toString()); });
    connection.startProcess(agent.options(m_dir));
    std::optional<Acp::Response> response;
    int decodedAtResponse = -1;
    connection.sendRequest("go", QJsonObject{}, this, [&](const Acp::Response &r) {
        decodedAtResponse = int(decoded.size());
        response = r;
    });
    QTRY_VERIFY(response.has_value());
    QVERIFY(response->isSuccess());
    QCOMPARE(decodedAtResponse, 200);
    QCOMPARE(onConsumerThread.load(), 0);
    for (int i = 0; i < 200; ++i)
        QCOMPARE(decoded[i], QStringLiteral("session/update#%1").arg(i));
}

QTEST_GUILESS_MAIN(TestRequests)
#include "tst_requests.moc"
