// The kernel sandbox (Landlock) for the agent's whole process tree: a hostile tool of our own
// (tests/sandboxprobe) run by the agent itself, by a command we run for it (terminal/create)
// and through switchboard-cli tries every way out it knows; with the sandbox each one fails and
// the files outside stay as they were, while the work inside succeeds; without it, the same
// tries escape (so the test can tell). Also the presets' sandboxes, their settings, and a
// kernel that cannot enforce what a profile requires.
#include "agentclient.h"
#include "agentprofile.h"
#include "cliprocess.h"
#include "fakeagent.h"
#include "processreaper.h"
#include "sandbox.h"
#include "sessionharness.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;
using Mode = Acp::Sandbox::Mode;

namespace {

const QStringList waysOut{"absolute",    "dotdot",       "procroot",   "devshm", "symlink",
                          "hardlink-in", "hardlink-out", "rename-out", "child",  "grandchild",
                          "truncate",    "delete",       "mkdir"};
const QStringList reads{"read-secret", "read-other", "list-secret-folder"};
const QStringList work{"create",    "edit",     "rename", "delete-inside",
                       "temporary", "dev-null", "compile"};

// A workspace, a folder outside it with files to harm, a secret and another project's file.
struct Layout
{
    QTemporaryDir root;
    QString workspace, outside, secret, other, report;
    Layout()
    {
        QDir dir(root.path());
        dir.mkpath("project");
        dir.mkpath("outside");
        dir.mkpath("home/.ssh");
        dir.mkpath("other-project");
        workspace = dir.filePath("project");
        outside = dir.filePath("outside");
        secret = dir.filePath("home/.ssh/id_ed25519");
        other = dir.filePath("other-project/notes.txt");
        report = dir.filePath("project/report.txt");
        for (const char *name : {"victim", "victim-truncate", "victim-delete"})
            write(QDir(outside).filePath(QString::fromLatin1(name)), "precious\n");
        write(secret, "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        write(other, "another project\n");
    }
    static void write(const QString &path, const QByteArray &text)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }
    QStringList probeArguments() const { return {report, workspace, outside, secret, other}; }
    // What is outside now: every file and its contents.
    QMap<QString, QByteArray> outsideNow() const
    {
        QMap<QString, QByteArray> files;
        for (const QFileInfo &info :
             QDir(outside).entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)) {
            QFile file(info.filePath());
            files.insert(info.fileName(),
                         file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<dir>"));
        }
        return files;
    }
    QMap<QString, QString> results() const
    {
        QMap<QString, QString> out;
        QFile file(report);
        if (!file.open(QIODevice::ReadOnly))
            return out;
        for (const QByteArray &line : file.readAll().split('\n')) {
            const QList<QByteArray> words = line.split(' ');
            if (words.size() == 1 && !words[0].isEmpty())
                out.insert(QString::fromUtf8(words[0]), QString());
            else if (words.size() >= 2)
                out.insert(QString::fromUtf8(words[0]),
                           QString::fromUtf8(line.mid(words[0].size() + 1)));
        }
        return out;
    }
    bool reported() const { return QFile::exists(report); }
};

Acp::Sandbox sandboxFor(Mode mode, const Layout &layout, const QTemporaryDir &scenario)
{
    Acp::Sandbox sandbox;
    sandbox.mode = mode;
    sandbox.workspaces = {layout.workspace};
    sandbox.required = true;
    // The fake agent reads its scenario; the probe sits beside the fake agent (readable as
    // the program's own folder).
    sandbox.readable = {scenario.path()};
    return sandbox;
}

QString probe()
{
    return QStringLiteral(SWITCHBOARD_SANDBOX_PROBE);
}

// The fake agent's own run of the probe (fork and exec, not terminal/create).
QJsonObject runProbe(const Layout &layout)
{
    return {{"op", "run"},
            {"program", probe()},
            {"args", QJsonArray::fromStringList(layout.probeArguments())}};
}

// Every way out escaped (off) or held (on); reads held only in strict mode; the work inside
// done in every mode. On failure, the report says which.
void checkReport(const Layout &layout, Mode mode, const QMap<QString, QByteArray> &before)
{
    const QMap<QString, QString> results = layout.results();
    QVERIFY2(results.contains("done"),
             qPrintable(QString("no whole report: %1").arg(results.keys().join(' '))));
    for (const QString &name : waysOut) {
        const QString want = mode == Mode::Off ? "escaped" : "held";
        QVERIFY2(results.value(name).startsWith(want),
                 qPrintable(QString("%1: %2 (want %3)").arg(name, results.value(name), want)));
    }
    for (const QString &name : reads) {
        const QString want = mode == Mode::Strict ? "held" : "escaped";
        QVERIFY2(results.value(name).startsWith(want),
                 qPrintable(QString("%1: %2 (want %3)").arg(name, results.value(name), want)));
    }
    const bool compiler = !QStandardPaths::findExecutable("cc").isEmpty();
    for (const QString &name : work) {
        QVERIFY2(results.value(name).startsWith("ok")
                     || (!compiler && results.value(name).startsWith("skipped")),
                 qPrintable(QString("%1: %2").arg(name, results.value(name))));
    }
    if (mode != Mode::Off)
        QCOMPARE(layout.outsideNow(), before);
}

} // namespace

class TestSandbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theAgentsOwnToolsStayInside_data();
    void theAgentsOwnToolsStayInside();
    void commandsRunForTheAgentStayInside_data();
    void commandsRunForTheAgentStayInside();
    void theCliConfinesTheAgentAndSaysSo();
    void tcpGoesOnlyToItsPorts();
    void aRequiredSandboxTheKernelLacksStartsNothing();
    void anOptionalSandboxTheKernelLacksIsSaid();
    void presetsComeSandboxedAndSettingsKeepIt();
    void summariesSayWhereTheAgentMayWrite();

private:
    static void addModes();
    QTemporaryDir m_scenario;
};

void TestSandbox::initTestCase()
{
    if (Acp::Sandbox::kernelAbi() < 1)
        QSKIP("this kernel has no Landlock: nothing to enforce the sandbox with");
    QVERIFY(QFile::exists(probe()));
    QVERIFY(!Acp::ProcessReaper::helper().isEmpty());
}

// Off (every way out escapes: the test can fail), writes and strict.
void TestSandbox::addModes()
{
    QTest::addColumn<Mode>("mode");
    QTest::newRow("off: every way out escapes") << Mode::Off;
    QTest::newRow("writes") << Mode::Writes;
    QTest::newRow("strict") << Mode::Strict;
}

void TestSandbox::theAgentsOwnToolsStayInside_data()
{
    addModes();
}

// The agent runs the probe itself (fork and exec, no ACP): the whole tree is confined.
void TestSandbox::theAgentsOwnToolsStayInside()
{
    QFETCH(Mode, mode);
    Layout layout;
    const auto before = layout.outsideNow();
    FakeAgent agent;
    initialized(agent).op(runProbe(layout));
    agent.op({{"op", "stall"}});
    Acp::ProcessOptions process = agent.options(m_scenario);
    process.workingDirectory = layout.workspace;
    process.sandbox = sandboxFor(mode, layout, m_scenario);
    Acp::AgentClient client(Acp::AgentClient::Options{});
    client.start(process);
    QTRY_VERIFY_WITH_TIMEOUT(layout.reported(), 30000);
    checkReport(layout, mode, before);
    QCOMPARE(client.sandbox().mode, mode);
    if (mode != Mode::Off)
        QVERIFY(!client.sandbox().temporary.isEmpty()); // a TMPDIR of its own, used above
}

void TestSandbox::commandsRunForTheAgentStayInside_data()
{
    addModes();
}

