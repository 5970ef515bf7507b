// The barrier's bookkeeping, alone. Its concurrency test uses plain std::threads so that it is
// meaningful under ThreadSanitizer (see BARRIER.md on why Qt's glue cannot be checked there).

#include "barriercore.h"

#include <QTest>

#include <atomic>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

using Acp::BarrierCore;

class TestBarrierCore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void watermarkZeroCompletesAtOnce();
    void completionWaitsForItsOwnWatermarkOnly();
    void overlappingRequestsShareAWatermark();
    void acknowledgementsMustBeInOrder();
    void windowBlocksAndResumesAtHalf();
    void discardAndTakeAll();
    void hammeredFromThreads();
};

void TestBarrierCore::watermarkZeroCompletesAtOnce()
{
    BarrierCore core(8);
    QVERIFY(core.awaitWatermark(1, 0));
    QCOMPARE(core.heldCount(), std::size_t(0));
}

void TestBarrierCore::completionWaitsForItsOwnWatermarkOnly()
{
    BarrierCore core(8);
    QCOMPARE(core.tryEnqueue(), std::optional<BarrierCore::Sequence>(1));
    QCOMPARE(core.tryEnqueue(), std::optional<BarrierCore::Sequence>(2));
    const auto watermark = core.lastEnqueued();
    QCOMPARE(watermark, BarrierCore::Sequence(2));
    QVERIFY(!core.awaitWatermark(7, watermark));
    core.tryEnqueue(); // 3 arrives after the response: not awaited
    auto first = core.acknowledge(1);
    QVERIFY(first.released.empty());
    auto second = core.acknowledge(2);
    QCOMPARE(second.released, std::vector<BarrierCore::Token>{7});
    QCOMPARE(core.inFlight(), BarrierCore::Sequence(1));
}

void TestBarrierCore::overlappingRequestsShareAWatermark()
{
    BarrierCore core(8);
    core.tryEnqueue();
    QVERIFY(!core.awaitWatermark(1, 1));
    QVERIFY(!core.awaitWatermark(2, 1));
    core.tryEnqueue();
    QVERIFY(!core.awaitWatermark(3, 2));
    auto a = core.acknowledge(1);
    std::sort(a.released.begin(), a.released.end());
    QCOMPARE(a.released, (std::vector<BarrierCore::Token>{1, 2}));
    QCOMPARE(core.acknowledge(2).released, std::vector<BarrierCore::Token>{3});
}

void TestBarrierCore::acknowledgementsMustBeInOrder()
{
    BarrierCore core(8);
    core.tryEnqueue();
    core.tryEnqueue();
    QCOMPARE(core.acknowledge(2).status, BarrierCore::AckStatus::OutOfOrder);
    QCOMPARE(core.acknowledge(1).status, BarrierCore::AckStatus::Accepted);
    QCOMPARE(core.acknowledge(1).status, BarrierCore::AckStatus::OutOfOrder);
    QCOMPARE(core.acknowledge(3).status, BarrierCore::AckStatus::OutOfOrder); // never enqueued
    QCOMPARE(core.completed(), BarrierCore::Sequence(1));
}

void TestBarrierCore::windowBlocksAndResumesAtHalf()
{
    BarrierCore core(4);
    for (int i = 0; i < 4; ++i)
        QVERIFY(core.tryEnqueue());
    QVERIFY(!core.readerMayParse());
    QVERIFY(!core.tryEnqueue());
    QVERIFY(!core.acknowledge(1).resumeReader); // 3 in flight: still more than half
    QVERIFY(core.acknowledge(2).resumeReader); // 2 in flight: resume once
    QVERIFY(!core.acknowledge(3).resumeReader);
    QVERIFY(core.readerMayParse());
}

void TestBarrierCore::discardAndTakeAll()
{
    BarrierCore core(8);
    core.tryEnqueue();
    QVERIFY(!core.awaitWatermark(1, 1));
    QVERIFY(!core.awaitWatermark(2, 1));
    QVERIFY(core.discard(1));
    QVERIFY(!core.discard(1));
    QCOMPARE(core.takeAllHeld(), std::vector<BarrierCore::Token>{2});
    QVERIFY(core.acknowledge(1).released.empty());
}

