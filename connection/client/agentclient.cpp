#include "agentclient.h"

#include "clientlogging.h"
#include "elicitationform.h"
#include "filesystemservice.h"
#include "mcpservers.h"
#include "methods.h"
#include "permissionrules.h"
#include "terminalservice.h"
#include "typedcall.h"
#include "updatedecoder.h"

#include <QDir>
#include <QScopeGuard>

namespace Acp {

// Wraps a handler of typed params: invalid params get -32602 with the parser's explanation.
template<typename Params, typename Handler>
static Connection::RequestHandler parsed(Handler handler)
{
    return [handler](const InboundRequest &request) {
        QString error;
        const auto params = Json::parse<Params>(request.params(), &error);
        if (!params) {
            request.fail({ErrorCode::InvalidParams, error, {}});
            return;
        }
        handler(request, *params);
    };
}

ClientCapabilities AgentClient::Options::defaultCapabilities()
{
    ClientCapabilities caps;
    caps.readTextFile = true;
    caps.writeTextFile = true;
    caps.terminal = true;
    caps.booleanConfigOptions = true;
    caps.elicitationForm = true;
    caps.elicitationUrl = true;
    // Agents that run commands themselves stream the output in a tool call's `_meta`
    // (codex-acp; claude-agent-acp only when asked): it is shown like our own terminals'.
    caps.meta.insert(QStringLiteral("terminal_output"), true);
    return caps;
}

AgentClient::AgentClient(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_connection(UpdateDecoder::decodingUpdates(m_options.connection), this)
    , m_files(new FileSystemService(this))
    , m_terminals(new TerminalService(this))
{
    registerFileHandlers();
    registerTerminalHandlers();
    registerElicitationHandler();
    connect(&m_connection, &Connection::notificationReceived, this, &AgentClient::onNotification);
    connect(&m_connection, &Connection::disconnected, this, [this](const DisconnectCause &cause) {
        if (m_state == State::Initializing)
            m_error = tr("The agent stopped before it was ready: %1").arg(cause.description());
        setState(State::Disconnected);
        Q_EMIT disconnected(cause);
    });
    connect(&m_connection, &Connection::inboundRequestCancelled, this, [this](quint64 handle) {
        if (m_elicitations.take(handle))
            Q_EMIT elicitationResolved(handle);
        for (const auto &session : std::as_const(m_sessions)) {
            if (session)
                session->onInboundCancelled(handle);
        }
    });
    m_connection.setRequestHandler(
        Method::RequestPermission, this,
        parsed<RequestPermissionRequest>(
            [this](const InboundRequest &request, const RequestPermissionRequest &params) {
                if (ClientSession *s = sessionFor(request, request.params()))
                    s->handlePermission(request, params);
            }));
}

AgentClient::~AgentClient() = default;

void AgentClient::registerElicitationHandler()
{
    const ClientCapabilities &caps = m_options.capabilities;
    if (!caps.elicitationForm && !caps.elicitationUrl)
        return;
    m_connection.setRequestHandler(
        Method::ElicitationCreate, this,
        parsed<CreateElicitationRequest>([this](const InboundRequest &request,
                                                const CreateElicitationRequest &params) {
            const ClientCapabilities &caps = m_options.capabilities;
            const bool advertised
                = (params.mode == CreateElicitationRequest::Mode::Form && caps.elicitationForm)
                || (params.mode == CreateElicitationRequest::Mode::Url && caps.elicitationUrl);
            if (!advertised) {
                request.fail({ErrorCode::InvalidParams, tr("elicitation mode not supported"), {}});
                return;
            }
            if (params.sessionId && !sessionFor(request, request.params()))
                return;
            PendingElicitation pending{request.handle(), params};
            m_elicitations.add(request, pending);
            Q_EMIT elicitationRequested(pending);
        }));
}

QString AgentClient::answerElicitation(quint64 handle, const CreateElicitationResponse &response)
{
    const PendingElicitation *pending = m_elicitations.find(handle);
    if (!pending)
        return tr("This request is no longer open.");
    if (response.action == CreateElicitationResponse::Action::Accept
        && pending->request.mode == CreateElicitationRequest::Mode::Form) {
        const QString problem
            = ElicitationForm::validate(pending->request.requestedSchema, response.content);
        if (!problem.isEmpty())
            return problem; // nothing is sent: the user corrects the form
    }
    m_elicitations.take(handle)->first.respond(write(response));
    Q_EMIT elicitationResolved(handle);
    return {};
}

void AgentClient::registerTerminalHandlers()
{
    if (!m_options.capabilities.terminal)
        return;
    m_connection.setRequestHandler(
        Method::TerminalCreate, this,
        parsed<CreateTerminalRequest>(
            [this](const InboundRequest &request, const CreateTerminalRequest &params) {
                if (ClientSession *s = sessionFor(request, request.params()))
                    m_terminals->create(request, params, {s->sessionId(), s->cwd(), s->roots()});
            }));
    // The other four take the session and terminal ids only.
    using Serve
        = std::function<void(TerminalService *, const InboundRequest &, const TerminalRequest &)>;
    const auto serve = [this](const QString &method, Serve handler) {
        m_connection.setRequestHandler(method, this,
                                       parsed<TerminalRequest>([this, handler = std::move(handler)](
                                                                   const InboundRequest &request,
                                                                   const TerminalRequest &params) {
                                           if (sessionFor(request, request.params()))
                                               handler(m_terminals, request, params);
                                       }));
    };
    serve(Method::TerminalOutput,
          [](TerminalService *t, const InboundRequest &r, const TerminalRequest &p) {
              t->output(r, p);
          });
    serve(Method::TerminalWaitForExit,
          [](TerminalService *t, const InboundRequest &r, const TerminalRequest &p) {
              t->waitForExit(r, p);
          });
    serve(Method::TerminalKill,
          [](TerminalService *t, const InboundRequest &r, const TerminalRequest &p) {
              t->kill(r, p);
          });
    serve(Method::TerminalRelease,
          [](TerminalService *t, const InboundRequest &r, const TerminalRequest &p) {
              t->release(r, p);
          });
}

void AgentClient::registerFileHandlers()
{
    // Only what we advertise is served; anything else gets -32601 from the connection.
    if (m_options.capabilities.readTextFile) {
        m_connection.setRequestHandler(
            Method::ReadTextFile, this,
            parsed<ReadTextFileRequest>(
                [this](const InboundRequest &request, const ReadTextFileRequest &params) {
                    ClientSession *s = sessionFor(request, request.params());
                    if (!s)
                        return;
                    m_files->read(params, s->roots(), s,
                                  [request](const FileSystemService::ReadResult &result) {
                                      if (const auto *text = std::get_if<QString>(&result))
                                          request.respond(write(ReadTextFileResponse{*text, {}}));
                                      else
                                          request.fail(std::get<RpcError>(result));
                                  });
                }));
    }
    if (m_options.capabilities.writeTextFile) {
        m_connection.setRequestHandler(
            Method::WriteTextFile, this,
            parsed<WriteTextFileRequest>(
                [this](const InboundRequest &request, const WriteTextFileRequest &params) {
                    if (ClientSession *s = sessionFor(request, request.params()))
                        s->handleWrite(request, params);
                }));
    }
}

void AgentClient::start(const ProcessOptions &process)
{
    setState(State::Initializing);
    ProcessOptions options = process;
    if (options.sandbox.isOn()) {
        // Nothing outside the sandbox is writable, /tmp included: the agent's temporary files
        // go to a folder of its own, removed with this client.
        m_temporary = std::make_unique<QTemporaryDir>(
            QDir(QDir::tempPath()).filePath(QStringLiteral("switchboard-agent-XXXXXX")));
        if (m_temporary->isValid()) {
            options.sandbox.temporary = m_temporary->path();
            if (options.environment.isEmpty())
                options.environment = QProcessEnvironment::systemEnvironment();
            options.sandbox.useTemporary(options.environment);
        }
    }
    m_sandbox = options.sandbox;
    m_terminals->setSandbox(m_sandbox);
    m_connection.startProcess(options);
    initialize();
}

void AgentClient::start(Connection::TransportFactory factory)
{
    setState(State::Initializing);
    m_connection.start(std::move(factory));
    initialize();
}

void AgentClient::shutdown()
{
    for (const auto &session : std::as_const(m_sessions)) {
        if (session)
            session->markClosed();
    }
    m_connection.shutdown();
}

void AgentClient::kill()
{
    for (const auto &session : std::as_const(m_sessions)) {
        if (session)
            session->markClosed();
    }
    m_connection.kill();
}

void AgentClient::initialize()
{
    const InitializeRequest request{
        ProtocolVersion, m_options.capabilities, m_options.clientInfo, {}};
    call(
        m_connection, Calls::Initialize, request, this,
        [this](const Reply<InitializeResponse> &reply) {
            if (!reply.response.isSuccess()) {
                fail(tr("The agent did not initialize: %1").arg(describe(reply.response)));
                return;
            }
            const std::optional<InitializeResponse> &parsed = reply.result;
            if (!parsed) {
                fail(tr("The agent's initialize answer is invalid: %1").arg(reply.invalid));
                return;
            }
            if (parsed->protocolVersion != ProtocolVersion) {
                // PROTOCOL.md 4: a version we do not implement means disconnect and tell the user.
                fail(tr("The agent speaks ACP version %1; Switchboard speaks version %2.")
                         .arg(parsed->protocolVersion)
                         .arg(ProtocolVersion));
                m_connection.shutdown();
                return;
            }
            m_agent = *parsed;
            setState(State::Ready);
        },
        m_options.initializeTimeout);
}

void AgentClient::fail(const QString &message)
{
    m_error = message;
    qCWarning(lcAcpSession).noquote() << message;
    setState(State::Failed);
}

void AgentClient::setState(State state)
{
    if (m_state == state)
        return;
    // Once failed, a later disconnect does not hide why.
    if (m_state == State::Failed && state == State::Disconnected)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

QString AgentClient::describe(const Response &response) const
{
    if (response.status == Response::Status::TimedOut)
        return tr("it did not answer in time");
    QString text = response.error.message;
    if (response.status == Response::Status::AgentError)
        text += QStringLiteral(" (%1)").arg(response.error.code);
    return text;
}

QList<AuthMethod> AgentClient::offeredAuthMethods() const
{
    QList<AuthMethod> methods;
    for (const AuthMethod &method : m_agent.authMethods) {
        if (method.type == AuthMethod::Type::Agent
            || (method.type == AuthMethod::Type::Terminal && m_options.capabilities.terminalAuth))
            methods.append(method);
    }
    return methods;
}

void AgentClient::authenticate(const QString &methodId, DoneCallback done)
{
    const auto methods = offeredAuthMethods();
    const auto it = std::find_if(methods.cbegin(), methods.cend(),
                                 [&](const AuthMethod &m) { return m.id == methodId; });
    if (it == methods.cend() || it->type != AuthMethod::Type::Agent) {
        // Terminal methods are run by the client, never passed to authenticate (PROTOCOL.md 4).
        done(tr("The agent did not offer \"%1\" as a login method.").arg(methodId));
        return;
    }
    call(m_connection, Calls::Authenticate, AuthenticateRequest{methodId, {}}, this,
         [this, done](const Reply<EmptyMessage> &reply) {
             if (reply.ok())
                 m_authRequired = false;
             done(reply.ok() ? QString() : describe(reply.response));
         });
}

ProcessOptions AgentClient::terminalLoginCommand(const ProcessOptions &agent,
                                                 const AuthMethod &method)
{
    ProcessOptions login = agent;
    login.arguments += method.args;
    QProcessEnvironment env = agent.environment.isEmpty() ? QProcessEnvironment::systemEnvironment()
                                                          : agent.environment;
    for (auto it = method.env.cbegin(); it != method.env.cend(); ++it)
        env.insert(it.key(), it.value());
    login.environment = env;
    return login;
}

void AgentClient::logout(DoneCallback done)
{
    if (!capabilities().logout) {
        done(tr("The agent does not support logging out."));
        return;
    }
    call(m_connection, Calls::Logout, EmptyMessage{}, this,
         [this, done](const Reply<EmptyMessage> &reply) {
             if (reply.ok())
                 m_authRequired = true;
             done(reply.ok() ? QString() : describe(reply.response));
         });
}

std::optional<QString> AgentClient::gateSetup(SessionSetup &setup, const QString &method) const
{
    const AgentCapabilities &caps = capabilities();
    if (m_state != State::Ready)
        return tr("The agent is not ready.");
    if (method == Method::SessionLoad && !caps.loadSession)
        return tr("This agent cannot load earlier sessions.");
    if (method == Method::SessionResume && !caps.sessionResume)
        return tr("This agent cannot resume sessions.");
    if (!setup.additionalDirectories.isEmpty() && !caps.additionalDirectories)
        return tr("This agent does not support additional directories.");
    // MCP servers the agent cannot take are left out (callers tell the user: McpServers::select).
    const McpSelection mcp = McpServers::select(setup.mcpServers, caps);
    for (const SkippedMcpServer &skipped : mcp.skipped)
        qCInfo(lcAcpSession) << "MCP server" << skipped.server.name << "skipped:" << skipped.reason;
    setup.mcpServers = mcp.passed;
    return std::nullopt;
}

void AgentClient::newSession(const SessionSetup &setup, SessionCallback done)
{
    SessionSetup s = setup;
    s.sessionId.reset();
    openSession(Calls::SessionNew, s, std::move(done));
}

void AgentClient::loadSession(const SessionSetup &setup, SessionCallback done)
{
    openSession(Calls::SessionLoad, setup, std::move(done));
}

void AgentClient::resumeSession(const SessionSetup &setup, SessionCallback done)
{
    openSession(Calls::SessionResume, setup, std::move(done));
}

void AgentClient::openSession(const Call<SessionSetup, SessionSetupResult> &opening,
                              const SessionSetup &setup, SessionCallback done)
{
    const QString &method = opening.method;
    SessionSetup gated = setup;
    if (const auto problem = gateSetup(gated, method)) {
        done(nullptr, {*problem, {}});
        return;
    }
    QPointer<ClientSession> existing;
    if (method != Method::SessionNew) {
        if (!gated.sessionId || gated.sessionId->isEmpty()) {
            done(nullptr, {tr("No session id given."), {}});
            return;
        }
        // The session exists before the request, so that a load's replay lands in it.
        auto *session = new ClientSession(sessionServices(), *gated.sessionId, gated, this);
        m_sessions.insert(*gated.sessionId, session);
        existing = session;
    } else {
        ++m_openingSessions;
    }
    const auto timeout
        = method == Method::SessionNew ? m_options.newSessionTimeout : std::chrono::milliseconds(0);
    const RequestHandle handle = call(
        m_connection, opening, gated, this,
        [this, method, gated, existing, done](const Reply<SessionSetupResult> &reply) {
            const Response &response = reply.response;
            if (method == Method::SessionNew)
                --m_openingSessions;
            if (gated.sessionId)
                m_opening.remove(*gated.sessionId);
            // Early updates are kept only while a session/new is outstanding.
            const auto dropEarly = qScopeGuard([this] {
                if (m_openingSessions == 0)
                    m_early.clear();
            });
            if (!response.isSuccess()) {
                if (existing) {
                    m_sessions.remove(existing->sessionId());
                    delete existing.data();
                }
                if (response.error.code == ErrorCode::AuthRequired) {
                    m_authRequired = true;
                    Q_EMIT authenticationRequired(offeredAuthMethods());
                    done(nullptr, {tr("The agent requires you to log in first."), response.error});
                    return;
                }
                done(nullptr,
                     {describe(response),
                      response.status == Response::Status::AgentError
                          ? std::optional<RpcError>(response.error)
                          : std::nullopt});
                return;
            }
            const std::optional<SessionSetupResult> &result = reply.result;
            if (!result || (method == Method::SessionNew && !result->sessionId)) {
                if (existing) {
                    m_sessions.remove(existing->sessionId());
                    delete existing.data();
                }
                done(nullptr,
                     {tr("The agent's answer is invalid: %1")
                          .arg(reply.invalid.isEmpty() ? tr("no session id") : reply.invalid),
                      {}});
                return;
            }
            ClientSession *session = existing.data();
            if (!session) {
                session = new ClientSession(sessionServices(), *result->sessionId, gated, this);
                m_sessions.insert(session->sessionId(), session);
                const QList<SessionUpdate> early = m_early.take(session->sessionId());
                for (const SessionUpdate &update : early)
                    session->applyUpdate(update);
            }
            session->applySetupResult(*result);
            Q_EMIT sessionAdded(session);
            done(session, {});
        },
        timeout);
    if (method != Method::SessionNew)
        m_opening.insert(*gated.sessionId, handle);
}

bool AgentClient::cancelOpening(const QString &sessionId)
{
    const auto it = m_opening.find(sessionId);
    if (it == m_opening.end())
        return false;
    it->cancel();
    m_opening.erase(it);
    if (QPointer<ClientSession> session = m_sessions.take(sessionId))
        delete session.data();
    return true;
}

void AgentClient::listSessions(const std::optional<QString> &cwd, ListCallback done)
{
    if (m_state != State::Ready || !capabilities().sessionList) {
        done({}, tr("This agent cannot list its sessions."));
        return;
    }
    listPage(cwd, std::nullopt, std::make_shared<QList<SessionInfo>>(), std::move(done));
}

void AgentClient::listPage(const std::optional<QString> &cwd, const std::optional<QString> &cursor,
                           std::shared_ptr<QList<SessionInfo>> collected, ListCallback done)
{
    call(m_connection, Calls::SessionList, ListSessionsRequest{cwd, cursor, {}}, this,
         [this, cwd, collected, done](const Reply<ListSessionsResponse> &reply) {
             if (!reply.response.isSuccess()) {
                 done(*collected, describe(reply.response));
                 return;
             }
             const std::optional<ListSessionsResponse> &page = reply.result;
             if (!page) {
                 done(*collected, reply.invalid);
                 return;
             }
             collected->append(page->sessions);
             // Cursors are opaque: passed back as they came, never kept (PROTOCOL.md 5.6).
             if (page->nextCursor && !page->nextCursor->isEmpty())
                 listPage(cwd, page->nextCursor, collected, done);
             else
                 done(*collected, QString());
         });
}

void AgentClient::deleteSession(const QString &sessionId, DoneCallback done)
{
    if (!capabilities().sessionDelete) {
        done(tr("This agent cannot delete sessions."));
        return;
    }
    call(m_connection, Calls::SessionDelete, SessionIdParams{sessionId, {}}, this,
         [this, sessionId, done](const Reply<EmptyMessage> &reply) {
             if (reply.ok()) {
                 if (ClientSession *s = session(sessionId))
                     s->markClosed();
             }
             done(reply.ok() ? QString() : describe(reply.response));
         });
}

QList<ClientSession *> AgentClient::sessions() const
{
    QList<ClientSession *> result;
    for (const auto &session : m_sessions) {
        if (session)
            result.append(session.data());
    }
    return result;
}

ClientSession *AgentClient::session(const QString &sessionId) const
{
    return m_sessions.value(sessionId).data();
}

SessionServices AgentClient::sessionServices()
{
    return {&m_connection, m_files, m_terminals, m_rules, m_options.agentKey, capabilities()};
}

ClientSession *AgentClient::sessionFor(const InboundRequest &request, const QJsonValue &params)
{
    const QString sessionId = params.toObject().value(QStringLiteral("sessionId")).toString();
    ClientSession *s = session(sessionId);
    if (!s || s->isClosed()) {
        request.fail({ErrorCode::InvalidParams, tr("unknown session: %1").arg(sessionId), {}});
        return nullptr;
    }
    return s;
}

void AgentClient::onNotification(const Notification &notification)
{
    if (notification.method == Method::ElicitationComplete) {
        Q_EMIT elicitationCompleted(
            notification.params.toObject().value(QStringLiteral("elicitationId")).toString());
        return;
    }
    if (notification.method == SkippedMessageMethod) {
        // Ours, not the agent's: the session it names hears of it, or every session when the
        // line's start did not say.
        const QJsonObject about = notification.params.toObject();
        if (ClientSession *s = session(about.value(QStringLiteral("sessionId")).toString())) {
            s->noteSkippedMessage(about);
            return;
        }
        for (ClientSession *s : sessions())
            s->noteSkippedMessage(about);
        return;
    }
    if (notification.method != Method::SessionUpdate)
        return; // extension notifications are ignored
    // Decoded on the connection's thread already (UpdateDecoder::decodingUpdates()).
    QString error;
    const SessionNotification *parsed = UpdateDecoder::decoded(notification, &error);
    if (!parsed) {
        qCWarning(lcAcpSession).noquote() << "ignoring an invalid session/update:" << error;
        return;
    }
    if (ClientSession *s = session(parsed->sessionId)) {
        s->applyUpdate(parsed->update);
        return;
    }
    if (m_openingSessions > 0) {
        m_early[parsed->sessionId].append(parsed->update);
        return;
    }
    // Updates for another, unknown session never land anywhere.
    qCDebug(lcAcpSession) << "session/update for unknown session" << parsed->sessionId;
}

} // namespace Acp
