// The interop suite's window scenarios: a real agent (as it ships on npm, pointed at our
// stand-in model server by run.py) driven in the real main window through
// Ui::Testing::SessionDriver, the way a user works with it. Not a ctest suite: it needs the
// agents that `packaging/dev.sh interop` installs, and run.py starts it once per agent with
//   SWITCHBOARD_INTEROP_AGENT    the agent's name (the profile's name)
//   SWITCHBOARD_INTEROP_COMMAND  the shell command line that starts it
//   SWITCHBOARD_INTEROP_CWD      the project folder
//   SWITCHBOARD_INTEROP_MATCH    a text in the command line of every process of the agent
//   SWITCHBOARD_INTEROP_SANDBOX  off, writes or strict: the profile's sandbox (required), with
//   SWITCHBOARD_INTEROP_SANDBOX_FOLDERS  the agent's own folders, separated by ':'
// in an environment that points the agent at the stand-in. The functions run in order and
// share one window, as a user's afternoon would.

#include "mainwindow.h"
#include "sandbox.h"
#include "sessiondriver.h"
#include "sessionview.h"

#include "eventwait.h"
#include "screenshots.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTime>

#include <algorithm>
#include <csignal>
#include <memory>

using Ui::Testing::SessionDriver;

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

QString commandLine(int pid)
{
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmdline.open(QIODevice::ReadOnly))
        return {};
    QByteArray line = cmdline.readAll();
    line.replace('\0', ' ');
    return QString::fromUtf8(line);
}

// Processes whose command line holds `text` (read from /proc: no subprocess, no wait).
QList<int> processesMatching(const QString &text)
{
    QList<int> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const int pid = entry.toInt(&isPid);
        if (!isPid || pid == QCoreApplication::applicationPid())
            continue;
        if (commandLine(pid).contains(text))
            pids.append(pid);
    }
    return pids;
}

QString transcriptText(const Acp::TranscriptModel *model)
{
    return model ? QString::fromUtf8(QJsonDocument(model->toJson()).toJson(QJsonDocument::Compact))
                 : QString();
}

// What a user reads of a row, whoever's copy it is: the messages' words and each tool call's
// title, kind and outcome. The agents' replays leave out what was live only (permission
// answers, streamed command output, the client's own turn-end rows), which is not compared.
QStringList userVisible(const Acp::TranscriptModel *model)
{
    QStringList rows;
    for (int row = 0; model && row < model->rowCount(); ++row) {
        const Acp::TranscriptEntry &e = model->entry(row);
        switch (e.kind) {
        case Acp::TranscriptEntry::Kind::UserMessage:
            rows << QStringLiteral("user: ") + e.text.trimmed();
            break;
        case Acp::TranscriptEntry::Kind::AgentMessage:
            rows << QStringLiteral("agent: ") + e.text.trimmed();
            break;
        case Acp::TranscriptEntry::Kind::ToolCall:
            rows << QStringLiteral("tool: ") + e.toolCall.title;
            break;
        default:
            break;
        }
    }
    return rows;
}

// A command that runs for a while, found again by its command line (claude-agent-acp refuses a
// bare `sleep`).
QString longCommand(int seconds)
{
    return QStringLiteral("timeout %1.%2 tail -f /dev/null")
        .arg(seconds)
        .arg(QCoreApplication::applicationPid());
}

int visiblePermissionButtons(const QWidget *window)
{
    const QList<QPushButton *> buttons = window->findChildren<QPushButton *>(
        QRegularExpression(QStringLiteral("^permissionOption_")));
    return int(std::count_if(buttons.cbegin(), buttons.cend(),
                             [](const QPushButton *b) { return b->isVisible(); }));
}

} // namespace

class TestInteropWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void streamedText();
    void shellCommandOutputShown();
    void editWithDiffAfterPermission();
    void cancelDuringPermission();
    void cancelDuringCommand();
    void reopenedTranscriptEqual();
    void agentKilledMidTurnKeepsTranscript();
    void rememberedDecisionScope();

