#pragma once

#include "rpctypes.h"

#include <QByteArray>
#include <QObject>

#include <chrono>

namespace Acp {

// A byte channel to an agent. Lives on the connection's worker thread; the connection creates
// it there through a factory, so subclasses may create thread-affine objects (QProcess,
// sockets) in their constructor or in start().
//
// Contract: dataReceived() carries stdout bytes in order; ended() is emitted exactly once, after
// the last dataReceived(); nothing is emitted after it.
class Transport : public QObject
{
    Q_OBJECT
public:
    explicit Transport(QObject *parent = nullptr);

    virtual void start() = 0;
    // Queues bytes for the agent. Returns false when the channel can no longer be written.
    virtual bool write(const QByteArray &bytes) = 0;
    // Ends the session politely: close the agent's input, give it `grace` to leave, then insist.
    // ended() follows, possibly much later; never blocks.
    virtual void shutdown(std::chrono::milliseconds grace) = 0;

    bool hasEnded() const { return m_ended; }
    QByteArray stderrTail() const { return m_stderrTail; }
    void setStderrTailSize(qsizetype size) { m_stderrTailSize = size; }

Q_SIGNALS:
    void started();
    void dataReceived(const QByteArray &bytes);
    void stderrReceived(const QByteArray &bytes);
    void ended(const Acp::DisconnectCause &cause);

protected:
    void appendStderr(const QByteArray &bytes);
    // Emits ended() once, with the stderr tail attached.
    void end(DisconnectCause cause);

private:
    QByteArray m_stderrTail;
    qsizetype m_stderrTailSize = 64 * 1024;
    bool m_ended = false;
};

} // namespace Acp
