#pragma once

#include "clientsession.h"

#include <QFrame>

namespace Ui {

// The inline card for a permission request: what the agent wants to do and one button per
// option the agent offers (allow once / always, reject once / always), keyboard accessible
// (Alt+1..4, Tab between buttons).
class PermissionCard final : public QFrame
{
    Q_OBJECT
public:
    PermissionCard(const Acp::PendingPermission &permission, const QString &title, QWidget *parent);

    quint64 handle() const { return m_handle; }

Q_SIGNALS:
    void optionChosen(quint64 handle, const QString &optionId);

private:
    quint64 m_handle;
};

} // namespace Ui
