// The ACP agent registry against a local HTTP fixture (no real network): parsing, the ETag
// cache and its offline copy, profiles from npx/uvx entries, binary agents downloaded only
// after consent, checked against their SHA-256 and unpacked into the data folder (a command
// outside it refused), and the dialog's one-click profile.

#include "agentclient.h"
#include "agentregistry.h"
#include "httpfixture.h"
#include "registrydialog.h"
#include "screenshots.h"
#include "translations.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Acp;
using TestSupport::HttpFixture;

namespace {

const QByteArray Icon = "<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'>"
                        "<rect width='16' height='16' fill='#2a7'/></svg>";

} // namespace

class TestRegistry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void parseKeepsGoodEntriesAndCountsBadOnes();
    void packageEntriesBecomeProfiles();
    void fetchCachesWithItsEtagAndFallsBackOffline();
    void nothingCachedAndOfflineFails();
    void binaryIsVerifiedUnpackedAndRuns();
    void checksumMismatchInstallsNothing();
    void commandOutsideTheFolderIsRefused();
    void symlinkOutOfTheArchiveIsRefused();
    void cancelStopsTheUnpacking();
    void dialogAddsAProfileAndAsksBeforeDownloading();

private:
    QJsonObject registryJson(const QString &archiveSha256, const QString &cmd = "bin/agent") const;
    QByteArray makeArchive();

    QTemporaryDir m_dir;
    HttpFixture m_server;
    QString m_cache;
    QString m_data;
    QByteArray m_archive;
};

void TestRegistry::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // As the app does at start: English plural forms ("2 agents").
    Acp::installTranslations(QCoreApplication::instance(),
                             QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    m_archive = makeArchive();
    QVERIFY(!m_archive.isEmpty());
    m_server.setRoute("/archive.tar.gz", {200, m_archive, "application/gzip", {}});
    m_server.setRoute("/icons/alpha.svg", {200, Icon, "image/svg+xml", {}});
    AgentRegistry::setUrl(m_server.url("/registry.json"));
}

void TestRegistry::init()
{
    // A fresh cache and data folder for each test.
    static int n = 0;
    ++n;
    m_cache = m_dir.filePath(QStringLiteral("cache%1").arg(n));
    m_data = m_dir.filePath(QStringLiteral("data%1").arg(n));
}

