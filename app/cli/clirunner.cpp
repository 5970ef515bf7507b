#include "clirunner.h"

#include "mcpservers.h"
#include "permissionoptions.h"
#include "permissionrules.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

#include <sys/resource.h>
#include <unistd.h>

namespace Cli {

int exitCodeFor(Acp::StopReason reason)
{
    switch (reason) {
    case Acp::StopReason::EndTurn:
        return EndTurn;
    case Acp::StopReason::Refusal:
        return Refusal;
    case Acp::StopReason::Cancelled:
        return Cancelled;
    case Acp::StopReason::MaxTokens:
        return MaxTokens;
    case Acp::StopReason::MaxTurnRequests:
        return MaxTurnRequests;
    case Acp::StopReason::Unknown:
        break;
    }
    return AgentError;
}

namespace {

Acp::SessionController::Options controllerOptions(const CliOptions &options,
                                                  Acp::SessionStore *store)
{
    Acp::SessionController::Options o;
    o.profile = options.agent;
    o.cwd = options.cwd;
    if (!options.sessionId.isEmpty())
        o.sessionId = options.sessionId;
    // Printing a transcript needs the replay; a prompt needs only the session.
    o.historyRequired = options.command == CliOptions::Command::Load;
    o.lateReplaySettleMs = options.replayQuietMs;
    o.openSession = options.command != CliOptions::Command::Sessions;
    o.store = store; // o.client.agentKey defaults to the profile's name
    return o;
}

long peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

CliRunner::CliRunner(CliOptions options, Acp::SessionStore *store, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_store(store)
    , m_controller(controllerOptions(m_options, store), this)
    , m_printer(m_options.format, stdout, stderr, this)
{
    m_printer.setCommandOutputLines(m_options.outputLines);
    using Controller = Acp::SessionController;
    connect(&m_controller, &Controller::agentReady, this, [this] {
        if (m_options.command == CliOptions::Command::Sessions)
            listSessions();
    });
    connect(&m_controller, &Controller::stageChanged, this, [this](Controller::Stage stage) {
        if (stage == Controller::Stage::Opening || stage == Controller::Stage::Loading
            || stage == Controller::Stage::Resuming) {
            m_openTimer.start();
            m_sequenceAtOpen = m_controller.client()->connection()->acknowledgedSequence();
        }
    });
    connect(&m_controller, &Controller::mcpSkipped, this,
            [](const QList<Acp::SkippedMcpServer> &skipped) {
                for (const Acp::SkippedMcpServer &s : skipped)
                    std::fprintf(stderr, "%s\n",
                                 qPrintable(tr("[mcp] %1 (%2) not passed to the agent: %3")
                                                .arg(s.server.name,
                                                     Acp::toString(s.server.transport), s.reason)));
            });
    connect(&m_controller, &Controller::replayFellShort, this, [](int replayed, int kept) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("[load] the agent replayed only %1 of the %2 prompts of this "
                                   "session (it may not remember the others): printing the "
                                   "transcript Switchboard kept")
                                    .arg(replayed)
                                    .arg(kept)));
    });
    connect(&m_controller, &Controller::authenticationRequired, this, [this] {
        fail(ConnectionFailed,
             tr("The agent needs you to log in first; log in with the desktop app or the "
                "agent's own command."));
    });
    connect(&m_controller, &Controller::failed, this, [this](const Controller::Failure &f) {
        if (f.stage == Controller::Stage::Starting)
            fail(ConnectionFailed,
                 f.disconnect ? tr("The agent went away: %1").arg(f.message) : f.message);
        else
            fail(AgentError, f.message, f.agentError);
    });
    connect(&m_controller, &Controller::agentStopped, this,
            [this](const Acp::DisconnectCause &cause) {
                fail(ConnectionFailed, tr("The agent went away: %1").arg(cause.description()));
            });
    connect(&m_controller, &Controller::sessionReady, this, &CliRunner::opened);
}

void CliRunner::start()
{
    if (m_options.command == CliOptions::Command::Search) {
        runSearch(); // the history alone: no agent is started
        return;
    }
    m_controller.start();
}

