#include "permissioncard.h"

#include "plaintext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Ui {

PermissionCard::PermissionCard(const Acp::PendingPermission &permission, const QString &title,
                               QWidget *parent)
    : QFrame(parent)
    , m_handle(permission.handle)
{
    setObjectName(QStringLiteral("permissionCard"));
    setFrameShape(QFrame::StyledPanel);
    // Stands out in light and dark palettes alike: it is waiting for the user.
    setStyleSheet(
        QStringLiteral("QFrame#permissionCard { background: #fff8c5; border: 1px solid #d4a72c; "
                       "border-radius: 6px; } QFrame#permissionCard QLabel { color: #3b2f00; }"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    auto *label = new QLabel(
        tr("<b>The agent asks for permission:</b> %1").arg(title.toHtmlEscaped()), this);
    label->setObjectName(QStringLiteral("permissionQuestion"));
    label->setWordWrap(true);
    layout->addWidget(label);
    auto *buttons = new QHBoxLayout;
    int number = 0;
    for (const Acp::PermissionOption &option : permission.request.options) {
        auto *button = new QPushButton(
            QStringLiteral("&%1 %2").arg(++number).arg(withoutMnemonics(option.name)), this);
        button->setObjectName(QStringLiteral("permissionOption_") + option.optionId);
        button->setAccessibleName(option.name);
        const bool allows = option.kind == Acp::PermissionOption::Kind::AllowOnce
            || option.kind == Acp::PermissionOption::Kind::AllowAlways;
        if (number == 1 && allows)
            button->setDefault(true);
        connect(button, &QPushButton::clicked, this,
                [this, id = option.optionId] { Q_EMIT optionChosen(m_handle, id); });
        buttons->addWidget(button);
    }
    buttons->addStretch();
    layout->addLayout(buttons);
}

} // namespace Ui
