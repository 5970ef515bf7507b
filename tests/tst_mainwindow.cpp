// The real main window, offscreen, against the bundled demo agent: a prompt streams an answer,
// the permission card approves (or rejects) the edit and the file is written (or not), a turn
// can be stopped, and the inspector lists the traffic. Widgets are found by their documented
// objectNames. With SWITCHBOARD_SCREENSHOTS=<dir>, the test also saves screenshots there.

#include "elicitationdialog.h"
#include "fakeagent.h"
#include "inspectorwindow.h"
#include "mainwindow.h"
#include "permissioncard.h"
#include "permissionrules.h"
#include "promptedit.h"
#include "screenshots.h"
#include "sessionview.h"
#include "settingsdialog.h"
#include "transcriptview.h"
#include "writereviewdialog.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

using namespace Ui;
using TestSupport::screenshot;

namespace { } // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void promptPermissionAndInspector();
    void rejectWritesNothingAndStopWorks();
    void alwaysLastsForTheSessionAndShowsOnTheCall();
    void crashMidTurnKeepsTheTranscript();
    void forceStopEndsAnAgentThatIgnoresTheCancel();
    void secretsStayOutOfTheInspectorAndTheBanner();
    void promptsDuringATurnAreQueued();
    void slashCompletesCommands();
    void settingsEditProfilesAndRevokeDecisions();
    void reviewedWriteShowsADiffFirst();
    void elicitationFormIsValidatedAndAnswered();
    void pastedImageIsSentWithThePrompt();
    void terminalLoginRunsInATerminalThenRestarts();
    void missingAgentIsExplained();

private:
    Acp::AgentProfile demo() const;
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

Acp::AgentProfile TestMainWindow::demo() const
{
    Acp::AgentProfile p;
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
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    window.resize(1280, 860);
    SessionView *view = start(window);
    QVERIFY(view);

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
    // The command the agent ran shows what ran and how it ended, above its output.
    const int runRow = model->rowOfToolCall("run-1");
    QVERIFY(runRow >= 0);
    QTRY_VERIFY(
        transcript->transcriptDelegate()->renderedText(runRow).contains("$ sh -c for i in 1 2 3"));
    QTRY_VERIFY(
        transcript->transcriptDelegate()->renderedText(runRow).contains("\u2014 exit status 0"));
    screenshot(&window, "main-window-turn-done");

    // Ctrl+F finds in the transcript; Ctrl+C copies the found message.
    window.findChild<QAction *>("actionFind")->trigger();
    auto *findEdit = window.findChild<QLineEdit *>("findEdit");
    QVERIFY(findEdit->isVisible() && findEdit->hasFocus());
    QTest::keyClicks(findEdit, "hello from turn");
    QCOMPARE(transcript->currentIndex().row(), [&] {
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->entry(r).text.contains("Hello from turn 1"))
                return r;
        return -2;
    }());
    QTest::keyClick(transcript, Qt::Key_C, Qt::ControlModifier);
    QVERIFY(QApplication::clipboard()->text().contains("```cpp")); // the Markdown, code and all
    // The "Copy" link under the code block copies just the code.
    QVERIFY(transcript->transcriptDelegate()
                ->renderedText(transcript->currentIndex().row())
                .contains("Copy"));
    const QRect rect = transcript->visualRect(transcript->currentIndex());
    QPoint copyLink;
    for (int y = rect.top(); y < rect.bottom() && copyLink.isNull(); y += 2)
        for (int x = rect.left(); x < rect.left() + 200 && copyLink.isNull(); x += 4)
            if (transcript->transcriptDelegate()->anchorAt(transcript->currentIndex().row(), rect,
                                                           QPoint(x, y))
                == "copy:0")
                copyLink = QPoint(x, y);
    QVERIFY(!copyLink.isNull());
    QTest::mouseClick(transcript->viewport(), Qt::LeftButton, {}, copyLink);
    QCOMPARE(QApplication::clipboard()->text().left(19), QString("#include <iostream>"));
    QTest::keyClick(findEdit, Qt::Key_Escape);
    QVERIFY(!findEdit->isVisible());

    // Opened only now, the inspector still shows the session from its start.
    InspectorWindow *inspector = window.inspector();
    inspector->resize(1100, 640);
    inspector->show();
    QTRY_VERIFY(inspector->traffic()->rowCount() > 20);
    QVERIFY(inspector->traffic()->record(0).line.contains("\"method\":\"initialize\""));
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
    Acp::ProfileStore profiles(&settings);
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

