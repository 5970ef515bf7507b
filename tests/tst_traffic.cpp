// What the protocol inspector can show: a connection keeps its traffic from the start (bounded
// in messages, bytes and the length of one message), the inspector opened later shows it all,
// and notes (a rule's automatic answer) sit among the messages.

#include "connection.h"
#include "fakeagent.h"
#include "inspectorwindow.h"

#include <QJsonArray>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;
using Acp::Connection;
using Acp::TrafficRecord;

class TestTraffic : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aConnectionKeepsItsTrafficFromTheStart();
    void theKeptTrafficIsBounded();
    void theInspectorShowsWhatCameBeforeItOpened();

private:
    QTemporaryDir m_dir;
};

void TestTraffic::aConnectionKeepsItsTrafficFromTheStart()
{
    FakeAgent agent;
    agent.expect("initialize").respond({{"protocolVersion", 1}}).notify(3);
    Acp::ConnectionOptions options;
    options.trafficHistory = {100, 1 << 20, 1 << 20};
    Connection connection(options);
    QSignalSpy notifications(&connection, &Connection::notificationReceived);
    connection.startProcess(agent.options(m_dir));
    QSignalSpy answered(&connection, &Connection::requestAnswered);
    connection.sendRequest("initialize", QJsonObject{{"protocolVersion", 1}}, this,
                           [](const Acp::Response &) {});
    QTRY_COMPARE(notifications.size(), 3);
    connection.addTrafficNote("a remark");
    // Nobody listened to trafficObserved: it was kept anyway, in order.
    const QList<TrafficRecord> kept = connection.trafficHistory();
    QCOMPARE(kept.size(), 6);
    QCOMPARE(kept.at(0).direction, TrafficRecord::Direction::Outgoing);
    QVERIFY(kept.at(0).line.contains("\"initialize\""));
    QCOMPARE(kept.at(1).direction, TrafficRecord::Direction::Incoming);
    QVERIFY(kept.at(1).line.contains("\"result\""));
    QCOMPARE(kept.at(5).direction, TrafficRecord::Direction::Note);
    QCOMPARE(kept.at(5).line, QByteArray("a remark"));

    // Without limits (the CLI, the tests) nothing is kept and a note costs nothing.
    FakeAgent quiet;
    quiet.expect("initialize").respond({{"protocolVersion", 1}});
    Connection plain;
    plain.startProcess(quiet.options(m_dir));
    bool done = false;
    plain.sendRequest("initialize", QJsonObject{}, this,
                      [&](const Acp::Response &) { done = true; });
    QTRY_VERIFY(done);
    plain.addTrafficNote("unseen");
    QVERIFY(plain.trafficHistory().isEmpty());
}

void TestTraffic::theKeptTrafficIsBounded()
{
    FakeAgent agent;
    const QString big(3000, QLatin1Char('x'));
    agent.expect("initialize").respond({{"protocolVersion", 1}});
    for (int i = 0; i < 20; ++i)
        agent.send(sessionUpdate("s1", textChunk("agent_message_chunk", big)));
    Acp::ConnectionOptions options;
    options.trafficHistory = {8, 10000, 2000}; // 8 messages, 10,000 bytes, 2,000 per message
    Connection connection(options);
    QSignalSpy notifications(&connection, &Connection::notificationReceived);
    connection.startProcess(agent.options(m_dir));
    connection.sendRequest("initialize", QJsonObject{}, this, [](const Acp::Response &) {});
    QTRY_COMPARE(notifications.size(), 20);
    const QList<TrafficRecord> kept = connection.trafficHistory();
    qsizetype bytes = 0;
    for (const TrafficRecord &r : kept)
        bytes += r.line.size();
    QVERIFY2(kept.size() <= 8 && bytes <= 10000, qPrintable(QString::number(bytes)));
    QCOMPARE(kept.size(), 5); // 5 cut messages of 2,000 bytes fill 10,000
    // The newest are kept, cut to their start, with their real size.
    QCOMPARE(kept.last().line.size(), 2000);
    QVERIFY(kept.last().messageSize() > 3000);
    QVERIFY(kept.last().line.startsWith("{"));
}

void TestTraffic::theInspectorShowsWhatCameBeforeItOpened()
{
    FakeAgent agent;
    agent.expect("initialize").respond({{"protocolVersion", 1}}).notify(2);
    Acp::ConnectionOptions options;
    options.trafficHistory = Ui::TrafficModel::connectionLimits();
    Connection connection(options);
    QSignalSpy notifications(&connection, &Connection::notificationReceived);
    connection.startProcess(agent.options(m_dir));
    connection.sendRequest("initialize", QJsonObject{}, this, [](const Acp::Response &) {});
    QTRY_COMPARE(notifications.size(), 2);
    connection.addTrafficNote("Allowed by your rule, nobody was asked: edits in this session");

    Ui::InspectorWindow inspector; // opened only now
    inspector.attach(&connection);
    Ui::TrafficModel *model = inspector.traffic();
    QCOMPARE(model->rowCount(), 5);
    QVERIFY(model->record(0).line.contains("\"initialize\""));
    const QModelIndex note = model->index(4, Ui::TrafficModel::Summary);
    QCOMPARE(note.data().toString(),
             QString("Allowed by your rule, nobody was asked: edits in this session"));
    QVERIFY(inspector.findChild<QLabel *>("inspectorBound")->text().contains("16 MiB"));
    // What comes next is appended.
    connection.sendNotification("session/cancel", QJsonObject{{"sessionId", "s1"}});
    QTRY_COMPARE(model->rowCount(), 6);
    QVERIFY(model->record(5).line.contains("session/cancel"));
    // Saved traffic is the messages, not our notes.
    QTemporaryDir out;
    QVERIFY(inspector.saveTo(out.filePath("t.jsonl")).isEmpty());
    QFile saved(out.filePath("t.jsonl"));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray text = saved.readAll();
    QCOMPARE(text.count('\n'), 5);
    QVERIFY(!text.contains("nobody was asked"));
}

QTEST_MAIN(TestTraffic)
#include "tst_traffic.moc"
