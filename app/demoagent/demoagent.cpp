#include "demoagent.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

#include <unistd.h>

namespace {

const QString Version = QStringLiteral(SWITCHBOARD_VERSION);

QJsonObject textContent(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}

QJsonObject modes(const QString &current)
{
    return {
        {QStringLiteral("currentModeId"), current},
        {QStringLiteral("availableModes"),
         QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("ask")},
                                {QStringLiteral("name"), QStringLiteral("Ask")},
                                {QStringLiteral("description"),
                                 QStringLiteral("Read and answer, change nothing")}},
                    QJsonObject{{QStringLiteral("id"), QStringLiteral("code")},
                                {QStringLiteral("name"), QStringLiteral("Code")},
                                {QStringLiteral("description"),
                                 QStringLiteral("Edit files and run commands, asking first")}}}}};
}

QJsonArray configOptions(const QString &model)
{
    return {QJsonObject{
        {QStringLiteral("type"), QStringLiteral("select")},
        {QStringLiteral("id"), QStringLiteral("model")},
        {QStringLiteral("name"), QStringLiteral("Model")},
        {QStringLiteral("category"), QStringLiteral("model")},
        {QStringLiteral("currentValue"), model},
        {QStringLiteral("options"),
         QJsonArray{
             QJsonObject{{QStringLiteral("value"), QStringLiteral("demo-fast")},
                         {QStringLiteral("name"), QStringLiteral("Demo (fast)")}},
             QJsonObject{{QStringLiteral("value"), QStringLiteral("demo-thorough")},
                         {QStringLiteral("name"), QStringLiteral("Demo (thorough, slower)")}}}}}};
}

} // namespace

DemoAgent::DemoAgent(QObject *parent)
    : QObject(parent)
{
    const QString fromEnv = qEnvironmentVariable("SWITCHBOARD_DEMO_AGENT_DATA");
    m_dataDir.setPath(fromEnv.isEmpty()
                          ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                          : fromEnv);
    m_dataDir.mkpath(QStringLiteral("sessions"));
    m_in.open(stdin, QIODevice::ReadOnly | QIODevice::Unbuffered);
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &DemoAgent::readInput);
}

void DemoAgent::readInput()
{
    char chunk[65536];
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n <= 0) {
        // The client closed our input: leave, like an agent should.
        m_notifier->setEnabled(false);
        QCoreApplication::quit();
        return;
    }
    m_buffer.append(chunk, n);
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(newline).trimmed();
        m_buffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            handle(doc.object());
        else
            qWarning("demo agent: ignoring a line that is not a JSON object");
    }
}

void DemoAgent::send(const QJsonObject &message)
{
    QByteArray line = QJsonDocument(message).toJson(QJsonDocument::Compact);
    line.append('\n');
    qsizetype done = 0;
    while (done < line.size()) {
        const ssize_t n
            = ::write(STDOUT_FILENO, line.constData() + done, size_t(line.size() - done));
        if (n <= 0)
            return;
        done += n;
    }
}

void DemoAgent::respond(const QJsonValue &id, const QJsonValue &result)
{
    send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
          {QStringLiteral("id"), id},
          {QStringLiteral("result"), result}});
}

void DemoAgent::fail(const QJsonValue &id, int code, const QString &message)
{
    send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
          {QStringLiteral("id"), id},
          {QStringLiteral("error"),
           QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}});
}

void DemoAgent::request(const QString &method, const QJsonObject &params, Reply reply)
{
    const qint64 id = ++m_nextId;
    m_replies.insert(id, std::move(reply));
    send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
          {QStringLiteral("id"), id},
          {QStringLiteral("method"), method},
          {QStringLiteral("params"), params}});
}

void DemoAgent::notify(Session &session, const QJsonObject &update, bool storeIt)
{
    send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
          {QStringLiteral("method"), QStringLiteral("session/update")},
          {QStringLiteral("params"),
           QJsonObject{{QStringLiteral("sessionId"), session.id},
                       {QStringLiteral("update"), update}}}});
    if (storeIt)
        store(session, update);
}

