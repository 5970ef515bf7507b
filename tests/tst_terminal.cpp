// terminal/*: commands run in the session's directories with the given env, output captured
// live and truncated from the start at a character boundary, exit status and signals as
// specified, kill reaching the whole process group, and nothing left running when a session
// closes.

#include "agentclient.h"
#include "fakeagent.h"
#include "processreaper.h"
#include "terminalservice.h"
#include "trafficvalidator.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace Acp;
using namespace TestSupport;

namespace {

QJsonObject ids(const QString &terminalId)
{
    return {{"sessionId", "s1"}, {"terminalId", terminalId}};
}

// A request and the wait for its answer, as fake-agent operations.
void call(FakeAgent &agent, int id, const QString &method, const QJsonObject &params)
{
    agent.send(agentRequest(id, method, params)).op({{"op", "expect_response"}, {"id", id}});
}

struct Harness
{
    QTemporaryDir dir;
    AgentClient client{AgentClient::Options{}};
    TrafficValidator traffic{client.connection()};
    QHash<int, QJsonObject> answers;
    ClientSession *session = nullptr;
    QString root;

    explicit Harness(FakeAgent &agent, const QTemporaryDir &scenarioDir)
    {
        root = dir.path();
        QObject::connect(client.connection(), &Connection::notificationReceived, &client,
                         [this](const Notification &n) {
                             if (n.method == "_test/echo")
                                 answers.insert(n.params.toObject()["id"].toInt(),
                                                n.params.toObject());
                         });
        client.start(agent.options(scenarioDir));
    }
    bool open()
    {
        if (!QTest::qWaitFor([&] { return client.state() == AgentClient::State::Ready; }, 5000))
            return false;
        SessionSetup setup;
        setup.cwd = root;
        client.newSession(
            setup, [this](ClientSession *s, const Acp::AgentClient::OpenError &) { session = s; });
        return QTest::qWaitFor([&] { return session != nullptr; }, 5000);
    }
};

// Alive and not a zombie waiting to be reaped.
bool processAlive(const QString &pid)
{
    QFile stat("/proc/" + pid + "/stat");
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close >= 0 && line.mid(close + 2, 1) != "Z";
}

FakeAgent started()
{
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}});
    return agent;
}

} // namespace

class TestTerminal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void truncationKeepsWholeCharacters();
    void outputLimitExitCodeAndEnv();
    void unlimitedOutputKeepsABoundedTail();
    void killStopsTheProcessGroupAndReleaseForgets();
    void cwdOutsideTheSessionIsRefused();
    void closingTheSessionKillsItsCommands();
    void whatAKilledReaperLeftIsCleanedUpAtTheNextStart();

private:
    QTemporaryDir m_scenarios;
};

void TestTerminal::truncationKeepsWholeCharacters()
{
    bool truncated = false;
    const QByteArray text("a\xe2\x82\xac\xe2\x82\xac"); // a € €  (1 + 3 + 3 bytes)
    QCOMPARE(Terminal::truncateFront(text, 7, &truncated), text);
    QVERIFY(!truncated);
    QCOMPARE(Terminal::truncateFront(text, 5, &truncated), QByteArray("\xe2\x82\xac"));
    QVERIFY(truncated);
    QCOMPARE(Terminal::truncateFront(text, 0, &truncated), QByteArray());
    // A character cut at the end of a running command's output is held back.
    QCOMPARE(TerminalService::outputText("ok\xe2\x82"), QString("ok"));
    QCOMPARE(TerminalService::outputText("ok\xe2\x82\xac"), QString::fromUtf8("ok\xe2\x82\xac"));
}

