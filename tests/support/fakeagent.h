#pragma once

#include "agentprofile.h"
#include "processtransport.h"

#include <QJsonObject>
#include <QList>
#include <QTemporaryDir>

namespace TestSupport {

// Builds scenarios for switchboard-fake-agent (tests/fakeagent/README.md) and the process
// options that run one.
class FakeAgent
{
public:
    FakeAgent &expect(const QString &method, const QString &save = {}, bool echo = false);
    FakeAgent &respond(const QJsonObject &result = {}, const QString &to = {});
    FakeAgent &respondError(int code, const QString &message, const QJsonValue &data = {},
                            const QString &to = {});
    FakeAgent &notify(int count = 1, int delayMs = 0,
                      const QString &method = QStringLiteral("session/update"));
    FakeAgent &send(const QJsonObject &message);
    FakeAgent &raw(const QByteArray &utf8Data, int repeat = 1);
    FakeAgent &rawHex(const QByteArray &hex);
    FakeAgent &stderrText(const QByteArray &text, int repeat = 1);
    FakeAgent &sleep(int ms);
    FakeAgent &op(const QJsonObject &operation);

    // Writes the scenario into `dir` and returns how to start it.
    Acp::ProcessOptions options(const QTemporaryDir &dir) const;
    // An agent profile named `name` that runs this scenario (for the app's windows).
    Acp::AgentProfile profile(const QTemporaryDir &dir,
                              const QString &name = QStringLiteral("Fake"),
                              const QMap<QString, QString> &environment = {}) const;

    static QString program();

private:
    QList<QJsonObject> m_ops;
};

// Messages a scenario sends: a session/update notification, a text chunk update of `kind`
// (agent_message_chunk, agent_thought_chunk, ...), and a request from the agent.
QJsonObject sessionUpdate(const QString &sessionId, const QJsonObject &update);
QJsonObject textChunk(const QString &kind, const QString &text);
QJsonObject agentRequest(const QJsonValue &id, const QString &method, const QJsonObject &params);
// Whether a process whose command line matches `pattern` (pgrep -f) is running: for tests that
// an agent or a command did not outlive what should have ended it.
bool processRunning(const QString &pattern);

} // namespace TestSupport