QByteArray TestRegistry::makeArchive()
{
    // A "binary agent": a script that runs the bundled demo agent, packed with tar.
    QTemporaryDir tree;
    QDir(tree.path()).mkpath("bin");
    QFile script(tree.filePath("bin/agent"));
    if (!script.open(QIODevice::WriteOnly))
        return {};
    script.write("#!/bin/sh\nexec '" SWITCHBOARD_DEMO_AGENT "' \"$@\"\n");
    script.close();
    const QString archive = m_dir.filePath("agent.tar.gz");
    if (QProcess::execute("tar", {"-czf", archive, "-C", tree.path(), "bin"}) != 0)
        return {};
    QFile file(archive);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject TestRegistry::registryJson(const QString &archiveSha256, const QString &cmd) const
{
    QJsonObject target{{"archive", m_server.url("/archive.tar.gz")}, {"cmd", cmd}};
    if (!archiveSha256.isEmpty())
        target["sha256"] = archiveSha256;
    const QJsonArray agents{
        QJsonObject{
            {"id", "alpha"},
            {"name", "Alpha Agent"},
            {"version", "1.2.3"},
            {"description", "Runs through npx"},
            {"authors", QJsonArray{"Alice", "Bob"}},
            {"license", "MIT"},
            {"repository", "https://example.com/alpha"},
            {"icon", m_server.url("/icons/alpha.svg")},
            {"distribution",
             QJsonObject{
                 {"npx",
                  QJsonObject{{"package", "@example/alpha@1.2.3"},
                              {"args", QJsonArray{"--acp"}},
                              {"env", QJsonObject{{"ALPHA_MODE", "acp"}}}}},
                 {"uvx", QJsonObject{{"package", "alpha-acp==1.2.3"}, {"cmd", "alpha-acp"}}}}}},
        QJsonObject{{"id", "zeta"},
                    {"name", "Zeta Binary"},
                    {"version", "0.9.0"},
                    {"description", "A downloadable agent"},
                    {"distribution",
                     QJsonObject{{"binary", QJsonObject{{Registry::currentPlatform(), target}}}}}},
        // Not agents: no distribution; a bad id; a checksum that is not one; versions that
        // would name a folder outside ours; a download over plain http from elsewhere.
        QJsonObject{{"id", "dotdot"},
                    {"name", "Dot dot"},
                    {"version", ".."},
                    {"distribution",
                     QJsonObject{{"binary", QJsonObject{{Registry::currentPlatform(), target}}}}}},
        QJsonObject{{"id", "absolute"},
                    {"name", "Absolute"},
                    {"version", "/home/someone"},
                    {"distribution",
                     QJsonObject{{"binary", QJsonObject{{Registry::currentPlatform(), target}}}}}},
        QJsonObject{{"id", "plainhttp"},
                    {"name", "Plain http"},
                    {"version", "1.0.0"},
                    {"distribution",
                     QJsonObject{{"binary",
                                  QJsonObject{{Registry::currentPlatform(),
                                               QJsonObject{{"archive", "http://example.com/a.tgz"},
                                                           {"cmd", "a"}}}}}}}},
        QJsonObject{{"id", "broken"}, {"name", "Broken"}, {"version", "1.0.0"}},
        QJsonObject{{"id", "Bad Id"},
                    {"name", "Bad"},
                    {"version", "1.0.0"},
                    {"distribution", QJsonObject{{"npx", QJsonObject{{"package", "x"}}}}}},
        QJsonObject{{"id", "badsum"},
                    {"name", "Bad sum"},
                    {"version", "1.0.0"},
                    {"distribution",
                     QJsonObject{{"binary",
                                  QJsonObject{{"linux-x86_64",
                                               QJsonObject{{"archive", "https://x/a.tgz"},
                                                           {"cmd", "a"},
                                                           {"sha256", "not-a-sum"}}}}}}}},
    };
    return QJsonObject{{"version", "1.0.0"}, {"agents", agents}};
}

void TestRegistry::parseKeepsGoodEntriesAndCountsBadOnes()
{
    QString error;
    const auto index = Registry::parse(QJsonDocument(registryJson({})).toJson(), &error);
    QVERIFY2(index, qPrintable(error));
    QCOMPARE(index->agents.size(), 2);
    QCOMPARE(index->skipped, 6);
    const RegistryAgent alpha = index->agents.at(0);
    QCOMPARE(alpha.name, QString("Alpha Agent"));
    QCOMPARE(alpha.authors, (QStringList{"Alice", "Bob"}));
    QCOMPARE(alpha.distributions(),
             (QList<RegistryAgent::Distribution>{RegistryAgent::Distribution::Npx,
                                                 RegistryAgent::Distribution::Uvx}));
    QCOMPARE(index->agents.at(1).distributions(),
             QList<RegistryAgent::Distribution>{RegistryAgent::Distribution::Binary});
    QVERIFY(!Registry::parse("{\"agents\": 3}", &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!Registry::parse("not json", &error));
}

void TestRegistry::packageEntriesBecomeProfiles()
{
    const auto index = Registry::parse(QJsonDocument(registryJson({})).toJson());
    QVERIFY(index);
    const RegistryAgent alpha = index->agents.at(0);
    const AgentProfile npx = alpha.profile(RegistryAgent::Distribution::Npx);
    QCOMPARE(npx.name, QString("Alpha Agent"));
    QCOMPARE(npx.program, QString("npx"));
    QCOMPARE(npx.arguments, (QStringList{"-y", "@example/alpha@1.2.3", "--acp"}));
    QCOMPARE(npx.environment.value("ALPHA_MODE"), QString("acp"));
    const AgentProfile uvx = alpha.profile(RegistryAgent::Distribution::Uvx);
    QCOMPARE(uvx.program, QString("uvx"));
    QCOMPARE(uvx.arguments, (QStringList{"--from", "alpha-acp==1.2.3", "alpha-acp"}));
}

void TestRegistry::fetchCachesWithItsEtagAndFallsBackOffline()
{
    const QByteArray body = QJsonDocument(registryJson({})).toJson();
    m_server.setRoute("/registry.json", {200, body, "application/json", "\"v1\""});
    {
        AgentRegistry registry(m_cache, m_data);
        registry.refresh();
        QTRY_COMPARE(registry.state(), AgentRegistry::State::Fresh);
        QCOMPARE(registry.agents().size(), 2);
        QVERIFY(registry.statusText().contains("6")); // the skipped entries are mentioned
        QVERIFY(QFile::exists(QDir(m_cache).filePath("registry.json")));
    }
    // Again: revalidated with the ETag, answered 304, the cached list stands.
    const int before = int(m_server.requests().size());
    {
        AgentRegistry registry(m_cache, m_data);
        registry.refresh();
        QTRY_COMPARE(registry.state(), AgentRegistry::State::Fresh);
        QCOMPARE(registry.agents().size(), 2);
    }
    QCOMPARE(m_server.requests().size(), before + 1);
    QCOMPARE(m_server.requests().last().headers.value("if-none-match"), QByteArray("\"v1\""));
    // The registry answers with an error page: the cached copy is shown, and the user told.
    m_server.setRoute("/registry.json", {500, "oops", "text/plain", {}});
    {
        AgentRegistry registry(m_cache, m_data);
        registry.refresh();
        QTRY_COMPARE(registry.state(), AgentRegistry::State::Offline);
        QCOMPARE(registry.agents().size(), 2);
        QVERIFY2(registry.statusText().contains("copy"), qPrintable(registry.statusText()));
    }
    // Not valid JSON: the same.
    m_server.setRoute("/registry.json", {200, "{ not json", "application/json", {}});
    {
        AgentRegistry registry(m_cache, m_data);
        registry.refresh();
        QTRY_COMPARE(registry.state(), AgentRegistry::State::Offline);
        QCOMPARE(registry.agents().size(), 2);
    }
    m_server.setRoute("/registry.json", {200, body, "application/json", "\"v1\""});
}

void TestRegistry::nothingCachedAndOfflineFails()
{
    AgentRegistry::setUrl("http://127.0.0.1:1/registry.json"); // nothing listens there
    AgentRegistry registry(m_cache, m_data);
    registry.refresh();
    QTRY_COMPARE(registry.state(), AgentRegistry::State::Failed);
    QVERIFY(registry.agents().isEmpty());
    QVERIFY(!registry.statusText().isEmpty());
    AgentRegistry::setUrl(m_server.url("/registry.json"));
}

void TestRegistry::binaryIsVerifiedUnpackedAndRuns()
{
    const QString sha = QCryptographicHash::hash(m_archive, QCryptographicHash::Sha256).toHex();
    const auto index = Registry::parse(QJsonDocument(registryJson(sha)).toJson());
    QVERIFY(index);
    AgentRegistry registry(m_cache, m_data);
    QSignalSpy installed(&registry, &AgentRegistry::installed);
    QSignalSpy failed(&registry, &AgentRegistry::installFailed);
    registry.install(index->agents.at(1));
    QTRY_VERIFY_WITH_TIMEOUT(installed.size() + failed.size() > 0, 20000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(1).toString()));
    const auto profile = installed.at(0).at(1).value<AgentProfile>();
    QCOMPARE(profile.name, QString("Zeta Binary"));
    QCOMPARE(profile.program, QDir(m_data).filePath("zeta/0.9.0/bin/agent"));
    QVERIFY(QFileInfo(profile.program).isExecutable());
    // Nothing of the download is left beside it (the temporary file goes when its reply does).
    QTRY_COMPARE(
        QDir(QDir(m_data).filePath("zeta")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
        QStringList{"0.9.0"});
    // And it runs: the profile starts an ACP agent that answers initialize.
    AgentClient client{AgentClient::Options{}};
    client.start(profile.processOptions());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), AgentClient::State::Ready, 10000);
}

