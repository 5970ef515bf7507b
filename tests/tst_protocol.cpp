// The typed ACP layer: every golden payload round-trips; every message type the client sends
// validates against the schema (Debian's python3-jsonschema); parsing is strict where the
// schema requires and lenient where PROTOCOL.md says.

#include "clientmethods.h"
#include "initialize.h"
#include "sessionmethods.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

#include <functional>

using namespace Acp;

namespace {

QString sharedDir()
{
    return QStringLiteral(SWITCHBOARD_ACP_SHARED_DIR);
}

using RoundTrip = std::function<std::optional<QJsonValue>(const QJsonValue &, QString *)>;

template<typename T>
RoundTrip roundTrip()
{
    return [](const QJsonValue &in, QString *error) -> std::optional<QJsonValue> {
        const std::optional<T> parsed = Json::parse<T>(in, error);
        if (!parsed)
            return std::nullopt;
        return write(*parsed);
    };
}

QJsonValue readJsonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QJsonValue::Undefined;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
}

struct SchemaCase
{
    QString def;
    QJsonValue value;
    QString label;
};

// Runs the validator over all cases at once; returns its complaints (empty when all valid).
QString validate(const QList<SchemaCase> &cases)
{
    QByteArray input;
    for (const SchemaCase &c : cases) {
        input += QJsonDocument(QJsonObject{{"def", c.def}, {"value", c.value}, {"label", c.label}})
                     .toJson(QJsonDocument::Compact)
            + '\n';
    }
    QProcess python;
    python.start(QStringLiteral(SWITCHBOARD_PYTHON),
                 {QStringLiteral(SWITCHBOARD_SCHEMA_VALIDATOR),
                  sharedDir() + QStringLiteral("/schema/schema.json")});
    if (!python.waitForStarted(10000))
        return QStringLiteral("could not start python3");
    python.write(input);
    python.closeWriteChannel();
    python.waitForFinished(60000);
    const QString out
        = QString::fromUtf8(python.readAllStandardOutput() + python.readAllStandardError());
    return python.exitCode() == 0 ? QString() : out;
}

ContentBlock annotatedText()
{
    ContentBlock block = ContentBlock::fromText(QStringLiteral("hello"));
    Annotations a;
    a.audience = QStringList{QStringLiteral("user")};
    a.priority = 0.5;
    block.annotations = a;
    return block;
}

QList<ContentBlock> everyContentBlock()
{
    QList<ContentBlock> blocks{annotatedText(),
                               ContentBlock::fromResourceLink("file:///w/a.txt", "a.txt")};
    ContentBlock image;
    image.type = ContentBlock::Type::Image;
    image.data = "iVBORw0KGgo=";
    image.mimeType = "image/png";
    blocks << image;
    ContentBlock audio;
    audio.type = ContentBlock::Type::Audio;
    audio.data = "UklGRg==";
    audio.mimeType = "audio/wav";
    blocks << audio;
    ContentBlock text;
    text.type = ContentBlock::Type::Resource;
    text.resource.uri = "file:///w/main.py";
    text.resource.text = "print(1)";
    text.resource.mimeType = "text/x-python";
    blocks << text;
    ContentBlock blob;
    blob.type = ContentBlock::Type::Resource;
    blob.resource.uri = "file:///w/doc.pdf";
    blob.resource.blob = "JVBERi0=";
    blocks << blob;
    ContentBlock link = ContentBlock::fromResourceLink("file:///w/b.txt", "b.txt");
    link.mimeType = "text/plain";
    link.size = 12;
    link.title = "B";
    blocks << link;
    return blocks;
}

} // namespace

class TestProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void goldenRoundTrip_data();
    void goldenRoundTrip();
    void everyGoldenFileIsCovered();
    void clientMessagesValidateAgainstSchema();
    void lenientWhereTheProtocolSaysSo();
    void strictWhereTheSchemaRequires_data();
    void strictWhereTheSchemaRequires();
    void metaIsPreserved();
    void sessionInfoDistinguishesNullFromAbsent();
    void toolCallUpdatePatchesInPlace();
    void groupedAndFlatConfigOptions();

private:
    QMap<QString, RoundTrip> m_golden;
};