void TestTerminal::outputLimitExitCodeAndEnv()
{
    FakeAgent agent = started();
    call(agent, 1, "terminal/create",
         {{"sessionId", "s1"},
          {"command", "printf"},
          {"args",
           QJsonArray{"%s-%s", "h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac\xe2\x82\xac", "$FOO"}},
          {"env", QJsonArray{QJsonObject{{"name", "FOO"}, {"value", "bar"}}}},
          {"outputByteLimit", 10}});
    call(agent, 2, "terminal/wait_for_exit", ids("term-1"));
    call(agent, 3, "terminal/output", ids("term-1"));
    call(agent, 4, "terminal/create",
         {{"sessionId", "s1"},
          {"command", "echo \"$FOO\" && exit 3"},
          {"env", QJsonArray{QJsonObject{{"name", "FOO"}, {"value", "from env"}}}}});
    call(agent, 5, "terminal/wait_for_exit", ids("term-2"));
    call(agent, 6, "terminal/output", ids("term-2"));
    Harness h(agent, m_scenarios);
    QVERIFY(h.open());
    QTRY_COMPARE_WITH_TIMEOUT(h.answers.size(), 6, 10000);
    QCOMPARE(h.answers[1]["result"].toObject()["terminalId"].toString(), QString("term-1"));
    QCOMPARE(h.answers[2]["result"].toObject()["exitCode"].toInt(), 0);
    const QJsonObject out = h.answers[3]["result"].toObject();
    // printf does not expand $FOO from args: the literal stays. The last 10 bytes begin inside
    // the first euro sign, so the cut moves forward to the next whole character.
    QVERIFY(out["truncated"].toBool());
    QCOMPARE(out["output"].toString(), QString::fromUtf8("\xe2\x82\xac-$FOO"));
    QVERIFY(out["output"].toString().toUtf8().size() <= 10);
    QCOMPARE(out["exitStatus"].toObject()["exitCode"].toInt(), 0);
    QCOMPARE(h.answers[5]["result"].toObject()["exitCode"].toInt(), 3);
    QCOMPARE(h.answers[6]["result"].toObject()["output"].toString(), QString("from env\n"));
    QVERIFY(!h.answers[6]["result"].toObject()["truncated"].toBool());
    // The UI sees each terminal and its output.
    QCOMPARE(h.client.terminals()->terminals("s1").size(), 2);
    QCOMPARE(h.client.terminals()->terminal("term-2")->commandLine(),
             QString("echo \"$FOO\" && exit 3"));
}

void TestTerminal::unlimitedOutputKeepsABoundedTail()
{
    // 40 MiB without a limit from the agent: memory stays bounded, the end is kept whole.
    FakeAgent agent = started();
    call(agent, 1, "terminal/create",
         {{"sessionId", "s1"},
          {"command", "head -c 41943040 /dev/zero | tr '\\0' x; echo; echo the-last-line"}});
    call(agent, 2, "terminal/wait_for_exit", ids("term-1"));
    call(agent, 3, "terminal/output", ids("term-1"));
    Harness h(agent, m_scenarios);
    QVERIFY(h.open());
    QTRY_COMPARE_WITH_TIMEOUT(h.answers.size(), 3, 60000);
    const QJsonObject out = h.answers[3]["result"].toObject();
    QVERIFY(out["truncated"].toBool());
    const QString text = out["output"].toString();
    QVERIFY(text.endsWith("x\nthe-last-line\n"));
    QVERIFY(text.toUtf8().size() <= Terminal::DefaultOutputLimit);
    QVERIFY(text.toUtf8().size() > Terminal::DefaultOutputLimit - 16);
    Terminal *terminal = h.client.terminals()->terminal("term-1");
    QVERIFY(terminal);
    QVERIFY(terminal->isTruncated());
    QVERIFY(terminal->outputTail(1 << 30).size() <= Terminal::DefaultOutputLimit * 3 / 2);
}

void TestTerminal::killStopsTheProcessGroupAndReleaseForgets()
{
    FakeAgent agent = started();
    // The command prints the pids of a background child and of one in a session of its own
    // (out of the command's process group), then waits for them.
    call(agent, 1, "terminal/create",
         {{"sessionId", "s1"},
          {"command", "sh"},
          {"args", QJsonArray{"-c", "sleep 300 & echo $!; setsid sleep 300 & echo $!; wait"}}});
    agent.expect("_test/gate");
    call(agent, 2, "terminal/kill", ids("term-1"));
    call(agent, 3, "terminal/wait_for_exit", ids("term-1"));
    call(agent, 4, "terminal/release", ids("term-1"));
    call(agent, 5, "terminal/output", ids("term-1"));
    Harness h(agent, m_scenarios);
    QVERIFY(h.open());
    QTRY_VERIFY(h.client.terminals()->terminal("term-1"));
    Terminal *terminal = h.client.terminals()->terminal("term-1");
    QTRY_COMPARE(terminal->output().count('\n'), 2);
    const QStringList childPids
        = QString::fromUtf8(terminal->output()).split('\n', Qt::SkipEmptyParts);
    for (const QString &pid : childPids)
        QVERIFY(processAlive(pid));
    h.client.connection()->sendNotification("_test/gate", QJsonObject());
    QTRY_COMPARE_WITH_TIMEOUT(h.answers.size(), 5, 10000);
    QCOMPARE(h.answers[3]["result"].toObject()["signal"].toString(), QString("SIGKILL"));
    QCOMPARE(h.answers[5]["error"].toObject()["code"].toInt(),
             ErrorCode::InvalidParams); // released
    // Both children died with the command.
    for (const QString &pid : childPids)
        QTRY_VERIFY2_WITH_TIMEOUT(!processAlive(pid), qPrintable(pid), 5000);
    QVERIFY(terminal->isReleased());
    QCOMPARE(QString::fromUtf8(terminal->output()).split('\n', Qt::SkipEmptyParts),
             childPids); // kept for the transcript
    QVERIFY2(h.traffic.validate().isEmpty(), qPrintable(h.traffic.validate()));
}

