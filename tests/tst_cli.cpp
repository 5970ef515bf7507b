// switchboard-cli as a user runs it: a real process, its stdout, stderr and exit status,
// against the demo agent and against scripted agents.

#include "agentprofile.h"
#include "cliprocess.h"
#include "fakeagent.h"
#include "sessionrecorder.h"
#include "transcriptmodel.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace TestSupport;

namespace {

FakeAgent &initializedWithSession(FakeAgent &agent, const QString &sessionId)
{
    return agent.expect("initialize")
        .respond({{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{}}})
        .expect("session/new")
        .respond({{"sessionId", sessionId}});
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void promptStreamsTheDemoAgentsAnswer();
    void jsonIsOneObjectPerLine();
    void sessionsAndLoadFindTheSession();
    void stopReasonsHaveTheirOwnExitCodes_data();
    void stopReasonsHaveTheirOwnExitCodes();
    void agentErrorsAndMissingAgents();
    void usageErrors();
    void ctrlCCancelsTheTurn();
    void secondCtrlCStopsTheAgent();
    void agentAndCommandsDieWithAKilledClient();
    void askReadsTheAnswerFromTheTerminal();
    void stderrNotesStartOnTheirOwnLineOnATerminal();
    void commandOutputIsShownForAgentsThatRunCommandsThemselves();
    void aLateReplayIsNeverPrintedAsTheNewAnswer();
    void mcpServersTheAgentCannotTakeAreNamed();
    void resumingKeepsTheEarlierTurns();
    void aKilledRunKeepsWhatWasShown_data();
    void aKilledRunKeepsWhatWasShown();
    void aFullDiskFailsTheRunAndSaysSo();
    void searchFindsEarlierTurns();
    void killedAtRandomWhileRecordingKeepsAPrefix();
    void theAppReopensASessionNamedInTwoWords_data();
    void theAppReopensASessionNamedInTwoWords();

private:
    QProcessEnvironment environment() const;
    QProcess *start(const QStringList &args);
    Run run(const QStringList &args);
    QString execLine(const FakeAgent &agent);
    QString sessionsDir() const { return m_home.filePath("data/Switchboard/switchboard/sessions"); }
    QByteArray savedTranscripts() const;

    QTemporaryDir m_dir;
    QTemporaryDir m_home; // XDG folders: the CLI's settings and session index
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_home.isValid());
}

QProcessEnvironment TestCli::environment() const
{
    return isolatedEnvironment(m_home.path());
}
QProcess *TestCli::start(const QStringList &args)
{
    auto *process = new QProcess(this);
    process->setProcessEnvironment(environment());
    process->start(QStringLiteral(SWITCHBOARD_CLI), args);
    return process;
}

Run TestCli::run(const QStringList &args)
{
    QProcess *process = start(args);
    QSignalSpy finished(process, &QProcess::finished);
    [&] { QVERIFY2(finished.wait(30000), "switchboard-cli did not finish"); }();
    Run r{process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1,
          process->readAllStandardOutput(), process->readAllStandardError()};
    process->deleteLater();
    return r;
}

QString TestCli::execLine(const FakeAgent &agent)
{
    return TestSupport::execLine(agent.options(m_dir));
}

