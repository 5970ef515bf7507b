#pragma once

#include "agentregistry.h"

#include <QDialog>
#include <QHash>
#include <QIcon>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace Acp {
class ProfileStore;
}

namespace Ui {

// File > Agent Registry: the agents of the ACP registry with their icons, versions and ways to
// run them; "Add as profile" makes a profile in one click. A binary agent is downloaded only
// after the user agrees, with the source, the target folder and whether a checksum is checked
// spelled out. Offline, the cached list is shown and the user is told so.
class RegistryDialog final : public QDialog
{
    Q_OBJECT
public:
    RegistryDialog(Acp::AgentRegistry *registry, Acp::ProfileStore *profiles,
                   QWidget *parent = nullptr);

Q_SIGNALS:
    void profileAdded(const QString &name);

private:
    void rebuildList();
    void showAgent();
    void addSelected();
    void askToInstall(const Acp::RegistryAgent &agent);
    void addProfile(const Acp::AgentProfile &profile, const QString &note = {});
    void setIcon(const QString &id, const QByteArray &data);
    void showMessage(const QString &text, bool error);
    void downloadEnded();
    std::optional<Acp::RegistryAgent> selectedAgent() const;

    QPointer<Acp::AgentRegistry> m_registry;
    Acp::ProfileStore *m_profiles;
    QLabel *m_status;
    QLineEdit *m_search;
    QListWidget *m_list;
    QLabel *m_details;
    QComboBox *m_distribution;
    QPushButton *m_add;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QLabel *m_message;
    QHash<QString, QIcon> m_icons;
    QSet<QString> m_iconsAsked;
    QString m_downloadingId; // one download at a time, whatever is selected meanwhile
};

} // namespace Ui
