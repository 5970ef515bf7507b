// The generic QIODevice transport, on one end of a socketpair, with this test playing the
// agent on the other end: bytes split anywhere (one at a time, inside UTF-8 characters) still
// make whole messages, and the end of the stream closes the connection.

#include "connection.h"
#include "devicetransport.h"

#include <QLocalSocket>
#include <QSignalSpy>
#include <QTest>

#include <sys/socket.h>
#include <unistd.h>

using Acp::Connection;

class TestDeviceTransport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bytesSplitAnywhere();
    void requestAndResponseOverSocket();
};

namespace {

struct SocketPair
{
    int client = -1; // handed to the connection
    int agent = -1; // written by the test
    SocketPair()
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0) {
            client = fds[0];
            agent = fds[1];
        }
    }
    ~SocketPair()
    {
        if (agent >= 0)
            ::close(agent);
    }
    void write(const QByteArray &bytes) const
    {
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(agent, bytes.constData() + done, size_t(bytes.size() - done));
            if (n <= 0)
                return;
            done += n;
        }
    }
    QByteArray readLine() const
    {
        QByteArray line;
        char c = 0;
        while (::read(agent, &c, 1) == 1 && c != '\n')
            line += c;
        return line;
    }
    void closeAgentEnd()
    {
        ::close(agent);
        agent = -1;
    }
};

Connection::TransportFactory socketTransport(int fd)
{
    return [fd]() -> Acp::Transport * {
        auto *socket = new QLocalSocket;
        socket->setSocketDescriptor(fd);
        return new Acp::DeviceTransport(socket);
    };
}

} // namespace

void TestDeviceTransport::bytesSplitAnywhere()
{
    SocketPair pair;
    QVERIFY(pair.client >= 0);
    Connection connection;
    QList<Acp::Notification> received;
    connect(&connection, &Connection::notificationReceived, this,
            [&](const Acp::Notification &n) { received.append(n); });
    QSignalSpy closed(&connection, &Connection::closed);
    connection.start(socketTransport(pair.client));

    const QByteArray payload = "{\"jsonrpc\":\"2.0\",\"method\":\"session/"
                               "update\",\"params\":{\"t\":\"caf\xc3\xa9 \xe2\x82\xac\"}}\r\n"
                               "\n"
                               "{\"jsonrpc\":\"2.0\",\"method\":\"session/"
                               "update\",\"params\":{\"t\":\"\xf0\x9f\x98\x80\"}}\n"
                               "{\"jsonrpc\":\"2.0\",\"method\":\"session/"
                               "update\",\"params\":{\"t\":\"no newline at the end\"}}";
    for (char c : payload) {
        pair.write(QByteArray(1, c));
        QCoreApplication::processEvents(); // let the reader see the single byte
    }
    QTRY_COMPARE(received.size(), 2);
    pair.closeAgentEnd(); // the final message has no newline: it is still delivered at EOF
    QVERIFY(closed.wait(5000));
    QCOMPARE(received.size(), 3);
    QCOMPARE(received[0].params.toObject()["t"].toString(),
             QString::fromUtf8("caf\xc3\xa9 \xe2\x82\xac"));
    QCOMPARE(received[1].params.toObject()["t"].toString(), QString::fromUtf8("\xf0\x9f\x98\x80"));
    QCOMPARE(received[2].params.toObject()["t"].toString(), QString("no newline at the end"));
    QCOMPARE(connection.disconnectCause().reason, Acp::DisconnectCause::Reason::EndOfStream);
}

void TestDeviceTransport::requestAndResponseOverSocket()
{
    SocketPair pair;
    Connection connection;
    connection.start(socketTransport(pair.client));
    std::optional<Acp::Response> response;
    connection.sendRequest("initialize", QJsonObject{{"protocolVersion", 1}}, this,
                           [&](const Acp::Response &r) { response = r; });
    const QByteArray request = pair.readLine(); // blocks this thread only; the worker wrote it
    QVERIFY(request.contains("\"method\":\"initialize\""));
    QVERIFY(request.contains("\"id\":1"));
    QVERIFY(request.contains("\"jsonrpc\":\"2.0\""));
    pair.write("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":1}}\n");
    QTRY_VERIFY(response.has_value());
    QCOMPARE(response->result.toObject()["protocolVersion"].toInt(), 1);
}

QTEST_GUILESS_MAIN(TestDeviceTransport)
#include "tst_devicetransport.moc"
