// bench_connection FLOOD-AGENT N: the connection layer alone (worker thread, framing, parsing,
// the barrier, the queued hand-over) loading a session from the flood agent, with a consumer
// that only counts. The gap between this, bench_parse and switchboard-cli load shows where
// the pipeline's time goes. Prints `load_ms=... updates=... updates_per_s=...`.

#include "connection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: bench_connection FLOOD-AGENT N\n");
        return 2;
    }
    Acp::Connection connection;
    quint64 updates = 0;
    QObject::connect(&connection, &Acp::Connection::notificationReceived,
                     [&](const Acp::Notification &) { ++updates; });
    Acp::ProcessOptions process;
    process.program = QFileInfo(QString::fromLocal8Bit(argv[1])).absoluteFilePath();
    process.arguments = {QString::fromLocal8Bit(argv[2])};
    connection.startProcess(process);
    QElapsedTimer clock;
    int status = 1;
    connection.sendRequest(
        QStringLiteral("initialize"), QJsonObject{{"protocolVersion", 1}}, &app,
        [&](const Acp::Response &) {
            clock.start();
            connection.sendRequest(
                QStringLiteral("session/load"),
                QJsonObject{{"sessionId", "flood-1"}, {"cwd", "/"}, {"mcpServers", QJsonArray()}},
                &app, [&](const Acp::Response &response) {
                    const double ms = double(clock.nsecsElapsed()) / 1e6;
                    if (response.isSuccess()) {
                        std::printf("load_ms=%.1f updates=%llu updates_per_s=%.0f\n", ms,
                                    static_cast<unsigned long long>(updates),
                                    double(updates) / (ms / 1000.0));
                        status = 0;
                    }
                    QCoreApplication::quit();
                });
        });
    QCoreApplication::exec();
    return status;
}
