// MCP servers: configured globally and per profile, kept in the settings, merged, gated by the
// agent's mcpCapabilities, passed in session/new, session/load and session/resume, and the user
// told about the ones left out. The settings dialog edits them.

#include "fakeagent.h"
#include "mainwindow.h"
#include "mcpserverdialog.h"
#include "mcpservers.h"
#include "screenshots.h"
#include "sessionview.h"
#include "settingsdialog.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Acp;
using TestSupport::FakeAgent;

namespace {

McpServer stdioServer(const QString &name, const QString &command)
{
    McpServer s;
    s.name = name;
    s.command = command;
    s.args = {QStringLiteral("--stdio")};
    s.env = {{QStringLiteral("TOKEN"), QStringLiteral("t0"), {}}};
    return s;
}

McpServer remoteServer(const QString &name, McpServer::Transport transport, const QString &url)
{
    McpServer s;
    s.name = name;
    s.transport = transport;
    s.url = url;
    s.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer x"), {}}};
    return s;
}

QStringList names(const QList<McpServer> &servers)
{
    QStringList result;
    for (const McpServer &s : servers)
        result << s.name;
    return result;
}

} // namespace

class TestMcp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void profileServersReplaceGlobalOnesByName();
    void serversSurviveTheSettingsFile();
    void capabilitiesDecideWhatIsPassed();
    void sessionNewLoadAndResumeCarryTheServers_data();
    void sessionNewLoadAndResumeCarryTheServers();
    void settingsDialogEditsTheServers();
    void oneBrokenEntryKeepsTheOthers();
    void aRestartTakesTheCurrentSettings();

private:
    QTemporaryDir m_dir;
};

void TestMcp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestMcp::profileServersReplaceGlobalOnesByName()
{
    const QList<McpServer> global{stdioServer("files", "/bin/a"), stdioServer("git", "/bin/g")};
    const QList<McpServer> own{stdioServer("files", "/bin/b"),
                               remoteServer("docs", McpServer::Transport::Http, "https://d/mcp")};
    const QList<McpServer> merged = McpServers::merged(global, own);
    QCOMPARE(names(merged), (QStringList{"git", "files", "docs"}));
    QCOMPARE(merged.at(1).command, QString("/bin/b"));
}

