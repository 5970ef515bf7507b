// elicitation/create (form and URL) and elicitation/complete: pending items for the UI, form
// answers validated before anything is sent.

#include "agentclient.h"
#include "elicitationform.h"
#include "fakeagent.h"
#include "trafficvalidator.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Acp;
using namespace TestSupport;

namespace {

QJsonObject schema()
{
    return {
        {"type", "object"},
        {"properties",
         QJsonObject{
             {"name",
              QJsonObject{
                  {"type", "string"}, {"title", "Name"}, {"minLength", 2}, {"maxLength", 10}}},
             {"email", QJsonObject{{"type", "string"}, {"format", "email"}}},
             {"age",
              QJsonObject{{"type", "integer"}, {"minimum", 0}, {"maximum", 150}, {"default", 30}}},
             {"ratio", QJsonObject{{"type", "number"}, {"maximum", 1}}},
             {"agree", QJsonObject{{"type", "boolean"}, {"default", false}}},
             {"color", QJsonObject{{"type", "string"}, {"enum", QJsonArray{"red", "green"}}}},
             {"size",
              QJsonObject{{"type", "string"},
                          {"oneOf", QJsonArray{QJsonObject{{"const", "s"}, {"title", "Small"}}}}}},
             {"tags",
              QJsonObject{
                  {"type", "array"},
                  {"minItems", 1},
                  {"maxItems", 2},
                  {"items",
                   QJsonObject{{"type", "string"}, {"enum", QJsonArray{"a", "b", "c"}}}}}}}},
        {"required", QJsonArray{"name"}}};
}

QJsonObject agentRequest(int id, const QJsonObject &params)
{
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", "elicitation/create"}, {"params", params}};
}

} // namespace

class TestElicitation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validation_data();
    void validation();
    void defaults();
    void overTheWire();

private:
    QTemporaryDir m_dir;
};

void TestElicitation::validation_data()
{
    QTest::addColumn<QJsonObject>("content");
    QTest::addColumn<QString>("problem");
    QTest::newRow("valid") << QJsonObject{{"name", "Ada"},
                                          {"age", 36},
                                          {"tags", QJsonArray{"a"}},
                                          {"size", "s"}}
                           << "";
    QTest::newRow("missing required") << QJsonObject{{"age", 3}} << "name is required";
    QTest::newRow("too short") << QJsonObject{{"name", "A"}} << "Name is too short";
    QTest::newRow("too long") << QJsonObject{{"name", "Ada Lovelace!"}} << "Name is too long";
    QTest::newRow("not an email") << QJsonObject{{"name", "Ada"}, {"email", "ada"}}
                                  << "email must be an e-mail address";
    QTest::newRow("fraction for integer")
        << QJsonObject{{"name", "Ada"}, {"age", 3.5}} << "age must be a whole number";
    QTest::newRow("above maximum")
        << QJsonObject{{"name", "Ada"}, {"ratio", 2}} << "ratio is above the maximum";
    QTest::newRow("not a boolean")
        << QJsonObject{{"name", "Ada"}, {"agree", "yes"}} << "agree must be yes or no";
    QTest::newRow("not a choice") << QJsonObject{{"name", "Ada"}, {"color", "blue"}}
                                  << "color must be one of the offered choices";
    QTest::newRow("titled choice") << QJsonObject{{"name", "Ada"}, {"size", "xl"}}
                                   << "size must be one of the offered choices";
    QTest::newRow("too many items")
        << QJsonObject{{"name", "Ada"}, {"tags", QJsonArray{"a", "b", "c"}}}
        << "tags has too many choices";
    QTest::newRow("no items") << QJsonObject{{"name", "Ada"}, {"tags", QJsonArray{}}}
                              << "tags needs more choices";
    QTest::newRow("item not offered") << QJsonObject{{"name", "Ada"}, {"tags", QJsonArray{"z"}}}
                                      << "tags contains a value that is not offered";
    QTest::newRow("unknown field")
        << QJsonObject{{"name", "Ada"}, {"extra", 1}} << "extra is not a field of this form";
}

void TestElicitation::validation()
{
    QFETCH(QJsonObject, content);
    QFETCH(QString, problem);
    QCOMPARE(ElicitationForm::validate(schema(), content), problem);
}

