#pragma once

// The pieces most engine tests start from: a fake agent that initializes and opens sessions,
// and an AgentClient that records what the agent echoed back.

#include "agentclient.h"
#include "fakeagent.h"
#include "trafficvalidator.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

namespace TestSupport {

// A permission request offering allow once, allow always and reject once.
inline QJsonObject permissionParams(const QString &sessionId, const QString &toolCallId)
{
    return {{"sessionId", sessionId},
            {"toolCall", QJsonObject{{"toolCallId", toolCallId}}},
            {"options",
             QJsonArray{
                 QJsonObject{{"optionId", "allow-once"}, {"name", "Allow"}, {"kind", "allow_once"}},
                 QJsonObject{
                     {"optionId", "allow-always"}, {"name", "Always"}, {"kind", "allow_always"}},
                 QJsonObject{
                     {"optionId", "reject-once"}, {"name", "Reject"}, {"kind", "reject_once"}}}}};
}

inline QJsonObject capabilities(bool loadSession = true)
{
    return {
        {"loadSession", loadSession},
        {"promptCapabilities", QJsonObject{{"image", false}, {"embeddedContext", false}}},
        {"sessionCapabilities", QJsonObject{{"list", QJsonObject{}}, {"close", QJsonObject{}}}}};
}

// initialize, answered with `caps` (and echoed so the test can check what we sent).
inline FakeAgent &initialized(FakeAgent &agent, const QJsonObject &caps = capabilities(),
                              int version = 1)
{
    return agent.expect("initialize", {}, true)
        .respond({{"protocolVersion", version},
                  {"agentCapabilities", caps},
                  {"authMethods", QJsonArray{QJsonObject{{"id", "login"}, {"name", "Log in"}}}},
                  {"agentInfo",
                   QJsonObject{{"name", "fake"}, {"version", "1"}, {"title", "Fake Agent"}}}});
}

inline FakeAgent &newSession(FakeAgent &agent, const QString &sessionId)
{
    return agent.expect("session/new").respond({{"sessionId", sessionId}});
}

struct Harness
{
    Acp::AgentClient client;
    TrafficValidator traffic{client.connection()};
    QList<QJsonObject> echoes;
    explicit Harness(Acp::AgentClient::Options options = {})
        : client(std::move(options))
    {
        QObject::connect(client.connection(), &Acp::Connection::notificationReceived, &client,
                         [this](const Acp::Notification &n) {
                             if (n.method == QLatin1String("_test/echo"))
                                 echoes.append(n.params.toObject());
                         });
    }
    QJsonObject echoOf(const QString &method) const
    {
        for (const QJsonObject &e : echoes) {
            if (e["method"].toString() == method)
                return e;
        }
        return {};
    }
    QJsonObject echoWithId(const QJsonValue &id) const
    {
        for (const QJsonObject &e : echoes) {
            if (e["id"] == id && !e.contains("method"))
                return e;
        }
        return {};
    }
    Acp::ClientSession *open(const QString &cwd = "/work/project")
    {
        Acp::ClientSession *session = nullptr;
        QString error = "pending";
        Acp::SessionSetup setup;
        setup.cwd = cwd;
        client.newSession(setup, [&](Acp::ClientSession *s, const Acp::AgentClient::OpenError &e) {
            session = s;
            error = e.message;
        });
        if (!QTest::qWaitFor([&] { return error != "pending"; }, 5000))
            return nullptr;
        return session;
    }
};

} // namespace TestSupport
