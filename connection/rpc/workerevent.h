#pragma once

#include "rpctypes.h"

#include <QList>

namespace Acp {

// What the worker thread tells the connection facade. Every event travels through one ordered
// queued signal, in batches, so that the facade sees them exactly in wire order (an inbound
// request after the tool_call update that announced it, a response after the notifications
// that preceded it).
struct WorkerEvent
{
    enum class Kind : quint8 {
        Started, // the transport is up
        Notification, // number = sequence; method, payload = params, decoded
        Request, // number = inbound handle; method, payload = params, id = agent's id
        RequestCancelled, // number = inbound handle: the agent sent $/cancel_request for it
        Response, // requestId; number = watermark; response
        SendFailed, // requestId; response carries the reason
        TransportEnded, // cause: the agent is gone; buffered output still drains
        ReaderFinished, // number = final sequence: every accepted message has been delivered
    };
    Kind kind = Kind::Notification;
    quint64 number = 0;
    qint64 requestId = 0;
    QString method;
    QJsonValue payload;
    QVariant decoded; // Notification: what the options' decoder made of the payload
    QJsonValue id;
    Response response;
    DisconnectCause cause;
};

using WorkerEvents = QList<WorkerEvent>;

} // namespace Acp

Q_DECLARE_METATYPE(Acp::WorkerEvents)
Q_DECLARE_METATYPE(QList<Acp::TrafficRecord>)