void TestMcp::serversSurviveTheSettingsFile()
{
    const QString file = m_dir.filePath("mcp.ini");
    AgentProfile agent;
    agent.name = "Agent";
    agent.program = "/usr/bin/agent";
    agent.mcpServers = {remoteServer("docs", McpServer::Transport::Sse, "https://d/sse")};
    {
        QSettings settings(file, QSettings::IniFormat);
        ProfileStore store(&settings);
        store.setProfiles({agent});
        store.setGlobalMcpServers({stdioServer("files", "/bin/files")});
    }
    QSettings settings(file, QSettings::IniFormat);
    ProfileStore store(&settings);
    QCOMPARE(McpServers::toJson(store.globalMcpServers()),
             McpServers::toJson({stdioServer("files", "/bin/files")}));
    const auto loaded = store.profile("Agent");
    QVERIFY(loaded);
    QCOMPARE(McpServers::toJson(loaded->mcpServers), McpServers::toJson(agent.mcpServers));
    QCOMPARE(names(store.mcpServersFor(*loaded)), (QStringList{"files", "docs"}));
    // Tokens in env and headers: the file is the user's alone.
    QCOMPARE(QFile::permissions(file) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
}

void TestMcp::capabilitiesDecideWhatIsPassed()
{
    AgentCapabilities caps;
    caps.mcpHttp = true;
    const QList<McpServer> servers{
        stdioServer("on-path", "sh"),
        stdioServer("missing", "switchboard-no-such-program"),
        remoteServer("http", McpServer::Transport::Http, "https://example.com/mcp"),
        remoteServer("sse", McpServer::Transport::Sse, "https://example.com/sse"),
        remoteServer("bad-url", McpServer::Transport::Http, "ftp://example.com"),
    };
    const McpSelection selection = McpServers::select(servers, caps);
    QCOMPARE(names(selection.passed), (QStringList{"on-path", "http"}));
    // The protocol wants an absolute command: looked up on PATH.
    QVERIFY(QDir::isAbsolutePath(selection.passed.at(0).command));
    QVERIFY(selection.passed.at(0).command.endsWith("/sh"));
    QCOMPARE(selection.skipped.size(), 3);
    QCOMPARE(selection.skipped.at(0).server.name, QString("missing"));
    QVERIFY(selection.skipped.at(0).reason.contains("PATH"));
    QCOMPARE(selection.skipped.at(1).server.name, QString("sse"));
    QVERIFY(selection.skipped.at(1).reason.contains("SSE"));
    QCOMPARE(selection.skipped.at(2).server.name, QString("bad-url"));
    // With the capability, SSE goes too.
    caps.mcpSse = true;
    QCOMPARE(names(McpServers::select(servers, caps).passed),
             (QStringList{"on-path", "http", "sse"}));
}

void TestMcp::sessionNewLoadAndResumeCarryTheServers_data()
{
    QTest::addColumn<QString>("method");
    QTest::newRow("new") << "session/new";
    QTest::newRow("load") << "session/load";
    QTest::newRow("resume") << "session/resume";
}

void TestMcp::sessionNewLoadAndResumeCarryTheServers()
{
    QFETCH(QString, method);
    const QJsonObject caps{{"loadSession", true},
                           {"sessionCapabilities", QJsonObject{{"resume", QJsonObject{}}}},
                           {"mcpCapabilities", QJsonObject{{"http", true}, {"sse", false}}}};
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}, {"agentCapabilities", caps}})
        .expect(method, "open", true)
        .respond(method == "session/new" ? QJsonObject{{"sessionId", "s1"}} : QJsonObject{},
                 "open");
    QSettings settings(m_dir.filePath("window-" + method.mid(8) + ".ini"), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    profiles.setGlobalMcpServers(
        {stdioServer("files", "sh"),
         remoteServer("old-sse", McpServer::Transport::Sse, "https://example.com/sse")});
    AgentProfile profile = agent.profile(m_dir);
    profile.mcpServers = {remoteServer("docs", McpServer::Transport::Http, "https://d.test/mcp")};
    Ui::MainWindow window(&profiles);
    Ui::SessionView *view = nullptr;
    if (method == "session/new")
        view = window.openSession(profile, m_dir.path());
    else
        view = window.reopenSession(profile, m_dir.path(), "s1",
                                    int(method == "session/load"
                                            ? Ui::SessionView::ReopenMode::LoadHistory
                                            : Ui::SessionView::ReopenMode::Resume));
    QJsonObject request;
    connect(view->client()->connection(), &Connection::notificationReceived, this,
            [&](const Notification &n) {
                if (n.method == "_test/echo")
                    request = n.params.toObject();
            });
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(!request.isEmpty(), 10000);
    QCOMPARE(request["method"].toString(), method);
    const QJsonArray sent = request["params"].toObject()["mcpServers"].toArray();
    QCOMPARE(sent.size(), 2);
    const QJsonObject files = sent.at(0).toObject();
    QCOMPARE(files["name"].toString(), QString("files"));
    QVERIFY(!files.contains("type")); // stdio has no type field
    QVERIFY(QDir::isAbsolutePath(files["command"].toString()));
    QCOMPARE(files["args"].toArray(), QJsonArray{"--stdio"});
    QCOMPARE(files["env"].toArray(), (QJsonArray{QJsonObject{{"name", "TOKEN"}, {"value", "t0"}}}));
    const QJsonObject docs = sent.at(1).toObject();
    QCOMPARE(docs["type"].toString(), QString("http"));
    QCOMPARE(docs["url"].toString(), QString("https://d.test/mcp"));
    QCOMPARE(docs["headers"].toArray(),
             (QJsonArray{QJsonObject{{"name", "Authorization"}, {"value", "Bearer x"}}}));
    // The SSE server was left out, and the user can read why.
    auto *notice = view->findChild<QLabel *>("mcpNotice");
    QVERIFY(notice);
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains("old-sse") && notice->text().contains("SSE"),
             qPrintable(notice->text()));
}

