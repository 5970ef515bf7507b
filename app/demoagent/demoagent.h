#pragma once

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QSocketNotifier>
#include <QTimer>

#include <functional>

// switchboard-demo-agent: a small, honest ACP agent with no network and no AI. It answers every
// prompt with a scripted but realistic turn that exercises what a client must show: streamed
// Markdown, a thought, a plan that progresses, a file read, an edit with a diff that asks for
// permission before writing, a terminal command with live output, usage and a title. Sessions
// are stored under its data directory so that session/list and session/load work.
class DemoAgent final : public QObject
{
    Q_OBJECT
public:
    explicit DemoAgent(QObject *parent = nullptr);

private:
    struct Session
    {
        QString id;
        QString cwd;
        QString title;
        QString mode = QStringLiteral("code");
        QString model = QStringLiteral("demo-fast");
        QJsonValue promptId{QJsonValue::Undefined}; // the running turn's request id
        QList<std::function<void()>> steps;
        bool cancelled = false;
        int turns = 0;
        qint64 tokens = 0;
    };
    using Reply = std::function<void(const QJsonObject &message)>;

    void readInput();
    void handle(const QJsonObject &message);
    void handleRequest(const QJsonValue &id, const QString &method, const QJsonObject &params);
    void send(const QJsonObject &message);
    void respond(const QJsonValue &id, const QJsonValue &result);
    void fail(const QJsonValue &id, int code, const QString &message);
    void notify(Session &session, const QJsonObject &update, bool store = true);
    void request(const QString &method, const QJsonObject &params, Reply reply);

    QJsonObject newSession(const QJsonObject &params);
    void loadSession(const QJsonValue &id, const QJsonObject &params);
    QJsonObject listSessions(const QJsonObject &params) const;
    void prompt(const QJsonValue &id, const QJsonObject &params);
    void cancel(const QString &sessionId);

    // The scripted turn, as steps run one after another with short pauses.
    void scriptTurn(Session &session, const QString &text);
    void next(const QString &sessionId, int delayMs = 60);
    void finishTurn(Session &session, const QString &stopReason);
    void streamText(Session &session, const QString &kind, const QString &text);

    QJsonObject sessionState(const Session &session) const;
    QString storePath(const QString &sessionId) const;
    void store(const Session &session, const QJsonObject &update);
    void saveIndex(const Session &session);

    QFile m_in;
    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_buffer;
    QHash<QString, Session> m_sessions;
    QHash<qint64, Reply> m_replies;
    qint64 m_nextId = 0;
    QJsonObject m_clientCapabilities;
    QDir m_dataDir;
};
