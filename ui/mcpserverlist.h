#pragma once

#include "sessionmethods.h"

#include <QWidget>

class QListWidget;

namespace Ui {

// A list of MCP servers with Add, Edit and Remove (each server in an McpServerDialog). Used
// for the global servers and for a profile's own in the settings.
class McpServerList final : public QWidget
{
    Q_OBJECT
public:
    explicit McpServerList(QWidget *parent = nullptr);

    QList<Acp::McpServer> servers() const { return m_servers; }
    void setServers(const QList<Acp::McpServer> &servers);
    QListWidget *listWidget() const { return m_list; }

Q_SIGNALS:
    void changed();

private:
    // Opens the editor for row `row` (or a new server when -1); window-modal, never blocking.
    void edit(int row);
    void refresh();

    QList<Acp::McpServer> m_servers;
    QListWidget *m_list;
};

} // namespace Ui