void TestCli::promptStreamsTheDemoAgentsAnswer()
{
    const Run r = run({"prompt", "hello", "there"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("You asked: *hello there*"), r.out.constData());
    QVERIFY(r.out.contains("Hello from turn 1"));
    // Tool calls, the plan and the permission decision go to stderr, never into the answer.
    QVERIFY2(r.err.contains("[permission] Edit switchboard-demo.txt: reject_once"),
             r.err.constData());
    QVERIFY(r.err.contains("[tool] Read README.md (completed)"));
    QVERIFY(r.err.contains("[plan] 3/3 done"));
    QVERIFY(!r.out.contains("[tool]"));
}

void TestCli::jsonIsOneObjectPerLine()
{
    const Run r = run({"prompt", "--json", "--permission", "allow", "hi"});
    QCOMPARE(r.exitCode, 0);
    QList<QJsonObject> events;
    for (const QByteArray &line : r.out.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        QVERIFY2(doc.isObject(), line.constData());
        events.append(doc.object());
    }
    QVERIFY(events.size() > 10);
    QCOMPARE(events.first()["event"].toString(), "session");
    QVERIFY(!events.first()["sessionId"].toString().isEmpty());
    QCOMPARE(events.last()["event"].toString(), "turn_end");
    QCOMPARE(events.last()["stopReason"].toString(), "end_turn");
    QString answer;
    QString commandOutput; // the demo agent's command, run in one of our terminals
    bool allowed = false;
    bool commandEnded = false;
    for (const QJsonObject &e : events) {
        if (e["event"] == "text" && e["kind"] == "agent")
            answer += e["delta"].toString();
        if (e["event"] == "permission")
            allowed = e["decision"] == "allow_once";
        if (e["event"] == "command_output") {
            commandOutput += e["delta"].toString();
            commandEnded = commandEnded || e["exit"].toObject()["exitCode"] == 0;
        }
    }
    QVERIFY2(answer.contains("You asked: *hi*"), qPrintable(answer));
    QVERIFY(allowed);
    QVERIFY2(commandOutput.contains("checking, step 3 of 3"), qPrintable(commandOutput));
    QVERIFY(commandEnded);
}

void TestCli::sessionsAndLoadFindTheSession()
{
    const Run first = run({"prompt", "--json", "remember me"});
    QCOMPARE(first.exitCode, 0);
    const QString id = QJsonDocument::fromJson(first.out.left(first.out.indexOf('\n')))
                           .object()["sessionId"]
                           .toString();
    QVERIFY(!id.isEmpty());

    const Run listed = run({"sessions"});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains(id.toUtf8()), listed.out.constData());
    QVERIFY(listed.out.contains("remember me"));

    const Run loaded = run({"load", "--session", id, "--json", "--stats"});
    QCOMPARE(loaded.exitCode, 0);
    QList<QJsonObject> rows;
    for (const QByteArray &line : loaded.out.split('\n'))
        if (!line.isEmpty())
            rows.append(QJsonDocument::fromJson(line).object());
    QVERIFY(rows.size() > 3);
    QCOMPARE(rows.first()["kind"].toString(), "user");
    QCOMPARE(rows.first()["text"].toString(), "remember me");
    QRegularExpression replayed("replayed updates: (\\d+)");
    const auto match = replayed.match(QString::fromUtf8(loaded.err));
    QVERIFY2(match.hasMatch(), loaded.err.constData());
    QVERIFY(match.captured(1).toInt() > 10);
    QVERIFY(loaded.err.contains("peak memory:"));

    const Run markdown = run({"load", "--session", id, "--markdown"});
    QCOMPARE(markdown.exitCode, 0);
    QVERIFY(markdown.out.startsWith("> remember me\n"));
    QVERIFY(markdown.out.contains("- [x] Run a command to check the result"));
}

void TestCli::stopReasonsHaveTheirOwnExitCodes_data()
{
    QTest::addColumn<QString>("stopReason");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("end_turn") << "end_turn" << 0;
    QTest::newRow("refusal") << "refusal" << 3;
    QTest::newRow("cancelled") << "cancelled" << 4;
    QTest::newRow("max_tokens") << "max_tokens" << 5;
    QTest::newRow("max_turn_requests") << "max_turn_requests" << 6;
}

void TestCli::stopReasonsHaveTheirOwnExitCodes()
{
    QFETCH(QString, stopReason);
    QFETCH(int, exitCode);
    FakeAgent agent;
    initializedWithSession(agent, "s1")
        .expect("session/prompt", "p")
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "partial answer")))
        .respond({{"stopReason", stopReason}}, "p");
    const Run r = run({"prompt", "--exec", execLine(agent), "--cwd", m_dir.path(), "go"});
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.out, QByteArray("partial answer\n"));
}

