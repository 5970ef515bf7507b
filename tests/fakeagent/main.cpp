// switchboard-fake-agent: a deterministic, scriptable ACP agent for tests (not the demo agent).
//
// It runs a scenario: a file of JSON objects, one per line, each an operation executed in
// order. Reads from stdin block, so "expect" waits for the client. See README.md beside this
// file for the operations. Qt Core only.

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

QFile g_stdin;
bool g_stdoutOpen = true;
qint64 g_notificationsSent = 0;
QHash<QString, QJsonValue> g_savedIds;
QJsonValue g_lastId;

void runProgram(const QJsonObject &op);

void writeAll(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n <= 0) {
            if (errno == EINTR)
                continue;
            std::_Exit(70); // the client went away
        }
        done += n;
    }
}

void send(const QJsonObject &message)
{
    if (!g_stdoutOpen)
        return;
    writeAll(STDOUT_FILENO, QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    if (!message.contains(QStringLiteral("id")) && message.contains(QStringLiteral("method")))
        ++g_notificationsSent;
}

// Reads one message from the client; an invalid object at end of input.
std::optional<QJsonObject> readMessage()
{
    for (;;) {
        const QByteArray line = g_stdin.readLine();
        if (line.isEmpty())
            return std::nullopt; // EOF
        if (line.trimmed().isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (!doc.isObject()) {
            writeAll(STDERR_FILENO, "fake-agent: client sent invalid JSON: " + line);
            std::_Exit(65);
        }
        return doc.object();
    }
}

QJsonValue idFor(const QJsonObject &op)
{
    if (op.contains(QStringLiteral("to")))
        return g_savedIds.value(op.value(QStringLiteral("to")).toString());
    return g_lastId;
}

void echo(const QJsonObject &message)
{
    send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
          {QStringLiteral("method"), QStringLiteral("_test/echo")},
          {QStringLiteral("params"), message}});
}

[[noreturn]] void endOfInput(const QJsonObject &op)
{
    writeAll(STDERR_FILENO,
             "fake-agent: stdin closed while waiting for "
                 + QJsonDocument(op).toJson(QJsonDocument::Compact) + '\n');
    std::_Exit(0);
}

void expect(const QJsonObject &op)
{
    const QString method = op.value(QStringLiteral("method")).toString();
    for (;;) {
        const auto message = readMessage();
        if (!message)
            endOfInput(op);
        if (message->value(QStringLiteral("method")).toString() != method)
            continue;
        if (message->contains(QStringLiteral("id"))) {
            g_lastId = message->value(QStringLiteral("id"));
            if (op.contains(QStringLiteral("save")))
                g_savedIds.insert(op.value(QStringLiteral("save")).toString(), g_lastId);
        }
        if (op.value(QStringLiteral("echo")).toBool())
            echo(*message);
        return;
    }
}

void expectResponse(const QJsonObject &op)
{
    const QJsonValue id = op.value(QStringLiteral("id"));
    for (;;) {
        const auto message = readMessage();
        if (!message)
            endOfInput(op);
        if (message->contains(QStringLiteral("method"))
            || message->value(QStringLiteral("id")) != id)
            continue;
        if (op.value(QStringLiteral("echo")).toBool(true))
            echo(*message);
        return;
    }
}

void respond(const QJsonObject &op)
{
    QJsonValue id = idFor(op);
    if (op.value(QStringLiteral("idAsString")).toBool())
        id = QString::number(id.toInteger());
    QJsonObject message{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                        {QStringLiteral("id"), id}};
    if (op.contains(QStringLiteral("error"))) {
        message.insert(QStringLiteral("error"), op.value(QStringLiteral("error")));
    } else {
        QJsonValue result = op.value(QStringLiteral("result"));
        if (result.isUndefined())
            result = QJsonObject();
        // Tell the client how many notifications preceded this response, so that tests can
        // check the barrier: they must all be applied when the request completes.
        if (result.isObject()) {
            QJsonObject object = result.toObject();
            object.insert(
                QStringLiteral("_meta"),
                QJsonObject{{QStringLiteral("notificationsBefore"), g_notificationsSent}});
            result = object;
        }
        message.insert(QStringLiteral("result"), result);
    }
    send(message);
}

void notify(const QJsonObject &op)
{
    const int count = op.value(QStringLiteral("count")).toInt(1);
    const int delayMs = op.value(QStringLiteral("delayMs")).toInt(0);
    const QString method
        = op.value(QStringLiteral("method")).toString(QStringLiteral("session/update"));
    const QJsonObject params = op.value(QStringLiteral("params")).toObject();
    for (int i = 0; i < count; ++i) {
        QJsonObject p = params;
        p.insert(QStringLiteral("_meta"),
                 QJsonObject{{QStringLiteral("seq"), g_notificationsSent}});
        send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
              {QStringLiteral("method"), method},
              {QStringLiteral("params"), p}});
        if (delayMs > 0)
            QThread::msleep(delayMs);
    }
}