void TestRegistry::checksumMismatchInstallsNothing()
{
    const auto index = Registry::parse(QJsonDocument(registryJson(QString(64, 'a'))).toJson());
    QVERIFY(index);
    AgentRegistry registry(m_cache, m_data);
    QSignalSpy installed(&registry, &AgentRegistry::installed);
    QSignalSpy failed(&registry, &AgentRegistry::installFailed);
    registry.install(index->agents.at(1));
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 20000);
    QVERIFY(installed.isEmpty());
    QVERIFY2(failed.at(0).at(1).toString().contains("checksum"),
             qPrintable(failed.at(0).at(1).toString()));
    QVERIFY(!QFileInfo::exists(QDir(m_data).filePath("zeta/0.9.0")));
    QTRY_COMPARE(
        QDir(QDir(m_data).filePath("zeta")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
        QStringList());
}

void TestRegistry::commandOutsideTheFolderIsRefused()
{
    // "../" enough times to climb from the unpack folder (data/zeta/unpack-XXXXXX) to "/".
    const int depth = int(QDir::cleanPath(m_data).count(QLatin1Char('/'))) + 2;
    const QString escape = QString("../").repeated(depth) + "bin/sh";
    // Such an entry is not even listed...
    const auto hostile = Registry::parse(QJsonDocument(registryJson({}, escape)).toJson());
    QVERIFY(hostile);
    QCOMPARE(hostile->agents.size(), 1);
    // ... and the installer refuses it on its own too.
    const auto index = Registry::parse(QJsonDocument(registryJson({})).toJson());
    QVERIFY(index);
    RegistryAgent agent = index->agents.at(1);
    agent.binaries[0].cmd = escape;
    AgentRegistry registry(m_cache, m_data);
    QSignalSpy failed(&registry, &AgentRegistry::installFailed);
    registry.install(agent);
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 20000);
    QVERIFY2(failed.at(0).at(1).toString().contains("outside"),
             qPrintable(failed.at(0).at(1).toString()));
    QVERIFY(!QFileInfo::exists(QDir(m_data).filePath("zeta/0.9.0")));
}