void TestCli::agentErrorsAndMissingAgents()
{
    FakeAgent agent;
    initializedWithSession(agent, "s1")
        .expect("session/prompt", "p")
        .respondError(-32603, "the model is overloaded", {}, "p");
    const Run failed = run({"prompt", "--exec", execLine(agent), "--cwd", m_dir.path(), "go"});
    QCOMPARE(failed.exitCode, 7);
    QVERIFY2(failed.err.contains("the model is overloaded"), failed.err.constData());

    const Run missing = run({"prompt", "--exec", "/nonexistent/agent --acp", "go"});
    QCOMPARE(missing.exitCode, 8);
    QVERIFY2(missing.err.contains("/nonexistent/agent"), missing.err.constData());

    FakeAgent crashing;
    crashing.expect("initialize")
        .respond({{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{}}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .expect("session/prompt")
        .op({{"op", "crash"}});
    const Run crashed = run({"prompt", "--exec", execLine(crashing), "--cwd", m_dir.path(), "go"});
    QCOMPARE(crashed.exitCode, 8);
    QVERIFY2(crashed.err.contains("went away"), crashed.err.constData());
}

void TestCli::usageErrors()
{
    QCOMPARE(run({"frobnicate"}).exitCode, 2);
    QCOMPARE(run({"prompt"}).exitCode, 2);
    QCOMPARE(run({"load"}).exitCode, 2);
    QCOMPARE(run({"prompt", "--agent", "No Such Profile", "hi"}).exitCode, 2);
    // stdin is a pipe here, not a terminal: nobody could answer.
    const Run ask = run({"prompt", "--permission", "ask", "hi"});
    QCOMPARE(ask.exitCode, 2);
    QVERIFY(ask.err.contains("terminal"));
    const Run help = run({"--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("Exit status:"));
}

void TestCli::ctrlCCancelsTheTurn()
{
    FakeAgent agent;
    initializedWithSession(agent, "s1")
        .expect("session/prompt", "p")
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "working on it")))
        .expect("session/cancel")
        .respond({{"stopReason", "cancelled"}}, "p");
    QProcess *process
        = start({"prompt", "--exec", execLine(agent), "--cwd", m_dir.path(), "long job"});
    QSignalSpy finished(process, &QProcess::finished);
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += process->readAllStandardOutput()).contains("working on it"),
                             20000);
    QCOMPARE(::kill(pid_t(process->processId()), SIGINT), 0);
    QVERIFY(finished.wait(20000));
    QCOMPARE(process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(process->exitCode(), 4);
    QVERIFY(process->readAllStandardError().contains("cancelling"));
}

void TestCli::secondCtrlCStopsTheAgent()
{
    // An agent that ignores the cancel, SIGTERM and its input closing: only a kill ends it.
    FakeAgent agent;
    initializedWithSession(agent, "s1")
        .op({{"op", "ignore_sigterm"}})
        .expect("session/prompt", "p")
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "working on it")))
        .expect("session/cancel")
        .op({{"op", "stall"}});
    const Acp::ProcessOptions options = agent.options(m_dir);
    const QString scenario = options.arguments.constLast(); // names this agent and no other
    QProcess *process
        = start({"prompt", "--exec", QStringLiteral("\"%1\" \"%2\"").arg(options.program, scenario),
                 "--cwd", m_dir.path(), "long job"});
    QSignalSpy finished(process, &QProcess::finished);
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += process->readAllStandardOutput()).contains("working on it"),
                             20000);
    QVERIFY(processRunning(scenario));
    QCOMPARE(::kill(pid_t(process->processId()), SIGINT), 0);
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += process->readAllStandardError()).contains("cancelling"),
                             20000);
    QVERIFY(process->state() == QProcess::Running); // still waiting for the stop reason
    QCOMPARE(::kill(pid_t(process->processId()), SIGINT), 0);
    QVERIFY(finished.wait(20000));
    QCOMPARE(process->exitCode(), 4);
    QTRY_VERIFY_WITH_TIMEOUT(!processRunning(scenario), 10000);
}

void TestCli::agentAndCommandsDieWithAKilledClient()
{
    // The client is killed outright (no chance to clean up): its agent, the command the agent
    // ran, and everything either of them started must not live on, however they got away: a
    // background job, a double fork, `setsid`.
    FakeAgent agent;
    initializedWithSession(agent, "s1")
        .expect("session/prompt", "p")
        .send(agentRequest(5, "terminal/create",
                           {{"sessionId", "s1"},
                            {"command",
                             "sleep 3172 & setsid sleep 3173 & (sleep 3174 &); "
                             "exec sleep 3171"}}))
        .op({{"op", "expect_response"}, {"id", 5}})
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "running it")))
        .op({{"op", "stall"}});
    const Acp::ProcessOptions options = agent.options(m_dir);
    const QString scenario = options.arguments.constLast();
    // The agent, too, leaves a child of its own in a session of its own.
    const QString wrapper = m_dir.filePath("agent-with-a-child.sh");
    {
        QFile script(wrapper);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(QStringLiteral("#!/bin/sh\nsetsid sleep 3175 &\nexec \"%1\" \"%2\"\n")
                         .arg(options.program, scenario)
                         .toUtf8());
        script.close();
        QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }
    QProcess *process = start({"prompt", "--exec", wrapper, "--cwd", m_dir.path(), "go"});
    QSignalSpy finished(process, &QProcess::finished);
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += process->readAllStandardOutput()).contains("running it"),
                             20000);
    QVERIFY(processRunning(scenario));
    const QStringList everything{"sleep 3171", "sleep 3172", "sleep 3173", "sleep 3174",
                                 "sleep 3175"};
    for (const QString &command : everything)
        QTRY_VERIFY2_WITH_TIMEOUT(processRunning(command), qPrintable(command), 10000);
    process->kill(); // SIGKILL: no destructor, no shutdown
    QVERIFY(finished.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!processRunning(scenario), 10000);
    for (const QString &command : everything)
        QTRY_VERIFY2_WITH_TIMEOUT(!processRunning(command), qPrintable(command), 10000);
}

