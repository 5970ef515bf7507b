// Secrets a user gives an agent (API keys in a profile's environment): kept in a file only the
// user can read, passed to the agent as they are, and hidden wherever the app shows or saves
// what the agent did. The UI side (inspector, saved traffic, stderr banner) is in
// tst_mainwindow::secretsStayOutOfTheInspectorAndTheBanner.

#include "agentprofile.h"
#include "secretredactor.h"

#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

class TestSecrets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void credentialsAreRecognised_data();
    void credentialsAreRecognised();
    void redactionHidesTextAndJsonForms();
    void mcpAndInheritedSecretsAreHidden();
    void profileFileIsTheUsersAlone();
    void agentEnvironmentIsTheProfileOverTheUsers();
};

void TestSecrets::credentialsAreRecognised_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("secret");
    QTest::newRow("api key") << "ANTHROPIC_API_KEY"
                             << "sk-ant-abc123" << true;
    QTest::newRow("token") << "GITHUB_TOKEN"
                           << "ghp_abcdef" << true;
    QTest::newRow("password") << "DB_PASSWORD"
                              << "hunter22" << true;
    QTest::newRow("lower case") << "openai_api_key"
                                << "abcdef" << true;
    QTest::newRow("too short to hide") << "API_KEY"
                                       << "abc" << false;
    QTest::newRow("token-like value") << "OTHER"
                                      << "a1B2c3D4e5F6g7H8i9J0k" << true;
    QTest::newRow("a path") << "PROJECT_DIR"
                            << "/home/ada/projects/switchboard2026" << false;
    QTest::newRow("words") << "GREETING"
                           << "hello there friend" << false;
    QTest::newRow("a flag") << "DEBUG"
                            << "1" << false;
}

void TestSecrets::credentialsAreRecognised()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(bool, secret);
    QCOMPARE(Acp::SecretRedactor::looksSecret(name, value), secret);
}

void TestSecrets::redactionHidesTextAndJsonForms()
{
    const QString key = QStringLiteral("sk-\"quoted\\key-123");
    Acp::AgentProfile profile;
    profile.environment = {{"API_KEY", key}, {"DEBUG", "1"}, {"SHORT_TOKEN", "abc"}};
    const Acp::SecretRedactor redactor = Acp::SecretRedactor::forProfile(profile);
    QVERIFY(!redactor.isEmpty());
    // As plain text (stderr) and as it appears inside a JSON line (the inspector).
    QCOMPARE(redactor.redact(QByteArray("error: bad key ") + key.toUtf8() + "!"),
             QByteArray("error: bad key [redacted]!"));
    const QByteArray json = R"({"text":"key is sk-\"quoted\\key-123 ok"})";
    QCOMPARE(redactor.redact(json), QByteArray(R"({"text":"key is [redacted] ok"})"));
    QCOMPARE(redactor.redact(QStringLiteral("DEBUG=1 abc")), QStringLiteral("DEBUG=1 abc"));
    // Nothing to hide: the text comes back unchanged.
    QCOMPARE(Acp::SecretRedactor().redact(QByteArray("sk-whatever-123")),
             QByteArray("sk-whatever-123"));
}

void TestSecrets::mcpAndInheritedSecretsAreHidden()
{
    qputenv("SWITCHBOARD_TEST_API_KEY", "inherited-value-4711");
    qputenv("SWITCHBOARD_TEST_AUTH_SOCK", "/tmp/agent.4711.sock"); // a path: not a secret
    qputenv("SWITCHBOARD_TEST_REPLACED_TOKEN", "the-users-own-token-1");
    Acp::AgentProfile profile;
    profile.environment = {{"SWITCHBOARD_TEST_REPLACED_TOKEN", "the-profiles-token-2"}};
    Acp::McpServer stdio;
    stdio.name = "github";
    stdio.env = {{"GITHUB_TOKEN", "ghp_abcdefghijklmnop1234", {}}, {"LOG_LEVEL", "debug", {}}};
    Acp::McpServer http;
    http.name = "docs";
    http.headers = {{"Authorization", "Bearer tok-very-secret-42", {}}};
    profile.mcpServers = {stdio, http};
    const Acp::SecretRedactor redactor = Acp::SecretRedactor::forProfile(profile);
    const QString traffic = QStringLiteral(
        R"({"env":[{"name":"GITHUB_TOKEN","value":"ghp_abcdefghijklmnop1234"}],)"
        R"("headers":[{"name":"Authorization","value":"Bearer tok-very-secret-42"}],)"
        R"("echo":"inherited-value-4711 and tok-very-secret-42 and the-profiles-token-2",)"
        R"("sock":"/tmp/agent.4711.sock","level":"debug","other":"the-users-own-token-1"})");
    QVERIFY(redactor.finds(traffic));
    const QString shown = redactor.redact(traffic);
    for (const char *secret : {"ghp_abcdefghijklmnop1234", "tok-very-secret-42",
                               "inherited-value-4711", "the-profiles-token-2"})
        QVERIFY2(!shown.contains(secret), secret);
    QVERIFY(shown.contains("/tmp/agent.4711.sock"));
    QVERIFY(shown.contains("\"debug\""));
    // The user's value the profile replaces never reaches the agent: nothing to hide.
    QVERIFY(shown.contains("the-users-own-token-1"));
    QVERIFY(!redactor.finds(QStringLiteral("nothing secret here")));
    qunsetenv("SWITCHBOARD_TEST_API_KEY");
    qunsetenv("SWITCHBOARD_TEST_AUTH_SOCK");
    qunsetenv("SWITCHBOARD_TEST_REPLACED_TOKEN");
}

void TestSecrets::profileFileIsTheUsersAlone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("profiles.ini");
    {
        QFile seed(path); // created as other programs would: readable by all
        QVERIFY(seed.open(QIODevice::WriteOnly));
        seed.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner
                            | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    }
    QSettings settings(path, QSettings::IniFormat);
    Acp::ProfileStore store(&settings);
    Acp::AgentProfile agent{
        "Agent", "/usr/bin/agent", {}, {{"API_KEY", "sk-secret-1"}}, {}, false, {}, {}};
    store.setProfiles({agent});
    struct stat info
    {
    };
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0600));
    // Later writes through QSettings (a new file each time) keep the mode.
    QSettings other(path, QSettings::IniFormat);
    other.setValue("window/geometry", "x");
    other.sync();
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0600));
    // And the key is still there for the agent.
    Acp::ProfileStore again(&settings);
    QCOMPARE(again.profile("Agent")->environment.value("API_KEY"), QString("sk-secret-1"));
}

void TestSecrets::agentEnvironmentIsTheProfileOverTheUsers()
{
    qputenv("SWITCHBOARD_TEST_USER_VAR", "from the user");
    qputenv("SWITCHBOARD_TEST_OVERRIDDEN", "from the user");
    Acp::AgentProfile agent{
        "Agent", "/usr/bin/agent",
        {},      {{"SWITCHBOARD_TEST_OVERRIDDEN", "from the profile"}, {"API_KEY", "sk-secret-1"}},
        {},      false,
        {},      {}};
    const QProcessEnvironment env = agent.processOptions().environment;
    QCOMPARE(env.value("SWITCHBOARD_TEST_USER_VAR"), QString("from the user"));
    QCOMPARE(env.value("SWITCHBOARD_TEST_OVERRIDDEN"), QString("from the profile"));
    QCOMPARE(env.value("API_KEY"), QString("sk-secret-1")); // the agent gets the real value
    QCOMPARE(env.value("PATH"), qEnvironmentVariable("PATH"));
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
