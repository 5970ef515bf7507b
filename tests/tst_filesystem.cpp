// fs/read_text_file and fs/write_text_file: confined to the session's directories, atomic,
// permission-preserving, and honest about failures (read-only files, a full disk).

#include "agentclient.h"
#include "fakeagent.h"
#include "filesystemservice.h"
#include "trafficvalidator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <sys/stat.h>

using namespace Acp;
using namespace TestSupport;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

struct Runner
{
    FileSystemService service;
    QObject context;
    FileSystemService::ReadResult read(const ReadTextFileRequest &r, const QStringList &roots)
    {
        std::optional<FileSystemService::ReadResult> result;
        service.read(r, roots, &context,
                     [&](const FileSystemService::ReadResult &x) { result = x; });
        [&] { QTRY_VERIFY(result.has_value()); }();
        return result.value_or(RpcError{});
    }
    FileSystemService::WriteResult write(const QString &path, const QString &content,
                                         const QStringList &roots)
    {
        std::optional<FileSystemService::WriteResult> result;
        service.write({"s", path, content, {}}, roots, &context,
                      [&](const FileSystemService::WriteResult &x) { result = x; });
        [&] { QTRY_VERIFY(result.has_value()); }();
        return result.value_or(RpcError{-1, "no result", {}});
    }
};

} // namespace

class TestFileSystem : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void pathsOutsideTheRootsAreRefused_data();
    void pathsOutsideTheRootsAreRefused();
    void pathsInsideAreResolved();
    void readSlicesByLineAndLimit();
    void readMissingFileIsResourceNotFound();
    void readOfAFifoOrDeviceIsRefusedAtOnce();
    void writeIsAtomicAndKeepsPermissions();
    void writeCreatesMissingDirectories();
    void readOnlyFileIsRefusedAndKept();
    void injectedWriteFailureKeepsTheOldFile();
    void fullDiskKeepsTheOldFile();
    void linkSwappedInAfterTheCheckIsNotFollowed_data();
    void linkSwappedInAfterTheCheckIsNotFollowed();
    void overTheWireWithReview();

private:
    QTemporaryDir m_tmp;
    QString m_root;
    QString m_outside;
};

void TestFileSystem::init()
{
    m_root = m_tmp.filePath("work/project");
    m_outside = m_tmp.filePath("elsewhere");
    QDir().mkpath(m_root + "/src");
    QDir().mkpath(m_outside);
    writeFile(m_outside + "/secret.txt", "secret");
    writeFile(m_root + "/src/main.cpp", "int main() {}\n");
    QFile::remove(m_root + "/link-out");
    QFile::link(m_outside + "/secret.txt", m_root + "/link-out");
    QFile::remove(m_root + "/dir-out");
    QFile::link(m_outside, m_root + "/dir-out");
}

void TestFileSystem::pathsOutsideTheRootsAreRefused_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("dot-dot") << "/src/../../../elsewhere/secret.txt";
    QTest::newRow("absolute outside") << "<outside>/secret.txt";
    QTest::newRow("symlink pointing out") << "/link-out";
    QTest::newRow("symlinked parent directory") << "/dir-out/secret.txt";
    QTest::newRow("new file under a symlinked directory") << "/dir-out/new/evil.txt";
    QTest::newRow("relative") << "relative/path.txt";
    QTest::newRow("prefix trick") << "<root>-evil/x.txt";
    QTest::newRow("root of the filesystem") << "<slash>etc/passwd";
}

void TestFileSystem::pathsOutsideTheRootsAreRefused()
{
    QFETCH(QString, path);
    QString full = path;
    if (path.startsWith("<outside>"))
        full = m_outside + path.mid(9);
    else if (path.startsWith("<root>"))
        full = m_root + path.mid(6);
    else if (path.startsWith("<slash>"))
        full = "/" + path.mid(7);
    else if (path.startsWith("/"))
        full = m_root + path;
    const auto resolved = FileSystemService::resolve(full, {m_root});
    QVERIFY2(std::holds_alternative<RpcError>(resolved), qPrintable(full));
    QCOMPARE(std::get<RpcError>(resolved).code, ErrorCode::InvalidParams);

    Runner runner;
    const auto read = runner.read({"s", full, std::nullopt, std::nullopt, {}}, {m_root});
    QVERIFY(std::holds_alternative<RpcError>(read));
    const auto written = runner.write(full, "pwned", {m_root});
    QVERIFY(written.has_value());
    QCOMPARE(contents(m_outside + "/secret.txt"), QByteArray("secret"));
    QVERIFY(!QFile::exists(m_outside + "/new/evil.txt"));
}

