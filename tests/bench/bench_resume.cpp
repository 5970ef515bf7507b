// Reopening a session: time from "Open" (reopenSession) to the loaded transcript visible, for
// 1,000, 10,000 and 100,000 replayed updates, and the process's peak memory after each; and
// reading the index of 1,000 sessions (what the browser needs). Prints numbers only.

#include "fakeagent.h"
#include "mainwindow.h"
#include "sessionstore.h"
#include "sessionview.h"
#include "transcriptview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <cstdio>

namespace {

QJsonObject update(const QJsonObject &u)
{
    return {{"jsonrpc", "2.0"},
            {"method", "session/update"},
            {"params", QJsonObject{{"sessionId", "s1"}, {"update", u}}}};
}

// A realistic replay: per turn a question, a thought, a streamed answer, a tool call and its
// update.
TestSupport::FakeAgent replayAgent(int updates)
{
    TestSupport::FakeAgent agent;
    agent.expect("initialize")
        .respond(
            {{"protocolVersion", 1}, {"agentCapabilities", QJsonObject{{"loadSession", true}}}})
        .expect("session/load", "l");
    for (int i = 0, turn = 0; i < updates; ++turn) {
        const auto chunk = [&](const char *kind, const QString &text, const QString &id) {
            agent.send(update({{"sessionUpdate", kind},
                               {"messageId", id},
                               {"content", QJsonObject{{"type", "text"}, {"text", text}}}}));
            ++i;
        };
        chunk("user_message_chunk", QString("Question %1").arg(turn), QString("u%1").arg(turn));
        chunk("agent_thought_chunk", "Thinking it over.", QString("t%1").arg(turn));
        for (int c = 0; c < 6; ++c)
            chunk("agent_message_chunk",
                  QString("Part %1 of the answer, with `code` and **bold**.\n\n").arg(c),
                  QString("a%1").arg(turn));
        agent.send(update({{"sessionUpdate", "tool_call"},
                           {"toolCallId", QString("c%1").arg(turn)},
                           {"title", "Read a file"},
                           {"kind", "read"}}));
        agent.send(update({{"sessionUpdate", "tool_call_update"},
                           {"toolCallId", QString("c%1").arg(turn)},
                           {"status", "completed"}}));
        i += 2;
    }
    agent.respond({}, "l");
    return agent;
}

long peakKilobytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QTemporaryDir dir;
    std::printf("reopening a session (session/load, atomic switch), Release build\n");
    std::printf("%10s %22s %16s\n", "updates", "Open -> visible (ms)", "peak RSS (MiB)");
    for (const int n : {1000, 10000, 100000}) {
        const Acp::ProcessOptions process = replayAgent(n).options(dir);
        QSettings settings(dir.filePath(QString("p%1.ini").arg(n)), QSettings::IniFormat);
        Acp::ProfileStore profiles(&settings);
        Acp::SessionStore store(dir.filePath(QString("store%1").arg(n)));
        Ui::MainWindow window(&profiles, nullptr, &store);
        window.resize(1200, 800);
        window.show();
        QElapsedTimer clock;
        clock.start();
        Ui::SessionView *view = window.reopenSession(
            {"Fake", process.program, process.arguments, {}, {}, false}, dir.path(), "s1");
        if (!QTest::qWaitFor([&] { return view->transcriptView() != nullptr; }, 600000)) {
            std::printf("%10d  did not finish\n", n);
            continue;
        }
        view->transcriptView()->doItemsLayout();
        view->transcriptView()->viewport()->repaint();
        const double ms = clock.nsecsElapsed() / 1e6;
        std::printf("%10d %22.0f %16.1f   (%d rows)\n", n, ms, peakKilobytes() / 1024.0,
                    view->session()->transcript()->rowCount());
    }

    // The browser's data: the index of 1,000 sessions (transcripts are not read).
    Acp::SessionStore writer(dir.filePath("index1000"));
    for (int i = 0; i < 1000; ++i)
        writer.upsert({"Fake",
                       QString("s%1").arg(i),
                       "/home/ada/project",
                       QString("Session number %1").arg(i),
                       {},
                       {}});
    for (int i = 0; i < 1000; ++i)
        writer.saveSnapshot(
            "Fake", QString("s%1").arg(i),
            QJsonArray{QJsonObject{{"kind", "agent"}, {"text", QString(100 * 1024, 'x')}}});
    writer.flush();
    std::vector<double> times;
    for (int round = 0; round < 5; ++round) {
        Acp::SessionStore reader(dir.filePath("index1000"));
        QSignalSpy loaded(&reader, &Acp::SessionStore::loaded);
        QElapsedTimer clock;
        clock.start();
        reader.load();
        loaded.wait(10000);
        times.push_back(clock.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    std::printf("\nindex of 1,000 sessions (with 100 MB of transcripts beside it) read in %.1f ms "
                "(median of 5)\n",
                times[2]);
    return 0;
}
