#include "mcpservers.h"

#include "jsonio.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QUrl>

namespace Acp::McpServers {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Acp::McpServers", text);
}

} // namespace

QList<McpServer> merged(const QList<McpServer> &global, const QList<McpServer> &own)
{
    QList<McpServer> result;
    for (const McpServer &server : global) {
        const bool replaced = std::any_of(
            own.cbegin(), own.cend(), [&](const McpServer &o) { return o.name == server.name; });
        if (!replaced)
            result.append(server);
    }
    return result + own;
}

QString problem(const McpServer &server)
{
    if (server.name.trimmed().isEmpty())
        return tr("An MCP server needs a name.");
    if (server.transport == McpServer::Transport::Stdio) {
        if (server.command.trimmed().isEmpty())
            return tr("The MCP server \"%1\" needs a command.").arg(server.name);
        return {};
    }
    const QUrl url(server.url, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return tr("The MCP server \"%1\" needs an http:// or https:// address.").arg(server.name);
    return {};
}

McpSelection select(const QList<McpServer> &servers, const AgentCapabilities &capabilities)
{
    McpSelection selection;
    for (McpServer server : servers) {
        if (const QString why = problem(server); !why.isEmpty()) {
            selection.skipped.append({server, why});
            continue;
        }
        switch (server.transport) {
        case McpServer::Transport::Stdio:
            if (!QDir::isAbsolutePath(server.command)) {
                const QString found = QStandardPaths::findExecutable(server.command);
                if (found.isEmpty()) {
                    selection.skipped.append(
                        {server, tr("%1 was not found on PATH.").arg(server.command)});
                    continue;
                }
                server.command = found;
            }
            break;
        case McpServer::Transport::Http:
            if (!capabilities.mcpHttp) {
                selection.skipped.append(
                    {server, tr("this agent does not support MCP servers over HTTP.")});
                continue;
            }
            break;
        case McpServer::Transport::Sse:
            if (!capabilities.mcpSse) {
                selection.skipped.append(
                    {server, tr("this agent does not support MCP servers over SSE.")});
                continue;
            }
            break;
        }
        selection.passed.append(server);
    }
    return selection;
}

QString toJson(const QList<McpServer> &servers)
{
    return QString::fromUtf8(
        QJsonDocument(Json::write(servers).toArray()).toJson(QJsonDocument::Compact));
}

QList<McpServer> fromJson(const QString &json)
{
    // Entry by entry: one the user broke by hand does not take the others with it.
    QList<McpServer> servers;
    for (const QJsonValue &entry : QJsonDocument::fromJson(json.toUtf8()).array())
        if (auto server = Json::parse<McpServer>(entry))
            servers.append(*server);
    return servers;
}

} // namespace Acp::McpServers
