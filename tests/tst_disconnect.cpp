// Disconnects and drains in the corners: nested event loops in handlers, the backlog cap versus
// one long line, timeouts after the agent left, write errors, crashes during shutdown, and the
// drain timeout (for a consumer that stopped, not one that is merely slow).

#include "connection.h"
#include "fakeagent.h"
#include "probes.h"

#include <QEventLoop>
#include <QSignalSpy>
#include <QTest>

using namespace TestSupport;
using Acp::Connection;
using Acp::ConnectionOptions;
using Policy = ConsumerProbe::Policy;

class TestDisconnect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void responseHandlerMayRunNestedEventLoop();
    void longLineIsNotABacklog();
    void timeoutAfterDisconnectReportsTheDisconnect();
    void writeErrorEndsTheConnection();
    void crashDuringShutdownStaysACrash();
    void slowButSteadyDrainIsNotCutOff();
    void stalledDrainTimesOut();

private:
    QTemporaryDir m_dir;
};

void TestDisconnect::responseHandlerMayRunNestedEventLoop()
{
    // A response handler shows a "modal dialog" (a nested event loop). Meanwhile 2,000 updates
    // arrive and the agent asks for permission and then cancels that request: all of it must
    // get through while the handler is still running.
    FakeAgent agent;
    agent.expect("a")
        .respond()
        .notify(2000)
        .send({{"jsonrpc", "2.0"},
               {"id", 1},
               {"method", "session/request_permission"},
               {"params", QJsonObject{}}})
        .send({{"jsonrpc", "2.0"},
               {"method", "$/cancel_request"},
               {"params", QJsonObject{{"requestId", 1}}}});
    for (int round = 0; round < 20; ++round) {
        Connection connection;
        int notifications = 0;
        connect(&connection, &Connection::notificationReceived, this, [&] { ++notifications; });
        bool permissionSeen = false;
        connection.setRequestHandler("session/request_permission", this,
                                     [&](const Acp::InboundRequest &) { permissionSeen = true; });
        connection.startProcess(agent.options(m_dir));
        bool cancelledInsideHandler = false;
        bool handlerReturned = false;
        connection.sendRequest("a", QJsonObject{}, this, [&](const Acp::Response &) {
            QEventLoop dialog;
            connect(&connection, &Connection::inboundRequestCancelled, &dialog, [&] {
                cancelledInsideHandler = true;
                dialog.quit();
            });
            QTimer::singleShot(10000, &dialog, &QEventLoop::quit); // a safety net, not a wait
            dialog.exec();
            handlerReturned = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(handlerReturned, 15000);
        QVERIFY2(
            cancelledInsideHandler,
            qPrintable(
                QString("notifications %1 permission %2").arg(notifications).arg(permissionSeen)));
        QVERIFY(permissionSeen);
        QCOMPARE(notifications, 2000);
    }
}

void TestDisconnect::longLineIsNotABacklog()
{
    // A 2 MiB image line to a client that keeps up is fine even with a 1 MiB backlog cap.
    FakeAgent agent;
    agent.op({{"op", "big_line"}, {"bytes", 2 * 1024 * 1024}}).notify(1);
    ConnectionOptions options;
    options.maxBacklog = 1024 * 1024;
    options.maxMessageSize = 4 * 1024 * 1024;
    Connection connection(options);
    QList<Acp::Notification> received;
    connect(&connection, &Connection::notificationReceived, this,
            [&](const Acp::Notification &n) { received.append(n); });
    connection.startProcess(agent.options(m_dir));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, 10000);
    QVERIFY(received[0].params.toObject()["pad"].toString().size() > 2000000);
    QCOMPARE(connection.state(), Connection::State::Running);
}

void TestDisconnect::timeoutAfterDisconnectReportsTheDisconnect()
{
    // The consumer holds a small window, so the reader cannot reach the end of what the agent
    // wrote before exiting; the request's timeout fires during the drain.
    FakeAgent agent;
    agent.expect("a").notify(10).op({{"op", "exit"}, {"code", 4}});
    ConnectionOptions options;
    options.acknowledgeMode = Acp::AcknowledgeMode::Manual;
    options.notificationWindow = 4;
    Connection connection(options);
    ConsumerProbe consumer(&connection, Policy::Hold);
    QSignalSpy disconnected(&connection, &Connection::disconnected);
    connection.startProcess(agent.options(m_dir));
    ResponseProbe probe;
    connection.sendRequest("a", QJsonObject{}, this, probe.handler(&connection),
                           std::chrono::milliseconds(500));
    QVERIFY(disconnected.wait(5000));
    QTRY_VERIFY(probe.done());
    QCOMPARE(probe.response->status, Acp::Response::Status::ConnectionLost);
    QCOMPARE(probe.response->error.data.toObject()["exitCode"].toInt(), 4);
    consumer.releaseAll();
    QTRY_COMPARE(connection.state(), Connection::State::Closed);
    QCOMPARE(consumer.received.size(), 10);
}

void TestDisconnect::writeErrorEndsTheConnection()
{
    FakeAgent agent;
    agent.op({{"op", "close_stdin"}}).stderrText("stdin closed\n").op({{"op", "stall"}});
    ConnectionOptions options;
    options.exitGracePeriod = std::chrono::milliseconds(100);
    Connection connection(options);
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    QTRY_VERIFY(connection.stderrTail().contains("stdin closed"));
    ResponseProbe probe;
    connection.sendRequest("session/prompt", QJsonObject{}, this, probe.handler(&connection));
    QTRY_VERIFY(probe.done());
    QVERIFY(probe.response->status == Acp::Response::Status::ConnectionLost
            || probe.response->status == Acp::Response::Status::NotSent);
    QVERIFY(closed.count() == 1 || closed.wait(5000));
    QCOMPARE(connection.disconnectCause().reason, Acp::DisconnectCause::Reason::WriteError);
}

void TestDisconnect::crashDuringShutdownStaysACrash()
{
    FakeAgent agent;
    agent.op({{"op", "drain_stdin"}}).op({{"op", "crash"}, {"signal", 11}});
    Connection connection;
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    QTRY_COMPARE(connection.state(), Connection::State::Running);
    connection.shutdown();
    QVERIFY(closed.wait(5000));
    QCOMPARE(connection.disconnectCause().reason, Acp::DisconnectCause::Reason::AgentCrashed);
    QCOMPARE(connection.disconnectCause().signal, std::optional<int>(11));
    QVERIFY(connection.disconnectCause().description().contains("SIGSEGV"));
}

void TestDisconnect::slowButSteadyDrainIsNotCutOff()
{
    // 20 updates at 50 ms each take 1 s to apply after the agent left, five times the drain
    // timeout: they are all applied, and the response behind them completes.
    FakeAgent agent;
    agent.expect("a").notify(20).respond().op({{"op", "exit"}, {"code", 0}});
    ConnectionOptions options;
    options.acknowledgeMode = Acp::AcknowledgeMode::Manual;
    options.drainTimeout = std::chrono::milliseconds(200);
    Connection connection(options);
    ConsumerProbe consumer(&connection, Policy::Delayed, 50);
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    ResponseProbe probe;
    connection.sendRequest("a", QJsonObject{}, this, probe.handler(&connection));
    QVERIFY(closed.wait(10000));
    QCOMPARE(consumer.acknowledged, quint64(20));
    QVERIFY(probe.done());
    QVERIFY(probe.response->isSuccess());
    QCOMPARE(probe.acknowledgedAtCompletion, quint64(20));
}

void TestDisconnect::stalledDrainTimesOut()
{
    FakeAgent agent;
    agent.expect("a").notify(3).respond().op({{"op", "exit"}, {"code", 0}});
    ConnectionOptions options;
    options.acknowledgeMode = Acp::AcknowledgeMode::Manual;
    options.drainTimeout = std::chrono::milliseconds(200);
    Connection connection(options);
    ConsumerProbe consumer(&connection, Policy::Hold);
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    ResponseProbe probe;
    connection.sendRequest("a", QJsonObject{}, this, probe.handler(&connection));
    QVERIFY(closed.wait(5000));
    QVERIFY(probe.done());
    QCOMPARE(probe.response->status, Acp::Response::Status::ConnectionLost);
    QCOMPARE(connection.acknowledgedSequence(), quint64(0));
    QCOMPARE(connection.lastSequence(), quint64(3));
}

QTEST_GUILESS_MAIN(TestDisconnect)
#include "tst_disconnect.moc"