void raw(const QJsonObject &op)
{
    QByteArray bytes = op.contains(QStringLiteral("hex"))
        ? QByteArray::fromHex(op.value(QStringLiteral("hex")).toString().toLatin1())
        : op.value(QStringLiteral("data")).toString().toUtf8();
    const int repeat = op.value(QStringLiteral("repeat")).toInt(1);
    const int fd = op.value(QStringLiteral("stderr")).toBool() ? STDERR_FILENO : STDOUT_FILENO;
    if (repeat > 1) {
        // Written in large pieces so that a flood really is a flood.
        const QByteArray one = bytes;
        bytes.clear();
        bytes.reserve(one.size() * qMin(repeat, 4096));
        for (int i = 0; i < repeat; ++i) {
            bytes += one;
            if (bytes.size() > (1 << 20)) {
                writeAll(fd, bytes);
                bytes.clear();
            }
        }
    }
    writeAll(fd, bytes);
}

void bigLine(const QJsonObject &op)
{
    // "prefix": the message's start up to an open string that the padding fills, and "suffix"
    // what closes it (default: a session/update with a "pad" parameter).
    const qint64 size = op.value(QStringLiteral("bytes")).toInteger();
    QByteArray line = op.value(QStringLiteral("prefix"))
                          .toString(QStringLiteral(
                              R"({"jsonrpc":"2.0","method":"session/update","params":{"pad":")"))
                          .toUtf8();
    const QByteArray suffix
        = op.value(QStringLiteral("suffix")).toString(QStringLiteral("\"}}")).toUtf8();
    line += QByteArray(qMax<qint64>(0, size - line.size() - suffix.size() - 1), 'x');
    line += suffix + "\n";
    writeAll(STDOUT_FILENO, line);
}

void run(const QJsonObject &op)
{
    const QString name = op.value(QStringLiteral("op")).toString();
    if (name == QLatin1String("expect")) {
        expect(op);
    } else if (name == QLatin1String("expect_response")) {
        expectResponse(op);
    } else if (name == QLatin1String("respond")) {
        respond(op);
    } else if (name == QLatin1String("notify")) {
        notify(op);
    } else if (name == QLatin1String("send")) {
        send(op.value(QStringLiteral("message")).toObject());
    } else if (name == QLatin1String("raw")) {
        raw(op);
    } else if (name == QLatin1String("big_line")) {
        bigLine(op);
    } else if (name == QLatin1String("sleep")) {
        QThread::msleep(op.value(QStringLiteral("ms")).toInt());
    } else if (name == QLatin1String("exit")) {
        std::fflush(nullptr);
        std::_Exit(op.value(QStringLiteral("code")).toInt());
    } else if (name == QLatin1String("crash")) {
        const int sig = op.value(QStringLiteral("signal")).toInt(SIGKILL);
        std::signal(sig, SIG_DFL);
        std::raise(sig);
    } else if (name == QLatin1String("close_stdout")) {
        ::close(STDOUT_FILENO);
        g_stdoutOpen = false;
    } else if (name == QLatin1String("close_stdin")) {
        g_stdin.close();
        ::close(STDIN_FILENO);
    } else if (name == QLatin1String("ignore_sigterm")) {
        std::signal(SIGTERM, SIG_IGN);
    } else if (name == QLatin1String("stall")) {
        for (;;)
            ::pause();
    } else if (name == QLatin1String("run")) {
        runProgram(op);
    } else if (name == QLatin1String("drain_stdin")) {
        while (readMessage()) { }
    } else {
        writeAll(STDERR_FILENO, "fake-agent: unknown op " + name.toUtf8() + '\n');
        std::_Exit(64);
    }
}

// Runs a program itself (fork and exec: an agent's own tool, not terminal/create), its output
// on our stderr, waits for it and says how it ended in a `_test/ran` notification.
void runProgram(const QJsonObject &op)
{
    QList<QByteArray> words{op.value(QStringLiteral("program")).toString().toLocal8Bit()};
    for (const QJsonValue &arg : op.value(QStringLiteral("args")).toArray())
        words << arg.toString().toLocal8Bit();
    std::vector<char *> argv;
    for (QByteArray &word : words)
        argv.push_back(word.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child == 0) {
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
          {QStringLiteral("method"), QStringLiteral("_test/ran")},
          {QStringLiteral("params"),
           QJsonObject{
               {QStringLiteral("exitCode"), WIFEXITED(status) ? WEXITSTATUS(status) : -1}}}});
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        writeAll(STDERR_FILENO, "usage: switchboard-fake-agent SCENARIO.jsonl\n");
        return 64;
    }
    std::signal(SIGPIPE, SIG_IGN);
    QFile scenario(QString::fromLocal8Bit(argv[1]));
    if (!scenario.open(QIODevice::ReadOnly)) {
        writeAll(STDERR_FILENO, "fake-agent: cannot open the scenario\n");
        return 66;
    }
    if (!g_stdin.open(stdin, QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        writeAll(STDERR_FILENO, "fake-agent: cannot read stdin\n");
        return 66;
    }
    while (!scenario.atEnd()) {
        const QByteArray line = scenario.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QJsonDocument op = QJsonDocument::fromJson(line);
        if (!op.isObject()) {
            writeAll(STDERR_FILENO, "fake-agent: bad scenario line: " + line + '\n');
            return 65;
        }
        run(op.object());
    }
    // Like a well-behaved agent: stay until the client closes our input.
    while (readMessage()) { }
    return 0;
}
