// bench_parse FILE: the parse-only limit. Reads FILE (newline-delimited JSON-RPC messages, as
// `switchboard-flood-agent --dump N` writes them) into memory, then times only splitting it
// into lines and parsing each with QJsonDocument, the parser the connection uses. Prints
// `parse_ms=... lines=... lines_per_s=...` (best of 3 passes in memory), then the typed decode
// alone, what the GUI thread does to each session/update after the worker parsed it
// (`Json::parse<SessionNotification>`): `decode_ms=... updates=... decode_per_s=...`.

#include "sessionupdate.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cstdio>

int main(int argc, char *argv[])
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_parse FILE\n");
        return 2;
    }
    QFile file(QString::fromLocal8Bit(argv[1]));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_parse: %s\n", qPrintable(file.errorString()));
        return 1;
    }
    const QByteArray bytes = file.readAll();
    double best = 1e300;
    qsizetype lines = 0;
    QList<QJsonValue> updates; // the params of every session/update, for the decode pass
    for (int pass = 0; pass < 3; ++pass) {
        const auto start = std::chrono::steady_clock::now();
        lines = 0;
        qsizetype from = 0;
        while (from < bytes.size()) {
            qsizetype end = bytes.indexOf('\n', from);
            if (end < 0)
                end = bytes.size();
            QJsonParseError error{};
            const QJsonDocument document = QJsonDocument::fromJson(
                QByteArray::fromRawData(bytes.constData() + from, end - from), &error);
            if (error.error != QJsonParseError::NoError || !document.isObject()) {
                std::fprintf(stderr, "bench_parse: line %lld: %s\n", static_cast<long long>(lines),
                             qPrintable(error.errorString()));
                return 1;
            }
            ++lines;
            if (pass == 0) {
                const QJsonObject message = document.object();
                if (message.value(QLatin1String("method")) == QLatin1String("session/update"))
                    updates.append(message.value(QLatin1String("params")));
            }
            from = end + 1;
        }
        best = std::min(
            best,
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::printf("parse_ms=%.1f lines=%lld lines_per_s=%.0f\n", best, static_cast<long long>(lines),
                double(lines) / (best / 1000.0));

    double bestDecode = 1e300;
    for (int pass = 0; pass < 3; ++pass) {
        const auto start = std::chrono::steady_clock::now();
        for (const QJsonValue &params : std::as_const(updates)) {
            if (!Acp::Json::parse<Acp::SessionNotification>(params)) {
                std::fprintf(stderr, "bench_parse: an update does not decode\n");
                return 1;
            }
        }
        bestDecode = std::min(
            bestDecode,
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::printf("decode_ms=%.1f updates=%lld decode_per_s=%.0f\n", bestDecode,
                static_cast<long long>(updates.size()),
                double(updates.size()) / (bestDecode / 1000.0));
    return 0;
}
