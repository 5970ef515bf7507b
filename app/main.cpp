#include "agentprofile.h"
#include "clientsession.h"
#include "mainwindow.h"
#include "processreaper.h"
#include "sessionstore.h"
#include "sessionview.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QStandardPaths>

#include <vector>

#include <chrono>
#include <cstdio>

namespace {

// SWITCHBOARD_STARTUP_TRACE=1 prints, on stderr, the monotonic clock (ns) when the main window
// first painted and when the first session became ready, for tests/bench/bench_startup; with
// the value "quit" the app then exits. It costs one event filter until the first paint.
class StartupTrace final : public QObject
{
public:
    explicit StartupTrace(QWidget *window)
        : QObject(window)
        , m_quit(qgetenv("SWITCHBOARD_STARTUP_TRACE") == "quit")
    {
        window->installEventFilter(this);
    }

    // The first session: its readiness is timed, and its id said ("session <id>").
    void follow(Ui::SessionView *view)
    {
        if (!view)
            return;
        connect(view, &Ui::SessionView::sessionReady, this, [this](Acp::ClientSession *session) {
            print("session-ready");
            std::fprintf(stderr, "switchboard-startup: session %s\n",
                         qPrintable(session ? session->sessionId() : QString()));
            std::fflush(stderr);
            if (m_quit)
                QCoreApplication::quit();
        });
    }

    static bool enabled() { return !qEnvironmentVariableIsEmpty("SWITCHBOARD_STARTUP_TRACE"); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            watched->removeEventFilter(this);
            // After the paint event is handled: the first frame is drawn.
            QMetaObject::invokeMethod(
                this, [this] { print("window-shown"); }, Qt::QueuedConnection);
        }
        return false;
    }

private:
    static void print(const char *what)
    {
        const auto now = std::chrono::steady_clock::now().time_since_epoch();
        std::fprintf(stderr, "switchboard-startup: %s %lld\n", what,
                     static_cast<long long>(
                         std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()));
        std::fflush(stderr);
    }

    bool m_quit;
};

QIcon bundledIcon()
{
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(
            QStringLiteral(":/icons/%1x%1/apps/dev.switchboard.Switchboard.png").arg(size));
    return icon;
}

// The command line, described once for both QCoreApplication (--help and --version, which
// must work without a display: a package's smoke test, a man page generator) and QApplication.
struct CommandLine
{
    QCommandLineParser parser;
    QCommandLineOption agent{
        QStringLiteral("agent"),
        QCoreApplication::translate("main", "Open a session with the agent profile <name>."),
        QStringLiteral("name")};
    QCommandLineOption cwd{QStringLiteral("cwd"),
                           QCoreApplication::translate("main", "The session's working directory."),
                           QStringLiteral("dir")};
    QCommandLineOption session{
        QStringLiteral("session"),
        QCoreApplication::translate(
            "main",
            "Reopen the session <id> (with --agent, and --cwd unless the session is known)."),
        QStringLiteral("id")};

    CommandLine()
    {
        parser.setApplicationDescription(
            QCoreApplication::translate("main", "A desktop client for ACP agents."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({agent, cwd, session});
    }
};

// Qt takes "--session ID" for its own "-session" (X11 session management) and removes both
// words before our parser sees them; "--session=ID" it leaves alone. So the two-word form is
// joined into one here (a session manager's single-dash "-session" still goes to Qt).
struct Arguments
{
    std::vector<QByteArray> words;
    std::vector<char *> pointers;
    int argc = 0;
};

void joinSessionOption(int argc, char *argv[], Arguments &out)
{
    for (int i = 0; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--session" && i + 1 < argc)
            out.words.push_back("--session=" + QByteArray(argv[++i]));
        else
            out.words.push_back(arg);
    }
    for (QByteArray &word : out.words)
        out.pointers.push_back(word.data());
    out.pointers.push_back(nullptr);
    out.argc = int(out.words.size());
}

bool onlyAsksForInformation(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v"
            || arg == "--version" || arg == "-?")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (onlyAsksForInformation(argc, argv)) {
        QCoreApplication app(argc, argv);
        Acp::setApplicationNames();
        Acp::installTranslations(&app);
        CommandLine commandLine;
        commandLine.parser.process(app); // prints and exits
        return 0;
    }
    Arguments arguments; // outlives the application, which keeps argc and argv
    joinSessionOption(argc, argv, arguments);
    QApplication app(arguments.argc, arguments.pointers.data());
    Acp::setApplicationNames();
    QApplication::setApplicationDisplayName(QStringLiteral("Switchboard"));
    // Wayland compositors and docks find the icon and the menu entry through this name.
    QGuiApplication::setDesktopFileName(QStringLiteral("dev.switchboard.Switchboard"));
    QApplication::setWindowIcon(
        QIcon::fromTheme(QStringLiteral("dev.switchboard.Switchboard"), bundledIcon()));
    Acp::installTranslations(&app);

    CommandLine commandLine;
    QCommandLineParser &parser = commandLine.parser;
    const QCommandLineOption &agentOption = commandLine.agent;
    const QCommandLineOption &cwdOption = commandLine.cwd;
    const QCommandLineOption &sessionOption = commandLine.session;
    parser.process(app);

    // Every process started from here on is recorded, and what a run killed outright left
    // behind goes now.
    Acp::ProcessReaper::recordIn(
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
            .filePath(QStringLiteral("processes")));
    Acp::ProfileStore profiles;
    Acp::SessionStore sessions(
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
            .filePath(QStringLiteral("sessions")));
    sessions.load();
    Ui::MainWindow window(&profiles, nullptr, &sessions);
    StartupTrace *trace = StartupTrace::enabled() ? new StartupTrace(&window) : nullptr; // owned
    Acp::AgentProfile profile = profiles.defaultProfile();
    if (parser.isSet(agentOption)) {
        const auto chosen = profiles.profile(parser.value(agentOption));
        if (!chosen) {
            std::fprintf(
                stderr, "%s\n",
                qPrintable(QCoreApplication::translate("main", "No agent profile named \"%1\".")
                               .arg(parser.value(agentOption))));
            return 2;
        }
        profile = *chosen;
    }
    QString cwd = parser.value(cwdOption);
    Ui::SessionView *firstView = nullptr;
    if (parser.isSet(sessionOption)) {
        // The index says where the session lives when --cwd does not; it loads in the background.
        const QString id = parser.value(sessionOption);
        QObject::connect(&sessions, &Acp::SessionStore::loaded, &window, [&, id, cwd] {
            QString dir = cwd;
            if (dir.isEmpty()) {
                const auto known = sessions.session(profile.name, id);
                dir = known ? known->cwd : QDir::currentPath();
            }
            Ui::SessionView *view = window.reopenSession(profile, QDir(dir).absolutePath(), id);
            if (trace)
                trace->follow(view);
        });
    } else if (parser.isSet(agentOption) || parser.isSet(cwdOption)
               || window.reopenLastSessions() == 0) {
        // A session of the chosen (or default) agent; the first start shows the demo agent.
        if (cwd.isEmpty())
            cwd = profile.isDemo
                ? Acp::ProfileStore::demoWorkspace()
                : (profile.defaultCwd.isEmpty() ? QDir::currentPath() : profile.defaultCwd);
        firstView = window.openSession(profile, QDir(cwd).absolutePath());
    }
    if (trace)
        trace->follow(firstView);
    window.show();
    return QApplication::exec();
}
