// switchboard-cli: ACP agents from the command line, on the same engine as the desktop app.

#include "clirunner.h"
#include "processreaper.h"
#include "translations.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    const char c = char(signal);
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1); // async-signal-safe
}

const char *const kExitCodes = "Exit status:\n"
                               "  0  the turn ended normally (end_turn); search: found\n"
                               "  1  search: nothing found\n"
                               "  2  usage error\n"
                               "  3  the agent refused (refusal)\n"
                               "  4  cancelled (Ctrl+C)\n"
                               "  5  max_tokens\n"
                               "  6  max_turn_requests\n"
                               "  7  the agent answered with an error\n"
                               "  8  the agent could not be started or went away\n"
                               "  9  the session could not be saved (disk full, permissions)\n";

int usage(const QString &message)
{
    std::fprintf(stderr, "switchboard-cli: %s\nTry 'switchboard-cli --help'.\n",
                 qPrintable(message));
    return Cli::UsageError;
}

// `profiles`: the app's agent profiles, with how each starts and the sandbox it runs in.
int printProfiles(bool json)
{
    const Acp::ProfileStore store;
    for (const Acp::AgentProfile &p : store.profiles()) {
        const QString command
            = QStringList(QStringList{p.program} + p.arguments).join(QLatin1Char(' '));
        if (json) {
            QJsonArray ports;
            for (const quint16 port : p.sandbox.tcpPorts)
                ports.append(int(port));
            const QJsonObject sandbox{
                {QStringLiteral("mode"), Acp::Sandbox::modeName(p.sandbox.mode)},
                {QStringLiteral("required"), p.sandbox.required},
                {QStringLiteral("agentFolders"),
                 QJsonArray::fromStringList(p.sandbox.agentFolders)},
                {QStringLiteral("readable"), QJsonArray::fromStringList(p.sandbox.readable)},
                {QStringLiteral("tcpPorts"),
                 p.sandbox.limitTcp ? QJsonValue(ports) : QJsonValue()}};
            const QJsonObject line{
                {QStringLiteral("name"), p.name},
                {QStringLiteral("program"), p.program},
                {QStringLiteral("arguments"), QJsonArray::fromStringList(p.arguments)},
                {QStringLiteral("sandbox"), sandbox}};
            std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
        } else {
            std::printf("%s\t%s\tsandbox: %s\n", qPrintable(p.name), qPrintable(command),
                        qPrintable(Acp::Sandbox::modeName(p.sandbox.mode)));
        }
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // The desktop app's names: the CLI shares its agent profiles and session index.
    Acp::setApplicationNames();
    Acp::installTranslations(&app);

    // The engine's own log lines would repeat what the CLI says in words; QT_LOGGING_RULES
    // still turns them on.
    QLoggingCategory::setFilterRules(QStringLiteral("acp.*=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate(
            "cli",
            "Drive an ACP agent from the command line.\n\n"
            "Commands:\n"
            "  prompt TEXT...   start a session (or continue --session), send TEXT, stream the\n"
            "                   answer to stdout; tool calls, plans and permissions go to stderr\n"
            "  sessions         list the sessions of the current folder (or --cwd; --all for\n"
            "                   every folder): the agent's and the ones Switchboard remembers\n"
            "  load             load --session and print its whole transcript\n"
            "  search TEXT...   find TEXT in every saved transcript, newest first: session,\n"
            "                   entry, agent, folder, title and excerpt (no agent is started)\n\n"
            "The default agent is the bundled demo agent.\n\n")
        + QString::fromLatin1(kExitCodes));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption agentOption(
        QStringLiteral("agent"), QCoreApplication::translate("cli", "An agent profile of the app."),
        QStringLiteral("profile"));
    const QCommandLineOption execOption(
        QStringLiteral("exec"),
        QCoreApplication::translate("cli", "Start the agent with this command line instead."),
        QStringLiteral("command"));
    const QCommandLineOption cwdOption(
        QStringLiteral("cwd"),
        QCoreApplication::translate("cli", "The session's directory (default: the current one)."),
        QStringLiteral("dir"));
    const QCommandLineOption sessionOption(
        QStringLiteral("session"),
        QCoreApplication::translate("cli", "Continue (prompt) or print (load) this session."),
        QStringLiteral("id"));
    const QCommandLineOption permissionOption(
        QStringLiteral("permission"),
        QCoreApplication::translate(
            "cli", "Answer permission requests: allow, reject (default) or ask (a terminal only)."),
        QStringLiteral("answer"), QStringLiteral("reject"));
    const QCommandLineOption jsonOption(
        QStringLiteral("json"),
        QCoreApplication::translate("cli", "One JSON object per line instead of text."));
    const QCommandLineOption markdownOption(
        QStringLiteral("markdown"),
        QCoreApplication::translate("cli", "load: print the transcript as Markdown."));
    const QCommandLineOption statsOption(
        QStringLiteral("stats"),
        QCoreApplication::translate(
            "cli", "load: print replayed updates, load time and peak memory on stderr."));
    const QCommandLineOption outputLinesOption(
        QStringLiteral("output-lines"),
        QCoreApplication::translate("cli",
                                    "prompt: the last N lines of each command's output, under "
                                    "its [tool] line on stderr (default 5; 0: none)."),
        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption replayQuietOption(
        QStringLiteral("replay-quiet"),
        QCoreApplication::translate(
            "cli",
            "--session: an agent that replays the history after answering the load is waited "
            "for until it has been quiet for MS milliseconds (default 250)."),
        QStringLiteral("MS"), QString::number(Acp::SessionController::LateReplaySettleMs));
    const QCommandLineOption allOption(
        QStringLiteral("all"),
        QCoreApplication::translate("cli", "sessions: the sessions of every folder."));
    const QCommandLineOption rebuildOption(
        QStringLiteral("rebuild-index"),
        QCoreApplication::translate(
            "cli",
            "sessions: first check the history database and import the session files "
            "of earlier versions still in its folder."));
    const QCommandLineOption sandboxOption(
        QStringLiteral("sandbox"),
        QCoreApplication::translate(
            "cli",
            "The kernel sandbox for the agent and everything it starts: off, writes (writes "
            "only in the session's folder, the agent's own folders and a temporary one) or "
            "strict (reads too). Default: the profile's (the presets: writes). An agent is "
            "never started unconfined when this is given and cannot be had."),
        QStringLiteral("mode"));
    const QCommandLineOption sandboxFolderOption(
        QStringLiteral("sandbox-folder"),
        QCoreApplication::translate(
            "cli", "A folder of the agent's own that it may write in the sandbox (repeatable)."),
        QStringLiteral("dir"));
    parser.addOptions({agentOption, execOption, cwdOption, sessionOption, permissionOption,
                       jsonOption, markdownOption, statsOption, outputLinesOption,
                       replayQuietOption, allOption, rebuildOption, sandboxOption,
                       sandboxFolderOption});
    parser.addPositionalArgument(
        QStringLiteral("command"),
        QCoreApplication::translate("cli", "prompt, sessions, load, search or profiles"));
    parser.process(app);

    QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return usage(QCoreApplication::translate("cli", "no command given"));
    const QString command = args.takeFirst();
    Cli::CliOptions options;
    if (command == QLatin1String("prompt"))
        options.command = Cli::CliOptions::Command::Prompt;
    else if (command == QLatin1String("sessions"))
        options.command = Cli::CliOptions::Command::Sessions;
    else if (command == QLatin1String("load"))
        options.command = Cli::CliOptions::Command::Load;
    else if (command == QLatin1String("search"))
        options.command = Cli::CliOptions::Command::Search;
    else if (command == QLatin1String("profiles"))
        return printProfiles(parser.isSet(jsonOption));
    else
        return usage(QCoreApplication::translate("cli", "unknown command \"%1\"").arg(command));

    options.prompt = args.join(QLatin1Char(' '));
    const bool takesText = options.command == Cli::CliOptions::Command::Prompt
        || options.command == Cli::CliOptions::Command::Search;
    if (takesText && options.prompt.trimmed().isEmpty())
        return usage(QCoreApplication::translate("cli", "%1: no text given").arg(command));
    if (!takesText && !args.isEmpty())
        return usage(QCoreApplication::translate("cli", "%1 takes no text").arg(command));
    options.sessionId = parser.value(sessionOption);
    if (options.command == Cli::CliOptions::Command::Load && options.sessionId.isEmpty())
        return usage(QCoreApplication::translate("cli", "load needs --session ID"));

    const QString permission = parser.value(permissionOption);
    if (permission == QLatin1String("allow"))
        options.permission = Cli::CliOptions::Permission::Allow;
    else if (permission == QLatin1String("reject"))
        options.permission = Cli::CliOptions::Permission::Reject;
    else if (permission == QLatin1String("ask"))
        options.permission = Cli::CliOptions::Permission::Ask;
    else
        return usage(QCoreApplication::translate("cli", "--permission takes allow, reject or ask"));
    if (options.permission == Cli::CliOptions::Permission::Ask && !::isatty(STDIN_FILENO))
        return usage(QCoreApplication::translate(
            "cli", "--permission ask needs a terminal on stdin; use allow or reject"));

    if (parser.isSet(jsonOption) && parser.isSet(markdownOption))
        return usage(
            QCoreApplication::translate("cli", "--json and --markdown exclude each other"));
    if (parser.isSet(jsonOption))
        options.format = Cli::TranscriptPrinter::Format::Json;
    else if (parser.isSet(markdownOption))
        options.format = Cli::TranscriptPrinter::Format::Markdown;
    options.stats = parser.isSet(statsOption);
    bool linesOk = false;
    options.outputLines = parser.value(outputLinesOption).toInt(&linesOk);
    if (!linesOk || options.outputLines < 0)
        return usage(QCoreApplication::translate("cli", "--output-lines takes a number"));
    bool quietOk = false;
    options.replayQuietMs = parser.value(replayQuietOption).toInt(&quietOk);
    if (!quietOk || options.replayQuietMs < 0)
        return usage(QCoreApplication::translate("cli", "--replay-quiet takes milliseconds"));
    options.allFolders = parser.isSet(allOption);
    const bool rebuildIndex = parser.isSet(rebuildOption);
    if ((options.allFolders || rebuildIndex)
        && options.command != Cli::CliOptions::Command::Sessions)
        return usage(
            QCoreApplication::translate("cli", "--all and --rebuild-index go with sessions"));

    Acp::ProfileStore profiles;
    if (parser.isSet(agentOption) && parser.isSet(execOption))
        return usage(QCoreApplication::translate("cli", "--agent and --exec exclude each other"));
    if (parser.isSet(execOption)) {
        QStringList words = QProcess::splitCommand(parser.value(execOption));
        if (words.isEmpty())
            return usage(QCoreApplication::translate("cli", "--exec: empty command line"));
        options.agent.program = words.takeFirst();
        options.agent.arguments = words;
        options.agent.name = QStringLiteral("exec:") + parser.value(execOption);
    } else if (parser.isSet(agentOption)) {
        const auto chosen = profiles.profile(parser.value(agentOption));
        if (!chosen)
            return usage(QCoreApplication::translate("cli", "no agent profile named \"%1\"")
                             .arg(parser.value(agentOption)));
        options.agent = *chosen;
    } else {
        options.agent = Acp::ProfileStore::demoProfile();
    }
    if (parser.isSet(sandboxOption)) {
        const auto mode = Acp::Sandbox::modeFromName(parser.value(sandboxOption));
        if (!mode)
            return usage(QCoreApplication::translate("cli", "--sandbox: off, writes or strict"));
        Acp::Sandbox &sandbox = options.agent.sandbox;
        // A command line of a preset's (--exec "npx -y @agentclientprotocol/codex-acp") gets
        // that preset's folders.
        if (sandbox.agentFolders.isEmpty())
            sandbox = Acp::ProfileStore::presetSandbox(options.agent).value_or(sandbox);
        sandbox.mode = *mode;
        sandbox.required = true; // asked for on the command line: never run without it
    }
    for (const QString &folder : parser.values(sandboxFolderOption))
        options.agent.sandbox.agentFolders << QDir(Acp::Sandbox::expanded(folder)).absolutePath();
    // The MCP servers of Settings > MCP servers (global, and the profile's own).
    options.agent.mcpServers = profiles.mcpServersFor(options.agent);
    options.cwd = parser.value(cwdOption);
    if (options.cwd.isEmpty())
        options.cwd
            = options.agent.isDemo ? Acp::ProfileStore::demoWorkspace() : QDir::currentPath();
    options.cwd = QDir(options.cwd).absolutePath();
    if (!QDir(options.cwd).exists())
        return usage(
            QCoreApplication::translate("cli", "--cwd: no such directory: %1").arg(options.cwd));

    if (options.command != Cli::CliOptions::Command::Search && options.agent.sandbox.isOn()) {
        Acp::Sandbox shown = options.agent.sandbox;
        shown.workspaces = {options.cwd};
        std::fprintf(stderr, "[sandbox] %s\n", qPrintable(shown.summary()));
        const Acp::Sandbox enforced = shown.effective();
        if (const QString missing = Acp::Sandbox::limitations(enforced.mode, enforced.limitTcp);
            !missing.isEmpty() && enforced.isOn())
            std::fprintf(stderr, "[sandbox] %s\n", qPrintable(missing));
    }

    // Every process started from here on is recorded, and what a run killed outright left
    // behind goes now.
    Acp::ProcessReaper::recordIn(
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
            .filePath(QStringLiteral("processes")));
    Acp::SessionStore store(QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                                .filePath(QStringLiteral("sessions")));
    Cli::CliRunner runner(options, &store);
    // A failed save is said at once and fails the run, but the turn goes on: what the
    // agent does is still printed.
    bool saveFailed = false;
    QObject::connect(
        &store, &Acp::SessionStore::writeFailed, &app, [&saveFailed](const QString &message) {
            saveFailed = true;
            std::fprintf(
                stderr, "switchboard-cli: %s\n",
                qPrintable(QCoreApplication::translate("cli", "could not save the session: %1")
                               .arg(message)));
        });
    QObject::connect(&runner, &Cli::CliRunner::finished, &app, [&store, &saveFailed](int code) {
        store.flush();
        QCoreApplication::processEvents(); // failures of the last writes are reported too
        QCoreApplication::exit(saveFailed && code == Cli::EndTurn ? Cli::SaveFailed : code);
    });

    // Ctrl+C reaches the event loop through a pipe (the handler itself only writes a byte).
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) == 0) {
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &runner, [&runner] {
            char c;
            while (::read(g_signalPipe[0], &c, 1) > 0) {
                if (c == SIGINT)
                    runner.interrupt();
                else
                    runner.terminate();
            }
        });
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        for (const int signal : {SIGINT, SIGTERM, SIGHUP})
            sigaction(signal, &action, nullptr);
    }

    // The index first (the session list and --session need it), then the agent.
    QObject::connect(&store, &Acp::SessionStore::loaded, &runner, &Cli::CliRunner::start,
                     Qt::SingleShotConnection);
    store.load();
    if (rebuildIndex)
        store.rebuildIndex();
    return QCoreApplication::exec();
}