private:
    // Sends `prompt` and waits until the agent asks or the turn ends: whether it asked.
    bool sendAndSeeIfAsked(const QString &prompt);
    // The last tool call row of the current session, or -1.
    int lastToolCallRow() const;
    // Answers the permission the agent asks for, if it asks before the turn ends.
    bool answerIfAsked(Acp::PermissionOption::Kind kind, const QString &command = {});
    bool waitForPermission(int timeoutMs = 30000);
    bool waitForProcess(const QString &text, int timeoutMs = 30000);
    void stopTurn();
    // The command did not start: why, as far as the wire tells.
    QString whyNotStarted() const;

    QTemporaryDir m_data;
    QString m_cwd;
    QString m_match;
    Acp::AgentProfile m_profile;
    std::unique_ptr<SessionDriver> m_driver;
    QStringList m_live; // the transcript as it was live, before reopening
    QString m_sessionId;
};

void TestInteropWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_cwd = env("SWITCHBOARD_INTEROP_CWD");
    m_match = env("SWITCHBOARD_INTEROP_MATCH");
    if (env("SWITCHBOARD_INTEROP_COMMAND").isEmpty() || m_cwd.isEmpty() || m_match.isEmpty())
        QFAIL("run by tests/interop/run.py, which sets SWITCHBOARD_INTEROP_*");
    m_profile.name = env("SWITCHBOARD_INTEROP_AGENT");
    m_profile.program = QStringLiteral("/bin/sh");
    m_profile.arguments = {QStringLiteral("-c"), env("SWITCHBOARD_INTEROP_COMMAND")};
    if (const auto mode = Acp::Sandbox::modeFromName(env("SWITCHBOARD_INTEROP_SANDBOX"))) {
        m_profile.sandbox.mode = *mode;
        m_profile.sandbox.required = true;
        m_profile.sandbox.agentFolders = env("SWITCHBOARD_INTEROP_SANDBOX_FOLDERS")
                                             .split(QLatin1Char(':'), Qt::SkipEmptyParts);
    }
    m_driver = std::make_unique<SessionDriver>(m_data.path());
    QVERIFY2(m_driver->openSession(m_profile, m_cwd, 60000), "the agent did not become ready");
    m_sessionId = m_driver->session()->sessionId();
    if (m_profile.sandbox.isOn()) {
        // The header says where the agent may write.
        const auto *label = m_driver->currentView()->findChild<QLabel *>("sandboxLabel");
        QVERIFY(label && label->isVisible());
        QCOMPARE(label->text(),
                 QStringLiteral("Writes only in %1").arg(Acp::Sandbox::abbreviated(m_cwd)));
    }
}

void TestInteropWindow::cleanup()
{
    // A failure says what went over the wire, as the inspector shows it.
    if (!QTest::currentTestFailed() || !m_driver->currentView()
        || !m_driver->currentView()->client())
        return;
    // And leaves no turn running into the next scenario (Stop; Stop again stops the agent).
    for (int attempt = 0; attempt < 2; ++attempt) {
        Acp::ClientSession *s = m_driver->session();
        if (!s || s->turnState() == Acp::ClientSession::TurnState::Idle)
            break;
        stopTurn();
        m_driver->waitForTurnEnd(10000);
    }
    const QList<Acp::TrafficRecord> traffic
        = m_driver->currentView()->client()->connection()->trafficHistory();
    for (qsizetype i = std::max<qsizetype>(0, traffic.size() - 40); i < traffic.size(); ++i) {
        const Acp::TrafficRecord &r = traffic.at(i);
        const char *arrow = r.direction == Acp::TrafficRecord::Direction::Incoming ? "<-"
            : r.direction == Acp::TrafficRecord::Direction::Outgoing               ? "->"
                                                                                   : "--";
        qWarning().noquote() << arrow << QString::fromUtf8(r.line.left(600));
    }
}

