#include "httpfixture.h"

#include <QTcpSocket>

namespace TestSupport {

HttpFixture::HttpFixture(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    });
}

bool HttpFixture::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString HttpFixture::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
}

int HttpFixture::count(const QString &path) const
{
    return int(std::count_if(m_requests.cbegin(), m_requests.cend(),
                             [&](const Request &r) { return r.path == path; }));
}

void HttpFixture::serve(QTcpSocket *socket)
{
    // Requests are small: wait until the whole header block is there.
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    m_buffers.remove(socket);
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    Request request;
    request.path = QString::fromLatin1(requestLine.value(1));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                   lines.at(i).mid(colon + 1).trimmed());
    }
    m_requests.append(request);

    QByteArray response;
    const auto route = m_routes.constFind(request.path);
    if (route == m_routes.cend()) {
        response = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    } else if (!route->etag.isEmpty() && request.headers.value("if-none-match") == route->etag) {
        response = "HTTP/1.1 304 Not Modified\r\nETag: " + route->etag
            + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    } else {
        response = "HTTP/1.1 " + QByteArray::number(route->status)
            + (route->status == 200 ? " OK" : " Error") + "\r\nContent-Type: " + route->contentType
            + "\r\nContent-Length: " + QByteArray::number(route->body.size())
            + (route->etag.isEmpty() ? QByteArray() : "\r\nETag: " + route->etag)
            + "\r\nConnection: close\r\n\r\n" + route->body;
    }
    socket->write(response);
    socket->disconnectFromHost();
}

} // namespace TestSupport