void CliRunner::opened(Acp::ClientSession *session)
{
    m_session = session;
    if (m_options.command == CliOptions::Command::Load)
        runLoad(session);
    else
        runPrompt(session);
}

void CliRunner::runLoad(Acp::ClientSession *session)
{
    // loadSession's callback runs after the barrier: every replayed update is applied.
    const qint64 ms = m_openTimer.elapsed();
    m_printer.printAll(*session->transcript());
    if (m_options.stats) {
        // Every notification acknowledged since the request was sent is a replayed update:
        // the CLI has one session, and nothing else is under way.
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("replayed updates: %1\nload time: %2 ms\npeak memory: %3 MiB")
                                    .arg(m_controller.client()->connection()->acknowledgedSequence()
                                         - m_sequenceAtOpen)
                                    .arg(ms)
                                    .arg(double(peakRssKiB()) / 1024.0, 0, 'f', 1)));
    }
    finish(EndTurn);
}

void CliRunner::runPrompt(Acp::ClientSession *session)
{
    if (m_options.format == TranscriptPrinter::Format::Json)
        m_printer.event({{QStringLiteral("event"), QStringLiteral("session")},
                         {QStringLiteral("sessionId"), session->sessionId()},
                         {QStringLiteral("cwd"), session->cwd()}});
    m_printer.follow(session->transcript());
    connect(session, &Acp::ClientSession::permissionRequested, this,
            [this, session](const Acp::PendingPermission &p) { onPermission(session, p); });
    connect(session, &Acp::ClientSession::permissionAnsweredByRule, this,
            [this, session](int row, const Acp::PermissionRule &rule) {
                m_printer.permissionByRule(session->transcript()->entry(row).toolCall.title,
                                           rule.decision == Acp::PermissionRule::Decision::Allow,
                                           rule.description());
            });
    connect(session, &Acp::ClientSession::turnEnded, this, [this](Acp::StopReason reason) {
        m_printer.finishText();
        if (m_options.format == TranscriptPrinter::Format::Json)
            m_printer.event({{QStringLiteral("event"), QStringLiteral("turn_end")},
                             {QStringLiteral("stopReason"), Acp::toString(reason)}});
        else if (reason != Acp::StopReason::EndTurn)
            m_printer.note(tr("[stopped] %1").arg(Acp::toString(reason)));
        finish(exitCodeFor(reason));
    });
    connect(session, &Acp::ClientSession::promptFailed, this,
            [this](const QString &message) { fail(AgentError, message); });
    m_controller.submit(m_options.prompt, {Acp::ContentBlock::fromText(m_options.prompt)});
}

void CliRunner::onPermission(Acp::ClientSession *session, const Acp::PendingPermission &permission)
{
    using Kind = Acp::PermissionOption::Kind;
    const auto pick = [&](std::initializer_list<Kind> kinds) -> QString {
        for (const Kind kind : kinds)
            for (const Acp::PermissionOption &o : permission.request.options)
                if (o.kind == kind)
                    return o.optionId;
        return {};
    };
    const QString title = toolTitle(permission);
    QString optionId;
    const auto kindOf = [&](const QString &id) {
        for (const Acp::PermissionOption &o : permission.request.options)
            if (o.optionId == id)
                return Acp::toString(o.kind);
        return id;
    };
    switch (m_options.permission) {
    case CliOptions::Permission::Allow:
        optionId = pick({Kind::AllowOnce, Kind::AllowAlways});
        break;
    case CliOptions::Permission::Reject:
        optionId = pick({Kind::RejectOnce, Kind::RejectAlways});
        break;
    case CliOptions::Permission::Ask:
        m_questions.append(permission);
        if (m_questions.size() == 1)
            askNext();
        return;
    }
    if (optionId.isEmpty()) {
        session->cancelPermission(permission.handle);
        m_printer.permission(title, tr("cancelled (no matching option)"));
        return;
    }
    session->answerPermission(permission.handle, optionId);
    m_printer.permission(title, kindOf(optionId));
}

