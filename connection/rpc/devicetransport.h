#pragma once

#include "transport.h"

#include <QIODevice>
#include <QPointer>

namespace Acp {

// A transport over any sequential, duplex QIODevice that emits readyRead() (a QLocalSocket on
// one end of a socketpair, for instance). Takes ownership of the device. The end of the stream
// is the device's readChannelFinished() or, for sockets, its disconnection.
class DeviceTransport final : public Transport
{
    Q_OBJECT
public:
    explicit DeviceTransport(QIODevice *device, QObject *parent = nullptr);

    void start() override;
    bool write(const QByteArray &bytes) override;
    void shutdown(std::chrono::milliseconds grace) override;

private:
    void readAvailable();
    void endOfStream();

    QPointer<QIODevice> m_device;
};

} // namespace Acp