void TestInteropWindow::cleanupTestCase()
{
    m_driver.reset(); // the window closes and shuts its agents down
}

bool TestInteropWindow::waitForPermission(int timeoutMs)
{
    return Ui::Testing::waitUntil(
        [this] {
            Acp::ClientSession *s = m_driver->session();
            return s && !s->pendingPermissions().isEmpty();
        },
        timeoutMs);
}

bool TestInteropWindow::answerIfAsked(Acp::PermissionOption::Kind kind, const QString &command)
{
    // Until the agent asks, the turn ends, or the command runs without asking.
    Ui::Testing::waitUntil(
        [&] {
            Acp::ClientSession *s = m_driver->session();
            return !s || !s->pendingPermissions().isEmpty()
                || s->turnState() == Acp::ClientSession::TurnState::Idle
                || (!command.isEmpty() && !processesMatching(command).isEmpty());
        },
        60000);
    Acp::ClientSession *s = m_driver->session();
    if (!s || s->pendingPermissions().isEmpty())
        return true; // not asked
    return m_driver->answerPermission(kind);
}

bool TestInteropWindow::waitForProcess(const QString &text, int timeoutMs)
{
    return Ui::Testing::waitUntil([&] { return !processesMatching(text).isEmpty(); }, timeoutMs);
}

void TestInteropWindow::stopTurn()
{
    auto *stop = m_driver->window()->findChild<QAction *>(QStringLiteral("actionStop"));
    QVERIFY(stop);
    stop->trigger();
}

QString TestInteropWindow::whyNotStarted() const
{
    qWarning().noquote() << transcriptText(m_driver->transcript()).right(3000);
    const QList<Acp::TrafficRecord> traffic
        = m_driver->currentView()->client()->connection()->trafficHistory();
    // Our last answer to a permission, and whether the agent said anything after it.
    for (qsizetype i = traffic.size() - 1; i >= 0; --i) {
        const Acp::TrafficRecord &r = traffic.at(i);
        if (r.direction == Acp::TrafficRecord::Direction::Incoming)
            return QStringLiteral("the command did not start");
        if (r.direction == Acp::TrafficRecord::Direction::Outgoing
            && r.line.contains("\"outcome\":\"selected\"")) {
            return QStringLiteral("the agent did nothing after its permission was answered: %1")
                .arg(QString::fromUtf8(r.line));
        }
    }
    return QStringLiteral("the command did not start");
}

void TestInteropWindow::streamedText()
{
    QVERIFY(m_driver->sendPrompt(QStringLiteral("Say hello")));
    const auto stop = m_driver->waitForTurnEnd(60000);
    QVERIFY2(stop, "the turn did not end");
    QCOMPARE(Acp::toString(*stop), QStringLiteral("end_turn"));
    const QStringList rows = userVisible(m_driver->transcript());
    QVERIFY2(rows.contains(QStringLiteral("agent: Hello from the stand-in.")),
             qPrintable(rows.join(QLatin1Char('\n'))));
}

void TestInteropWindow::shellCommandOutputShown()
{
    const QString marker = QStringLiteral("window-42-%1").arg(QCoreApplication::applicationPid());
    // printf makes the marker: it is in the output, not on the command line. (gemini-cli refuses
    // a command substitution such as $((6*7)).)
    QVERIFY(m_driver->sendPrompt(QStringLiteral("SHELL: printf 'window-%s-%1\\n' 42")
                                     .arg(QCoreApplication::applicationPid())));
    QVERIFY(answerIfAsked(Acp::PermissionOption::Kind::AllowOnce));
    QVERIFY2(m_driver->waitForTurnEnd(60000), "the turn did not end");
    // Shown is what the transcript holds for its tool call: a command's output or the call's
    // own content. The command line alone does not count (the marker is only in the output).
    const Acp::TranscriptModel *model = m_driver->transcript();
    bool shown = false;
    for (int row = 0; row < model->rowCount() && !shown; ++row) {
        const Acp::TranscriptEntry &e = model->entry(row);
        if (e.kind != Acp::TranscriptEntry::Kind::ToolCall)
            continue;
        for (const Acp::CommandOutput &c : e.commands)
            shown = shown || QString::fromUtf8(c.tail).contains(marker);
        shown = shown || QString::fromUtf8(QJsonDocument(e.toJson()).toJson()).contains(marker);
    }
    QVERIFY2(shown, "no output reached the window (content: [] and no terminal)");
}

