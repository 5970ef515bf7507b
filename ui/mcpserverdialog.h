#pragma once

#include "sessionmethods.h"

#include <QDialog>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Ui {

// Edits one MCP server: a stdio command (arguments, environment) or an HTTP/SSE address
// (headers). OK is refused, with the reason shown, while the server is incomplete.
class McpServerDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit McpServerDialog(QWidget *parent = nullptr);

    void setServer(const Acp::McpServer &server);
    Acp::McpServer server() const;
    void accept() override;

private:
    void showTransportRows();

    QFormLayout *m_form;
    QLineEdit *m_name;
    QComboBox *m_transport;
    QLineEdit *m_command;
    QLineEdit *m_arguments;
    QPlainTextEdit *m_environment;
    QLineEdit *m_url;
    QPlainTextEdit *m_headers;
    QLabel *m_problem;
};

} // namespace Ui