void TestRegistry::symlinkOutOfTheArchiveIsRefused()
{
    // The archive's command is a symlink to /bin/sh: it resolves outside, so it is refused.
    QTemporaryDir tree;
    QDir(tree.path()).mkpath("bin");
    QVERIFY(QFile::link("/bin/sh", tree.filePath("bin/agent")));
    const QString archive = m_dir.filePath("symlink.tar.gz");
    QCOMPARE(QProcess::execute("tar", {"-czf", archive, "-C", tree.path(), "bin"}), 0);
    QFile file(archive);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    m_server.setRoute("/archive.tar.gz", {200, bytes, "application/gzip", {}});
    const auto index = Registry::parse(
        QJsonDocument(
            registryJson(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()))
            .toJson());
    AgentRegistry registry(m_cache, m_data);
    QSignalSpy failed(&registry, &AgentRegistry::installFailed);
    registry.install(index->agents.at(1));
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 20000);
    m_server.setRoute("/archive.tar.gz", {200, m_archive, "application/gzip", {}});
    QVERIFY2(failed.at(0).at(1).toString().contains("outside"),
             qPrintable(failed.at(0).at(1).toString()));
    QVERIFY(!QFileInfo::exists(QDir(m_data).filePath("zeta/0.9.0")));
}

void TestRegistry::cancelStopsTheUnpacking()
{
    // A "tar" that never ends, first on PATH: Cancel must stop it and keep nothing.
    QTemporaryDir bin;
    QFile tar(bin.filePath("tar"));
    QVERIFY(tar.open(QIODevice::WriteOnly));
    tar.write("#!/bin/sh\nexec sleep 300\n");
    tar.close();
    QVERIFY(tar.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner
                               | QFileDevice::ExeOwner));
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", bin.path().toUtf8() + ':' + path);
    const QString sha = QCryptographicHash::hash(m_archive, QCryptographicHash::Sha256).toHex();
    const auto index = Registry::parse(QJsonDocument(registryJson(sha)).toJson());
    QVERIFY(index);
    AgentRegistry registry(m_cache, m_data);
    QSignalSpy unpacking(&registry, &AgentRegistry::installUnpacking);
    QSignalSpy failed(&registry, &AgentRegistry::installFailed);
    registry.install(index->agents.at(1));
    QTRY_VERIFY_WITH_TIMEOUT(!unpacking.isEmpty(), 20000);
    qputenv("PATH", path);
    registry.cancelInstall("zeta");
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 20000);
    QVERIFY2(failed.at(0).at(1).toString().contains("stopped"),
             qPrintable(failed.at(0).at(1).toString()));
    QVERIFY(!QFileInfo::exists(QDir(m_data).filePath("zeta/0.9.0")));
    QTRY_COMPARE(
        QDir(QDir(m_data).filePath("zeta")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
        QStringList());
}