void TestInteropWindow::editWithDiffAfterPermission()
{
    const QString path = QDir(m_cwd).filePath(QStringLiteral("window-greeting.txt"));
    QVERIFY(m_driver->sendPrompt(QStringLiteral("WRITE: ") + path));
    QVERIFY(answerIfAsked(Acp::PermissionOption::Kind::AllowOnce));
    QVERIFY2(m_driver->waitForTurnEnd(60000), "the turn did not end");
    QFile written(path);
    QVERIFY2(written.open(QIODevice::ReadOnly), "the file was not written");
    QCOMPARE(written.readAll().trimmed(), QByteArray("hello"));
    // The edit is shown as a diff on its tool call.
    const Acp::TranscriptModel *model = m_driver->transcript();
    bool diff = false;
    for (int row = 0; row < model->rowCount(); ++row) {
        const Acp::TranscriptEntry &e = model->entry(row);
        for (const Acp::ToolCallContent &c : e.toolCall.content)
            diff = diff || (c.type == Acp::ToolCallContent::Type::Diff && c.path == path);
    }
    QVERIFY2(diff, qPrintable(QStringLiteral("no diff for the edit: ") + transcriptText(model)));
}

void TestInteropWindow::cancelDuringPermission()
{
    const QString path = QDir(m_cwd).filePath(QStringLiteral("never-touched.txt"));
    QVERIFY(m_driver->sendPrompt(QStringLiteral("SHELL: touch ") + path));
    QVERIFY2(waitForPermission(), "the agent did not ask before touching a file");
    stopTurn();
    const auto stop = m_driver->waitForTurnEnd(30000);
    QVERIFY2(stop, "the turn did not end after Stop");
    QCOMPARE(Acp::toString(*stop), QStringLiteral("cancelled"));
    QVERIFY(m_driver->session()->pendingPermissions().isEmpty());
    QVERIFY2(!QFile::exists(path), "the command ran although the turn was cancelled");
    // The permission card is gone from the window.
    QTRY_VERIFY(visiblePermissionButtons(m_driver->window()) == 0);
}

void TestInteropWindow::cancelDuringCommand()
{
    // A sleep no other process runs: its command line finds it.
    const QString sleep = longCommand(41);
    QVERIFY(m_driver->sendPrompt(QStringLiteral("SHELL: ") + sleep));
    QVERIFY(answerIfAsked(Acp::PermissionOption::Kind::AllowOnce, sleep));
    if (!waitForProcess(sleep))
        QFAIL(qPrintable(whyNotStarted()));
    stopTurn();
    const auto stop = m_driver->waitForTurnEnd(30000);
    QVERIFY2(stop, "the turn did not end after Stop");
    QCOMPARE(Acp::toString(*stop), QStringLiteral("cancelled"));
    QVERIFY2(Ui::Testing::waitUntil([&] { return processesMatching(sleep).isEmpty(); }, 15000),
             "the command still runs after the turn was cancelled");
}