void TestFileSystem::pathsInsideAreResolved()
{
    const QString canonicalRoot = QFileInfo(m_root).canonicalFilePath();
    auto r = FileSystemService::resolve(m_root + "/src/./../src/main.cpp", {m_root});
    QCOMPARE(std::get<QString>(r), canonicalRoot + "/src/main.cpp");
    r = FileSystemService::resolve(m_root + "/new/dir/file.txt", {m_root});
    QCOMPARE(std::get<QString>(r), canonicalRoot + "/new/dir/file.txt");
    // An additional directory is a root too.
    r = FileSystemService::resolve(m_outside + "/secret.txt", {m_root, m_outside});
    QVERIFY(std::holds_alternative<QString>(r));
}

void TestFileSystem::readSlicesByLineAndLimit()
{
    writeFile(m_root + "/lines.txt", "one\ntwo\nthree\nfour");
    Runner runner;
    const QString path = m_root + "/lines.txt";
    QCOMPARE(std::get<QString>(runner.read({"s", path, std::nullopt, std::nullopt, {}}, {m_root})),
             QString("one\ntwo\nthree\nfour"));
    QCOMPARE(std::get<QString>(runner.read({"s", path, qint64(2), qint64(2), {}}, {m_root})),
             QString("two\nthree\n"));
    QCOMPARE(std::get<QString>(runner.read({"s", path, qint64(4), std::nullopt, {}}, {m_root})),
             QString("four"));
    QCOMPARE(std::get<QString>(runner.read({"s", path, qint64(9), qint64(1), {}}, {m_root})),
             QString());
    QCOMPARE(std::get<QString>(runner.read({"s", path, std::nullopt, qint64(1), {}}, {m_root})),
             QString("one\n"));
}

void TestFileSystem::readMissingFileIsResourceNotFound()
{
    Runner runner;
    const auto r
        = runner.read({"s", m_root + "/nope.txt", std::nullopt, std::nullopt, {}}, {m_root});
    QCOMPARE(std::get<RpcError>(r).code, ErrorCode::ResourceNotFound);
    QVERIFY(std::get<RpcError>(r).data.toObject()["uri"].toString().startsWith("file://"));
}

void TestFileSystem::readOfAFifoOrDeviceIsRefusedAtOnce()
{
    // A FIFO with no writer: open(O_RDONLY) would wait for one forever, and with it a file
    // thread and the app's quit. A device link is refused as a link; /dev itself as a root
    // shows that devices are refused for what they are, not only for where they are.
    const QString fifo = m_root + "/pipe";
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    Runner runner;
    for (int i = 0; i < 3; ++i) { // more reads than file threads: none may be left waiting
        const auto r = runner.read({"s", fifo, std::nullopt, std::nullopt, {}}, {m_root});
        QVERIFY(std::holds_alternative<RpcError>(r));
        QVERIFY2(std::get<RpcError>(r).message.contains("not a regular file"),
                 qPrintable(std::get<RpcError>(r).message));
    }
    const auto zero = runner.read({"s", "/dev/zero", std::nullopt, std::nullopt, {}}, {"/dev"});
    QVERIFY(std::holds_alternative<RpcError>(zero));
    QVERIFY2(std::get<RpcError>(zero).message.contains("not a regular file"),
             qPrintable(std::get<RpcError>(zero).message));
    // A regular file beside them still reads.
    writeFile(m_root + "/plain.txt", "plain");
    QCOMPARE(std::get<QString>(runner.read(
                 {"s", m_root + "/plain.txt", std::nullopt, std::nullopt, {}}, {m_root})),
             QString("plain"));
}

