// The regression scenarios and companion checks of BARRIER.md, against the scripted fake agent
// over real pipes. "A handler that blocks" is a consumer that has not acknowledged yet: the
// GUI thread itself never blocks, so every wait here is on a signal.

#include "connection.h"
#include "fakeagent.h"
#include "probes.h"

#include <QSignalSpy>
#include <QTest>

using namespace TestSupport;
using Acp::Connection;
using Acp::ConnectionOptions;
using Policy = ConsumerProbe::Policy;

namespace {

int iterations()
{
    const int fromEnv = qEnvironmentVariableIntValue("SWITCHBOARD_STRESS_ITERATIONS");
    return fromEnv > 0 ? fromEnv : 100;
}

ConnectionOptions manual()
{
    ConnectionOptions options;
    options.acknowledgeMode = Acp::AcknowledgeMode::Manual;
    return options;
}

QJsonObject gate()
{
    return {};
}

} // namespace

class TestBarrier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void preResponseNotificationIsAwaited();
    void postResponseNotificationIsNotAwaited();
    void concurrentOverlappingRequests();
    void loadReplayOrdering();
    void shutdownDrainsThroughFinalNotification();
    void promptWaitsForAllItsUpdates();
    void notificationsBeforeEndOfStreamAllDrain();
    void inboundRequestCancelledPromptlyDespiteBacklog();
    void backpressureKeepsConnectionOpen();
    void backlogCapClosesAndAcceptedStillDrain();
    void receivedResponseCompletesAfterDisconnect();
    void pendingWithoutResponseFailsAtDisconnect();

private:
    QTemporaryDir m_dir;
};

void TestBarrier::preResponseNotificationIsAwaited()
{
    FakeAgent agent;
    agent.expect("session/load").notify(1).expect("_test/gate").respond();
    Connection connection(manual());
    ConsumerProbe consumer(&connection, Policy::Hold);
    QSignalSpy answered(&connection, &Connection::requestAnswered);
    connection.startProcess(agent.options(m_dir));

    ResponseProbe load;
    QStringList order;
    connection.sendRequest("session/load", QJsonObject{}, this, [&](const Acp::Response &r) {
        order << "load completed";
        load.handler (&connection)(r);
    });
    QTRY_COMPARE(consumer.received.size(), 1);
    connection.sendNotification("_test/gate", gate());
    // The response has been read and reached the facade: only the barrier holds it now.
    QVERIFY(answered.wait(5000));
    QCoreApplication::processEvents();
    QVERIFY(!load.done());
    QCOMPARE(connection.pendingRequestCount(), 1);

    connect(&consumer, &ConsumerProbe::applied, this, [&] { order << "update applied"; });
    consumer.releaseAll();
    QTRY_VERIFY_WITH_TIMEOUT(load.done(), 1000);
    QCOMPARE(order, (QStringList{"update applied", "load completed"}));
    QVERIFY(load.response->isSuccess());
    QCOMPARE(load.notificationsBefore(), 1);
    QCOMPARE(load.acknowledgedAtCompletion, quint64(1));
}

void TestBarrier::postResponseNotificationIsNotAwaited()
{
    FakeAgent agent;
    agent.expect("session/load").respond().sleep(25).notify(1);
    Connection connection(manual());
    ConsumerProbe consumer(&connection, Policy::Hold);
    connection.startProcess(agent.options(m_dir));

    ResponseProbe load;
    connection.sendRequest("session/load", QJsonObject{}, this, load.handler(&connection));
    QTRY_VERIFY_WITH_TIMEOUT(load.done(), 200 + 2000 /* process start-up on a loaded CI box */);
    QCOMPARE(load.acknowledgedAtCompletion, quint64(0));
    QCOMPARE(load.notificationsBefore(), 0);
    // The later update arrives and its handler "starts" but is held: still nothing acknowledged.
    QTRY_COMPARE(consumer.received.size(), 1);
    QCOMPARE(connection.acknowledgedSequence(), quint64(0));
    consumer.releaseAll();
    QCOMPARE(connection.acknowledgedSequence(), quint64(1));
}