QString CliRunner::toolTitle(const Acp::PendingPermission &permission) const
{
    // The request may carry only the tool call's id; the transcript row has its title.
    const Acp::TranscriptModel *model = m_session ? m_session->transcript() : nullptr;
    if (model && permission.toolCallRow >= 0 && permission.toolCallRow < model->rowCount())
        return model->entry(permission.toolCallRow).toolCall.title;
    return permission.request.toolCall.title.value_or(QString());
}

void CliRunner::askNext()
{
    if (m_questions.isEmpty())
        return;
    if (m_stdinClosed) {
        fail(UsageError, tr("stdin is closed: nobody can answer the permission question"));
        return;
    }
    const Acp::PendingPermission &p = m_questions.first();
    // The same numbers as the window's: 1 is a one-time allow, whatever the agent's order.
    QString question = tr("Permission: %1\n").arg(toolTitle(p));
    const auto numbered = Acp::PermissionOptions::numbered(p.request.options);
    for (const auto &[number, option] : numbered)
        question += QStringLiteral("  %1) %2\n")
                        .arg(number)
                        .arg(Acp::PermissionOptions::isAlways(option.kind)
                                 ? tr("%1 (this session)").arg(option.name)
                                 : option.name);
    question += numbered.isEmpty()
        ? tr("Choose: ")
        : tr("Choose %1-%2: ").arg(numbered.first().number).arg(numbered.last().number);
    std::fputs(qPrintable(question), stderr);
    std::fflush(stderr);
    if (!m_stdin) {
        m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        connect(m_stdin, &QSocketNotifier::activated, this, [this] {
            char buffer[256];
            const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n <= 0) {
                m_stdin->setEnabled(false);
                m_stdinClosed = true;
                if (!m_questions.isEmpty())
                    fail(UsageError, tr("stdin closed while a permission question was open"));
                return;
            }
            m_stdinBuffer.append(buffer, n);
            qsizetype nl;
            while ((nl = m_stdinBuffer.indexOf('\n')) >= 0 && !m_questions.isEmpty()) {
                const QByteArray line = m_stdinBuffer.left(nl).trimmed();
                m_stdinBuffer.remove(0, nl + 1);
                bool ok = false;
                const int choice = line.toInt(&ok);
                const Acp::PendingPermission p = m_questions.first();
                const auto numbered = Acp::PermissionOptions::numbered(p.request.options);
                const auto chosen = std::find_if(numbered.cbegin(), numbered.cend(),
                                                 [&](const auto &n) { return n.number == choice; });
                if (!ok || chosen == numbered.cend()) {
                    askNext();
                    continue;
                }
                m_questions.removeFirst();
                const Acp::PermissionOption option = chosen->option;
                if (m_session)
                    m_session->answerPermission(p.handle, option.optionId);
                m_printer.permission(toolTitle(p), Acp::toString(option.kind));
                askNext();
            }
        });
    }
}

void CliRunner::listSessions()
{
    std::optional<QString> cwd;
    if (!m_options.cwd.isEmpty() && !m_options.allFolders)
        cwd = m_options.cwd;
    const auto print = [this, cwd](const QList<Acp::SessionInfo> &listed, const QString &error) {
        if (!error.isEmpty())
            m_printer.note(tr("[warning] session/list failed: %1").arg(error));
        // Our index fills the gaps of the agent's list (or stands in for it).
        QList<Acp::StoredSession> local;
        if (m_store) {
            for (const Acp::StoredSession &s : m_store->sessions()) {
                if (s.agentKey == m_options.agent.name && (!cwd || QDir(s.cwd) == QDir(*cwd)))
                    local.append(s);
            }
        }
        const QList<Acp::StoredSession> sessions
            = Acp::mergeSessionLists(local, m_options.agent.name, listed);
        for (const Acp::StoredSession &s : sessions) {
            const QString updated = s.updatedAt.toUTC().toString(Qt::ISODate);
            if (m_options.format == TranscriptPrinter::Format::Json) {
                QJsonObject o{{QStringLiteral("sessionId"), s.sessionId},
                              {QStringLiteral("cwd"), s.cwd}};
                if (!s.title.isEmpty())
                    o.insert(QStringLiteral("title"), s.title);
                if (s.updatedAt.isValid())
                    o.insert(QStringLiteral("updatedAt"), updated);
                m_printer.event(o);
            } else {
                std::printf("%s\t%s\t%s\t%s\n", qPrintable(s.sessionId), qPrintable(updated),
                            qPrintable(s.cwd), qPrintable(s.title));
            }
        }
        std::fflush(stdout);
        finish(EndTurn);
    };
    Acp::AgentClient *client = m_controller.client();
    if (client->capabilities().sessionList)
        client->listSessions(cwd, print);
    else
        print({}, {});
}

