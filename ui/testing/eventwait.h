#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

namespace Ui::Testing {

// Runs the event loop until `done()` holds or `timeoutMs` pass; whether it held. Unlike
// QTest::qWaitFor (Qt 6.4), which sleeps 10 ms between rounds of events, the loop never stops:
// timers, input and painting run as they would for a user, so a benchmark that waits this way
// measures the app and not the wait.
template<typename Predicate>
bool waitUntil(Predicate done, int timeoutMs)
{
    if (done())
        return true;
    const QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(2); // a check, not a sleep: events keep flowing between checks
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        // As qWaitFor does: objects the test let go of (deleteLater) go now, not when some
        // outer loop gets to them.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        if (done() || deadline.hasExpired())
            loop.quit();
    });
    poll.start();
    loop.exec();
    return done();
}

// Runs the event loop for `ms` (QTest::qWait sleeps in 10 ms steps instead).
inline void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace Ui::Testing
