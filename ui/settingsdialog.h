#pragma once

#include "agentprofile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QTableWidget;

namespace Acp {
class PermissionRules;
}

namespace Ui {

class McpServerList;

// Settings: agent profiles (add, edit, duplicate, remove; presets for common agents), the MCP
// servers every session gets, and the permission decisions remembered with "always" (listed,
// revocable).
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(Acp::ProfileStore *profiles, Acp::PermissionRules *rules,
                   QWidget *parent = nullptr);

    QList<Acp::AgentProfile> editedProfiles() const { return m_profiles; }
    void accept() override;

private:
    void showProfile(int row);
    void storeCurrent();
    void addProfile(const Acp::AgentProfile &profile);
    void refreshDecisions();

    Acp::ProfileStore *m_store;
    Acp::PermissionRules *m_rules;
    QList<Acp::AgentProfile> m_profiles;
    int m_current = -1;
    QListWidget *m_list;
    QLineEdit *m_name;
    QLineEdit *m_program;
    QLineEdit *m_arguments;
    QPlainTextEdit *m_environment;
    QLineEdit *m_cwd;
    QComboBox *m_sandboxMode;
    QCheckBox *m_sandboxRequired;
    QPlainTextEdit *m_sandboxFolders;
    QPlainTextEdit *m_sandboxReadable;
    QLineEdit *m_sandboxPorts;
    McpServerList *m_profileMcp;
    McpServerList *m_globalMcp;
    QTableWidget *m_decisions;
    QLineEdit *m_registryUrl;
    QCheckBox *m_reopenLast;
};

} // namespace Ui