void TestMcp::settingsDialogEditsTheServers()
{
    QSettings settings(m_dir.filePath("dialog.ini"), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    Ui::SettingsDialog dialog(&profiles, nullptr);
    dialog.show();
    dialog.findChild<QTabWidget *>()->setCurrentIndex(1);
    auto *list = dialog.findChild<QListWidget *>("globalMcpServerList");
    QVERIFY(list);
    auto *globalBox = list->parentWidget();
    QTest::mouseClick(globalBox->findChild<QPushButton *>("addMcpServerButton"), Qt::LeftButton);
    Ui::McpServerDialog *editor = nullptr;
    QTRY_VERIFY((editor = dialog.findChild<Ui::McpServerDialog *>()) != nullptr);
    editor->findChild<QLineEdit *>("mcpName")->setText("docs");
    auto *transport = editor->findChild<QComboBox *>("mcpTransport");
    transport->setCurrentIndex(transport->findData(int(McpServer::Transport::Http)));
    QVERIFY(editor->findChild<QLineEdit *>("mcpUrl")->isVisibleTo(editor));
    QVERIFY(!editor->findChild<QLineEdit *>("mcpCommand")->isVisibleTo(editor));
    // No address yet: refused, and said why.
    editor->accept();
    QVERIFY(editor->isVisible());
    QVERIFY(!editor->findChild<QLabel *>("mcpProblem")->text().isEmpty());
    QTest::keyClicks(editor->findChild<QLineEdit *>("mcpUrl"), "https://docs.test/mcp");
    QVERIFY(editor->findChild<QLabel *>("mcpProblem")->text().isEmpty());
    editor->findChild<QPlainTextEdit *>("mcpHeaders")->setPlainText("X-Key: abc\nnot a header");
    TestSupport::screenshot(editor, "mcp-server-editor");
    editor->accept();
    QTRY_COMPARE(list->count(), 1);
    QVERIFY(list->item(0)->text().contains("https://docs.test/mcp"));
    TestSupport::screenshot(&dialog, "settings-mcp-servers");
    dialog.accept();
    const QList<McpServer> saved = profiles.globalMcpServers();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(toString(saved.at(0).transport), QStringLiteral("http"));
    QCOMPARE(saved.at(0).url, QString("https://docs.test/mcp"));
    QCOMPARE(saved.at(0).headers.size(), 1);
    QCOMPARE(saved.at(0).headers.at(0).name, QString("X-Key"));
    QCOMPARE(saved.at(0).headers.at(0).value, QString("abc"));
}

void TestMcp::oneBrokenEntryKeepsTheOthers()
{
    const QList<McpServer> servers = McpServers::fromJson(
        R"([{"name": "good", "command": "/bin/x", "args": [], "env": []}, {"name": "no command"}])");
    QCOMPARE(names(servers), QStringList{"good"});
}

void TestMcp::aRestartTakesTheCurrentSettings()
{
    QSettings settings(m_dir.filePath("restart.ini"), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    FakeAgent agent;
    AgentProfile profile = agent.profile(m_dir, "Stored");
    profile.mcpServers = {stdioServer("own", "/bin/own")};
    profiles.setProfiles({profile});
    profiles.setGlobalMcpServers({stdioServer("first-global", "/bin/g1")});
    Ui::MainWindow window(&profiles);
    Ui::SessionView *first = window.openSession(*profiles.profile("Stored"), m_dir.path());
    QCOMPARE(names(first->profile().mcpServers), (QStringList{"first-global", "own"}));
    // The settings change; "Restart agent" passes the view's profile back to the window.
    profiles.setGlobalMcpServers({stdioServer("second-global", "/bin/g2")});
    Ui::SessionView *restarted = window.reopenSession(first->profile(), m_dir.path(), "s1");
    QCOMPARE(names(restarted->profile().mcpServers), (QStringList{"second-global", "own"}));
}

QTEST_MAIN(TestMcp)
#include "tst_mcp.moc"