void TestFileSystem::writeIsAtomicAndKeepsPermissions()
{
    const QString path = m_root + "/script.sh";
    writeFile(path, "old");
    QFile::setPermissions(
        path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup);
    Runner runner;
    QVERIFY(!runner.write(path, QString::fromUtf8("new \xe2\x82\xac"), {m_root}).has_value());
    QCOMPARE(contents(path), QByteArray("new \xe2\x82\xac"));
    // The Unix mode is still 0740 (the ...User bits are Qt's view for the current user).
    QCOMPARE(QFile::permissions(path) & 0x0FFF,
             QFile::ReadUser | QFile::WriteUser | QFile::ExeUser | QFile::ReadGroup);
    for (const QString &name : QDir(m_root).entryList(QDir::Files | QDir::Hidden))
        QVERIFY2(!name.startsWith("script.sh."), qPrintable(name + " left behind"));
}

void TestFileSystem::writeCreatesMissingDirectories()
{
    Runner runner;
    QVERIFY(!runner.write(m_root + "/a/b/c.txt", "deep", {m_root}).has_value());
    QCOMPARE(contents(m_root + "/a/b/c.txt"), QByteArray("deep"));
}

void TestFileSystem::readOnlyFileIsRefusedAndKept()
{
    // Root may write anything, but the service still refuses a file marked read-only.
    const QString path = m_root + "/locked.txt";
    writeFile(path, "keep me");
    QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
    Runner runner;
    const auto error = runner.write(path, "changed", {m_root});
    QVERIFY(error.has_value());
    QVERIFY2(error->message.contains("read-only"), qPrintable(error->message));
    QCOMPARE(contents(path), QByteArray("keep me"));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
}

void TestFileSystem::injectedWriteFailureKeepsTheOldFile()
{
    const QString path = m_root + "/config.json";
    writeFile(path, "{\"old\":true}");
    Runner runner;
    runner.service.setWriteFault(
        [](const QString &) { return QString("No space left on device"); });
    const auto error = runner.write(path, "{\"new\":true}", {m_root});
    QVERIFY(error.has_value());
    QVERIFY(error->message.contains("No space left on device"));
    QCOMPARE(contents(path), QByteArray("{\"old\":true}"));
    for (const QString &name : QDir(m_root).entryList(QDir::Files | QDir::Hidden))
        QVERIFY2(!name.contains("config.json."), qPrintable(name + " left behind"));
}

void TestFileSystem::linkSwappedInAfterTheCheckIsNotFollowed_data()
{
    QTest::addColumn<bool>("swapFolder"); // else the file itself
    QTest::addColumn<bool>("write"); // else read
    QTest::newRow("file, write") << false << true;
    QTest::newRow("file, read") << false << false;
    QTest::newRow("folder, write") << true << true;
    QTest::newRow("folder, read") << true << false;
}

void TestFileSystem::linkSwappedInAfterTheCheckIsNotFollowed()
{
    // The race a hostile agent (or anything else writing in the workspace) can try: the path
    // is checked while it is harmless, then a link to the outside takes its place before the
    // file is opened.
    QFETCH(bool, swapFolder);
    QFETCH(bool, write);
    const QString folder
        = m_root + (swapFolder ? "/race-folder" : "/race-file") + (write ? "-w" : "-r");
    const QString path = folder + "/notes.txt";
    writeFile(path, "inside");
    const QString outside = m_outside + "/race";
    const QString secret = outside + "/notes.txt";
    writeFile(secret, "outside secret");
    Runner runner;
    runner.service.setAfterResolve([&](const QString &) {
        if (swapFolder) {
            QVERIFY(QDir().rename(folder, folder + "-moved"));
            QVERIFY(QFile::link(outside, folder));
        } else {
            QVERIFY(QFile::remove(path));
            QVERIFY(QFile::link(secret, path));
        }
    });
    if (write) {
        const auto error = runner.write(path, "written by the agent", {m_root});
        QVERIFY2(error.has_value(), "the write went through a link");
    } else {
        const auto result = runner.read({"s", path, {}, {}, {}}, {m_root});
        QVERIFY2(std::holds_alternative<RpcError>(result), "the read went through a link");
    }
    QCOMPARE(contents(secret), QByteArray("outside secret"));
    QCOMPARE(QDir(outside).entryList(QDir::Files | QDir::Hidden), QStringList{"notes.txt"});
}