void TestInteropWindow::reopenedTranscriptEqual()
{
    m_live = userVisible(m_driver->transcript());
    QVERIFY(m_driver->closeCurrentSession());
    // The agent's processes are gone with the tab.
    QVERIFY2(Ui::Testing::waitUntil([&] { return processesMatching(m_match).isEmpty(); }, 15000),
             "the agent still runs after its tab was closed");
    if (!env("SWITCHBOARD_INTEROP_RELOAD_AFTER_MINUTE").isEmpty()) {
        // gemini-cli loses a session that is loaded in the minute it was recorded in (its
        // files are named by the minute): a user reopens later, and so does this test.
        const int second = QTime::currentTime().second();
        Ui::Testing::spin((61 - second) * 1000);
    }
    Ui::SessionView *view = m_driver->reopenFromBrowser(m_sessionId, false, 60000);
    TestSupport::screenshot(m_driver->window(),
                            QStringLiteral("interop-%1-reopened").arg(m_profile.name));
    if (!view) {
        auto *status = m_driver->window()->findChild<QLabel *>(QStringLiteral("agentStatus"));
        QFAIL(qPrintable(QStringLiteral("the session did not load: ")
                         + (status ? status->text() : QString())));
    }
    // A workaround of ours says so where the user sees it (run.py shows it in the table).
    if (auto *status = view->findChild<QLabel *>(QStringLiteral("agentStatus"));
        status && status->isVisible() && status->text().contains(QLatin1String("replayed only")))
        qWarning().noquote() << "workaround:" << status->text();
    const QStringList loaded = userVisible(m_driver->transcript());
    if (loaded != m_live) {
        qWarning().noquote() << "live:\n " << m_live.join(QStringLiteral("\n  "));
        qWarning().noquote() << "loaded:\n " << loaded.join(QStringLiteral("\n  "));
    }
    QVERIFY2(loaded == m_live, "the loaded transcript differs from the live one");
}

void TestInteropWindow::agentKilledMidTurnKeepsTranscript()
{
    if (!m_driver->session()
        || m_driver->controller()->stage() != Acp::SessionController::Stage::Ready)
        QVERIFY2(m_driver->openSession(m_profile, m_cwd, 60000), "the agent did not become ready");
    const QString sleep = longCommand(43);
    QVERIFY(m_driver->sendPrompt(QStringLiteral("SHELL: ") + sleep));
    QVERIFY(answerIfAsked(Acp::PermissionOption::Kind::AllowOnce, sleep));
    if (!waitForProcess(sleep))
        QFAIL(qPrintable(whyNotStarted()));
    const QStringList before = userVisible(m_driver->transcript());
    // The agent's own processes, not the reaper we start it under (which is ours, and takes
    // what the agent leaves behind down with it).
    for (int pid : processesMatching(m_match)) {
        if (!commandLine(pid).contains(QLatin1String("switchboard-reaper")))
            ::kill(pid, SIGKILL);
    }
    auto *restart
        = m_driver->currentView()->findChild<QPushButton *>(QStringLiteral("restartAgentButton"));
    QVERIFY(restart);
    QTRY_VERIFY_WITH_TIMEOUT(restart->isVisible(), 15000);
    // Everything the user saw is still there, the prompt that was under way included.
    const QStringList after = userVisible(m_driver->transcript());
    QCOMPARE(after.mid(0, before.size()), before);
    QVERIFY(after.contains(QStringLiteral("user: SHELL: ") + sleep));
    // And nothing of the agent is left: the command it had started goes with it.
    QVERIFY2(Ui::Testing::waitUntil([&] { return processesMatching(sleep).isEmpty(); }, 15000),
             "the agent's command outlived the agent");
}

bool TestInteropWindow::sendAndSeeIfAsked(const QString &prompt)
{
    if (!m_driver->sendPrompt(prompt))
        return false;
    Ui::Testing::waitUntil(
        [this] {
            Acp::ClientSession *s = m_driver->session();
            return !s || !s->pendingPermissions().isEmpty()
                || s->turnState() == Acp::ClientSession::TurnState::Idle;
        },
        60000);
    Acp::ClientSession *s = m_driver->session();
    return s && !s->pendingPermissions().isEmpty();
}