void TestBarrier::concurrentOverlappingRequests()
{
    // 32 loads at once; the agent sends two updates 1 ms apart for each before answering, in an
    // interleaved order; the consumer takes 2 ms per update.
    constexpr int Loads = 32;
    FakeAgent agent;
    for (int i = 0; i < Loads; ++i)
        agent.expect("session/load", QStringLiteral("load%1").arg(i));
    for (int i = 0; i < Loads; ++i)
        agent.notify(2, 1).respond({}, QStringLiteral("load%1").arg(Loads - 1 - i));
    const Acp::ProcessOptions options = agent.options(m_dir);

    const int rounds = qMax(1, iterations() / 10);
    for (int round = 0; round < rounds; ++round) {
        Connection connection(manual());
        ConsumerProbe consumer(&connection, Policy::Delayed, 2);
        connection.startProcess(options);
        std::vector<ResponseProbe> loads(Loads);
        for (int i = 0; i < Loads; ++i)
            connection.sendRequest("session/load", QJsonObject{}, this,
                                   loads[size_t(i)].handler(&connection), std::chrono::seconds(5));
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(loads.begin(), loads.end(),
                                             [](const ResponseProbe &p) { return p.done(); }),
                                 5000);
        for (const ResponseProbe &load : loads) {
            QCOMPARE(load.calls, 1);
            QVERIFY2(load.response->isSuccess(), qPrintable(load.response->error.message));
            QVERIFY(qint64(load.acknowledgedAtCompletion) >= load.notificationsBefore());
        }
    }
}

