#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace Acp {

// The bookkeeping of the response-scoped notification barrier (see BARRIER.md and README.md
// in this folder). Deliberately free of Qt: it is shared between the reader thread and the
// consumer thread, and is tested with plain std::threads under ThreadSanitizer, which cannot
// see through Qt's own (uninstrumented) event-loop hand-offs.
//
// Sequence numbers start at 1. Tokens name completions waiting for a watermark (the
// connection uses request ids).
class BarrierCore
{
public:
    using Sequence = std::uint64_t;
    using Token = std::int64_t;

    explicit BarrierCore(Sequence window);

    // Reader side ---------------------------------------------------------------------------

    // Accepts one notification and returns its sequence number, or nothing when the window of
    // accepted-but-unacknowledged notifications is full. A refusal marks the reader as blocked:
    // the acknowledgement that frees enough room reports it through AckResult::resumeReader.
    std::optional<Sequence> tryEnqueue();

    // Whether the reader may parse another message: true while the window has room. A refusal
    // marks the reader as blocked, exactly like a refused tryEnqueue(). Only the reader thread
    // enqueues, so room seen here is still there when it calls tryEnqueue().
    bool readerMayParse();

    // The watermark a response read right now must wait for.
    Sequence lastEnqueued() const;

    // Consumer side -------------------------------------------------------------------------

    enum class AckStatus { Accepted, OutOfOrder };
    struct AckResult
    {
        AckStatus status = AckStatus::Accepted;
        std::vector<Token> released; // completions whose watermark is now reached, in order
        bool resumeReader = false; // the reader was blocked and the window has room again
    };

    // Acknowledges notification `seq`, which must be completed() + 1.
    AckResult acknowledge(Sequence seq);

    // Registers a completion. Returns true when the watermark is already reached (the caller
    // completes it at once); otherwise it is held and later returned by acknowledge().
    bool awaitWatermark(Token token, Sequence watermark);

    // Forgets a held completion (its caller gave up). Returns whether it was held.
    bool discard(Token token);

    // Removes and returns every held completion (the drain timed out).
    std::vector<Token> takeAllHeld();

    Sequence completed() const;
    Sequence inFlight() const; // lastEnqueued - completed
    Sequence window() const { return m_window; }
    std::size_t heldCount() const;
    bool reached(Sequence watermark) const;

private:
    const Sequence m_window;
    mutable std::mutex m_mutex;
    // invariant: m_completed <= m_lastEnqueued <= m_completed + m_window
    Sequence m_lastEnqueued = 0;
    Sequence m_completed = 0;
    bool m_readerBlocked = false;
    // Held completions ordered by watermark; a multimap because overlapping requests may share
    // one. The reverse index makes discard() cheap.
    std::multimap<Sequence, Token> m_held;
    std::map<Token, Sequence> m_heldByToken;
};

} // namespace Acp