void TestCli::askReadsTheAnswerFromTheTerminal()
{
    // `script` (util-linux, part of every Debian) gives the CLI a terminal on stdin.
    const QString script = QStandardPaths::findExecutable("script");
    if (script.isEmpty())
        QSKIP("util-linux's script is not installed");
    auto *process = new QProcess(this);
    process->setProcessEnvironment(environment());
    process->setProgram(script);
    process->setArguments({"-qec",
                           QStringLiteral("\"%1\" prompt --permission ask hi").arg(SWITCHBOARD_CLI),
                           "/dev/null"});
    process->start();
    QSignalSpy finished(process, &QProcess::finished);
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += process->readAllStandardOutput()).contains("Choose 1-"),
                             20000);
    QVERIFY2(out.contains("Permission: Edit switchboard-demo.txt"), out.constData());
    process->write("1\n");
    QVERIFY(finished.wait(20000));
    out += process->readAllStandardOutput();
    QCOMPARE(process->exitCode(), 0);
    QVERIFY2(out.contains("[permission] Edit switchboard-demo.txt: allow_once"), out.constData());
}

void TestCli::stderrNotesStartOnTheirOwnLineOnATerminal()
{
    // A tool call in the middle of a streamed sentence: on a terminal (stdout and stderr both
    // the pty `script` gives), its note starts a line of its own.
    const QString script = QStandardPaths::findExecutable("script");
    if (script.isEmpty())
        QSKIP("util-linux's script is not installed");
    const auto toolCallMidSentence = [this](FakeAgent &agent) {
        initializedWithSession(agent, "s1")
            .expect("session/prompt", "p")
            .send(sessionUpdate("s1", textChunk("agent_message_chunk", "Let me look")))
            .send(sessionUpdate("s1",
                                QJsonObject{{"sessionUpdate", "tool_call"},
                                            {"toolCallId", "c1"},
                                            {"title", "Read notes.txt"},
                                            {"kind", "read"},
                                            {"status", "completed"}}))
            .send(sessionUpdate("s1", textChunk("agent_message_chunk", " - done.")))
            .respond({{"stopReason", "end_turn"}}, "p");
        return execLine(agent);
    };
    FakeAgent agent;
    const QString exec = toolCallMidSentence(agent);
    QProcess process;
    process.setProcessEnvironment(environment());
    process.setProgram(script);
    process.setArguments({"-qec",
                          QStringLiteral("\"%1\" prompt --exec '%2' --cwd '%3' go")
                              .arg(SWITCHBOARD_CLI, exec, m_dir.path()),
                          "/dev/null"});
    process.start();
    QVERIFY(process.waitForFinished(20000));
    const QByteArray out = process.readAllStandardOutput().replace("\r\n", "\n");
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(out.contains("Let me look\n[tool] Read notes.txt"), out.constData());
    QVERIFY2(out.contains(" - done."), out.constData());

    // On a pipe nothing is added for the note (the two messages are a line apart, as always).
    FakeAgent piped;
    const Run r
        = run({"prompt", "--exec", toolCallMidSentence(piped), "--cwd", m_dir.path(), "go"});
    QCOMPARE(r.out, QByteArray("Let me look\n - done.\n"));
    QVERIFY2(r.err.contains("[tool] Read notes.txt"), r.err.constData());
}