// The same probe as a command the agent asks us to run: it gets the agent's sandbox.
void TestSandbox::commandsRunForTheAgentStayInside()
{
    QFETCH(Mode, mode);
    Layout layout;
    const auto before = layout.outsideNow();
    FakeAgent agent;
    initialized(agent);
    newSession(agent, "s1")
        .expect("session/prompt")
        .send(agentRequest(5, "terminal/create",
                           {{"sessionId", "s1"},
                            {"command", probe()},
                            {"args", QJsonArray::fromStringList(layout.probeArguments())}}))
        .op({{"op", "expect_response"}, {"id", 5}})
        .op({{"op", "stall"}});
    Acp::ProcessOptions process = agent.options(m_scenario);
    process.workingDirectory = layout.workspace;
    process.sandbox = sandboxFor(mode, layout, m_scenario);
    Harness harness;
    harness.client.start(process);
    QTRY_COMPARE_WITH_TIMEOUT(harness.client.state(), Acp::AgentClient::State::Ready, 10000);
    Acp::ClientSession *session = harness.open(layout.workspace);
    QVERIFY(session);
    session->prompt({Acp::ContentBlock::fromText("go")});
    QTRY_VERIFY_WITH_TIMEOUT(layout.reported(), 30000);
    checkReport(layout, mode, before);
}

// switchboard-cli --sandbox strict: the agent's own tool is held, and stderr says where the
// agent may write.
void TestSandbox::theCliConfinesTheAgentAndSaysSo()
{
    Layout layout;
    const auto before = layout.outsideNow();
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{}}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .expect("session/prompt")
        .op(runProbe(layout))
        .respond({{"stopReason", "end_turn"}});
    const Acp::ProcessOptions process = agent.options(m_scenario);
    QTemporaryDir home;
    QProcessEnvironment env = isolatedEnvironment(home.path(), true);
    QProcess cli;
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(SWITCHBOARD_CLI),
              {"prompt", "--sandbox", "strict", "--sandbox-folder", m_scenario.path(), "--cwd",
               layout.workspace, "--exec", execLine(process), "go"});
    QVERIFY(cli.waitForFinished(60000));
    const QByteArray err = cli.readAllStandardError();
    QVERIFY2(cli.exitCode() == 0, err.constData());
    QVERIFY2(err.contains(QByteArray(QByteArray("[sandbox] Reads and writes only in ")
                                     + layout.workspace.toUtf8())),
             err.constData());
    QVERIFY2(err.contains("[sandbox] Not enforced on this kernel"), err.constData());
    QVERIFY2(err.contains("network access is not limited"), err.constData());
    checkReport(layout, Mode::Strict, before);
}

// A profile that requires the sandbox, on a kernel that cannot give it (pretended with
// SWITCHBOARD_LANDLOCK_ABI, which can only lower what the kernel has): nothing starts, and
// the reason says why.
// A real connection each way: with the TCP limit on, the agent's tree reaches the port it is
// given and is refused every other; with the limit off both connect (the test can fail).
void TestSandbox::tcpGoesOnlyToItsPorts()
{
    if (Acp::Sandbox::kernelAbi() < 4)
        QSKIP("limiting TCP needs Landlock ABI 4 (Linux 6.7)");
    QTcpServer allowed, denied;
    QVERIFY(allowed.listen(QHostAddress::LocalHost));
    QVERIFY(denied.listen(QHostAddress::LocalHost));
    const QString allowedPort = QString::number(allowed.serverPort());
    const QString deniedPort = QString::number(denied.serverPort());
    for (const bool limited : {false, true}) {
        Layout layout;
        FakeAgent agent;
        initialized(agent).op(
            {{"op", "run"},
             {"program", probe()},
             {"args", QJsonArray{"--tcp", layout.report, allowedPort, deniedPort}}});
        agent.op({{"op", "stall"}});
        Acp::ProcessOptions process = agent.options(m_scenario);
        process.workingDirectory = layout.workspace;
        process.sandbox = sandboxFor(Mode::Writes, layout, m_scenario);
        process.sandbox.limitTcp = limited;
        process.sandbox.tcpPorts = {allowed.serverPort()};
        Acp::AgentClient client(Acp::AgentClient::Options{});
        client.start(process);
        QTRY_VERIFY_WITH_TIMEOUT(layout.reported(), 30000);
        const auto results = layout.results();
        QCOMPARE(results.value("tcp-" + allowedPort), QString("ok"));
        if (limited)
            QVERIFY2(results.value("tcp-" + deniedPort).startsWith("failed"),
                     qPrintable(results.value("tcp-" + deniedPort)));
        else
            QCOMPARE(results.value("tcp-" + deniedPort), QString("ok"));
    }
}