void TestElicitation::defaults()
{
    QCOMPARE(ElicitationForm::defaults(schema()), (QJsonObject{{"age", 30}, {"agree", false}}));
}

void TestElicitation::overTheWire()
{
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .send(agentRequest(1,
                           {{"sessionId", "s1"},
                            {"message", "Who are you?"},
                            {"mode", "form"},
                            {"requestedSchema", schema()}}))
        .op({{"op", "expect_response"}, {"id", 1}})
        .send(agentRequest(2,
                           {{"requestId", 99},
                            {"message", "Log in"},
                            {"mode", "url"},
                            {"elicitationId", "e-1"},
                            {"url", "https://login.example.invalid/x"}}))
        .op({{"op", "expect_response"}, {"id", 2}})
        .send({{"jsonrpc", "2.0"},
               {"method", "elicitation/complete"},
               {"params", QJsonObject{{"elicitationId", "e-1"}}}})
        .send(agentRequest(3, {{"sessionId", "s1"}, {"message", "?"}, {"mode", "telepathy"}}))
        .op({{"op", "expect_response"}, {"id", 3}});
    AgentClient client{AgentClient::Options{}};
    TrafficValidator traffic(client.connection());
    QHash<int, QJsonObject> answers;
    connect(client.connection(), &Connection::notificationReceived, this,
            [&](const Notification &n) {
                if (n.method == "_test/echo")
                    answers.insert(n.params.toObject()["id"].toInt(), n.params.toObject());
            });
    QList<PendingElicitation> pending;
    connect(&client, &AgentClient::elicitationRequested, this,
            [&](const PendingElicitation &p) { pending << p; });
    QSignalSpy completed(&client, &AgentClient::elicitationCompleted);
    client.start(agent.options(m_dir));
    QTRY_COMPARE(client.state(), AgentClient::State::Ready);
    ClientSession *session = nullptr;
    client.newSession({std::nullopt, "/tmp", {}, {}, {}},
                      [&](ClientSession *s, const Acp::AgentClient::OpenError &) { session = s; });
    QTRY_VERIFY(session);

    QTRY_COMPARE(pending.size(), 1);
    QCOMPARE(pending[0].request.message, QString("Who are you?"));
    CreateElicitationResponse answer;
    answer.action = CreateElicitationResponse::Action::Accept;
    answer.content = {{"name", "A"}};
    QCOMPARE(client.answerElicitation(pending[0].handle, answer),
             QString("Name is too short")); // nothing sent
    QCOMPARE(client.pendingElicitations().size(), 1);
    answer.content = {{"name", "Ada"}, {"tags", QJsonArray{"b"}}};
    QCOMPARE(client.answerElicitation(pending[0].handle, answer), QString());
    QTRY_VERIFY(answers.contains(1));
    QCOMPARE(answers[1]["result"].toObject()["action"].toString(), QString("accept"));
    QCOMPARE(answers[1]["result"].toObject()["content"].toObject()["name"].toString(),
             QString("Ada"));

    QTRY_COMPARE(pending.size(), 2);
    QVERIFY(pending[1].request.mode == CreateElicitationRequest::Mode::Url);
    QCOMPARE(pending[1].request.requestId.toInt(), 99); // scoped to a request, not a session
    CreateElicitationResponse decline;
    decline.action = CreateElicitationResponse::Action::Decline;
    QCOMPARE(client.answerElicitation(pending[1].handle, decline), QString());
    QTRY_VERIFY(answers.contains(2));
    QCOMPARE(answers[2]["result"].toObject()["action"].toString(), QString("decline"));
    QVERIFY(completed.count() == 1 || completed.wait(5000));
    QCOMPARE(completed.first().first().toString(), QString("e-1"));
    QTRY_VERIFY(answers.contains(3));
    QCOMPARE(answers[3]["error"].toObject()["code"].toInt(), ErrorCode::InvalidParams);
    QCOMPARE(pending.size(), 2);
    QVERIFY2(traffic.validate().isEmpty(), qPrintable(traffic.validate()));
}

QTEST_GUILESS_MAIN(TestElicitation)
#include "tst_elicitation.moc"