void TestCli::commandOutputIsShownForAgentsThatRunCommandsThemselves()
{
    // codex-acp 2.x: its own terminal id, the output in `_meta`, the end in terminal_exit.
    const auto codexStyle = [this](FakeAgent &agent) {
        const QJsonObject terminal{{"type", "terminal"}, {"terminalId", "call_1"}};
        QJsonObject call{{"sessionUpdate", "tool_call"},
                         {"toolCallId", "call_1"},
                         {"title", "Run tests"},
                         {"kind", "execute"},
                         {"status", "in_progress"}};
        call["content"] = QJsonArray{terminal};
        call["_meta"] = QJsonObject{
            {"terminal_info", QJsonObject{{"cwd", m_dir.path()}, {"terminal_id", "call_1"}}}};
        initializedWithSession(agent, "s1")
            .expect("session/prompt", "p")
            .send(sessionUpdate("s1", call));
        for (const char *line : {"line1\n", "line2\n", "line3\n"}) {
            QJsonObject update{{"sessionUpdate", "tool_call_update"}, {"toolCallId", "call_1"}};
            update["_meta"]
                = QJsonObject{{"terminal_output_delta",
                               QJsonObject{{"data", QString(line)}, {"terminal_id", "call_1"}}}};
            agent.send(sessionUpdate("s1", update));
        }
        QJsonObject end{
            {"sessionUpdate", "tool_call_update"}, {"toolCallId", "call_1"}, {"status", "failed"}};
        end["_meta"] = QJsonObject{
            {"terminal_exit", QJsonObject{{"exit_code", 3}, {"terminal_id", "call_1"}}}};
        agent.send(sessionUpdate("s1", end)).respond({{"stopReason", "end_turn"}}, "p");
        return execLine(agent);
    };
    FakeAgent agent;
    const Run text = run({"prompt", "--exec", codexStyle(agent), "--cwd", m_dir.path(),
                          "--output-lines", "2", "go"});
    QCOMPARE(text.exitCode, 0);
    // The last lines go under the call's line once the command ends.
    QVERIFY2(text.err.contains("[tool] Run tests (failed)\n    line2\n    line3\n"),
             text.err.constData());
    QVERIFY(!text.err.contains("    line1"));

    FakeAgent again;
    const Run json
        = run({"prompt", "--exec", codexStyle(again), "--cwd", m_dir.path(), "--json", "go"});
    QCOMPARE(json.exitCode, 0);
    QString output;
    QJsonObject exit;
    for (const QByteArray &line : json.out.split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e["event"] == "command_output") {
            QCOMPARE(e["terminalId"].toString(), QString("call_1"));
            output += e["delta"].toString();
            if (e.contains("exit"))
                exit = e["exit"].toObject();
        }
        if (e["event"] == "entry") // the output is not repeated in every entry event
            QVERIFY(!e["data"].toObject().contains("commands"));
    }
    QCOMPARE(output, QString("line1\nline2\nline3\n"));
    QCOMPARE(exit["exitCode"].toInt(), 3);
    QVERIFY(run({"--help"}).out.contains("--output-lines"));
}

void TestCli::aLateReplayIsNeverPrintedAsTheNewAnswer()
{
    // gemini-cli answers session/load, then replays the history a moment later. Continuing
    // that session prints the new turn's answer, not the old one.
    const auto lateReplay = [this](FakeAgent &agent) {
        agent.expect("initialize")
            .respond(
                {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}})
            .expect("session/load", "l")
            .respond({}, "l")
            .sleep(60)
            .send(sessionUpdate("s9", textChunk("user_message_chunk", "the old question")))
            .sleep(60)
            .send(sessionUpdate("s9", textChunk("agent_message_chunk", "the old answer")))
            .expect("session/prompt", "p")
            .send(sessionUpdate("s9", textChunk("agent_message_chunk", "the new answer")))
            .respond({{"stopReason", "end_turn"}}, "p");
        return execLine(agent);
    };
    FakeAgent agent;
    const Run r = run({"prompt", "--exec", lateReplay(agent), "--cwd", m_dir.path(), "--session",
                       "s9", "--replay-quiet", "400", "a new question"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("the new answer\n"));
    // Without the wait the old answer would be streamed as if it were the new one.
    FakeAgent hasty;
    const Run h = run({"prompt", "--exec", lateReplay(hasty), "--cwd", m_dir.path(), "--session",
                       "s9", "--replay-quiet", "0", "a new question"});
    QVERIFY2(h.out.contains("the old answer"), h.out.constData());
}

