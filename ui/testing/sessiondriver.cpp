#include "sessiondriver.h"

#include "eventwait.h"

#include "mainwindow.h"
#include "promptedit.h"
#include "sessionbrowser.h"
#include "sessionview.h"

#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QPushButton>
#include <QSettings>
#include <QTest>
#include <QTimer>

namespace Ui::Testing {

SessionDriver::SessionDriver(const QString &dataDirectory, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(
          QDir(dataDirectory).filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat))
    , m_profiles(std::make_unique<Acp::ProfileStore>(m_settings.get()))
    , m_store(std::make_unique<Acp::SessionStore>(
          QDir(dataDirectory).filePath(QStringLiteral("sessions"))))
    , m_window(std::make_unique<MainWindow>(m_profiles.get(), nullptr, m_store.get()))
{
    m_store->load();
    m_window->resize(1100, 760);
}

SessionDriver::~SessionDriver()
{
    m_window.reset(); // sessions first: they write to the store on the way out
    m_store->flush();
}

Acp::AgentProfile SessionDriver::demoAgent(const QString &program)
{
    Acp::AgentProfile demo = Acp::ProfileStore::demoProfile();
    if (!program.isEmpty())
        demo.program = program;
    return demo;
}

MainWindow *SessionDriver::window() const
{
    return m_window.get();
}

SessionView *SessionDriver::currentView() const
{
    return m_window->currentSession();
}

Acp::ClientSession *SessionDriver::session() const
{
    SessionView *view = currentView();
    return view ? view->session() : nullptr;
}

Acp::TranscriptModel *SessionDriver::transcript() const
{
    Acp::ClientSession *s = session();
    return s ? s->transcript() : nullptr;
}

SessionView *SessionDriver::openSession(const Acp::AgentProfile &profile, const QString &cwd,
                                        int timeoutMs)
{
    // The window finds profiles by name later (the session browser, Restart): keep this one.
    QList<Acp::AgentProfile> profiles = m_profiles->profiles();
    const auto same
        = std::find_if(profiles.begin(), profiles.end(),
                       [&](const Acp::AgentProfile &p) { return p.name == profile.name; });
    if (same != profiles.end())
        *same = profile;
    else
        profiles.prepend(profile);
    m_profiles->setProfiles(profiles);
    QPointer<SessionView> view = m_window->openSession(profile, cwd);
    m_window->show();
    // Ready is the controller's word (a failed start ends the wait at once); the user's is an
    // editor that takes a prompt.
    using Stage = Acp::SessionController::Stage;
    waitUntil(
        [&] {
            if (!view || view->controller()->stage() == Stage::Failed)
                return true;
            auto *prompt = view->findChild<PromptEdit *>(QStringLiteral("promptEdit"));
            return view->controller()->stage() == Stage::Ready && prompt && prompt->isEnabled();
        },
        timeoutMs);
    const bool ready = view && view->controller()->stage() == Stage::Ready && view->session();
    return ready ? view.data() : nullptr;
}

Acp::SessionController *SessionDriver::controller() const
{
    SessionView *view = currentView();
    return view ? view->controller() : nullptr;
}

bool SessionDriver::sendPrompt(const QString &text)
{
    SessionView *view = currentView();
    Acp::ClientSession *s = session();
    if (!view || !s)
        return false;
    auto *prompt = view->findChild<PromptEdit *>(QStringLiteral("promptEdit"));
    auto *send = view->findChild<QPushButton *>(QStringLiteral("sendButton"));
    if (!prompt || !send || !prompt->isEnabled())
        return false;
    if (m_watched != s) {
        m_watched = s;
        connect(s, &Acp::ClientSession::turnEnded, this, [this](Acp::StopReason reason) {
            m_lastStop = reason;
            ++m_turnsEnded;
        });
    }
    prompt->setFocus();
    prompt->setPlainText(text);
    QTest::mouseClick(send, Qt::LeftButton);
    return true;
}

std::optional<Acp::StopReason> SessionDriver::waitForTurnEnd(int timeoutMs)
{
    const int before = m_turnsEnded;
    Acp::ClientSession *s = session();
    if (s && s->turnState() == Acp::ClientSession::TurnState::Idle)
        return m_lastStop; // already over
    if (!waitUntil([&] { return m_turnsEnded > before; }, timeoutMs))
        return std::nullopt;
    return m_lastStop;
}

bool SessionDriver::answerPermission(Acp::PermissionOption::Kind kind, int timeoutMs)
{
    QPushButton *button = nullptr;
    const bool found = waitUntil(
        [&] {
            Acp::ClientSession *s = session();
            // A copy: pendingPermissions() returns a temporary list.
            const QList<Acp::PendingPermission> pending
                = s ? s->pendingPermissions() : QList<Acp::PendingPermission>{};
            if (pending.isEmpty())
                return false;
            for (const Acp::PermissionOption &o : pending.first().request.options) {
                if (o.kind == kind) {
                    button = m_window->findChild<QPushButton *>(QStringLiteral("permissionOption_")
                                                                + o.optionId);
                    return button && button->isVisible();
                }
            }
            return false;
        },
        timeoutMs);
    if (!found)
        return false;
    QTest::mouseClick(button, Qt::LeftButton);
    return true;
}

bool SessionDriver::closeCurrentSession()
{
    auto *close = m_window->findChild<QAction *>(QStringLiteral("actionCloseSession"));
    if (!close || !currentView())
        return false;
    QPointer<SessionView> view = currentView();
    close->trigger();
    return waitUntil([&] { return view.isNull(); }, 5000);
}

SessionView *SessionDriver::reopenFromBrowser(const QString &sessionId, bool fullHistory,
                                              int timeoutMs)
{
    auto *open = m_window->findChild<QAction *>(QStringLiteral("actionOpenSession"));
    if (!open)
        return nullptr;
    if (!waitUntil([&] { return m_store->isLoaded(); }, timeoutMs))
        return nullptr;
    // The browser is window-modal: act on it once it is up.
    bool picked = false;
    QTimer poll;
    poll.setInterval(10);
    connect(&poll, &QTimer::timeout, this, [&] {
        auto *browser = qobject_cast<SessionBrowser *>(QApplication::activeModalWidget());
        if (!browser)
            return;
        poll.stop();
        picked = browser->selectSession(sessionId);
        const QString buttonName = fullHistory ? QStringLiteral("loadHistoryButton")
                                               : QStringLiteral("openSessionButton");
        auto *button = browser->findChild<QPushButton *>(buttonName);
        if (picked && button)
            QTest::mouseClick(button, Qt::LeftButton);
        else
            browser->reject();
    });
    poll.start();
    open->trigger();
    (void)waitUntil([&] { return !poll.isActive(); }, timeoutMs); // picked says how it went
    poll.stop();
    if (!picked)
        return nullptr;
    const bool loaded = waitUntil(
        [&] {
            SessionView *view = currentView();
            return view && view->session() && view->session()->sessionId() == sessionId
                && !view->isLoading();
        },
        timeoutMs);
    return loaded ? currentView() : nullptr;
}

} // namespace Ui::Testing