void TestSandbox::aRequiredSandboxTheKernelLacksStartsNothing()
{
    QProcess cli;
    QTemporaryDir home;
    Layout layout;
    FakeAgent agent;
    agent.op(runProbe(layout));
    const Acp::ProcessOptions process = agent.options(m_scenario);
    QProcessEnvironment env = isolatedEnvironment(home.path(), true);
    env.insert("SWITCHBOARD_LANDLOCK_ABI", "0");
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(SWITCHBOARD_CLI),
              {"prompt", "--sandbox", "writes", "--cwd", layout.workspace, "--exec",
               execLine(process), "go"});
    QVERIFY(cli.waitForFinished(60000));
    const QByteArray err = cli.readAllStandardError();
    QCOMPARE(cli.exitCode(), 8); // the agent could not be started
    QVERIFY2(err.contains("has no Landlock"), err.constData());
    QVERIFY2(err.contains("was not started"), err.constData());
    QVERIFY(!layout.reported()); // the probe never ran

    // ABI 3 and a TCP limit (ABI 4): refused as well.
    Acp::Sandbox tcp;
    tcp.mode = Mode::Writes;
    tcp.required = true;
    tcp.limitTcp = true;
    qputenv("SWITCHBOARD_LANDLOCK_ABI", "3");
    QVERIFY(tcp.refusal().contains("ABI 4"));
    tcp.required = false;
    QVERIFY(tcp.refusal().isEmpty());
    QVERIFY(!tcp.effective().limitTcp); // runs, without the limit it cannot have
    QVERIFY(tcp.effective().isOn());
    qunsetenv("SWITCHBOARD_LANDLOCK_ABI");
}

// Not required: the agent runs unconfined where the kernel has no Landlock, and the session
// says so instead of claiming a sandbox.
void TestSandbox::anOptionalSandboxTheKernelLacksIsSaid()
{
    Layout layout;
    qputenv("SWITCHBOARD_LANDLOCK_ABI", "0");
    const auto restore = qScopeGuard([] { qunsetenv("SWITCHBOARD_LANDLOCK_ABI"); });
    Acp::Sandbox sandbox;
    sandbox.mode = Mode::Writes;
    sandbox.workspaces = {layout.workspace};
    QVERIFY(sandbox.refusal().isEmpty());
    QVERIFY(!sandbox.effective().isOn());
    QVERIFY(sandbox.summary().startsWith("No sandbox: this kernel has no Landlock"));
    const auto before = layout.outsideNow();
    FakeAgent agent;
    initialized(agent).op(runProbe(layout));
    agent.op({{"op", "stall"}});
    Acp::ProcessOptions process = agent.options(m_scenario);
    process.sandbox = sandbox;
    Acp::AgentClient client(Acp::AgentClient::Options{});
    client.start(process);
    QTRY_VERIFY_WITH_TIMEOUT(layout.reported(), 30000);
    checkReport(layout, Mode::Off, before); // unconfined, as said
}