void TestBarrier::loadReplayOrdering()
{
    FakeAgent agent;
    agent.expect("session/load").notify(5).respond();
    const Acp::ProcessOptions options = agent.options(m_dir);
    for (int round = 0; round < iterations(); ++round) {
        Connection connection(manual());
        ConsumerProbe consumer(&connection, Policy::Immediate);
        connection.startProcess(options);
        QList<qint64> seenAtCompletion;
        bool done = false;
        connection.sendRequest("session/load", QJsonObject{}, this, [&](const Acp::Response &) {
            for (const Acp::Notification &n : consumer.received)
                seenAtCompletion << n.params.toObject()["_meta"].toObject()["seq"].toInteger();
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
        QCOMPARE(seenAtCompletion, (QList<qint64>{0, 1, 2, 3, 4}));
    }
}

void TestBarrier::shutdownDrainsThroughFinalNotification()
{
    // One update whose handler takes 50 ms; meanwhile the agent closes its output and exits.
    FakeAgent agent;
    agent.notify(1).op({{"op", "exit"}, {"code", 0}});
    const Acp::ProcessOptions options = agent.options(m_dir);
    for (int round = 0; round < qMax(1, iterations() / 5); ++round) {
        Connection connection(manual());
        ConsumerProbe consumer(&connection, Policy::Delayed, 50);
        QSignalSpy closed(&connection, &Connection::closed);
        quint64 acknowledgedAtClose = 99;
        connect(&connection, &Connection::closed, this,
                [&] { acknowledgedAtClose = consumer.acknowledged; });
        connection.startProcess(options);
        QVERIFY(closed.wait(5000));
        QCOMPARE(acknowledgedAtClose, quint64(1));
        QCOMPARE(connection.disconnectCause().reason, Acp::DisconnectCause::Reason::AgentExited);
        QVERIFY(!consumer.deliveredAfterClose);
    }
}

void TestBarrier::promptWaitsForAllItsUpdates()
{
    FakeAgent agent;
    agent.expect("session/prompt").notify(10).respond({{"stopReason", "end_turn"}});
    Connection connection(manual());
    ConsumerProbe consumer(&connection, Policy::Delayed, 50);
    connection.startProcess(agent.options(m_dir));
    ResponseProbe prompt;
    connection.sendRequest("session/prompt", QJsonObject{}, this, prompt.handler(&connection));
    QTRY_VERIFY_WITH_TIMEOUT(prompt.done(), 5000);
    QCOMPARE(prompt.acknowledgedAtCompletion, quint64(10));
    QCOMPARE(prompt.response->result.toObject()["stopReason"].toString(), QString("end_turn"));
}

void TestBarrier::notificationsBeforeEndOfStreamAllDrain()
{
    FakeAgent agent;
    agent.notify(25).op({{"op", "exit"}, {"code", 0}});
    Connection connection(manual());
    ConsumerProbe consumer(&connection, Policy::Delayed, 1);
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    QVERIFY(closed.wait(5000));
    QCOMPARE(consumer.received.size(), 25);
    QCOMPARE(consumer.acknowledged, quint64(25));
    QVERIFY(!consumer.deliveredAfterClose);
    for (int i = 0; i < 25; ++i)
        QCOMPARE(consumer.received[i].sequence, quint64(i + 1));
}

void TestBarrier::inboundRequestCancelledPromptlyDespiteBacklog()
{
    // 200 queued updates (the consumer needs 50 ms each, 10 s in all), then a permission
    // request, then EOF. The request's handler must hear of the disconnect within 1 s.
    FakeAgent agent;
    agent.notify(200)
        .send({{"jsonrpc", "2.0"},
               {"id", "perm-1"},
               {"method", "session/request_permission"},
               {"params", QJsonObject{}}})
        .op({{"op", "exit"}, {"code", 0}});
    ConnectionOptions options = manual();
    options.drainTimeout = std::chrono::milliseconds(20000);
    Connection connection(options);
    ConsumerProbe consumer(&connection, Policy::Delayed, 50);
    std::optional<Acp::InboundRequest> permission;
    connection.setRequestHandler("session/request_permission", this,
                                 [&](const Acp::InboundRequest &r) { permission = r; });
    QSignalSpy cancelled(&connection, &Connection::inboundRequestCancelled);
    connection.startProcess(agent.options(m_dir));
    QTRY_VERIFY_WITH_TIMEOUT(permission.has_value(), 5000);
    QVERIFY(cancelled.count() > 0 || cancelled.wait(1000));
    QCOMPARE(cancelled.first().first().toULongLong(), permission->handle());
    QVERIFY(consumer.acknowledged < 200); // the drain is still going on
    QVERIFY(!permission->isOpen());
    QVERIFY(!permission->respond(QJsonObject{}));
}

void TestBarrier::backpressureKeepsConnectionOpen()
{
    // The first handler blocks; 5,000 more updates arrive. The connection stays open, never more
    // than the window is parsed and unacknowledged, and after release all 5,001 arrive in order.
    FakeAgent agent;
    agent.notify(5001).stderrText("flood written\n");
    ConnectionOptions options = manual();
    options.notificationWindow = 1024;
    Connection connection(options);
    ConsumerProbe consumer(&connection, Policy::Hold);
    QSignalSpy stderrSpy(&connection, &Connection::stderrReceived);
    connection.startProcess(agent.options(m_dir));
    QTRY_VERIFY_WITH_TIMEOUT(connection.stderrTail().contains("flood written"), 10000);
    QTRY_COMPARE(consumer.received.size(), 1024);
    QCOMPARE(connection.lastSequence(), quint64(1024));
    QCOMPARE(connection.state(), Connection::State::Running);

    consumer.releaseAll(Policy::Immediate);
    QTRY_COMPARE_WITH_TIMEOUT(consumer.received.size(), 5001, 10000);
    QVERIFY(consumer.maxUnacknowledged <= 1024);
    for (int i = 0; i < consumer.received.size(); ++i)
        QCOMPARE(consumer.received[i].sequence, quint64(i + 1));
    QCOMPARE(connection.acknowledgedSequence(), connection.lastSequence());
    QCOMPARE(connection.state(), Connection::State::Running);
}

void TestBarrier::backlogCapClosesAndAcceptedStillDrain()
{
    FakeAgent agent;
    // ~3 MiB of updates against a 1 MiB backlog cap with the consumer blocked.
    agent.notify(20000).op({{"op", "stall"}});
    ConnectionOptions options = manual();
    options.notificationWindow = 16;
    options.maxBacklog = 1024 * 1024;
    options.exitGracePeriod = std::chrono::milliseconds(200);
    Connection connection(options);
    ConsumerProbe consumer(&connection, Policy::Hold);
    QSignalSpy disconnected(&connection, &Connection::disconnected);
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    QVERIFY(disconnected.wait(10000));
    const auto cause = disconnected.first().first().value<Acp::DisconnectCause>();
    QCOMPARE(cause.reason, Acp::DisconnectCause::Reason::BacklogExceeded);
    QVERIFY(cause.description().contains("backlog"));
    QCOMPARE(closed.count(), 0); // accepted notifications are still owed to the consumer
    QCOMPARE(consumer.received.size(), 16);
    consumer.releaseAll();
    QVERIFY(closed.count() == 1 || closed.wait(2000));
    QCOMPARE(connection.acknowledgedSequence(), connection.lastSequence());
    QCOMPARE(connection.lastSequence(), quint64(16));
}

void TestBarrier::receivedResponseCompletesAfterDisconnect()
{
    // Where this project differs from the reference: a response that arrived is real data. It
    // completes once the drain reaches its watermark, even though the agent has gone.
    FakeAgent agent;
    agent.expect("session/load")
        .notify(3)
        .respond({{"answer", 42}})
        .op({{"op", "exit"}, {"code", 0}});
    Connection connection(manual());
    ConsumerProbe consumer(&connection, Policy::Hold);
    QSignalSpy disconnected(&connection, &Connection::disconnected);
    QSignalSpy closed(&connection, &Connection::closed);
    connection.startProcess(agent.options(m_dir));
    ResponseProbe load;
    connection.sendRequest("session/load", QJsonObject{}, this, load.handler(&connection));
    QVERIFY(disconnected.wait(5000));
    QVERIFY(!load.done());
    QCOMPARE(closed.count(), 0);
    consumer.releaseAll();
    QVERIFY(load.done());
    QVERIFY(load.response->isSuccess());
    QCOMPARE(load.response->result.toObject()["answer"].toInt(), 42);
    QCOMPARE(load.acknowledgedAtCompletion, quint64(3));
    QVERIFY(closed.count() == 1 || closed.wait(1000));
}

void TestBarrier::pendingWithoutResponseFailsAtDisconnect()
{
    FakeAgent agent;
    agent.expect("session/prompt").notify(2).stderrText("boom\n").op({{"op", "exit"}, {"code", 3}});
    Connection connection(manual());
    ConsumerProbe consumer(&connection, Policy::Hold);
    connection.startProcess(agent.options(m_dir));
    ResponseProbe prompt;
    connection.sendRequest("session/prompt", QJsonObject{}, this, prompt.handler(&connection));
    // Fails promptly even though the consumer has not applied the two updates yet.
    QTRY_VERIFY_WITH_TIMEOUT(prompt.done(), 5000);
    QCOMPARE(prompt.response->status, Acp::Response::Status::ConnectionLost);
    QCOMPARE(prompt.response->error.code, Acp::ErrorCode::InternalError);
    QCOMPARE(prompt.response->error.data.toObject()["exitCode"].toInt(), 3);
    QVERIFY(prompt.response->error.data.toObject()["stderrTail"].toString().contains("boom"));
    QVERIFY(prompt.response->error.message.contains("exited with code 3"));
    QCOMPARE(consumer.received.size(), 2);
}

QTEST_GUILESS_MAIN(TestBarrier)
#include "tst_barrier.moc"