void TestRegistry::dialogAddsAProfileAndAsksBeforeDownloading()
{
    const QString sha = QCryptographicHash::hash(m_archive, QCryptographicHash::Sha256).toHex();
    m_server.setRoute("/registry.json",
                      {200, QJsonDocument(registryJson(sha)).toJson(), "application/json", {}});
    QSettings settings(m_dir.filePath("dialog.ini"), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    AgentRegistry registry(m_cache, m_data);
    Ui::RegistryDialog dialog(&registry, &profiles);
    registry.refresh();
    dialog.show();
    auto *list = dialog.findChild<QListWidget *>("registryList");
    QTRY_COMPARE(list->count(), 2);
    // Icons arrive from the registry.
    QTRY_COMPARE(list->item(0)->icon().pixmap(24, 24).toImage().pixelColor(12, 12),
                 QColor("#22aa77"));
    QVERIFY(list->item(0)->text().contains("1.2.3"));
    const QString status = dialog.findChild<QLabel *>("registryStatus")->text();
    QVERIFY2(status.contains("2 agents") && status.contains("6"), qPrintable(status));

    // One click: an npx profile.
    list->setCurrentRow(0);
    auto *add = dialog.findChild<QPushButton *>("registryAddButton");
    QTest::mouseClick(add, Qt::LeftButton);
    const auto alpha = profiles.profile("Alpha Agent");
    QVERIFY(alpha);
    QCOMPARE(alpha->program, QString("npx"));
    TestSupport::screenshot(&dialog, "registry");

    // A binary: nothing is downloaded until the user agrees.
    list->setCurrentRow(1);
    const int downloadsBefore = m_server.count("/archive.tar.gz");
    QTest::mouseClick(add, Qt::LeftButton);
    QMessageBox *consent = nullptr;
    QTRY_VERIFY((consent = dialog.findChild<QMessageBox *>("installConsent")) != nullptr);
    QVERIFY(consent->informativeText().contains(m_server.url("/archive.tar.gz")));
    QVERIFY(consent->informativeText().contains("SHA-256"));
    consent->reject();
    QTRY_VERIFY(dialog.findChild<QMessageBox *>("installConsent") == nullptr);
    QCOMPARE(m_server.count("/archive.tar.gz"), downloadsBefore);
    QVERIFY(!profiles.profile("Zeta Binary"));

    QTest::mouseClick(add, Qt::LeftButton);
    QTRY_VERIFY((consent = dialog.findChild<QMessageBox *>("installConsent")) != nullptr);
    QTest::mouseClick(consent->findChild<QPushButton *>("installConsentAccept"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(profiles.profile("Zeta Binary").has_value(), 20000);
    QCOMPARE(m_server.count("/archive.tar.gz"), downloadsBefore + 1);
    QCOMPARE(profiles.profile("Zeta Binary")->program,
             QDir(m_data).filePath("zeta/0.9.0/bin/agent"));
    QVERIFY(dialog.findChild<QLabel *>("registryMessage")->text().contains("Zeta Binary"));
}

QTEST_MAIN(TestRegistry)
#include "tst_registry.moc"
