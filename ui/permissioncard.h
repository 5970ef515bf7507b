#pragma once

#include "clientsession.h"

#include <QFrame>

class QCheckBox;

namespace Ui {

// The inline card for a permission request: what the agent wants to do and one button per
// option the agent offers, keyboard accessible (Alt+number, Tab between buttons). The numbers
// do not follow the agent's order: 1 is always a one-time allow (PermissionOptions::numbered).
// An "always" answer keeps a rule for this session; the check box under the buttons, which
// names what the rule would cover, keeps it for later sessions in this project instead.
class PermissionCard final : public QFrame
{
    Q_OBJECT
public:
    // `projectRule`: what "always" would cover if kept for later sessions (empty: no rules
    // are kept, so there is no check box).
    PermissionCard(const Acp::PendingPermission &permission, const QString &title,
                   const QString &projectRule, QWidget *parent);

    quint64 handle() const { return m_handle; }

Q_SIGNALS:
    void optionChosen(quint64 handle, const QString &optionId, bool keepForProject);

private:
    quint64 m_handle;
    QCheckBox *m_keep = nullptr;
};

} // namespace Ui