void TestProtocol::initTestCase()
{
    if (!QFileInfo::exists(sharedDir() + "/golden"))
        QSKIP("the shared ACP data (golden files, schema) is not beside this checkout");
    m_golden = {
        {"cancel_notification", roundTrip<SessionIdParams>()},
        {"content_audio", roundTrip<ContentBlock>()},
        {"content_image", roundTrip<ContentBlock>()},
        {"content_resource_blob", roundTrip<ContentBlock>()},
        {"content_resource_link", roundTrip<ContentBlock>()},
        {"content_resource_text", roundTrip<ContentBlock>()},
        {"content_text", roundTrip<ContentBlock>()},
        {"fs_read_text_file_request", roundTrip<ReadTextFileRequest>()},
        {"fs_read_text_file_response", roundTrip<ReadTextFileResponse>()},
        {"fs_write_text_file_request", roundTrip<WriteTextFileRequest>()},
        {"initialize_request", roundTrip<InitializeRequest>()},
        {"initialize_response", roundTrip<InitializeResponse>()},
        {"new_session_request", roundTrip<SessionSetup>()},
        {"new_session_response", roundTrip<SessionSetupResult>()},
        {"permission_outcome_cancelled", roundTrip<RequestPermissionOutcome>()},
        {"permission_outcome_selected", roundTrip<RequestPermissionOutcome>()},
        {"prompt_request", roundTrip<PromptRequest>()},
        {"request_permission_request", roundTrip<RequestPermissionRequest>()},
        {"request_permission_response_selected", roundTrip<RequestPermissionResponse>()},
        {"session_update_agent_message_chunk", roundTrip<SessionUpdate>()},
        {"session_update_agent_thought_chunk", roundTrip<SessionUpdate>()},
        {"session_update_plan", roundTrip<SessionUpdate>()},
        {"session_update_tool_call", roundTrip<SessionUpdate>()},
        {"session_update_tool_call_edit", roundTrip<SessionUpdate>()},
        {"session_update_tool_call_locations_rawinput", roundTrip<SessionUpdate>()},
        {"session_update_tool_call_read", roundTrip<SessionUpdate>()},
        {"session_update_tool_call_update_content", roundTrip<SessionUpdate>()},
        {"session_update_tool_call_update_more_fields", roundTrip<SessionUpdate>()},
        {"session_update_user_message_chunk", roundTrip<SessionUpdate>()},
        {"tool_content_content_text", roundTrip<ToolCallContent>()},
        {"tool_content_diff", roundTrip<ToolCallContent>()},
        {"tool_content_diff_no_old", roundTrip<ToolCallContent>()},
        {"tool_content_terminal", roundTrip<ToolCallContent>()},
    };
}

