#include "mcpserverdialog.h"

#include "mcpservers.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QVBoxLayout>

namespace Ui {

namespace {

// "NAME<sep>value" per line, as the user typed it; lines without the separator are dropped.
QList<std::pair<QString, QString>> pairs(const QString &text, QChar separator)
{
    QList<std::pair<QString, QString>> result;
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype at = line.indexOf(separator);
        if (at > 0)
            result.append({line.left(at).trimmed(), line.mid(at + 1).trimmed()});
    }
    return result;
}

} // namespace

McpServerDialog::McpServerDialog(QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_name(new QLineEdit(this))
    , m_transport(new QComboBox(this))
    , m_command(new QLineEdit(this))
    , m_arguments(new QLineEdit(this))
    , m_environment(new QPlainTextEdit(this))
    , m_url(new QLineEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("mcpServerDialog"));
    setWindowTitle(tr("MCP Server"));
    m_name->setObjectName(QStringLiteral("mcpName"));
    m_transport->setObjectName(QStringLiteral("mcpTransport"));
    m_transport->addItem(tr("Command (stdio)"), int(Acp::McpServer::Transport::Stdio));
    m_transport->addItem(tr("HTTP"), int(Acp::McpServer::Transport::Http));
    m_transport->addItem(tr("SSE (deprecated by MCP)"), int(Acp::McpServer::Transport::Sse));
    m_command->setObjectName(QStringLiteral("mcpCommand"));
    m_command->setPlaceholderText(tr("a program on PATH, or its absolute path"));
    m_arguments->setObjectName(QStringLiteral("mcpArguments"));
    m_arguments->setPlaceholderText(tr("separated by spaces; quote with \"\""));
    m_environment->setObjectName(QStringLiteral("mcpEnvironment"));
    m_environment->setPlaceholderText(tr("NAME=value, one per line"));
    m_environment->setTabChangesFocus(true);
    m_url->setObjectName(QStringLiteral("mcpUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://example.com/mcp"));
    m_headers->setObjectName(QStringLiteral("mcpHeaders"));
    m_headers->setPlaceholderText(tr("Name: value, one per line"));
    m_headers->setTabChangesFocus(true);
    m_problem->setObjectName(QStringLiteral("mcpProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problem->setWordWrap(true);

    m_form->addRow(tr("&Name:"), m_name);
    m_form->addRow(tr("&Transport:"), m_transport);
    m_form->addRow(tr("&Command:"), m_command);
    m_form->addRow(tr("&Arguments:"), m_arguments);
    m_form->addRow(tr("&Environment:"), m_environment);
    m_form->addRow(tr("&URL:"), m_url);
    m_form->addRow(tr("&Headers:"), m_headers);
    connect(m_transport, &QComboBox::currentIndexChanged, this,
            &McpServerDialog::showTransportRows);
    // A problem shown for the last OK goes away once the user changes something.
    for (QLineEdit *edit : {m_name, m_command, m_url})
        connect(edit, &QLineEdit::textEdited, m_problem, &QLabel::clear);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &McpServerDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    showTransportRows();
    resize(520, sizeHint().height());
}

void McpServerDialog::setServer(const Acp::McpServer &server)
{
    m_name->setText(server.name);
    m_transport->setCurrentIndex(m_transport->findData(int(server.transport)));
    m_command->setText(server.command);
    QStringList args;
    for (const QString &arg : server.args)
        args << (arg.contains(QLatin1Char(' ')) ? QLatin1Char('"') + arg + QLatin1Char('"') : arg);
    m_arguments->setText(args.join(QLatin1Char(' ')));
    QStringList env;
    for (const Acp::EnvVariable &v : server.env)
        env << v.name + QLatin1Char('=') + v.value;
    m_environment->setPlainText(env.join(QLatin1Char('\n')));
    m_url->setText(server.url);
    QStringList headers;
    for (const Acp::HttpHeader &h : server.headers)
        headers << h.name + QStringLiteral(": ") + h.value;
    m_headers->setPlainText(headers.join(QLatin1Char('\n')));
    showTransportRows();
}

Acp::McpServer McpServerDialog::server() const
{
    Acp::McpServer server;
    server.name = m_name->text().trimmed();
    server.transport = static_cast<Acp::McpServer::Transport>(m_transport->currentData().toInt());
    if (server.transport == Acp::McpServer::Transport::Stdio) {
        server.command = m_command->text().trimmed();
        server.args = QProcess::splitCommand(m_arguments->text());
        for (const auto &[name, value] : pairs(m_environment->toPlainText(), QLatin1Char('=')))
            server.env.append({name, value, {}});
    } else {
        server.url = m_url->text().trimmed();
        for (const auto &[name, value] : pairs(m_headers->toPlainText(), QLatin1Char(':')))
            server.headers.append({name, value, {}});
    }
    return server;
}

void McpServerDialog::accept()
{
    const QString problem = Acp::McpServers::problem(server());
    m_problem->setText(problem);
    if (problem.isEmpty())
        QDialog::accept();
}

void McpServerDialog::showTransportRows()
{
    const bool stdio = m_transport->currentData().toInt() == int(Acp::McpServer::Transport::Stdio);
    for (QWidget *w : {static_cast<QWidget *>(m_command), static_cast<QWidget *>(m_arguments),
                       static_cast<QWidget *>(m_environment)})
        m_form->setRowVisible(w, stdio);
    for (QWidget *w : {static_cast<QWidget *>(m_url), static_cast<QWidget *>(m_headers)})
        m_form->setRowVisible(w, !stdio);
}

} // namespace Ui