void TestSandbox::presetsComeSandboxedAndSettingsKeepIt()
{
    const QList<Acp::AgentProfile> presets = Acp::ProfileStore::presets();
    QCOMPARE(presets.size(), 3);
    for (const Acp::AgentProfile &preset : presets) {
        QCOMPARE(preset.sandbox.mode, Mode::Writes);
        QVERIFY(!preset.sandbox.required); // runs unconfined, saying so, on an old kernel
        QVERIFY(preset.sandbox.agentFolders.contains("~/.npm"));
    }
    QVERIFY(presets[0].sandbox.agentFolders.contains("~/.claude"));
    QVERIFY(presets[1].sandbox.agentFolders.contains("~/.codex"));
    QVERIFY(presets[2].sandbox.agentFolders.contains("~/.gemini"));
    QVERIFY(!Acp::ProfileStore::demoProfile().sandbox.isOn());
    // A pinned version is the same agent.
    Acp::AgentProfile pinned = presets[1];
    pinned.arguments[1] += "@2.6.0";
    QCOMPARE(Acp::ProfileStore::presetSandbox(pinned)->agentFolders,
             presets[1].sandbox.agentFolders);

    QTemporaryDir dir;
    QSettings settings(dir.filePath("s.ini"), QSettings::IniFormat);
    {
        Acp::ProfileStore store(&settings);
        QList<Acp::AgentProfile> profiles = store.profiles();
        Acp::AgentProfile custom;
        custom.name = "Mine";
        custom.program = "my-agent";
        custom.sandbox.mode = Mode::Strict;
        custom.sandbox.required = true;
        custom.sandbox.agentFolders = {"~/.mine"};
        custom.sandbox.readable = {"/srv/data"};
        custom.sandbox.limitTcp = true;
        custom.sandbox.tcpPorts = {443, 8080};
        profiles << custom;
        store.setProfiles(profiles);
    }
    Acp::ProfileStore again(&settings);
    const Acp::Sandbox kept = again.profile("Mine")->sandbox;
    QCOMPARE(kept.mode, Mode::Strict);
    QVERIFY(kept.required);
    QCOMPARE(kept.agentFolders, QStringList{"~/.mine"});
    QCOMPARE(kept.readable, QStringList{"/srv/data"});
    QVERIFY(kept.limitTcp);
    QCOMPARE(kept.tcpPorts, (QList<quint16>{443, 8080}));
    QCOMPARE(again.profile("Codex")->sandbox, presets[1].sandbox);

    // A preset saved before profiles had a sandbox gets the presets' one; another profile none.
    QSettings old(dir.filePath("old.ini"), QSettings::IniFormat);
    old.beginWriteArray("profiles", 2);
    old.setArrayIndex(0);
    old.setValue("name", "Gemini");
    old.setValue("program", "npx");
    old.setValue("arguments", QStringList{"-y", "@google/gemini-cli", "--acp"});
    old.setArrayIndex(1);
    old.setValue("name", "Other");
    old.setValue("program", "other-agent");
    old.endArray();
    old.sync();
    Acp::ProfileStore migrated(&old);
    QCOMPARE(migrated.profile("Gemini")->sandbox.mode, Mode::Writes);
    QVERIFY(migrated.profile("Gemini")->sandbox.agentFolders.contains("~/.gemini"));
    QCOMPARE(migrated.profile("Other")->sandbox.mode, Mode::Off);
}

void TestSandbox::summariesSayWhereTheAgentMayWrite()
{
    Acp::Sandbox sandbox;
    sandbox.workspaces = {QDir::homePath() + "/proj"};
    QCOMPARE(sandbox.summary(), QString("No sandbox: the agent can write wherever you can"));
    sandbox.mode = Mode::Writes;
    QCOMPARE(sandbox.summary(), QString("Writes only in ~/proj"));
    sandbox.mode = Mode::Strict;
    QCOMPARE(sandbox.summary(), QString("Reads and writes only in ~/proj"));
    sandbox.agentFolders = {"~/.codex"};
    sandbox.temporary = "/tmp/switchboard-agent-x";
    QVERIFY(sandbox.details().contains("The agent's own folders: ~/.codex"));
    QVERIFY(sandbox.details().contains("Temporary files: /tmp/switchboard-agent-x"));
    // What the reaper is told: the workspace, the agent's folder (made), the temp, the devices
    // and, strictly, the system's read-only places; never /dev/shm.
    QTemporaryDir home;
    sandbox.agentFolders = {home.filePath("state/agent")};
    const QStringList args = sandbox.reaperArguments("/usr/bin/env");
    QCOMPARE(args.mid(0, 2), (QStringList{"--sandbox", "strict"}));
    QVERIFY(!QFileInfo::exists(home.filePath("state/agent"))); // made only by the launch
    QVERIFY(sandbox.makeAgentFolders().isEmpty());
    QVERIFY(QFileInfo(home.filePath("state/agent")).isDir());
    QVERIFY(args.contains(home.filePath("state/agent")));
    QVERIFY(args.contains("/dev/null"));
    QVERIFY(!args.contains("/dev/shm"));
    QVERIFY(args.contains("/usr"));
    QVERIFY(!args.contains("/etc/shadow"));
    QVERIFY(!args.contains("/etc/ssh"));
    QVERIFY(args.contains("/etc/passwd"));
}

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