void CliRunner::runSearch()
{
    if (!m_store) {
        finish(NothingFound);
        return;
    }
    m_store->search(
        m_options.prompt, SearchLimit, this,
        [this](const QList<Acp::HistorySearchHit> &hits, const QString &error) {
            if (!error.isEmpty()) {
                fail(SaveFailed, tr("the history cannot be searched: %1").arg(error));
                return;
            }
            for (const Acp::HistorySearchHit &hit : hits) {
                const Acp::StoredSession &s = hit.session;
                if (m_options.format == TranscriptPrinter::Format::Json) {
                    QJsonArray matches;
                    for (const auto &[start, length] : hit.highlights)
                        matches.append(QJsonArray{start, length});
                    QJsonObject o{{QStringLiteral("sessionId"), s.sessionId},
                                  {QStringLiteral("agent"), s.agentKey},
                                  {QStringLiteral("cwd"), s.cwd},
                                  {QStringLiteral("entry"), hit.entry},
                                  {QStringLiteral("excerpt"), hit.excerpt},
                                  {QStringLiteral("matches"), matches}};
                    if (!s.title.isEmpty())
                        o.insert(QStringLiteral("title"), s.title);
                    if (s.updatedAt.isValid())
                        o.insert(QStringLiteral("updatedAt"),
                                 s.updatedAt.toUTC().toString(Qt::ISODate));
                    m_printer.event(o);
                } else {
                    // Tabs separate the fields (as in `sessions`): none inside them.
                    const auto field = [](QString text) {
                        return text.replace(QLatin1Char('\t'), QLatin1Char(' '));
                    };
                    std::printf("%s\t%d\t%s\t%s\t%s\t%s\n", qPrintable(field(s.sessionId)),
                                hit.entry, qPrintable(field(s.agentKey)), qPrintable(field(s.cwd)),
                                qPrintable(field(s.title)), qPrintable(field(hit.excerpt)));
                }
            }
            std::fflush(stdout);
            finish(hits.isEmpty() ? NothingFound : EndTurn);
        });
}

void CliRunner::interrupt()
{
    ++m_interrupts;
    if (m_interrupts == 1 && m_session
        && m_session->turnState() == Acp::ClientSession::TurnState::Running) {
        m_printer.note(tr("[cancelling; press Ctrl+C again to stop the agent]"));
        m_session->cancel();
        return;
    }
    finish(Cancelled);
}

void CliRunner::terminate()
{
    m_printer.note(tr("[terminated; the session is saved]"));
    if (m_session && m_session->turnState() == Acp::ClientSession::TurnState::Running)
        m_session->cancel();
    finish(Cancelled);
}

void CliRunner::fail(int code, const QString &message,
                     const std::optional<Acp::RpcError> &agentError)
{
    if (m_finished)
        return;
    m_printer.finishText();
    if (m_options.format == TranscriptPrinter::Format::Json) {
        QJsonObject event{{QStringLiteral("event"), QStringLiteral("error")},
                          {QStringLiteral("message"), message},
                          {QStringLiteral("exitCode"), code}};
        if (agentError)
            event.insert(QStringLiteral("agentError"), agentError->toJson());
        m_printer.event(event);
    }
    std::fprintf(stderr, "switchboard-cli: %s\n", qPrintable(message));
    if (const QString data = agentError ? agentError->dataText() : QString(); !data.isEmpty())
        std::fprintf(stderr, "switchboard-cli: the agent's details: %s\n", qPrintable(data));
    finish(code);
}

void CliRunner::finish(int code)
{
    if (m_finished)
        return;
    m_finished = true;
    m_controller.saveNow();
    Q_EMIT finished(code);
}

} // namespace Cli