void TestTerminal::cwdOutsideTheSessionIsRefused()
{
    FakeAgent agent = started();
    call(agent, 1, "terminal/create", {{"sessionId", "s1"}, {"command", "pwd"}, {"cwd", "/"}});
    call(agent, 2, "terminal/create", {{"sessionId", "s1"}, {"command", "pwd"}});
    call(agent, 3, "terminal/wait_for_exit", ids("term-1"));
    call(agent, 4, "terminal/output", ids("term-1"));
    Harness h(agent, m_scenarios);
    QVERIFY(h.open());
    QTRY_COMPARE_WITH_TIMEOUT(h.answers.size(), 4, 10000);
    QCOMPARE(h.answers[1]["error"].toObject()["code"].toInt(), ErrorCode::InvalidParams);
    QCOMPARE(h.answers[4]["result"].toObject()["output"].toString().trimmed(),
             QFileInfo(h.root).canonicalFilePath());
}

void TestTerminal::closingTheSessionKillsItsCommands()
{
    FakeAgent agent = started();
    call(agent, 1, "terminal/create",
         {{"sessionId", "s1"}, {"command", "sleep"}, {"args", QJsonArray{"300"}}});
    Harness h(agent, m_scenarios);
    QVERIFY(h.open());
    QTRY_COMPARE(h.answers.size(), 1);
    Terminal *terminal = h.client.terminals()->terminal("term-1");
    QVERIFY(terminal);
    QSignalSpy exited(terminal, &Terminal::exited);
    QVERIFY(!terminal->hasExited());
    h.session->close();
    QVERIFY(exited.count() == 1 || exited.wait(5000));
    QCOMPARE(exited.first().first().value<TerminalExitStatus>().signal,
             std::optional<QString>("SIGKILL"));
}

void TestTerminal::whatAKilledReaperLeftIsCleanedUpAtTheNextStart()
{
    // The reaper itself is killed outright (kill -9 of the app's whole process group, the OOM
    // killer): a child in a session of its own survives it, for real. The next start finds the
    // record and kills what carries its name; a tree whose reaper still runs is left alone.
    QTemporaryDir records;
    ProcessReaper::setRecordDirectory(records.path());
    const auto startReaped = [](QProcess &process, const QString &line) {
        const ProcessReaper::Launch launch
            = ProcessReaper::launch("/bin/sh", {"-c", line},
                                    QProcessEnvironment::systemEnvironment(), QDir::tempPath(), {});
        process.start(launch.program, launch.arguments);
        return launch.reaped && process.waitForStarted(5000);
    };
    QProcess doomed;
    QProcess alive;
    QVERIFY(startReaped(doomed, "setsid sleep 3191 & echo $!; wait"));
    QVERIFY(startReaped(alive, "sleep 3192 & echo $!; wait"));
    ProcessReaper::setRecordDirectory({});
    QTRY_VERIFY(doomed.canReadLine() && alive.canReadLine());
    const QString escaped = QString::fromUtf8(doomed.readLine()).trimmed();
    const QString kept = QString::fromUtf8(alive.readLine()).trimmed();
    QTRY_COMPARE(QDir(records.path()).entryList(QDir::Files).size(), 2);
    QCOMPARE(::kill(pid_t(doomed.processId()), SIGKILL), 0);
    QVERIFY(doomed.waitForFinished(5000));
    QVERIFY(processAlive(escaped)); // got away: this is the fault
    QVERIFY(ProcessReaper::killLeftovers(records.path()) >= 1); // the sh may still be dying
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(escaped), 5000);
    QVERIFY(processAlive(kept));
    QCOMPARE(QDir(records.path()).entryList(QDir::Files).size(), 1); // the live one's record
    // Its reaper ends normally: the record goes with it, and so does the child.
    ProcessReaper::killTree(alive, true);
    QVERIFY(alive.waitForFinished(5000));
    QCOMPARE(alive.exitStatus(), QProcess::CrashExit);
    QCOMPARE(alive.exitCode(), SIGKILL);
    QTRY_VERIFY(!processAlive(kept));
    QTRY_VERIFY(QDir(records.path()).entryList(QDir::Files).isEmpty());
}

QTEST_GUILESS_MAIN(TestTerminal)
#include "tst_terminal.moc"
