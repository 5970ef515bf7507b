// bench_gui: the desktop app's figures, one configuration per process so that peak memory is
// the configuration's own. Prints one `key=value` line for tests/bench/bench.py.
//
//   bench_gui open FLOOD-AGENT N    "Open" (reopenSession) to the loaded transcript visible,
//                                   with N replayed updates: open_ms, peak_mib, rows
//   bench_gui stream FLOOD-AGENT N  a prompt answered by N streamed chunks into the visible
//                                   session: stream_ms, max_stall_ms (longest event-loop gap)
//   bench_gui huge FLOOD-AGENT KIND BYTES
//                                   one agent message of BYTES (KIND log, line or table): the
//                                   prompt to the message visible (collapsed), visible_ms and
//                                   max_stall_ms; then "Show all" to the last piece laid out,
//                                   all_ms and all_max_stall_ms
//   bench_gui index                 reading the index of 1,000 sessions: index_ms

#include "eventwait.h"
#include "mainwindow.h"
#include "sessiondriver.h"
#include "sessionstore.h"
#include "sessionview.h"
#include "stallprobe.h"
#include "transcriptdelegate.h"
#include "transcriptview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sys/resource.h>

#include <cstdio>

namespace {

double peakMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

Acp::AgentProfile floodProfile(const QString &program, int updates)
{
    return {QStringLiteral("Flood"),
            QFileInfo(program).absoluteFilePath(),
            {QString::number(updates)},
            {},
            {},
            false,
            {},
            {}};
}

void settle(Ui::SessionView *view)
{
    view->transcriptView()->doItemsLayout();
    view->transcriptView()->viewport()->repaint();
}

int open(const QString &agent, int updates)
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    Acp::SessionStore store(dir.filePath(QStringLiteral("sessions")));
    Ui::MainWindow window(&profiles, nullptr, &store);
    window.resize(1200, 800);
    window.show();
    QElapsedTimer clock;
    clock.start();
    Ui::SessionView *view
        = window.reopenSession(floodProfile(agent, updates), dir.path(), QStringLiteral("flood-1"));
    // The transcript view exists only once the barrier has resolved (the atomic switch).
    if (!Ui::Testing::waitUntil([&] { return view->transcriptView() != nullptr; }, 120000)) {
        std::fprintf(stderr, "bench_gui open: the load did not finish\n");
        return 1;
    }
    settle(view);
    std::printf("open_ms=%.1f peak_mib=%.1f rows=%d\n", double(clock.nsecsElapsed()) / 1e6,
                peakMiB(), view->session()->transcript()->rowCount());
    return 0;
}

int stream(const QString &agent, int chunks)
{
    QTemporaryDir dir;
    Ui::Testing::SessionDriver driver(dir.path());
    driver.window()->show();
    Ui::SessionView *view = driver.openSession(floodProfile(agent, chunks), dir.path());
    if (!view || !view->transcriptView()) {
        std::fprintf(stderr, "bench_gui stream: the session did not open\n");
        return 1;
    }
    QElapsedTimer clock;
    clock.start();
    StallProbe probe;
    if (!driver.sendPrompt(QStringLiteral("Stream, please.")) || !driver.waitForTurnEnd(120000)) {
        std::fprintf(stderr, "bench_gui stream: the turn did not end\n");
        return 1;
    }
    settle(view);
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    std::printf("stream_ms=%.1f max_stall_ms=%.1f chunks_per_s=%.0f\n", ms, probe.maxStallMs(),
                chunks / (ms / 1000.0));
    return 0;
}

