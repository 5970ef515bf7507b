#include "agentprofile.h"
#include "mainwindow.h"
#include "sessionstore.h"
#include "sessionview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

#include <chrono>
#include <cstdio>

namespace {

// SWITCHBOARD_STARTUP_TRACE=1 prints, on stderr, the monotonic clock (ns) when the main window
// first painted and when the first session became ready, for tests/bench/bench_startup; with
// the value "quit" the app then exits. It costs one event filter until the first paint.
class StartupTrace final : public QObject
{
public:
    StartupTrace(QWidget *window, Ui::SessionView *view)
        : QObject(window)
        , m_quit(qgetenv("SWITCHBOARD_STARTUP_TRACE") == "quit")
    {
        window->installEventFilter(this);
        if (view)
            connect(view, &Ui::SessionView::sessionReady, this, [this] {
                print("session-ready");
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

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("switchboard"));
    QApplication::setApplicationDisplayName(QStringLiteral("Switchboard"));
    QApplication::setOrganizationName(QStringLiteral("Switchboard"));
    QApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "A desktop client for ACP agents."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption agentOption(
        QStringLiteral("agent"),
        QApplication::translate("main", "Open a session with the agent profile <name>."),
        QStringLiteral("name"));
    const QCommandLineOption cwdOption(
        QStringLiteral("cwd"), QApplication::translate("main", "The session's working directory."),
        QStringLiteral("dir"));
    const QCommandLineOption sessionOption(
        QStringLiteral("session"),
        QApplication::translate(
            "main",
            "Reopen the session <id> (with --agent, and --cwd unless the session is known)."),
        QStringLiteral("id"));
    parser.addOption(agentOption);
    parser.addOption(cwdOption);
    parser.addOption(sessionOption);
    parser.process(app);

    Acp::ProfileStore profiles;
    Acp::SessionStore sessions(
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
            .filePath(QStringLiteral("sessions")));
    sessions.load();
    Ui::MainWindow window(&profiles, nullptr, &sessions);
    Acp::AgentProfile profile = profiles.defaultProfile();
    if (parser.isSet(agentOption)) {
        const auto chosen = profiles.profile(parser.value(agentOption));
        if (!chosen) {
            qCritical("No agent profile named \"%s\".", qPrintable(parser.value(agentOption)));
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
            window.reopenSession(profile, QDir(dir).absolutePath(), id);
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
    if (StartupTrace::enabled())
        new StartupTrace(&window, firstView); // owned by the window
    window.show();
    return QApplication::exec();
}
