#include "barriercore.h"

#include <cassert>

namespace Acp {

BarrierCore::BarrierCore(Sequence window)
    : m_window(window == 0 ? 1 : window)
{ }

std::optional<BarrierCore::Sequence> BarrierCore::tryEnqueue()
{
    std::lock_guard lock(m_mutex);
    if (m_lastEnqueued - m_completed >= m_window) {
        m_readerBlocked = true;
        return std::nullopt;
    }
    return ++m_lastEnqueued;
}

bool BarrierCore::readerMayParse()
{
    std::lock_guard lock(m_mutex);
    if (m_lastEnqueued - m_completed >= m_window) {
        m_readerBlocked = true;
        return false;
    }
    return true;
}

BarrierCore::Sequence BarrierCore::lastEnqueued() const
{
    std::lock_guard lock(m_mutex);
    return m_lastEnqueued;
}

BarrierCore::AckResult BarrierCore::acknowledge(Sequence seq)
{
    AckResult result;
    std::lock_guard lock(m_mutex);
    if (seq != m_completed + 1 || seq > m_lastEnqueued) {
        result.status = AckStatus::OutOfOrder;
        return result;
    }
    m_completed = seq;
    while (!m_held.empty() && m_held.begin()->first <= m_completed) {
        const Token token = m_held.begin()->second;
        m_held.erase(m_held.begin());
        m_heldByToken.erase(token);
        result.released.push_back(token);
    }
    // Resume only once half the window is free, so that a full window does not turn into one
    // wake-up of the reader per acknowledgement.
    if (m_readerBlocked && m_lastEnqueued - m_completed <= m_window / 2) {
        m_readerBlocked = false;
        result.resumeReader = true;
    }
    assert(m_completed <= m_lastEnqueued);
    return result;
}

bool BarrierCore::awaitWatermark(Token token, Sequence watermark)
{
    std::lock_guard lock(m_mutex);
    if (watermark <= m_completed)
        return true;
    // A token is registered once: the connection removes a request before completing it.
    assert(m_heldByToken.count(token) == 0);
    m_held.emplace(watermark, token);
    m_heldByToken.emplace(token, watermark);
    return false;
}

bool BarrierCore::discard(Token token)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_heldByToken.find(token);
    if (it == m_heldByToken.end())
        return false;
    auto [first, last] = m_held.equal_range(it->second);
    for (auto held = first; held != last; ++held) {
        if (held->second == token) {
            m_held.erase(held);
            break;
        }
    }
    m_heldByToken.erase(it);
    return true;
}

std::vector<BarrierCore::Token> BarrierCore::takeAllHeld()
{
    std::lock_guard lock(m_mutex);
    std::vector<Token> tokens;
    tokens.reserve(m_held.size());
    for (const auto &[watermark, token] : m_held)
        tokens.push_back(token);
    m_held.clear();
    m_heldByToken.clear();
    return tokens;
}

BarrierCore::Sequence BarrierCore::completed() const
{
    std::lock_guard lock(m_mutex);
    return m_completed;
}

BarrierCore::Sequence BarrierCore::inFlight() const
{
    std::lock_guard lock(m_mutex);
    return m_lastEnqueued - m_completed;
}

std::size_t BarrierCore::heldCount() const
{
    std::lock_guard lock(m_mutex);
    return m_held.size();
}

bool BarrierCore::reached(Sequence watermark) const
{
    std::lock_guard lock(m_mutex);
    return watermark <= m_completed;
}

} // namespace Acp
