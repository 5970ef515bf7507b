// The real main window, offscreen, against the bundled demo agent: a prompt streams an answer,
// the permission card approves (or rejects) the edit and the file is written (or not), a turn
// can be stopped, and the inspector lists the traffic. Widgets are found by their documented
// objectNames. With SWITCHBOARD_SCREENSHOTS=<dir>, the test also saves screenshots there.

#include "inspectorwindow.h"
#include "mainwindow.h"
#include "permissioncard.h"
#include "promptedit.h"
#include "sessionview.h"
#include "transcriptview.h"

#include <QApplication>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Ui;

namespace {

void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("SWITCHBOARD_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void promptPermissionAndInspector();
    void rejectWritesNothingAndStopWorks();

private:
    AgentProfile demo() const;
    SessionView *start(MainWindow &window);

    QTemporaryDir m_data;
    QTemporaryDir m_project;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("SWITCHBOARD_DEMO_AGENT_DATA", m_data.path().toUtf8());
    QFile readme(m_project.filePath("README.md"));
    QVERIFY(readme.open(QIODevice::WriteOnly));
    readme.write("# Demo project\n\nA small project for the screenshots.\n");
    QFile demoFile(m_project.filePath("switchboard-demo.txt"));
    QVERIFY(demoFile.open(QIODevice::WriteOnly));
    demoFile.write("A file the demo agent edits.\n");
}

AgentProfile TestMainWindow::demo() const
{
    AgentProfile p;
    p.name = "Demo agent (no AI)";
    p.program = QStringLiteral(SWITCHBOARD_DEMO_AGENT);
    p.isDemo = true;
    return p;
}

SessionView *TestMainWindow::start(MainWindow &window)
{
    SessionView *view = window.openSession(demo(), m_project.path());
    window.show();
    if (!QTest::qWaitFor([&] { return view->session() != nullptr; }, 10000))
        return nullptr;
    return view;
}

void TestMainWindow::promptPermissionAndInspector()
{
    QFile::remove(m_project.filePath("switchboard-demo.txt.bak"));
    QSettings settings(m_data.filePath("profiles.ini"), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    window.resize(1280, 860);
    SessionView *view = start(window);
    QVERIFY(view);
    InspectorWindow *inspector = window.inspector();

    auto *prompt = window.findChild<PromptEdit *>("promptEdit");
    auto *send = window.findChild<QPushButton *>("sendButton");
    QVERIFY(prompt && send);
    QTRY_VERIFY(prompt->isEnabled());
    // Slash commands complete from what the agent announced.
    QTRY_VERIFY(!view->session()->commands().isEmpty());
    prompt->setFocus();
    QTest::keyClicks(prompt, "Add a greeting to the demo file");
    QTest::keyClick(prompt, Qt::Key_Return);
    QTRY_COMPARE(send->text(), QString("Stop"));

    // The permission card appears inline on the edit's tool call.
    TranscriptView *transcript = view->transcriptView();
    PermissionCard *card = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (card = window.findChild<PermissionCard *>("permissionCard")) != nullptr, 15000);
    QTRY_VERIFY(card->isVisible());
    const auto *model = view->session()->transcript();
    const int editRow = model->rowOfToolCall("edit-1");
    QVERIFY(editRow >= 0);
    QVERIFY(transcript->transcriptDelegate()->renderedText(editRow).contains(
        "+Hello from the demo agent, turn 1."));
    QVERIFY(model->entry(model->rowOfPlan()).plan.entries.size() == 3);
    QTest::qWait(
        200); // let the frame timer lay out the card before the picture (not synchronisation)
    screenshot(&window, "main-window-permission");

    auto *allow = card->findChild<QPushButton *>("permissionOption_allow-once");
    QVERIFY(allow);
    QTest::mouseClick(allow, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(send->text(), QString("Send"), 20000);
    QFile written(m_project.filePath("switchboard-demo.txt"));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().endsWith("Hello from the demo agent, turn 1.\n"));
    QVERIFY(!window.findChild<PermissionCard *>("permissionCard"));
    QTRY_VERIFY(!view->session()->title().isEmpty());
    screenshot(&window, "main-window-turn-done");

    inspector->resize(1100, 640);
    inspector->show();
    QTRY_VERIFY(inspector->traffic()->rowCount() > 20);
    bool sawPrompt = false;
    for (int row = 0; row < inspector->traffic()->rowCount(); ++row)
        sawPrompt
            = sawPrompt || inspector->traffic()->record(row).line.contains("\"session/prompt\"");
    QVERIFY(sawPrompt);
    QVERIFY(inspector->select("\"sessionUpdate\":\"tool_call\""));
    QVERIFY(inspector->findChild<QPlainTextEdit *>("inspectorDetail")
                ->toPlainText()
                .contains("\"toolCallId\""));
    screenshot(inspector, "inspector");
    QTemporaryDir out;
    QVERIFY(inspector->saveTo(out.filePath("traffic.jsonl")).isEmpty());
    QVERIFY(QFileInfo(out.filePath("traffic.jsonl")).size() > 1000);
}

void TestMainWindow::rejectWritesNothingAndStopWorks()
{
    QFile::remove(m_project.filePath("switchboard-demo.txt"));
    QSettings settings(m_data.filePath("profiles2.ini"), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    SessionView *view = start(window);
    QVERIFY(view);
    view->submit("Please edit");
    PermissionCard *card = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (card = window.findChild<PermissionCard *>("permissionCard")) != nullptr, 15000);
    QTest::mouseClick(card->findChild<QPushButton *>("permissionOption_reject-once"),
                      Qt::LeftButton);
    auto *send = window.findChild<QPushButton *>("sendButton");
    QTRY_COMPARE_WITH_TIMEOUT(send->text(), QString("Send"), 20000);
    QVERIFY(!QFile::exists(m_project.filePath("switchboard-demo.txt")));

    // A second turn, stopped with the Stop button while the agent waits for permission.
    view->submit("Again");
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<PermissionCard *>("permissionCard") != nullptr,
                             15000);
    QCOMPARE(send->text(), QString("Stop"));
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(send->text(), QString("Send"), 10000);
    const auto *model = view->session()->transcript();
    QVERIFY(model->entry(model->rowCount() - 1).stopReason == Acp::StopReason::Cancelled);
    QVERIFY(!window.findChild<PermissionCard *>("permissionCard"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