void TestProtocol::goldenRoundTrip_data()
{
    QTest::addColumn<QString>("name");
    for (auto it = m_golden.constBegin(); it != m_golden.constEnd(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestProtocol::goldenRoundTrip()
{
    QFETCH(QString, name);
    const QJsonValue in = readJsonFile(sharedDir() + "/golden/" + name + ".json");
    QVERIFY2(!in.isUndefined(), "unreadable golden file");
    QString error;
    const std::optional<QJsonValue> out = m_golden.value(name)(in, &error);
    QVERIFY2(out.has_value(), qPrintable(error));
    QCOMPARE(QJsonDocument(out->toObject()).toJson(QJsonDocument::Compact),
             QJsonDocument(in.toObject()).toJson(QJsonDocument::Compact));
}

void TestProtocol::everyGoldenFileIsCovered()
{
    const QStringList files = QDir(sharedDir() + "/golden").entryList({"*.json"}, QDir::Files);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files)
        QVERIFY2(m_golden.contains(QFileInfo(file).baseName()), qPrintable(file + " has no test"));
}

void TestProtocol::clientMessagesValidateAgainstSchema()
{
    QList<SchemaCase> cases;
    const auto add = [&cases](const QString &def, const QJsonValue &value, const QString &label) {
        cases.append({def, value, label});
    };

    InitializeRequest init;
    init.clientCapabilities = {true, true, true, true, true, true, true, {}};
    init.clientInfo = Implementation{"switchboard", "0.1.0", QString("Switchboard"), {}};
    add("InitializeRequest", write(init), "initialize, every capability");
    add("InitializeRequest", write(InitializeRequest{}), "initialize, no capability");
    add("AuthenticateRequest", write(AuthenticateRequest{"oauth", {}}), "authenticate");
    add("LogoutRequest", QJsonObject{}, "logout");

    SessionSetup setup;
    setup.cwd = "/home/u/p";
    McpServer stdio;
    stdio.name = "fs";
    stdio.command = "/usr/bin/mcp-fs";
    stdio.args = QStringList{"--stdio"};
    stdio.env = {{"TOKEN", "x", {}}};
    McpServer http;
    http.transport = McpServer::Transport::Http;
    http.name = "web";
    http.url = "https://example.invalid/mcp";
    http.headers = {{"Authorization", "Bearer x", {}}};
    McpServer sse = http;
    sse.transport = McpServer::Transport::Sse;
    setup.mcpServers = {stdio, http, sse};
    setup.additionalDirectories = QStringList{"/home/u/lib"};
    add("NewSessionRequest", write(setup), "session/new");
    setup.sessionId = QString("s1");
    add("LoadSessionRequest", write(setup), "session/load");
    add("ResumeSessionRequest", write(setup), "session/resume");
    add("ListSessionsRequest", write(ListSessionsRequest{QString("/home/u/p"), QString("c2"), {}}),
        "session/list");
    add("ListSessionsRequest", write(ListSessionsRequest{}), "session/list, no filter");
    add("CloseSessionRequest", write(SessionIdParams{"s1", {}}), "session/close");
    add("DeleteSessionRequest", write(SessionIdParams{"s1", {}}), "session/delete");
    add("CancelNotification", write(SessionIdParams{"s1", {}}), "session/cancel");
    add("SetSessionModeRequest", write(SetSessionModeRequest{"s1", "code", {}}), "set_mode");
    add("SetSessionConfigOptionRequest",
        write(SetSessionConfigOptionRequest{"s1", "model", QString("fast"), {}}),
        "set_config select");
    add("SetSessionConfigOptionRequest",
        write(SetSessionConfigOptionRequest{"s1", "web", true, {}}), "set_config boolean");
    add("PromptRequest", write(PromptRequest{"s1", everyContentBlock(), {}}),
        "prompt, every block");
    add("CancelRequestNotification", QJsonObject{{"requestId", 7}}, "$/cancel_request");

    add("RequestPermissionResponse",
        write(RequestPermissionResponse{RequestPermissionOutcome::selected("allow"), {}}),
        "permission selected");
    add("RequestPermissionResponse",
        write(RequestPermissionResponse{RequestPermissionOutcome::cancel(), {}}),
        "permission cancelled");
    add("ReadTextFileResponse", write(ReadTextFileResponse{"text", {}}), "fs read");
    add("WriteTextFileResponse", QJsonObject{}, "fs write");
    add("CreateTerminalResponse", write(CreateTerminalResponse{"t1", {}}), "terminal/create");
    TerminalOutputResponse output{"out", true, TerminalExitStatus{qint64(0), std::nullopt, {}}, {}};
    add("TerminalOutputResponse", write(output), "terminal/output exited");
    add("TerminalOutputResponse", write(TerminalOutputResponse{"out", false, std::nullopt, {}}),
        "terminal/output running");
    add("WaitForTerminalExitResponse",
        write(TerminalExitStatus{std::nullopt, QString("SIGKILL"), {}}), "wait_for_exit");
    add("KillTerminalResponse", QJsonObject{}, "terminal/kill");
    add("ReleaseTerminalResponse", QJsonObject{}, "terminal/release");
    CreateElicitationResponse accept;
    accept.action = CreateElicitationResponse::Action::Accept;
    accept.content = {{"name", "x"}, {"n", 3}, {"ok", true}, {"tags", QJsonArray{"a", "b"}}};
    add("CreateElicitationResponse", write(accept), "elicitation accept");
    CreateElicitationResponse decline;
    decline.action = CreateElicitationResponse::Action::Decline;
    add("CreateElicitationResponse", write(decline), "elicitation decline");
    add("CreateElicitationResponse", write(CreateElicitationResponse{}), "elicitation cancel");

    const QString complaints = validate(cases);
    QVERIFY2(complaints.isEmpty(), qPrintable(complaints));
}

void TestProtocol::lenientWhereTheProtocolSaysSo()
{
    // Unknown fields ignored; null and absent alike; modeId accepted for currentModeId.
    auto update = Json::parse<SessionUpdate>(
        QJsonObject{{"sessionUpdate", "agent_message_chunk"},
                    {"content", QJsonObject{{"type", "text"}, {"text", "hi"}, {"future", 1}}},
                    {"messageId", QJsonValue::Null},
                    {"somethingNew", true}});
    QVERIFY(update);
    const auto &chunk = std::get<ContentChunk>(*update);
    QCOMPARE(chunk.content.text, QString("hi"));
    QVERIFY(!chunk.messageId);

    auto mode = Json::parse<SessionUpdate>(
        QJsonObject{{"sessionUpdate", "current_mode_update"}, {"modeId", "plan"}});
    QVERIFY(mode);
    QCOMPARE(std::get<CurrentModeUpdate>(*mode).currentModeId, QString("plan"));

    // Unknown update kinds and content types are kept, not errors.
    auto unknown
        = Json::parse<SessionUpdate>(QJsonObject{{"sessionUpdate", "notice"}, {"text", "x"}});
    QVERIFY(unknown);
    QCOMPARE(std::get<UnknownUpdate>(*unknown).sessionUpdate, QString("notice"));
    const QJsonObject futureBlock{{"type", "video"}, {"url", "x"}};
    auto block = Json::parse<ContentBlock>(futureBlock);
    QVERIFY(block);
    QVERIFY(block->type == ContentBlock::Type::Unknown);
    QCOMPARE(write(*block).toObject(), futureBlock);

    // session/load may answer null or {}.
    QVERIFY(Json::parse<SessionSetupResult>(QJsonValue::Null));
    QVERIFY(Json::parse<SessionSetupResult>(QJsonObject{}));

    // Unknown enum values fall back instead of failing.
    auto call = Json::parse<ToolCall>(
        QJsonObject{{"toolCallId", "c"}, {"title", "t"}, {"kind", "teleport"}});
    QVERIFY(call);
    QVERIFY(call->kind == std::optional<ToolKind>(ToolKind::Other));

    // Auth methods: absent type is agent-run, terminal carries args/env, others are unknown.
    auto init = Json::parse<InitializeResponse>(
        QJsonObject{{"protocolVersion", 1},
                    {"authMethods",
                     QJsonArray{QJsonObject{{"id", "a"}, {"name", "A"}},
                                QJsonObject{{"id", "t"},
                                            {"name", "T"},
                                            {"type", "terminal"},
                                            {"args", QJsonArray{"--login"}},
                                            {"env", QJsonObject{{"X", "1"}}}},
                                QJsonObject{{"id", "w"}, {"name", "W"}, {"type", "web"}}}}});
    QVERIFY(init);
    QCOMPARE(init->authMethods.size(), 3);
    QVERIFY(init->authMethods[0].type == AuthMethod::Type::Agent);
    QVERIFY(init->authMethods[1].type == AuthMethod::Type::Terminal);
    QCOMPARE(init->authMethods[1].args, QStringList{"--login"});
    QCOMPARE(init->authMethods[1].env.value("X"), QString("1"));
    QVERIFY(init->authMethods[2].type == AuthMethod::Type::Unknown);
    QVERIFY(!init->agentCapabilities.loadSession);
}

void TestProtocol::strictWhereTheSchemaRequires_data()
{
    QTest::addColumn<QJsonObject>("update");
    QTest::addColumn<QString>("error");
    QTest::newRow("chunk without content")
        << QJsonObject{{"sessionUpdate", "agent_message_chunk"}} << "content: required";
    QTest::newRow("text block without text")
        << QJsonObject{{"sessionUpdate", "agent_message_chunk"},
                       {"content", QJsonObject{{"type", "text"}}}}
        << "content.text: required";
    QTest::newRow("tool call without title")
        << QJsonObject{{"sessionUpdate", "tool_call"}, {"toolCallId", "c"}} << "title: required";
    QTest::newRow("plan entry with a number")
        << QJsonObject{{"sessionUpdate", "plan"},
                       {"entries",
                        QJsonArray{QJsonObject{
                            {"content", 3}, {"priority", "low"}, {"status", "pending"}}}}}
        << "entries[0].content: expected a string";
    QTest::newRow("usage with a fraction")
        << QJsonObject{{"sessionUpdate", "usage_update"}, {"used", 1.5}, {"size", 10}}
        << "used: expected an integer";
    QTest::newRow("usage beyond 64 bits")
        << QJsonObject{{"sessionUpdate", "usage_update"}, {"used", 1e82}, {"size", 10}}
        << "used: expected an integer";
    QTest::newRow("diff without newText")
        << QJsonObject{{"sessionUpdate", "tool_call_update"},
                       {"toolCallId", "c"},
                       {"content", QJsonArray{QJsonObject{{"type", "diff"}, {"path", "/a"}}}}}
        << "content[0].newText: required";
}

void TestProtocol::strictWhereTheSchemaRequires()
{
    QFETCH(QJsonObject, update);
    QFETCH(QString, error);
    QString message;
    QVERIFY(!Json::parse<SessionUpdate>(update, &message));
    QCOMPARE(message, error);
}

void TestProtocol::metaIsPreserved()
{
    const QJsonObject meta{{"vendor.example/trace", "abc"}, {"traceparent", "00-1-2-01"}};
    const QJsonObject in{
        {"sessionUpdate", "tool_call"},
        {"toolCallId", "c"},
        {"title", "t"},
        {"_meta", meta},
        {"content",
         QJsonArray{QJsonObject{
             {"type", "content"},
             {"_meta", meta},
             {"content", QJsonObject{{"type", "text"}, {"text", "x"}, {"_meta", meta}}}}}}};
    auto parsed = Json::parse<SessionUpdate>(in);
    QVERIFY(parsed);
    QCOMPARE(std::get<ToolCall>(*parsed).meta, meta);
    QCOMPARE(write(*parsed).toObject(), in);
}

void TestProtocol::sessionInfoDistinguishesNullFromAbsent()
{
    auto cleared = Json::parse<SessionUpdate>(
        QJsonObject{{"sessionUpdate", "session_info_update"}, {"title", QJsonValue::Null}});
    QVERIFY(cleared);
    const auto &info = std::get<SessionInfoUpdate>(*cleared);
    QVERIFY(info.title.action == FieldPatch<QString>::Action::Clear);
    QVERIFY(info.updatedAt.action == FieldPatch<QString>::Action::Keep);
    QCOMPARE(write(*cleared).toObject().value("title"), QJsonValue(QJsonValue::Null));
    QVERIFY(!write(*cleared).toObject().contains("updatedAt"));
}

void TestProtocol::toolCallUpdatePatchesInPlace()
{
    ToolCall call;
    call.toolCallId = "c";
    call.title = "Read";
    call.content = {ToolCallContent{}, ToolCallContent{}};
    call.locations = {ToolCallLocation{"/a", qint64(3), {}}};
    auto update = Json::parse<ToolCallUpdate>(
        QJsonObject{{"toolCallId", "c"},
                    {"status", "completed"},
                    {"content", QJsonArray{QJsonObject{{"type", "terminal"}, {"terminalId", "t"}}}},
                    {"title", QJsonValue::Null}});
    QVERIFY(update);
    update->applyTo(call);
    QCOMPARE(call.title, QString("Read")); // null means unchanged
    QVERIFY(call.status == std::optional<ToolCallStatus>(ToolCallStatus::Completed));
    QCOMPARE(call.content.size(), 1); // replaced, not appended
    QCOMPARE(call.content[0].terminalId, QString("t"));
    QCOMPARE(call.locations.size(), 1); // untouched
}

void TestProtocol::groupedAndFlatConfigOptions()
{
    const QJsonObject flat{
        {"type", "select"},
        {"id", "model"},
        {"name", "Model"},
        {"category", "model"},
        {"currentValue", "fast"},
        {"options", QJsonArray{QJsonObject{{"value", "fast"}, {"name", "Fast"}}}}};
    const QJsonObject grouped{
        {"type", "select"},
        {"id", "model"},
        {"name", "Model"},
        {"currentValue", "a"},
        {"options",
         QJsonArray{
             QJsonObject{{"group", "g"},
                         {"name", "G"},
                         {"options", QJsonArray{QJsonObject{{"value", "a"}, {"name", "A"}}}}}}}};
    const QJsonObject boolean{
        {"type", "boolean"}, {"id", "web"}, {"name", "Web"}, {"currentValue", true}};
    const QJsonObject future{{"type", "slider"}, {"id", "temp"}, {"name", "Temp"}};
    for (const QJsonObject &o : {flat, grouped, boolean, future}) {
        auto option = Json::parse<SessionConfigOption>(o);
        QVERIFY(option);
        QCOMPARE(write(*option).toObject(), o);
    }
    QVERIFY(Json::parse<SessionConfigOption>(grouped)->grouped);
    QVERIFY(Json::parse<SessionConfigOption>(future)->type == SessionConfigOption::Type::Unknown);
}

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
