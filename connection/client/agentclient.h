#pragma once

#include "clientsession.h"
#include "connection.h"
#include "initialize.h"
#include "permissionrules.h"

#include <QObject>
#include <QPointer>
#include <QTemporaryDir>

#include <chrono>
#include <functional>

namespace Acp {

class FileSystemService;

// An elicitation waiting for the user: a form to fill or a URL to open.
struct PendingElicitation
{
    quint64 handle = 0;
    CreateElicitationRequest request;
};
class TerminalService;

// One agent connection and its sessions: runs the ACP lifecycle (initialize with our version
// and capabilities, authentication when the agent asks for it, then sessions), routes the
// agent's notifications and requests to the right session, and never calls a method or sends
// content the agent did not advertise. Headless: Qt Core only.
class AgentClient final : public QObject
{
    Q_OBJECT
public:
    enum class State {
        NotStarted,
        Initializing,
        Ready, // initialized; sessions may be opened
        Failed, // initialize failed or the version is unsupported; see errorString()
        Disconnected, // the agent went away; see connection()->disconnectCause()
    };
    Q_ENUM(State)

    struct Options
    {
        ClientCapabilities capabilities = defaultCapabilities();
        Implementation clientInfo{QStringLiteral("switchboard"),
                                  QStringLiteral(SWITCHBOARD_VERSION),
                                  QStringLiteral("Switchboard"),
                                  {}};
        ConnectionOptions connection;
        // A name for remembered permission decisions (the agent profile).
        QString agentKey = QStringLiteral("default");
        // An agent that never answers these is given up on (and the user told). Generous:
        // an agent started through npx may first download itself. A load, a resume and a
        // prompt have no limit: they may rightly take long, and the user can stop them.
        std::chrono::milliseconds initializeTimeout = std::chrono::minutes(2);
        std::chrono::milliseconds newSessionTimeout = std::chrono::minutes(1);

        static ClientCapabilities defaultCapabilities();
    };

    // Why a session could not be opened: in words, and the agent's own error when it answered
    // with one (its code and `data`, for the front ends to show and for scripts).
    struct OpenError
    {
        QString message;
        std::optional<RpcError> agentError;
    };
    using SessionCallback = std::function<void(ClientSession *session, const OpenError &error)>;
    using DoneCallback = std::function<void(const QString &error)>;
    using ListCallback
        = std::function<void(const QList<SessionInfo> &sessions, const QString &error)>;

    explicit AgentClient(Options options, QObject *parent = nullptr);
    ~AgentClient() override;

    // Starts the agent and initializes it; stateChanged() reports the outcome. With a sandbox,
    // the agent gets a private temporary folder (TMPDIR) that goes with this client, and the
    // commands it runs through terminal/create get the same sandbox.
    void start(const ProcessOptions &process);
    // The sandbox the agent was started in (off until start()).
    const Sandbox &sandbox() const { return m_sandbox; }
    void start(Connection::TransportFactory factory);
    void shutdown();
    // Ends the agent at once (Connection::kill()): the user's Force Stop.
    void kill();

    State state() const { return m_state; }
    QString errorString() const { return m_error; }
    Connection *connection() { return &m_connection; }
    const Connection *connection() const { return &m_connection; }
    const InitializeResponse &agent() const { return m_agent; }
    const AgentCapabilities &capabilities() const { return m_agent.agentCapabilities; }
    const Options &options() const { return m_options; }
    // Auth methods this client can offer: agent-run ones, and terminal ones when advertised.
    QList<AuthMethod> offeredAuthMethods() const;
    bool isAuthenticationRequired() const { return m_authRequired; }

    void authenticate(const QString &methodId, DoneCallback done);
    // For a terminal-type auth method (PROTOCOL.md 4): the agent's own command with the
    // method's args appended and its env laid over ours. The UI runs it in an interactive
    // terminal; exit code 0 means success, after which the agent is restarted and initialized.
    static ProcessOptions terminalLoginCommand(const ProcessOptions &agent,
                                               const AuthMethod &method);
    void logout(DoneCallback done);

