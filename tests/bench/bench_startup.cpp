// bench_startup SWITCHBOARD [HISTORY]: starts the app as a user would on a first start (fresh
// settings, the bundled demo agent; with HISTORY, a copy of that history.sqlite as its saved
// sessions), and prints the time from process start to the main window's first
// paint and to the demo session being ready, as `window_ms=... ready_ms=...`. The app reports
// the moments itself (SWITCHBOARD_STARTUP_TRACE) on the same monotonic clock.

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>

namespace {

long long monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_startup PATH-TO-SWITCHBOARD [HISTORY.sqlite]\n");
        return 2;
    }
    QTemporaryDir home;
    if (argc > 2) {
        const QString sessions = home.filePath("data/Switchboard/switchboard/sessions");
        QDir().mkpath(sessions);
        if (!QFile::copy(QString::fromLocal8Bit(argv[2]), sessions + "/history.sqlite")) {
            std::fprintf(stderr, "bench_startup: cannot copy %s\n", argv[2]);
            return 1;
        }
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("HOME", home.path());
    env.insert("XDG_CONFIG_HOME", home.filePath("config"));
    env.insert("XDG_DATA_HOME", home.filePath("data"));
    env.insert("XDG_CACHE_HOME", home.filePath("cache"));
    env.insert("QT_QPA_PLATFORM", env.value("QT_QPA_PLATFORM", "offscreen"));
    env.insert("SWITCHBOARD_STARTUP_TRACE", "quit");
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    const long long start = monotonicNs();
    process.start(QString::fromLocal8Bit(argv[1]), {});
    if (!process.waitForFinished(60000)) {
        std::fprintf(stderr, "bench_startup: the app did not quit within 60 s\n");
        process.kill();
        return 1;
    }
    double windowMs = -1;
    double readyMs = -1;
    for (const QByteArray &line : process.readAllStandardError().split('\n')) {
        const QList<QByteArray> words = line.split(' ');
        if (words.size() != 3 || words[0] != "switchboard-startup:")
            continue;
        const double ms = double(words[2].toLongLong() - start) / 1e6;
        if (words[1] == "window-shown")
            windowMs = ms;
        else if (words[1] == "session-ready")
            readyMs = ms;
    }
    if (windowMs < 0 || readyMs < 0) {
        std::fprintf(stderr, "bench_startup: the app did not report its start-up\n");
        return 1;
    }
    std::printf("window_ms=%.1f ready_ms=%.1f\n", windowMs, readyMs);
    return 0;
}