void DemoAgent::handle(const QJsonObject &message)
{
    const QJsonValue id = message.value(QStringLiteral("id"));
    const QString method = message.value(QStringLiteral("method")).toString();
    if (!method.isEmpty()) {
        const QJsonObject params = message.value(QStringLiteral("params")).toObject();
        if (id.isUndefined()) {
            if (method == QLatin1String("session/cancel"))
                cancel(params.value(QStringLiteral("sessionId")).toString());
            return; // other notifications are ignored
        }
        handleRequest(id, method, params);
        return;
    }
    const auto reply = m_replies.take(id.toInteger());
    if (reply)
        reply(message);
}

void DemoAgent::handleRequest(const QJsonValue &id, const QString &method,
                              const QJsonObject &params)
{
    if (method == QLatin1String("initialize")) {
        m_clientCapabilities = params.value(QStringLiteral("clientCapabilities")).toObject();
        respond(id,
                QJsonObject{
                    {QStringLiteral("protocolVersion"), 1},
                    {QStringLiteral("agentCapabilities"),
                     QJsonObject{{QStringLiteral("loadSession"), true},
                                 {QStringLiteral("promptCapabilities"),
                                  QJsonObject{{QStringLiteral("image"), true},
                                              {QStringLiteral("embeddedContext"), true}}},
                                 {QStringLiteral("sessionCapabilities"),
                                  QJsonObject{{QStringLiteral("list"), QJsonObject()},
                                              {QStringLiteral("close"), QJsonObject()}}}}},
                    {QStringLiteral("authMethods"), QJsonArray()},
                    {QStringLiteral("agentInfo"),
                     QJsonObject{
                         {QStringLiteral("name"), QStringLiteral("switchboard-demo-agent")},
                         {QStringLiteral("title"), QStringLiteral("Demo agent (scripted, no AI)")},
                         {QStringLiteral("version"), Version}}}});
    } else if (method == QLatin1String("session/new")) {
        respond(id, newSession(params));
    } else if (method == QLatin1String("session/load")) {
        loadSession(id, params);
    } else if (method == QLatin1String("session/list")) {
        respond(id, listSessions(params));
    } else if (method == QLatin1String("session/close")) {
        const QString sessionId = params.value(QStringLiteral("sessionId")).toString();
        cancel(sessionId);
        m_sessions.remove(sessionId);
        respond(id, QJsonObject());
    } else if (method == QLatin1String("session/set_mode")
               || method == QLatin1String("session/set_config_option")) {
        const auto it = m_sessions.find(params.value(QStringLiteral("sessionId")).toString());
        if (it == m_sessions.end())
            return fail(id, -32602, QStringLiteral("unknown session"));
        if (method == QLatin1String("session/set_mode")) {
            it->mode = params.value(QStringLiteral("modeId")).toString();
            respond(id, QJsonObject());
            notify(*it,
                   {{QStringLiteral("sessionUpdate"), QStringLiteral("current_mode_update")},
                    {QStringLiteral("currentModeId"), it->mode}});
        } else {
            it->model = params.value(QStringLiteral("value")).toString();
            respond(id, QJsonObject{{QStringLiteral("configOptions"), configOptions(it->model)}});
        }
    } else if (method == QLatin1String("session/prompt")) {
        prompt(id, params);
    } else {
        fail(id, -32601, QStringLiteral("method not found: ") + method);
    }
}

