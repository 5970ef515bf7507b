#include "devicetransport.h"

#include "logging.h"

#include <QLocalSocket>
#include <QTimer>

namespace Acp {

DeviceTransport::DeviceTransport(QIODevice *device, QObject *parent)
    : Transport(parent)
    , m_device(device)
{
    Q_ASSERT(device);
    device->setParent(this);
    connect(device, &QIODevice::readyRead, this, &DeviceTransport::readAvailable);
    connect(device, &QIODevice::readChannelFinished, this, &DeviceTransport::endOfStream);
    if (auto *socket = qobject_cast<QLocalSocket *>(device)) {
        connect(socket, &QLocalSocket::disconnected, this, &DeviceTransport::endOfStream);
        connect(socket, &QLocalSocket::errorOccurred, this, [this, socket] {
            if (socket->error() == QLocalSocket::PeerClosedError)
                return endOfStream();
            readAvailable();
            end({DisconnectCause::Reason::ReadError, {}, {}, socket->errorString(), {}});
        });
    }
}

void DeviceTransport::start()
{
    if (!m_device || !m_device->isOpen()) {
        end({DisconnectCause::Reason::FailedToStart,
             {},
             {},
             QStringLiteral("the device is not open"),
             {}});
        return;
    }
    Q_EMIT started();
    // Bytes may have arrived before we were connected to readyRead.
    QTimer::singleShot(0, this, &DeviceTransport::readAvailable);
}

bool DeviceTransport::write(const QByteArray &bytes)
{
    if (hasEnded() || !m_device || !m_device->isWritable())
        return false;
    return m_device->write(bytes) == bytes.size();
}

void DeviceTransport::shutdown(std::chrono::milliseconds)
{
    if (m_device)
        m_device->close();
    end({DisconnectCause::Reason::ClosedByClient, {}, {}, {}, {}});
}

void DeviceTransport::readAvailable()
{
    if (!m_device || hasEnded())
        return;
    const QByteArray bytes = m_device->readAll();
    if (!bytes.isEmpty())
        Q_EMIT dataReceived(bytes);
}

void DeviceTransport::endOfStream()
{
    readAvailable();
    end({DisconnectCause::Reason::EndOfStream, {}, {}, {}, {}});
}

} // namespace Acp