void TestCli::mcpServersTheAgentCannotTakeAreNamed()
{
    // The app's settings file, as the CLI reads it (XDG_CONFIG_HOME/Switchboard/switchboard.conf).
    const QString file = m_home.filePath("config/Switchboard/switchboard.conf");
    Acp::McpServer sse;
    sse.name = "remote-docs";
    sse.transport = Acp::McpServer::Transport::Sse;
    sse.url = "https://docs.test/sse";
    {
        QSettings settings(file, QSettings::IniFormat);
        Acp::ProfileStore profiles(&settings);
        profiles.setGlobalMcpServers({sse});
    }
    const Run r = run({"prompt", "hello"});
    {
        QSettings settings(file, QSettings::IniFormat);
        Acp::ProfileStore(&settings).setGlobalMcpServers({});
    }
    QCOMPARE(r.exitCode, 0); // the turn goes on without it
    QVERIFY2(r.err.contains("[mcp] remote-docs (sse) not passed to the agent"), r.err.constData());
    QVERIFY(!r.out.contains("[mcp]"));
}

QByteArray TestCli::savedTranscripts() const
{
    // Saved rows and journal alike: what a reopened session would show. Read as another
    // program would, while the CLI may be writing.
    QByteArray all;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "saved");
        db.setDatabaseName(sessionsDir() + "/history.sqlite");
        db.setConnectOptions("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000");
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec("SELECT body FROM entries UNION ALL SELECT body FROM journal")) {
                while (query.next())
                    all += query.value(0).toString().toUtf8() + '\n';
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase("saved");
    return all;
}

void TestCli::resumingKeepsTheEarlierTurns()
{
    // One agent command line for both runs (the profile, and so the saved session, is the
    // same): a script that runs whichever scenario is current.
    const QString current = m_dir.filePath("current-scenario");
    const QString script = m_dir.filePath("resumable-agent.sh");
    const auto use = [&](const FakeAgent &agent) {
        const Acp::ProcessOptions options = agent.options(m_dir);
        QFile f(current);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(options.arguments.constLast().toUtf8());
        QFile s(script);
        QVERIFY(s.open(QIODevice::WriteOnly | QIODevice::Truncate));
        s.write(QStringLiteral("#!/bin/sh\nexec \"%1\" \"$(cat '%2')\"\n")
                    .arg(options.program, current)
                    .toUtf8());
        s.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    };
    const QJsonObject canResume{
        {"protocolVersion", 1},
        {"agentCapabilities",
         QJsonObject{{"sessionCapabilities", QJsonObject{{"resume", QJsonObject{}}}}}}};
    FakeAgent first;
    first.expect("initialize")
        .respond(canResume)
        .expect("session/new")
        .respond({{"sessionId", "kept-1"}})
        .expect("session/prompt", "p")
        .send(sessionUpdate("kept-1", textChunk("agent_message_chunk", "The first answer.")))
        .respond({{"stopReason", "end_turn"}}, "p");
    use(first);
    const Run one = run({"prompt", "--exec", script, "--cwd", m_dir.path(), "first question"});
    QCOMPARE(one.exitCode, 0);
    FakeAgent second;
    second.expect("initialize")
        .respond(canResume)
        .expect("session/resume")
        .respond(QJsonObject{})
        .expect("session/prompt", "p")
        .send(sessionUpdate("kept-1", textChunk("agent_message_chunk", "The second answer.")))
        .respond({{"stopReason", "end_turn"}}, "p");
    use(second);
    const Run two = run({"prompt", "--exec", script, "--cwd", m_dir.path(), "--session", "kept-1",
                         "second question"});
    QCOMPARE(two.exitCode, 0);
    QVERIFY(two.out.contains("The second answer."));
    QVERIFY2(!two.out.contains("The first answer."), two.out.constData()); // not printed again
    const QByteArray saved = savedTranscripts();
    for (const char *text :
         {"first question", "The first answer.", "second question", "The second answer."})
        QVERIFY2(saved.contains(text), text);
}

void TestCli::aKilledRunKeepsWhatWasShown_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGKILL") << int(SIGKILL);
    QTest::newRow("SIGTERM") << int(SIGTERM);
}