int TestInteropWindow::lastToolCallRow() const
{
    const Acp::TranscriptModel *model = m_driver->transcript();
    for (int row = model ? model->rowCount() - 1 : -1; row >= 0; --row) {
        if (model->entry(row).kind == Acp::TranscriptEntry::Kind::ToolCall)
            return row;
    }
    return -1;
}

void TestInteropWindow::rememberedDecisionScope()
{
    // "Always" in one session lasts for that session only: a new session in the same folder
    // gets no answer from Switchboard by itself. Kept for later sessions there (the card's
    // box), a third session's same request is answered by the rule, and its call says so.
    // Agents also remember "always" themselves (codex and claude-agent-acp in their own
    // settings, gemini-cli for the session); what they do not ask, nobody answers.
    // A file edit: a kept rule for edits covers the project folder (a command's would need a
    // prefix that the agent names, which only codex does).
    using Kind = Acp::PermissionOption::Kind;
    // Returns a QString, not the QStringBuilder of `+`, which would refer to `path` once gone.
    const auto command = [this](int n) -> QString {
        const QString path = QDir(m_cwd).filePath(QStringLiteral("rule-%1.txt").arg(n));
        if (m_profile.name == QLatin1String("gemini")) {
            // gemini-cli cannot create a file through fs/write_text_file (README): it edits one.
            QFile file(path);
            if (file.open(QIODevice::WriteOnly))
                file.write("before\n");
        }
        return QStringLiteral("WRITE: ") + path;
    };
    if (!m_driver->session()
        || m_driver->controller()->stage() != Acp::SessionController::Stage::Ready)
        QVERIFY(m_driver->openSession(m_profile, m_cwd, 60000));
    if (sendAndSeeIfAsked(command(1))) {
        if (!m_driver->answerPermission(Kind::AllowAlways, 5000))
            QVERIFY(m_driver->answerPermission(Kind::AllowOnce));
    }
    QVERIFY(m_driver->waitForTurnEnd(60000));

    // A new session: asked, the card is shown (no rule answers); the rule is kept this time.
    QVERIFY(m_driver->openSession(m_profile, m_cwd, 60000));
    bool kept = false;
    if (sendAndSeeIfAsked(command(2))) {
        const QList<QCheckBox *> boxes = m_driver->currentView()->findChildren<QCheckBox *>(
            QStringLiteral("permissionKeepForProject"));
        for (QCheckBox *box : boxes) {
            if (box->isVisible() && box->isEnabled()) {
                box->setChecked(true);
                kept = m_driver->answerPermission(Kind::AllowAlways, 5000);
            }
        }
        if (!kept)
            QVERIFY(m_driver->answerPermission(Kind::AllowOnce));
    } else {
        qWarning("note: the agent did not ask again in a new session (it remembers itself)");
    }
    QVERIFY(m_driver->waitForTurnEnd(60000));
    const int rowB = lastToolCallRow();
    QVERIFY(rowB >= 0);
    QVERIFY2(!m_driver->transcript()->entry(rowB).ruleAnswer,
             "Switchboard answered in a new session without a kept rule");

    // A third session: a kept rule answers, on the call.
    if (!kept) {
        qWarning("note: no rule could be kept (not asked, or no box offered)");
        return;
    }
    QVERIFY(m_driver->openSession(m_profile, m_cwd, 60000));
    QVERIFY2(!sendAndSeeIfAsked(command(3)), "the kept rule did not answer");
    QVERIFY(m_driver->waitForTurnEnd(60000));
    const int rowC = lastToolCallRow();
    QVERIFY(rowC >= 0);
    if (m_driver->transcript()->entry(rowC).ruleAnswer) {
        QVERIFY(m_driver->transcript()->entry(rowC).ruleAnswer->allowed);
    } else {
        qWarning("note: the agent did not ask in the third session (it remembers itself)");
    }
}

QTEST_MAIN(TestInteropWindow)
#include "tst_window.moc"