void TestFileSystem::fullDiskKeepsTheOldFile()
{
    const QString mountPoint = m_tmp.filePath("tiny");
    QDir().mkpath(mountPoint);
    QProcess mount;
    mount.start("mount", {"-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint});
    if (!mount.waitForFinished(5000) || mount.exitCode() != 0)
        QSKIP(
            "cannot mount a small tmpfs here (needs root); the injected failure covers the logic");
    const auto unmount = qScopeGuard([&] { QProcess::execute("umount", {mountPoint}); });
    const QString path = mountPoint + "/big.txt";
    writeFile(path, "original");
    Runner runner;
    const auto error = runner.write(path, QString(200 * 1024, 'x'), {mountPoint});
    QVERIFY(error.has_value());
    QVERIFY2(error->message.contains("space", Qt::CaseInsensitive), qPrintable(error->message));
    QCOMPARE(contents(path), QByteArray("original"));
}

void TestFileSystem::overTheWireWithReview()
{
    const QString file = m_root + "/src/main.cpp";
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .send(agentRequest(1, "fs/read_text_file",
                           {{"sessionId", "s1"}, {"path", file}, {"line", 1}, {"limit", 1}}))
        .op({{"op", "expect_response"}, {"id", 1}})
        .send(agentRequest(2, "fs/read_text_file",
                           {{"sessionId", "s1"}, {"path", QString(m_outside + "/secret.txt")}}))
        .op({{"op", "expect_response"}, {"id", 2}})
        .send(agentRequest(
            3, "fs/write_text_file",
            {{"sessionId", "s1"}, {"path", file}, {"content", "int main() { return 0; }\n"}}))
        .op({{"op", "expect_response"}, {"id", 3}})
        .send(agentRequest(4, "fs/write_text_file",
                           {{"sessionId", "s1"}, {"path", file}, {"content", "rejected\n"}}))
        .op({{"op", "expect_response"}, {"id", 4}})
        .send(agentRequest(5, "fs/read_text_file", QJsonObject{{"sessionId", "s1"}}))
        .op({{"op", "expect_response"}, {"id", 5}});
    AgentClient client{AgentClient::Options{}};
    TrafficValidator traffic(client.connection());
    QList<QJsonObject> echoes;
    connect(client.connection(), &Connection::notificationReceived, this,
            [&](const Notification &n) {
                if (n.method == "_test/echo")
                    echoes << n.params.toObject();
            });
    client.start(agent.options(m_tmp));
    QTRY_COMPARE(client.state(), AgentClient::State::Ready);
    ClientSession *session = nullptr;
    SessionSetup setup;
    setup.cwd = m_root;
    // Review is turned on, and its answers connected, in the callback: the agent's first
    // write may arrive in the same batch of events as the session/new answer, or while the
    // test waits (a slow sanitizer build showed that).
    QList<PendingWrite> reviews;
    client.newSession(setup, [&](ClientSession *s, const Acp::AgentClient::OpenError &) {
        session = s;
        s->setReviewWrites(true);
        connect(s, &ClientSession::writeReviewRequested, this, [&, s](const PendingWrite &w) {
            reviews << w;
            s->answerWrite(w.handle, reviews.size() == 1); // approve the first, decline the second
        });
    });
    QTRY_VERIFY(session);
    QTRY_COMPARE_WITH_TIMEOUT(echoes.size(), 5, 5000);
    QCOMPARE(echoes[0]["result"].toObject()["content"].toString(), QString("int main() {}\n"));
    QCOMPARE(echoes[1]["error"].toObject()["code"].toInt(), ErrorCode::InvalidParams);
    QVERIFY(echoes[2]["result"].isObject());
    QVERIFY2(echoes[3].value("error").toObject()["message"].toString().contains("declined"),
             QJsonDocument(echoes[3]).toJson());
    QCOMPARE(echoes[4]["error"].toObject()["code"].toInt(), ErrorCode::InvalidParams);
    QVERIFY(echoes[4]["error"].toObject()["message"].toString().contains("path: required"));
    QCOMPARE(reviews.size(), 2);
    QCOMPARE(reviews[0].oldText, std::optional<QString>("int main() {}\n"));
    QCOMPARE(reviews[0].newText, QString("int main() { return 0; }\n"));
    QCOMPARE(contents(file), QByteArray("int main() { return 0; }\n"));
    QVERIFY2(traffic.validate().isEmpty(), qPrintable(traffic.validate()));
}

QTEST_GUILESS_MAIN(TestFileSystem)
#include "tst_filesystem.moc"