void TestCli::aKilledRunKeepsWhatWasShown()
{
    QFETCH(int, signal);
    const QString sessionId = QStringLiteral("killed-%1").arg(signal);
    const QString text = QStringLiteral("Streamed before signal %1.").arg(signal);
    FakeAgent agent;
    initializedWithSession(agent, sessionId)
        .expect("session/prompt", "p")
        .send(sessionUpdate(sessionId, textChunk("agent_message_chunk", text)))
        .op({{"op", "stall"}});
    QProcess *process
        = start({"prompt", "--exec", execLine(agent), "--cwd", m_dir.path(), "a long turn"});
    QSignalSpy finished(process, &QProcess::finished);
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += process->readAllStandardOutput()).contains(text.toUtf8()),
                             20000);
    // Recorded as it goes: on disk within the journal's batching interval, long before the
    // turn ends (it never does).
    QTRY_VERIFY_WITH_TIMEOUT(savedTranscripts().contains(text.toUtf8()), 5000);
    QVERIFY(savedTranscripts().contains("a long turn"));
    QCOMPARE(::kill(pid_t(process->processId()), signal), 0);
    QVERIFY(finished.wait(20000));
    if (signal == SIGTERM) {
        // Ended as a cancelled turn, everything saved on the way out.
        QCOMPARE(process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(process->exitCode(), 4);
    }
    QVERIFY(savedTranscripts().contains(text.toUtf8()));
}

void TestCli::aFullDiskFailsTheRunAndSaysSo()
{
    QTemporaryDir home;
    const QString data = home.filePath("data");
    QDir().mkpath(data);
    QProcess mount;
    mount.start("mount", {"-t", "tmpfs", "-o", "size=64k", "tmpfs", data});
    if (!mount.waitForFinished(5000) || mount.exitCode() != 0)
        QSKIP("cannot mount a small tmpfs here (needs root); tst_store covers the logic with "
              "injected short writes");
    const auto unmount = qScopeGuard([&] { QProcess::execute("umount", {"-l", data}); });
    {
        QFile filler(data + "/filler");
        QVERIFY(filler.open(QIODevice::WriteOnly));
        const QByteArray block(1024, 'f');
        while (filler.write(block) == block.size() && filler.flush()) { }
    }
    QProcess process;
    QProcessEnvironment env = environment();
    env.insert("XDG_DATA_HOME", data);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SWITCHBOARD_CLI), {"prompt", "--cwd", m_dir.path(), "hello"});
    QVERIFY(process.waitForFinished(30000));
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitCode(), 9);
    QVERIFY2(err.contains("could not save the session") && err.contains("no space left"),
             err.constData());
    QVERIFY(process.readAllStandardOutput().contains("You asked: *hello*")); // the turn ran
}

void TestCli::searchFindsEarlierTurns()
{
    const Run asked = run({"prompt", "--json", "where did the zebracorns go"});
    QCOMPARE(asked.exitCode, 0);
    const QString id = QJsonDocument::fromJson(asked.out.left(asked.out.indexOf('\n')))
                           .object()["sessionId"]
                           .toString();
    const Run found = run({"search", "zebracorn"}); // a prefix of the word
    QCOMPARE(found.exitCode, 0);
    const QList<QByteArray> fields = found.out.trimmed().split('\n').first().split('\t');
    QCOMPARE(fields.size(), 6); // session, entry, agent, folder, title, excerpt
    QCOMPARE(fields[0], id.toUtf8());
    QVERIFY2(fields[5].contains("zebracorns"), found.out.constData());
    const Run json = run({"search", "--json", "ZEBRACORNS"});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject hit = QJsonDocument::fromJson(json.out.left(json.out.indexOf('\n'))).object();
    QCOMPARE(hit["sessionId"].toString(), id);
    const QString excerpt = hit["excerpt"].toString();
    const QJsonArray match = hit["matches"].toArray().first().toArray();
    QCOMPARE(excerpt.mid(match[0].toInt(), match[1].toInt()), QString("zebracorns"));
    // Nothing found is not an error, but it is said by the status (like grep).
    const Run none = run({"search", "unicornzebra"});
    QCOMPARE(none.exitCode, 1);
    QVERIFY(none.out.isEmpty());
    QCOMPARE(run({"search"}).exitCode, 2);
}