QJsonObject DemoAgent::newSession(const QJsonObject &params)
{
    Session session;
    session.id
        = QStringLiteral("demo-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    session.cwd = params.value(QStringLiteral("cwd")).toString();
    m_sessions.insert(session.id, session);
    saveIndex(session);
    // An empty history is a history: a session with no turn yet can be loaded too.
    QFile(storePath(session.id)).open(QIODevice::Append);
    Session &stored = m_sessions[session.id];
    QTimer::singleShot(0, this, [this, id = session.id] {
        if (!m_sessions.contains(id))
            return;
        const QJsonArray commands{
            QJsonObject{
                {QStringLiteral("name"), QStringLiteral("help")},
                {QStringLiteral("description"), QStringLiteral("What this demo agent can do")}},
            QJsonObject{{QStringLiteral("name"), QStringLiteral("plan")},
                        {QStringLiteral("description"), QStringLiteral("Only make a plan")},
                        {QStringLiteral("input"),
                         QJsonObject{{QStringLiteral("hint"), QStringLiteral("what to plan")}}}}};
        notify(m_sessions[id],
               {{QStringLiteral("sessionUpdate"), QStringLiteral("available_commands_update")},
                {QStringLiteral("availableCommands"), commands}},
               false);
    });
    return {{QStringLiteral("sessionId"), stored.id},
            {QStringLiteral("modes"), modes(stored.mode)},
            {QStringLiteral("configOptions"), configOptions(stored.model)}};
}

void DemoAgent::loadSession(const QJsonValue &id, const QJsonObject &params)
{
    const QString sessionId = params.value(QStringLiteral("sessionId")).toString();
    QFile file(storePath(sessionId));
    if (!file.open(QIODevice::ReadOnly))
        return fail(id, -32002, QStringLiteral("no such session: ") + sessionId);
    Session session;
    session.id = sessionId;
    session.cwd = params.value(QStringLiteral("cwd")).toString();
    m_sessions.insert(sessionId, session);
    // The whole stored conversation first, then the answer (PROTOCOL.md 12).
    while (!file.atEnd()) {
        const QJsonObject update = QJsonDocument::fromJson(file.readLine()).object();
        if (update.isEmpty())
            continue;
        if (update.value(QStringLiteral("sessionUpdate")) == QLatin1String("user_message_chunk"))
            ++m_sessions[sessionId].turns;
        notify(m_sessions[sessionId], update, false);
    }
    respond(id,
            QJsonObject{{QStringLiteral("modes"), modes(session.mode)},
                        {QStringLiteral("configOptions"), configOptions(session.model)}});
}

QJsonObject DemoAgent::listSessions(const QJsonObject &params) const
{
    QFile index(m_dataDir.filePath(QStringLiteral("sessions.json")));
    QJsonObject all;
    if (index.open(QIODevice::ReadOnly))
        all = QJsonDocument::fromJson(index.readAll()).object();
    const QString cwd = params.value(QStringLiteral("cwd")).toString();
    QJsonArray sessions;
    for (auto it = all.begin(); it != all.end(); ++it) {
        QJsonObject info = it.value().toObject();
        if (!cwd.isEmpty() && info.value(QStringLiteral("cwd")).toString() != cwd)
            continue;
        info.insert(QStringLiteral("sessionId"), it.key());
        sessions.append(info);
    }
    return {{QStringLiteral("sessions"), sessions}};
}

void DemoAgent::prompt(const QJsonValue &id, const QJsonObject &params)
{
    const auto it = m_sessions.find(params.value(QStringLiteral("sessionId")).toString());
    if (it == m_sessions.end())
        return fail(id, -32602, QStringLiteral("unknown session"));
    if (!it->promptId.isUndefined())
        return fail(id, -32600, QStringLiteral("a turn is already running"));
    QString text;
    for (const QJsonValue &block : params.value(QStringLiteral("prompt")).toArray()) {
        const QJsonObject o = block.toObject();
        if (o.value(QStringLiteral("type")) == QLatin1String("text"))
            text += o.value(QStringLiteral("text")).toString();
        else if (o.contains(QStringLiteral("uri")))
            text += QStringLiteral(" [") + o.value(QStringLiteral("uri")).toString()
                + QLatin1Char(']');
    }
    it->promptId = id;
    it->cancelled = false;
    ++it->turns;
    // Stored for session/load, not echoed: the client shows its own prompt.
    store(*it,
          {{QStringLiteral("sessionUpdate"), QStringLiteral("user_message_chunk")},
           {QStringLiteral("content"), textContent(text)}});
    if (it->title.isEmpty()) {
        it->title = text.simplified().left(48);
        saveIndex(*it);
        notify(*it,
               {{QStringLiteral("sessionUpdate"), QStringLiteral("session_info_update")},
                {QStringLiteral("title"), it->title}});
    }
    scriptTurn(*it, text);
    next(it->id, 0);
}

void DemoAgent::cancel(const QString &sessionId)
{
    const auto it = m_sessions.find(sessionId);
    if (it != m_sessions.end() && !it->promptId.isUndefined())
        it->cancelled = true; // the next step ends the turn with "cancelled"
}

void DemoAgent::next(const QString &sessionId, int delayMs)
{
    QTimer::singleShot(delayMs, this, [this, sessionId] {
        const auto it = m_sessions.find(sessionId);
        if (it == m_sessions.end() || it->promptId.isUndefined())
            return;
        if (it->cancelled) {
            finishTurn(*it, QStringLiteral("cancelled"));
            return;
        }
        if (it->steps.isEmpty()) {
            finishTurn(*it, QStringLiteral("end_turn"));
            return;
        }
        const auto step = it->steps.takeFirst();
        step();
    });
}

void DemoAgent::finishTurn(Session &session, const QString &stopReason)
{
    session.steps.clear();
    const QJsonValue id = std::exchange(session.promptId, QJsonValue(QJsonValue::Undefined));
    respond(id, QJsonObject{{QStringLiteral("stopReason"), stopReason}});
    saveIndex(session);
}

void DemoAgent::streamText(Session &session, const QString &kind, const QString &text)
{
    // A few words per chunk, as models stream.
    const int pause = session.model == QLatin1String("demo-thorough") ? 40 : 12;
    const QStringList words = text.split(QLatin1Char(' '));
    QList<std::function<void()>> chunks;
    const QString messageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    for (qsizetype i = 0; i < words.size(); i += 3) {
        QString piece = words.mid(i, 3).join(QLatin1Char(' '));
        if (i + 3 < words.size())
            piece += QLatin1Char(' ');
        chunks.append([this, id = session.id, kind, piece, messageId, pause] {
            notify(m_sessions[id],
                   {{QStringLiteral("sessionUpdate"), kind},
                    {QStringLiteral("messageId"), messageId},
                    {QStringLiteral("content"), textContent(piece)}});
            next(id, pause);
        });
    }
    session.steps = chunks + session.steps;
    next(session.id, pause);
}

QString DemoAgent::storePath(const QString &sessionId) const
{
    return m_dataDir.filePath(QStringLiteral("sessions/") + sessionId + QStringLiteral(".jsonl"));
}

void DemoAgent::store(const Session &session, const QJsonObject &update)
{
    QFile file(storePath(session.id));
    if (file.open(QIODevice::Append))
        file.write(QJsonDocument(update).toJson(QJsonDocument::Compact) + '\n');
}

void DemoAgent::saveIndex(const Session &session)
{
    QFile current(m_dataDir.filePath(QStringLiteral("sessions.json")));
    QJsonObject all;
    if (current.open(QIODevice::ReadOnly))
        all = QJsonDocument::fromJson(current.readAll()).object();
    current.close();
    QJsonObject info{
        {QStringLiteral("cwd"), session.cwd},
        {QStringLiteral("updatedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    if (!session.title.isEmpty())
        info.insert(QStringLiteral("title"), session.title);
    all.insert(session.id, info);
    QSaveFile file(m_dataDir.filePath(QStringLiteral("sessions.json")));
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(all).toJson());
        file.commit();
    }
}