int huge(const QString &agent, const QString &kind, const QString &bytes)
{
    QTemporaryDir dir;
    Ui::Testing::SessionDriver driver(dir.path());
    driver.window()->show();
    Acp::AgentProfile profile = floodProfile(agent, 0);
    profile.arguments = QStringList{QStringLiteral("--huge"), kind, bytes};
    Ui::SessionView *view = driver.openSession(profile, dir.path());
    if (!view || !view->transcriptView()) {
        std::fprintf(stderr, "bench_gui huge: the session did not open\n");
        return 1;
    }
    Ui::TranscriptView *transcript = view->transcriptView();
    const Acp::TranscriptModel *model = view->session()->transcript();
    const auto messageRow = [model] {
        for (int row = model->rowCount() - 1; row >= 0; --row)
            if (model->entry(row).kind == Acp::TranscriptEntry::Kind::AgentMessage)
                return row;
        return -1;
    };
    QElapsedTimer clock;
    clock.start();
    double visibleMs = 0;
    double stallMs = 0;
    {
        StallProbe probe;
        if (!driver.sendPrompt(QStringLiteral("Show me the log."))
            || !driver.waitForTurnEnd(300000)) {
            std::fprintf(stderr, "bench_gui huge: the turn did not end\n");
            return 1;
        }
        // Visible: the message's row laid out as far as it goes before "Show all", and painted.
        const int row = messageRow();
        if (row < 0
            || !Ui::Testing::waitUntil([&] { return transcript->isLaidOut(row); }, 300000)) {
            std::fprintf(stderr, "bench_gui huge: the message was not laid out\n");
            return 1;
        }
        stallMs = probe.maxStallMs(); // before the forced layout below, which is the bench's
        settle(view);
        visibleMs = double(clock.nsecsElapsed()) / 1e6;
    }
    const int row = messageRow();
    clock.restart();
    StallProbe probe;
    transcript->setShowAll(row, true);
    if (!Ui::Testing::waitUntil([&] { return transcript->isLaidOut(row); }, 600000)) {
        std::fprintf(stderr, "bench_gui huge: Show all did not finish\n");
        return 1;
    }
    settle(view);
    std::printf("visible_ms=%.1f max_stall_ms=%.1f all_ms=%.1f all_max_stall_ms=%.1f "
                "chars=%lld peak_mib=%.1f\n",
                visibleMs, stallMs, double(clock.nsecsElapsed()) / 1e6, probe.maxStallMs(),
                (long long)model->entry(row).text.size(), peakMiB());
    return 0;
}

int index()
{
    QTemporaryDir dir;
    Acp::SessionStore writer(dir.filePath(QStringLiteral("index1000")));
    for (int i = 0; i < 1000; ++i)
        writer.upsert({QStringLiteral("Fake"),
                       QStringLiteral("s%1").arg(i),
                       QStringLiteral("/home/ada/project"),
                       QStringLiteral("Session number %1").arg(i),
                       {},
                       {}});
    for (int i = 0; i < 1000; ++i) // 100 MB of transcripts beside it, which must not be read
        writer.saveSnapshot(
            QStringLiteral("Fake"), QStringLiteral("s%1").arg(i),
            QJsonArray{QJsonObject{{"kind", "agent"}, {"text", QString(100 * 1024, u'x')}}});
    writer.flush();
    Acp::SessionStore reader(dir.filePath(QStringLiteral("index1000")));
    QSignalSpy loaded(&reader, &Acp::SessionStore::loaded);
    QElapsedTimer clock;
    clock.start();
    reader.load();
    if (!loaded.wait(60000))
        return 1;
    std::printf("index_ms=%.1f\n", double(clock.nsecsElapsed()) / 1e6);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const QString mode = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (argc == 5 && mode == QLatin1String("huge"))
        return huge(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]),
                    QString::fromLocal8Bit(argv[4]));
    if (mode == QLatin1String("index"))
        return index();
    if (argc == 4 && mode == QLatin1String("open"))
        return open(QString::fromLocal8Bit(argv[2]), std::atoi(argv[3]));
    if (argc == 4 && mode == QLatin1String("stream"))
        return stream(QString::fromLocal8Bit(argv[2]), std::atoi(argv[3]));
    std::fprintf(stderr, "usage: bench_gui open|stream FLOOD-AGENT N | bench_gui index\n");
    return 2;
}