void TestCli::killedAtRandomWhileRecordingKeepsAPrefix()
{
    // A turn that streams 300 words over ~1.5 s, killed with SIGKILL at a random moment, 50
    // times: every time the database opens, is sound, and holds a prefix of what was shown.
    FakeAgent agent;
    initializedWithSession(agent, "streamed").expect("session/prompt", "p");
    QString everything;
    for (int i = 0; i < 300; ++i) {
        const QString word = QStringLiteral("w%1 ").arg(i);
        everything += word;
        agent.send(sessionUpdate("streamed", textChunk("agent_message_chunk", word))).sleep(5);
    }
    agent.respond({{"stopReason", "end_turn"}}, "p");
    const QString exec = execLine(agent);
    QRandomGenerator random(20261202); // the same moments every run: a failure can be repeated
    int saved = 0;
    for (int round = 0; round < 50; ++round) {
        QTemporaryDir data;
        QProcess process;
        QProcessEnvironment env = environment();
        env.insert("XDG_DATA_HOME", data.path());
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(SWITCHBOARD_CLI),
                      {"prompt", "--exec", exec, "--cwd", m_dir.path(), "stream"});
        QByteArray shown;
        QTRY_VERIFY_WITH_TIMEOUT((shown += process.readAllStandardOutput()).contains("w0 "), 20000);
        const int delay = int(random.bounded(1600));
        QTest::qWait(delay); // the moment of the kill is the point, not a synchronisation
        const qint64 pid = process.processId(); // 0 once the turn has ended by itself
        if (pid > 0)
            ::kill(pid_t(pid), SIGKILL);
        QVERIFY(process.state() == QProcess::NotRunning || process.waitForFinished(10000));
        shown += process.readAllStandardOutput();

        QString text;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "killed");
            db.setDatabaseName(data.filePath("Switchboard/switchboard/sessions/history.sqlite"));
            QVERIFY(db.open());
            QSqlQuery check(db);
            QVERIFY(check.exec("PRAGMA integrity_check") && check.next());
            QCOMPARE(check.value(0).toString(), QString("ok"));
            QJsonArray rows;
            QJsonArray journal;
            QSqlQuery query(db);
            QVERIFY(query.exec("SELECT body FROM entries ORDER BY session, pos"));
            while (query.next())
                rows.append(QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object());
            QVERIFY(query.exec("SELECT body FROM journal ORDER BY id"));
            while (query.next())
                journal.append(
                    QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object());
            db.close();
            Acp::TranscriptModel model;
            QVERIFY(Acp::SessionRecorder::restoreSaved(&model, rows, journal));
            for (const Acp::TranscriptEntry &e : model.entries()) {
                if (e.kind == Acp::TranscriptEntry::Kind::AgentMessage)
                    text += e.text;
            }
        }
        QSqlDatabase::removeDatabase("killed");
        QVERIFY2(everything.startsWith(text),
                 qPrintable(QString("round %1 (killed after %2 ms): "
                                    "saved \"%3\"")
                                .arg(round)
                                .arg(delay)
                                .arg(text.right(40))));
        QVERIFY2(QString::fromUtf8(shown).startsWith(text),
                 qPrintable(QString("round %1: saved more than was shown").arg(round)));
        saved += text.isEmpty() ? 0 : 1;
    }
    // Recorded as it goes: most kills find words saved (not only the ones late in the turn).
    QVERIFY2(saved >= 40, qPrintable(QString("only %1 of 50 runs had saved anything").arg(saved)));
}

void TestCli::theAppReopensASessionNamedInTwoWords_data()
{
    QTest::addColumn<bool>("twoWords");
    QTest::newRow("--session ID") << true; // Qt's own -session used to take it
    QTest::newRow("--session=ID") << false;
}

void TestCli::theAppReopensASessionNamedInTwoWords()
{
    QFETCH(bool, twoWords);
    // A demo session made by the CLI, then reopened by the window (it quits once it is ready
    // and says which session that was).
    const Run made = run({"prompt", "--json", "a session to reopen"});
    QCOMPARE(made.exitCode, 0);
    const QString id = QJsonDocument::fromJson(made.out.left(made.out.indexOf('\n')))
                           .object()["sessionId"]
                           .toString();
    QVERIFY(!id.isEmpty());
    QProcess app;
    QProcessEnvironment env = environment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("SWITCHBOARD_STARTUP_TRACE", "quit");
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(SWITCHBOARD_APP),
              twoWords ? QStringList{"--session", id} : QStringList{"--session=" + id});
    QVERIFY(app.waitForFinished(60000));
    const QByteArray err = app.readAllStandardError();
    const QByteArray said = QByteArray("switchboard-startup: session ") + id.toUtf8() + "\n";
    QVERIFY2(err.contains(said), err.constData());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