void TestMainWindow::alwaysLastsForTheSessionAndShowsOnTheCall()
{
    QSettings settings(m_data.filePath("profiles9.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    window.resize(1100, 800);
    SessionView *view = start(window);
    QVERIFY(view);
    auto *send = window.findChild<QPushButton *>("sendButton");
    view->submit("First edit");
    PermissionCard *card = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (card = window.findChild<PermissionCard *>("permissionCard")) != nullptr, 15000);
    auto *always = card->findChild<QPushButton *>("permissionOption_allow-always");
    QVERIFY(always);
    QCOMPARE(always->text(), QString("&2 Always allow edits (this session)"));
    QVERIFY(card->findChild<QCheckBox *>("permissionKeepForProject"));
    QTest::mouseClick(always, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(send->text(), QString("Send"), 20000);

    // The next edit is answered by the session's rule, and its tool call says so.
    view->submit("Second edit");
    QTRY_COMPARE_WITH_TIMEOUT(send->text(), QString("Stop"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(send->text(), QString("Send"), 20000);
    const auto *model = view->session()->transcript();
    const int row = model->rowOfToolCall("edit-2");
    QVERIFY(row >= 0);
    QVERIFY(model->entry(row).ruleAnswer);
    TranscriptView *transcript = view->transcriptView();
    transcript->scrollTo(model->index(row));
    const QString shown = transcript->transcriptDelegate()->renderedText(row);
    QVERIFY2(shown.contains("Allowed by your rule: edits in this session"), qPrintable(shown));
    QVERIFY(shown.contains("Forget rule"));
    screenshot(&window, "permission-answered-by-a-rule");
    // "Forget rule" on the call forgets it; the call keeps saying what answered it.
    const QString anchor = "forget-rule:" + model->entry(row).ruleAnswer->ruleId;
    QTRY_VERIFY(transcript->visualRect(model->index(row)).isValid());
    const QRect rect = transcript->visualRect(model->index(row));
    QPoint link;
    for (int y = rect.top(); y < rect.bottom() && link.isNull(); y += 2)
        for (int x = rect.left(); x < rect.right() && link.isNull(); x += 4)
            if (transcript->transcriptDelegate()->anchorAt(row, rect, QPoint(x, y)) == anchor)
                link = QPoint(x, y);
    QVERIFY(!link.isNull());
    QTest::mouseClick(transcript->viewport(), Qt::LeftButton, {}, link);
    QTRY_VERIFY(model->entry(row).ruleAnswer->forgotten);
    QVERIFY(transcript->transcriptDelegate()->renderedText(row).contains("since forgotten"));
    // Asked again.
    view->submit("Third edit");
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<PermissionCard *>("permissionCard") != nullptr,
                             15000);
}

void TestMainWindow::crashMidTurnKeepsTheTranscript()
{
    TestSupport::FakeAgent agent;
    const auto update = [](const QJsonObject &u) {
        return QJsonObject{{"jsonrpc", "2.0"},
                           {"method", "session/update"},
                           {"params", QJsonObject{{"sessionId", "s1"}, {"update", u}}}};
    };
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .expect("session/prompt")
        .send(update({{"sessionUpdate", "agent_message_chunk"},
                      {"content", QJsonObject{{"type", "text"}, {"text", "A partial answer"}}}}))
        .stderrText("fatal: out of tokens\n")
        .op({{"op", "crash"}, {"signal", 9}});
    QSettings settings(m_data.filePath("profiles3.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    const Acp::ProcessOptions process = agent.options(m_data);
    Acp::AgentProfile fake{"Fake", process.program, process.arguments, {}, {}, false, {}, {}};
    SessionView *view = window.openSession(fake, m_project.path());
    window.show();
    QTRY_VERIFY(view->session());
    QSignalSpy titles(view, &SessionView::titleChanged);
    view->submit("Go");
    // The agent gives the session no title: its first prompt names it, as in the history.
    QCOMPARE(view->displayTitle(), QString("Go"));
    QCOMPARE(titles.value(0).value(0).toString(), QString("Go"));
    auto *status = window.findChild<QLabel *>("agentStatus");
    QTRY_VERIFY_WITH_TIMEOUT(status->isVisible() && status->text().contains("stopped"), 10000);
    QVERIFY(status->text().contains("SIGKILL"));
    QVERIFY(status->text().contains("out of tokens"));
    QVERIFY(window.findChild<QPushButton *>("restartAgentButton")->isVisible());
    QVERIFY(!window.findChild<QPushButton *>("sendButton")->isEnabled());
    const auto *model = view->session()->transcript();
    bool partial = false;
    for (const auto &e : model->entries())
        partial = partial || e.text == "A partial answer";
    QVERIFY(partial); // what the agent said before it died is still there
    QVERIFY(model->entry(model->rowCount() - 1).kind == Acp::TranscriptEntry::Kind::Error);
    screenshot(&window, "agent-crashed");
}

void TestMainWindow::forceStopEndsAnAgentThatIgnoresTheCancel()
{
    // An agent that takes the cancel and goes on: it neither answers nor reads, and it
    // ignores SIGTERM. Stop asks; a second press stops the process.
    TestSupport::FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .op({{"op", "ignore_sigterm"}})
        .expect("session/prompt")
        .send(TestSupport::sessionUpdate(
            "s1", TestSupport::textChunk("agent_message_chunk", "Working, working")))
        .expect("session/cancel")
        .op({{"op", "stall"}});
    QSettings settings(m_data.filePath("profiles-force.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    const Acp::ProcessOptions process = agent.options(m_data);
    const Acp::AgentProfile fake{"Fake", process.program, process.arguments, {}, {}, false, {}, {}};
    SessionView *view = window.openSession(fake, m_project.path());
    window.show();
    QTRY_VERIFY(view->session());
    view->submit("Go");
    const auto *model = view->session()->transcript();
    const auto said = [model] {
        for (const auto &e : model->entries()) {
            if (e.text == "Working, working")
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(said(), 10000);
    auto *send = window.findChild<QPushButton *>("sendButton");
    QCOMPARE(send->text(), QString("Stop"));
    send->click();
    QTRY_COMPARE(send->text(), QString("Force Stop"));
    QCOMPARE(view->session()->turnState(), Acp::ClientSession::TurnState::Cancelling);
    QVERIFY(TestSupport::processRunning(process.arguments.constLast()));
    send->click();
    auto *status = window.findChild<QLabel *>("agentStatus");
    QTRY_VERIFY_WITH_TIMEOUT(status->isVisible() && status->text().contains("You stopped"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!TestSupport::processRunning(process.arguments.constLast()), 10000);
    QVERIFY(window.findChild<QPushButton *>("restartAgentButton")->isVisible());
    QCOMPARE(view->session()->turnState(), Acp::ClientSession::TurnState::Idle);
    QVERIFY(said()); // the transcript is kept
}

void TestMainWindow::secretsStayOutOfTheInspectorAndTheBanner()
{
    // The agent repeats its API key in a message and on stderr, then dies.
    const QByteArray key = "sk-live-0123456789abcdef";
    TestSupport::FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .expect("session/prompt")
        .send(TestSupport::sessionUpdate(
            "s1",
            TestSupport::textChunk("agent_message_chunk", "my key is " + QString::fromUtf8(key))))
        .stderrText("401: invalid key " + key + "\n")
        .op({{"op", "crash"}, {"signal", 9}});
    QSettings settings(m_data.filePath("profiles-secret.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    const Acp::ProcessOptions process = agent.options(m_data);
    // An MCP server's token goes to the agent in session/new: it is a secret too.
    Acp::McpServer github;
    github.name = "github";
    github.command = "/usr/bin/true";
    github.env = {{"GITHUB_TOKEN", "ghp_mcp0123456789abcdef", {}}};
    const Acp::AgentProfile fake{"Fake", process.program, process.arguments, {{"API_KEY", key}},
                                 {},     false,           {github},          {}};
    SessionView *view = window.openSession(fake, m_project.path());
    InspectorWindow *inspector = window.inspector();
    window.show();
    QTRY_VERIFY(view->session());
    QSignalSpy titles(view, &SessionView::titleChanged);
    view->submit("Go");
    // The agent gives the session no title: its first prompt names it, as in the history.
    QCOMPARE(view->displayTitle(), QString("Go"));
    QCOMPARE(titles.value(0).value(0).toString(), QString("Go"));
    auto *status = window.findChild<QLabel *>("agentStatus");
    QTRY_VERIFY_WITH_TIMEOUT(status->isVisible() && status->text().contains("invalid key"), 10000);
    QVERIFY(!status->text().contains(key));
    QVERIFY(status->text().contains("[redacted]"));
    // The agent console (stderr) hides it too.
    auto *console = window.findChild<QPlainTextEdit *>("agentConsole");
    QVERIFY(console);
    QTRY_VERIFY(console->toPlainText().contains("invalid key [redacted]"));
    QVERIFY(!console->toPlainText().contains(QString::fromUtf8(key)));
    // The saved traffic is the user's alone.
    const QString mode = m_data.filePath("traffic-mode.jsonl");
    QCOMPARE(inspector->saveTo(mode), QString());
    QCOMPARE(QFileInfo(mode).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    // The inspector shows and saves the traffic with the key hidden.
    QTRY_VERIFY(inspector->select("my key is"));
    const QString saved = m_data.filePath("traffic-secret.jsonl");
    QCOMPARE(inspector->saveTo(saved), QString());
    QFile file(saved);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray traffic = file.readAll();
    QVERIFY(traffic.contains("my key is [redacted]"));
    QVERIFY(!traffic.contains(key));
    QVERIFY(traffic.contains("GITHUB_TOKEN")); // session/new went out, with its value hidden
    QVERIFY(!traffic.contains("ghp_mcp0123456789abcdef"));
    // An export asks, hiding by default; keeping is the user's explicit choice.
    QSignalSpy exported(&window, &MainWindow::exportFinished);
    for (const bool keep : {false, true}) {
        const QString path = m_data.filePath(keep ? "kept.md" : "hidden.md");
        window.exportMarkdownTo(path);
        QMessageBox *question = nullptr;
        QTRY_VERIFY(question = window.findChild<QMessageBox *>("exportSecretsQuestion"));
        QCOMPARE(question->defaultButton()->objectName(), QString("exportHideSecretsButton"));
        QTest::mouseClick(question->findChild<QPushButton *>(keep ? "exportKeepSecretsButton"
                                                                  : "exportHideSecretsButton"),
                          Qt::LeftButton);
        QTRY_COMPARE(exported.size(), keep ? 2 : 1);
        QCOMPARE(exported.last().at(1).toString(), QString());
        QFile md(path);
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QByteArray text = md.readAll();
        QCOMPARE(text.contains(key), keep);
        QCOMPARE(text.contains("my key is [redacted]"), !keep);
        QTRY_VERIFY(!window.findChild<QMessageBox *>("exportSecretsQuestion"));
    }
    // The transcript is the agent's own words: the user sees what the agent said.
    bool inTranscript = false;
    for (const auto &e : view->session()->transcript()->entries())
        inTranscript = inTranscript || e.text.contains(QString::fromUtf8(key));
    QVERIFY(inTranscript);
}

void TestMainWindow::promptsDuringATurnAreQueued()
{
    QSettings settings(m_data.filePath("profiles4.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    SessionView *view = start(window);
    QVERIFY(view);
    // Answer every permission at once so that both turns run through.
    connect(view->session(), &Acp::ClientSession::permissionRequested, this,
            [view](const Acp::PendingPermission &p) {
                view->session()->answerPermission(p.handle, "allow-once");
            });
    view->submit("first");
    auto *queue = window.findChild<QListWidget *>("promptQueue");
    QTRY_COMPARE(window.findChild<QPushButton *>("sendButton")->text(), QString("Stop"));
    view->submit("second");
    QVERIFY(queue->isVisible());
    QCOMPARE(queue->count(), 1);
    QCOMPARE(queue->item(0)->text(), QString("second"));
    QTRY_VERIFY_WITH_TIMEOUT(!queue->isVisible(), 20000); // the second turn started
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QPushButton *>("sendButton")->text(),
                              QString("Send"), 20000);
    QStringList prompts;
    for (const auto &e : view->session()->transcript()->entries())
        if (e.kind == Acp::TranscriptEntry::Kind::UserMessage)
            prompts << e.text;
    QCOMPARE(prompts, (QStringList{"first", "second"}));
}

void TestMainWindow::slashCompletesCommands()
{
    QSettings settings(m_data.filePath("profiles5.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    SessionView *view = start(window);
    QVERIFY(view);
    QTRY_COMPARE(view->session()->commands().size(), 2);
    auto *prompt = window.findChild<PromptEdit *>("promptEdit");
    prompt->setFocus();
    QTest::keyClicks(prompt, "/pl");
    QTRY_VERIFY(prompt->isCompleting());
    // The popup is a window of its own: reach it through the editor's completer.
    QAbstractItemView *popup = prompt->findChild<QCompleter *>()->popup();
    QCOMPARE(popup->objectName(), QString("promptCompletionPopup"));
    QCOMPARE(popup->model()->rowCount(), 1);
    QCOMPARE(popup->model()->index(0, 0).data().toString(), QString("/plan"));
    // @ completes files of the session directory. (Offscreen, the popup never becomes the
    // active window, so Esc would reach the main window's Stop shortcut: hide it directly.)
    popup->hide();
    prompt->clear();
    QTest::keyClicks(prompt, "look at @READ");
    QTRY_VERIFY2(prompt->isCompleting(), qPrintable(prompt->toPlainText()));
    QCOMPARE(popup->model()->index(0, 0).data().toString(), QString("@README.md"));
}

void TestMainWindow::settingsEditProfilesAndRevokeDecisions()
{
    QSettings settings(m_data.filePath("settings6.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    QCOMPARE(profiles.profiles().size(), 4); // the demo agent and three presets
    QVERIFY(profiles.defaultProfile().isDemo);
    Acp::PermissionRules rules(&settings);
    Acp::PermissionQuery query;
    query.agentKey = "Codex";
    query.cwd = m_project.path();
    query.kind = Acp::ToolKind::Execute;
    query.command = "git status";
    rules.remember(Acp::PermissionRules::proposal(query, Acp::PermissionRule::Decision::Allow,
                                                  Acp::PermissionRule::Scope::Project));

    SettingsDialog dialog(&profiles, &rules);
    auto *list = dialog.findChild<QListWidget *>("profileList");
    list->setCurrentRow(2);
    QTest::mouseClick(dialog.findChild<QPushButton *>("duplicateProfileButton"), Qt::LeftButton);
    QCOMPARE(list->count(), 5);
    auto *name = dialog.findChild<QLineEdit *>("profileName");
    name->setText("My Codex");
    dialog.findChild<QLineEdit *>("profileArguments")
        ->setText("-y @agentclientprotocol/codex-acp --verbose");
    dialog.findChild<QPlainTextEdit *>("profileEnvironment")
        ->setPlainText("OPENAI_BASE_URL=http://127.0.0.1:9");
    auto *decisions = dialog.findChild<QTableWidget *>("rememberedDecisions");
    QCOMPARE(decisions->rowCount(), 1);
    QCOMPARE(decisions->item(0, 0)->text(), QString("Allow"));
    QVERIFY2(decisions->item(0, 1)->text().startsWith(
                 "commands starting with \u201cgit status\u201d in "),
             qPrintable(decisions->item(0, 1)->text()));
    QCOMPARE(decisions->item(0, 2)->text(), QString("Codex"));
    decisions->selectRow(0);
    QTest::mouseClick(dialog.findChild<QPushButton *>("revokeDecisionButton"), Qt::LeftButton);
    QCOMPARE(decisions->rowCount(), 0);
    QVERIFY(rules.rules().isEmpty());
    dialog.accept();

    Acp::ProfileStore reloaded(&settings); // what was saved survives a restart
    const auto mine = reloaded.profile("My Codex");
    QVERIFY(mine);
    QCOMPARE(mine->arguments, (QStringList{"-y", "@agentclientprotocol/codex-acp", "--verbose"}));
    QCOMPARE(mine->environment.value("OPENAI_BASE_URL"), QString("http://127.0.0.1:9"));
    QCOMPARE(reloaded.profiles().size(), 5);
}

void TestMainWindow::reviewedWriteShowsADiffFirst()
{
    QFile::remove(m_project.filePath("switchboard-demo.txt"));
    QSettings settings(m_data.filePath("profiles7.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    SessionView *view = start(window);
    QVERIFY(view);
    window.findChild<QCheckBox *>("reviewWritesCheck")->setChecked(true);
    connect(view->session(), &Acp::ClientSession::permissionRequested, this,
            [view](const Acp::PendingPermission &p) {
                view->session()->answerPermission(p.handle, "allow-once");
            });
    view->submit("Write it, after I look");
    WriteReviewDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (dialog = window.findChild<WriteReviewDialog *>("writeReviewDialog")) != nullptr, 15000);
    QVERIFY(dialog->findChild<QPlainTextEdit *>("unifiedDiff")
                ->toPlainText()
                .contains("+Hello from the demo agent, turn 1."));
    QCOMPARE(dialog->findChild<QTableWidget *>("sideBySideDiff")->rowCount(), 1);
    QVERIFY(!QFile::exists(m_project.filePath("switchboard-demo.txt"))); // nothing written yet
    screenshot(dialog, "write-review");
    QTest::mouseClick(dialog->findChild<QPushButton *>("approveWriteButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_project.filePath("switchboard-demo.txt")), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QPushButton *>("sendButton")->text(),
                              QString("Send"), 20000);

    // Rejected in review: the agent is told, the file stays as it was.
    view->submit("Again");
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<WriteReviewDialog *>("writeReviewDialog"))
                                     != nullptr
                                 && dialog->isVisible(),
                             15000);
    QTest::mouseClick(dialog->findChild<QPushButton *>("rejectWriteButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QPushButton *>("sendButton")->text(),
                              QString("Send"), 20000);
    QFile file(m_project.filePath("switchboard-demo.txt"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("Hello from the demo agent, turn 1.\n"));
    const auto *model = view->session()->transcript();
    QVERIFY(model->entry(model->rowOfToolCall("edit-2")).toolCall.status
            == Acp::ToolCallStatus::Failed);
}

void TestMainWindow::elicitationFormIsValidatedAndAnswered()
{
    const QJsonObject schema{
        {"type", "object"},
        {"properties",
         QJsonObject{
             {"name", QJsonObject{{"type", "string"}, {"title", "Name"}, {"minLength", 2}}},
             {"count",
              QJsonObject{{"type", "integer"}, {"minimum", 1}, {"maximum", 9}, {"default", 3}}},
             {"color", QJsonObject{{"type", "string"}, {"enum", QJsonArray{"red", "green"}}}},
             {"ok", QJsonObject{{"type", "boolean"}, {"default", true}}}}},
        {"required", QJsonArray{"name"}}};
    TestSupport::FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .send({{"jsonrpc", "2.0"},
               {"id", 7},
               {"method", "elicitation/create"},
               {"params",
                QJsonObject{{"sessionId", "s1"},
                            {"message", "Tell me about the release"},
                            {"mode", "form"},
                            {"requestedSchema", schema}}}})
        .op({{"op", "expect_response"}, {"id", 7}});
    QSettings settings(m_data.filePath("profiles8.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    SessionView *view = window.openSession(agent.profile(m_data), m_project.path());
    window.show();
    QJsonObject answer;
    connect(view->client()->connection(), &Acp::Connection::notificationReceived, this,
            [&](const Acp::Notification &n) {
                if (n.method == "_test/echo")
                    answer = n.params.toObject();
            });
    ElicitationDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (dialog = window.findChild<ElicitationDialog *>("elicitationDialog")) != nullptr, 10000);
    QCOMPARE(dialog->findChild<QSpinBox *>("field_count")->value(), 3); // the default is pre-filled
    QVERIFY(dialog->findChild<QCheckBox *>("field_ok")->isChecked());
    dialog->findChild<QLineEdit *>("field_name")->setText("x");
    QTest::mouseClick(dialog->findChild<QPushButton *>("elicitationAccept"), Qt::LeftButton);
    QVERIFY(dialog->findChild<QLabel *>("elicitationProblem")->text().contains("too short"));
    QVERIFY(dialog->isVisible()); // nothing sent; the user corrects it
    dialog->findChild<QLineEdit *>("field_name")->setText("v1.2");
    dialog->findChild<QComboBox *>("field_color")->setCurrentIndex(1);
    screenshot(dialog, "elicitation");
    QTest::mouseClick(dialog->findChild<QPushButton *>("elicitationAccept"), Qt::LeftButton);
    QTRY_VERIFY(!answer.isEmpty());
    const QJsonObject result = answer["result"].toObject();
    QCOMPARE(result["action"].toString(), QString("accept"));
    QCOMPARE(result["content"].toObject(),
             (QJsonObject{{"name", "v1.2"}, {"count", 3}, {"color", "green"}, {"ok", true}}));
}

void TestMainWindow::pastedImageIsSentWithThePrompt()
{
    QSettings settings(m_data.filePath("profiles9.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    InspectorWindow *inspector = window.inspector();
    SessionView *view = start(window);
    QVERIFY(view);
    inspector->attach(view->client()->connection());
    connect(view->session(), &Acp::ClientSession::permissionRequested, this,
            [view](const Acp::PendingPermission &p) {
                view->session()->answerPermission(p.handle, "reject-once");
            });
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::red);
    auto *mime = new QMimeData;
    mime->setImageData(image);
    QApplication::clipboard()->setMimeData(mime); // the clipboard owns it
    auto *prompt = window.findChild<PromptEdit *>("promptEdit");
    prompt->setFocus();
    prompt->paste();
    auto *chips = window.findChild<QLabel *>("attachmentsLabel");
    QVERIFY(chips->isVisible());
    QVERIFY(chips->text().contains("pasted image"));
    view->submit("What is in this picture?");
    QVERIFY(!chips->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(inspector->select("\"type\":\"image\""), 10000);
    const QString sent = inspector->findChild<QPlainTextEdit *>("inspectorDetail")->toPlainText();
    QVERIFY(sent.contains("\"method\": \"session/prompt\""));
    QVERIFY(sent.contains("\"mimeType\": \"image/png\""));
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QPushButton *>("sendButton")->text(),
                              QString("Send"), 20000);
}

void TestMainWindow::terminalLoginRunsInATerminalThenRestarts()
{
    // A stand-in terminal emulator that notes how it was started.
    QTemporaryDir bin;
    const QString log = bin.filePath("terminal.log");
    QFile script(bin.filePath("x-terminal-emulator"));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(
        QString("#!/bin/sh\necho \"$@\" >> '%1'\necho \"LOGIN_TOKEN=$LOGIN_TOKEN\" >> '%1'\n")
            .arg(log)
            .toUtf8());
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QByteArray oldPath = qgetenv("PATH");
    qputenv("PATH", bin.path().toUtf8() + ":" + oldPath);
    const auto restorePath = qScopeGuard([&] { qputenv("PATH", oldPath); });

    TestSupport::FakeAgent agent;
    agent.expect("initialize", {}, true)
        .respond({{"protocolVersion", 1},
                  {"authMethods",
                   QJsonArray{QJsonObject{{"id", "tui"},
                                          {"name", "Log in in a terminal"},
                                          {"type", "terminal"},
                                          {"args", QJsonArray{"--login"}},
                                          {"env", QJsonObject{{"LOGIN_TOKEN", "please"}}}}}}})
        .expect("session/new")
        .respondError(-32000, "Authentication required");
    QSettings settings(m_data.filePath("profiles10.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    const Acp::AgentProfile fake = agent.profile(m_data);
    SessionView *view = window.openSession(fake, m_project.path());
    window.show();
    QPushButton *login = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((login = window.findChild<QPushButton *>("authMethod_tui")) != nullptr
                                 && login->isVisible(),
                             10000);
    Acp::AgentClient *first = view->client();
    QTest::mouseClick(login, Qt::LeftButton);
    // The terminal ran the agent's own command with --login and the method's environment...
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(log), 10000);
    QFile logged(log);
    QVERIFY(logged.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(logged.readAll());
    QVERIFY2(
        text.startsWith(QString("-e %1 %2 --login").arg(fake.program, fake.arguments.join(' '))),
        qPrintable(text));
    QVERIFY(text.contains("LOGIN_TOKEN=please"));
    // ...and then the agent was started and initialized again (it still wants a login here).
    QTRY_VERIFY_WITH_TIMEOUT(view->client() != first, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QPushButton *>("authMethod_tui")
                                 && window.findChild<QPushButton *>("authMethod_tui")->isVisible(),
                             10000);
}

void TestMainWindow::missingAgentIsExplained()
{
    QSettings settings(m_data.filePath("profiles11.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    window.openSession({"Missing", "/nonexistent/bin/some-agent", {"--acp"}, {}, {}, false, {}, {}},
                       m_project.path());
    window.show();
    auto *status = window.findChild<QLabel *>("agentStatus");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("could not be started"), 10000);
    QVERIFY(status->text().contains("/nonexistent/bin/some-agent"));
    QVERIFY(window.findChild<QPushButton *>("restartAgentButton")->isVisible());
    QVERIFY(!window.findChild<PromptEdit *>("promptEdit")->isEnabled());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
