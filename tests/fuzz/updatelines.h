#pragma once

#include "jsonio.h"
#include "sessionupdate.h"
#include "transcriptmodel.h"

#include <QByteArray>
#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

// The input of the transcript and rendering targets: JSON lines, each a session/update
// notification (or its params, or a bare update), as an agent would send them. Valid updates
// are applied to `model` the way the app applies them; invalid ones are refused by the
// protocol layer exactly as a live connection would refuse them. Along the way: what the
// protocol layer reads, it writes back, and reading that again gives the same thing.
namespace FuzzInput {

inline QJsonObject asNotification(const QJsonObject &object)
{
    if (object.contains(QStringLiteral("params")))
        return object.value(QStringLiteral("params")).toObject();
    if (object.contains(QStringLiteral("update")))
        return object;
    return {{QStringLiteral("sessionId"), QStringLiteral("s1")},
            {QStringLiteral("update"), object}};
}

inline void applyLines(const std::uint8_t *data, std::size_t size, Acp::TranscriptModel &model)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    int lineNumber = 0;
    for (const QByteArray &line : input.split('\n')) {
        ++lineNumber;
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (!document.isObject())
            continue;
        const auto notification
            = Acp::Json::parse<Acp::SessionNotification>(asNotification(document.object()));
        if (!notification)
            continue;
        const QJsonValue written = Acp::write(*notification);
        const auto again = Acp::Json::parse<Acp::SessionNotification>(written);
        if (!again || Acp::write(*again) != written)
            std::abort(); // the protocol layer does not read back what it wrote
        model.apply(notification->update);
        // The paths of a turn the app takes besides updates, now and then.
        switch (qHash(line) % 16) {
        case 0:
            model.markUnfinishedToolCallsCancelled();
            break;
        case 1:
            model.appendTurnEnded(Acp::StopReason::EndTurn);
            break;
        case 2:
            if (const auto *update = std::get_if<Acp::ToolCallUpdate>(&notification->update))
                model.mergeToolCall(*update); // as a permission request carries it
            break;
        default:
            break;
        }
    }
}

} // namespace FuzzInput