void TestBarrierCore::hammeredFromThreads()
{
    // A reader thread enqueues notifications under the window and stamps "responses" with the
    // current watermark; a consumer thread acknowledges in order; a third thread registers the
    // responses and discards some. Every released token must have its watermark reached, every
    // token is released or discarded exactly once, and the counters balance.
    constexpr int Notifications = 200000;
    constexpr BarrierCore::Sequence Window = 64;
    for (int round = 0; round < 5; ++round) {
        BarrierCore core(Window);
        std::mutex mutex;
        std::deque<std::pair<BarrierCore::Token, BarrierCore::Sequence>> responses;
        std::atomic<bool> readerDone{false};
        std::atomic<BarrierCore::Sequence> produced{0};
        std::vector<BarrierCore::Sequence> watermarkOf(Notifications / 10 + 2, 0);
        std::vector<int> released(Notifications / 10 + 2, 0);
        std::atomic<int> violations{0};
        std::atomic<int> discarded{0};
        std::atomic<int> immediate{0};

        std::thread reader([&] {
            BarrierCore::Token token = 0;
            for (int i = 0; i < Notifications;) {
                if (!core.readerMayParse()) {
                    std::this_thread::yield(); // a real reader would return and await resume
                    continue;
                }
                const auto seq = core.tryEnqueue();
                if (!seq) {
                    violations++;
                    break;
                }
                produced = *seq;
                ++i;
                if (i % 10 == 0) {
                    ++token;
                    std::lock_guard lock(mutex);
                    watermarkOf[size_t(token)] = core.lastEnqueued();
                    responses.emplace_back(token, core.lastEnqueued());
                }
            }
            readerDone = true;
        });
        std::thread registrar([&] {
            std::mt19937 random(round);
            for (;;) {
                std::pair<BarrierCore::Token, BarrierCore::Sequence> next{0, 0};
                {
                    std::lock_guard lock(mutex);
                    if (!responses.empty()) {
                        next = responses.front();
                        responses.pop_front();
                    }
                }
                if (next.first == 0) {
                    if (readerDone) {
                        std::lock_guard lock(mutex);
                        if (responses.empty())
                            return;
                    }
                    std::this_thread::yield();
                    continue;
                }
                if (core.awaitWatermark(next.first, next.second)) {
                    std::lock_guard lock(mutex);
                    released[size_t(next.first)]++;
                    immediate++;
                } else if (random() % 7 == 0 && core.discard(next.first)) {
                    discarded++;
                    std::lock_guard lock(mutex);
                    released[size_t(next.first)]++;
                }
            }
        });
        std::thread consumer([&] {
            BarrierCore::Sequence next = 1;
            while (next <= BarrierCore::Sequence(Notifications)) {
                if (next > produced.load()) {
                    std::this_thread::yield();
                    continue;
                }
                const auto result = core.acknowledge(next);
                if (result.status != BarrierCore::AckStatus::Accepted)
                    violations++;
                std::lock_guard lock(mutex);
                for (const auto token : result.released) {
                    if (watermarkOf[size_t(token)] > next)
                        violations++;
                    released[size_t(token)]++;
                }
                ++next;
            }
        });
        reader.join();
        registrar.join();
        consumer.join();

        QCOMPARE(violations.load(), 0);
        QCOMPARE(core.completed(), BarrierCore::Sequence(Notifications));
        QCOMPARE(core.inFlight(), BarrierCore::Sequence(0));
        QCOMPARE(core.heldCount(), std::size_t(0));
        for (size_t token = 1; token <= size_t(Notifications / 10); ++token)
            QCOMPARE(released[token], 1);
    }
}

QTEST_GUILESS_MAIN(TestBarrierCore)
#include "tst_barriercore.moc"
