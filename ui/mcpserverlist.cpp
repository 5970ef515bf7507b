#include "mcpserverlist.h"

#include "mcpserverdialog.h"
#include "mcpservers.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Ui {

McpServerList::McpServerList(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
{
    m_list->setAccessibleName(tr("MCP servers"));
    auto *add = new QPushButton(tr("Add ser&ver\u2026"), this);
    add->setObjectName(QStringLiteral("addMcpServerButton"));
    auto *editButton = new QPushButton(tr("Ed&it\u2026"), this);
    editButton->setObjectName(QStringLiteral("editMcpServerButton"));
    auto *remove = new QPushButton(tr("Rem&ove"), this);
    remove->setObjectName(QStringLiteral("removeMcpServerButton"));
    connect(add, &QPushButton::clicked, this, [this] { edit(-1); });
    connect(editButton, &QPushButton::clicked, this, [this] { edit(m_list->currentRow()); });
    connect(m_list, &QListWidget::itemActivated, this, [this] { edit(m_list->currentRow()); });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_list->currentRow();
        if (row < 0 || row >= m_servers.size())
            return;
        m_servers.removeAt(row);
        refresh();
        Q_EMIT changed();
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(editButton);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
}

void McpServerList::setServers(const QList<Acp::McpServer> &servers)
{
    m_servers = servers;
    refresh();
}

void McpServerList::edit(int row)
{
    if (row >= m_servers.size())
        return;
    auto *dialog = new McpServerDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (row >= 0)
        dialog->setServer(m_servers.at(row));
    connect(dialog, &QDialog::accepted, this, [this, dialog, row] {
        if (row >= 0 && row < m_servers.size())
            m_servers[row] = dialog->server();
        else
            m_servers.append(dialog->server());
        refresh();
        m_list->setCurrentRow(row >= 0 ? row : int(m_servers.size()) - 1);
        Q_EMIT changed();
    });
    dialog->open();
}

void McpServerList::refresh()
{
    m_list->clear();
    for (const Acp::McpServer &s : std::as_const(m_servers)) {
        const QString where = s.transport == Acp::McpServer::Transport::Stdio
            ? QStringList(QStringList{s.command} + s.args).join(QLatin1Char(' '))
            : s.url;
        m_list->addItem(
            QStringLiteral("%1  \u2014  %2: %3").arg(s.name, Acp::toString(s.transport), where));
    }
}

} // namespace Ui
