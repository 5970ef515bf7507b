#pragma once

#include <QHash>
#include <QObject>
#include <QTcpServer>

namespace TestSupport {

// A small HTTP/1.1 server on 127.0.0.1 for tests that must not touch the network: fixed
// routes (GET only), ETag revalidation (If-None-Match gives 304), and a log of the requests
// it saw, so that a test can say what was (not) fetched.
class HttpFixture final : public QObject
{
    Q_OBJECT
public:
    struct Route
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/octet-stream";
        QByteArray etag; // sent as ETag; a matching If-None-Match gets 304
    };
    struct Request
    {
        QString path;
        QHash<QByteArray, QByteArray> headers; // names in lower case
    };

    explicit HttpFixture(QObject *parent = nullptr);

    bool listen();
    void close() { m_server.close(); }
    QString url(const QString &path) const;
    void setRoute(const QString &path, const Route &route) { m_routes.insert(path, route); }
    QList<Request> requests() const { return m_requests; }
    int count(const QString &path) const;

private:
    void serve(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QString, Route> m_routes;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace TestSupport
