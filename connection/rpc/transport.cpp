#include "transport.h"

namespace Acp {

Transport::Transport(QObject *parent)
    : QObject(parent)
{ }

void Transport::appendStderr(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    if (bytes.size() >= m_stderrTailSize) {
        m_stderrTail = bytes.right(m_stderrTailSize);
    } else {
        const qsizetype overflow = m_stderrTail.size() + bytes.size() - m_stderrTailSize;
        if (overflow > 0)
            m_stderrTail.remove(0, overflow);
        m_stderrTail.append(bytes);
    }
    Q_EMIT stderrReceived(bytes);
}

void Transport::end(DisconnectCause cause)
{
    if (m_ended)
        return;
    m_ended = true;
    cause.stderrTail = m_stderrTail;
    Q_EMIT ended(cause);
}

} // namespace Acp
