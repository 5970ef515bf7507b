// The public automation surface (Ui::Testing::SessionDriver and the documented objectNames),
// used the way a user's own QtTest would: a whole session in the real main window against the
// demo agent, then closed, reopened from the browser, loaded, and compared.

#include "sessiondriver.h"
#include "sessionview.h"

#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Ui::Testing::SessionDriver;

class TestAutomation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void wholeSessionThenReopenedIdentical();

private:
    QTemporaryDir m_data;
    QTemporaryDir m_agentData;
    QTemporaryDir m_project;
};

void TestAutomation::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("SWITCHBOARD_DEMO_AGENT_DATA", m_agentData.path().toUtf8());
    QFile demoFile(m_project.filePath("switchboard-demo.txt"));
    QVERIFY(demoFile.open(QIODevice::WriteOnly));
    demoFile.write("A file the demo agent edits.\n");
}

void TestAutomation::wholeSessionThenReopenedIdentical()
{
    SessionDriver driver(m_data.path());
    const Acp::AgentProfile demo = SessionDriver::demoAgent(QStringLiteral(SWITCHBOARD_DEMO_AGENT));
    QVERIFY(driver.openSession(demo, m_project.path()));

    QVERIFY(driver.sendPrompt("Add a greeting to the demo file"));
    QVERIFY(driver.answerPermission(Acp::PermissionOption::Kind::AllowOnce));
    const auto stop = driver.waitForTurnEnd();
    QVERIFY(stop.has_value());
    QCOMPARE(Acp::toString(*stop), QString("end_turn"));

    // The file was written, and the plan is complete.
    QFile written(m_project.filePath("switchboard-demo.txt"));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().endsWith("Hello from the demo agent, turn 1.\n"));
    Acp::TranscriptModel *model = driver.transcript();
    QVERIFY(model && model->rowOfPlan() >= 0);
    const Acp::Plan plan = model->entry(model->rowOfPlan()).plan;
    QVERIFY(!plan.entries.isEmpty());
    for (const Acp::PlanEntry &e : plan.entries)
        QVERIFY2(e.status == Acp::PlanEntry::Status::Completed, qPrintable(e.content));

    const QString id = driver.session()->sessionId();
    const QJsonArray live = model->toJson();
    QVERIFY(driver.closeCurrentSession());
    QVERIFY(driver.currentView() == nullptr);

    // Reopened from File > Open Session with the full history replayed.
    Ui::SessionView *view = driver.reopenFromBrowser(id, true);
    QVERIFY(view);
    QVERIFY(view->replayedUpdates() > 10);
    QJsonArray expected; // the client's own turn-end rows are not part of an agent's replay
    for (const QJsonValue &row : live) {
        if (row.toObject()["kind"] != "turn_ended")
            expected.append(row);
    }
    QCOMPARE(driver.transcript()->toJson(), expected);
}

QTEST_MAIN(TestAutomation)
#include "tst_automation.moc"