    // Opens a session. On -32000 (authentication required) the error says so and
    // authenticationRequired() fires; call again after authenticate() with the same setup.
    void newSession(const SessionSetup &setup, SessionCallback done);
    // session/load: the replay is applied to the returned session's transcript, and `done`
    // runs once every replayed update before the response has been applied (the barrier).
    void loadSession(const SessionSetup &setup, SessionCallback done);
    void resumeSession(const SessionSetup &setup, SessionCallback done);
    // Gives up on a load or resume still under way: the agent gets $/cancel_request, the
    // half-loaded session is dropped, and `done` never runs. Returns whether one was open.
    bool cancelOpening(const QString &sessionId);
    // All pages of session/list (cursor paging), optionally filtered by cwd.
    void listSessions(const std::optional<QString> &cwd, ListCallback done);
    void deleteSession(const QString &sessionId, DoneCallback done);

    QList<ClientSession *> sessions() const;
    ClientSession *session(const QString &sessionId) const;

    // Elicitations (PROTOCOL.md 6.5): answered by the UI; a form's content is validated first.
    QList<PendingElicitation> pendingElicitations() const { return m_elicitations.items(); }
    // Returns the problem with a form answer (nothing is sent then), or an empty string.
    QString answerElicitation(quint64 handle, const CreateElicitationResponse &response);

    FileSystemService *files() const { return m_files; }
    TerminalService *terminals() const { return m_terminals; }
    PermissionRules *permissionRules() const { return m_rules; }
    // For the sessions opened from now on (each keeps the services it was given).
    void setPermissionRules(PermissionRules *rules) { m_rules = rules; }

Q_SIGNALS:
    void stateChanged(Acp::AgentClient::State state);
    void authenticationRequired(const QList<Acp::AuthMethod> &methods);
    void sessionAdded(Acp::ClientSession *session);
    void disconnected(const Acp::DisconnectCause &cause);
    void elicitationRequested(const Acp::PendingElicitation &elicitation);
    void elicitationResolved(quint64 handle);
    // elicitation/complete: the out-of-band URL flow `elicitationId` finished.
    void elicitationCompleted(const QString &elicitationId);

private:
    void initialize();
    void setState(State state);
    void fail(const QString &message);
    void onNotification(const Notification &notification);
    void openSession(const Call<SessionSetup, SessionSetupResult> &opening,
                     const SessionSetup &setup, SessionCallback done);
    SessionServices sessionServices();
    std::optional<QString> gateSetup(SessionSetup &setup, const QString &method) const;
    ClientSession *sessionFor(const InboundRequest &request, const QJsonValue &params);
    void listPage(const std::optional<QString> &cwd, const std::optional<QString> &cursor,
                  std::shared_ptr<QList<SessionInfo>> collected, ListCallback done);
    QString describe(const Response &response) const;
    void registerFileHandlers();
    void registerTerminalHandlers();
    void registerElicitationHandler();

    Options m_options;
    Connection m_connection;
    State m_state = State::NotStarted;
    QString m_error;
    InitializeResponse m_agent;
    bool m_authRequired = false;
    QHash<QString, QPointer<ClientSession>> m_sessions;
    QHash<QString, RequestHandle> m_opening; // loads and resumes under way, by session id
    // Updates for a session id we do not know yet (they may precede the session/new answer).
    QHash<QString, QList<SessionUpdate>> m_early;
    int m_openingSessions = 0;
    QPointer<PermissionRules> m_rules; // not owned
    Sandbox m_sandbox;
    std::unique_ptr<QTemporaryDir> m_temporary; // the sandboxed agent's TMPDIR
    FileSystemService *m_files = nullptr; // owned (child)
    TerminalService *m_terminals = nullptr; // owned (child)
    PendingRequests<PendingElicitation> m_elicitations;
};

} // namespace Acp

Q_DECLARE_METATYPE(Acp::PendingElicitation)
