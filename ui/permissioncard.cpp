#include "permissioncard.h"

#include "permissionoptions.h"
#include "plaintext.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <utility>

namespace Ui {

PermissionCard::PermissionCard(const Acp::PendingPermission &permission, const QString &title,
                               const QString &projectRule, QWidget *parent)
    : QFrame(parent)
    , m_handle(permission.handle)
{
    using Acp::PermissionOptions::isAlways;
    setObjectName(QStringLiteral("permissionCard"));
    setFrameShape(QFrame::StyledPanel);
    // Stands out in light and dark palettes alike: it is waiting for the user.
    setStyleSheet(
        QStringLiteral("QFrame#permissionCard { background: #fff8c5; border: 1px solid #d4a72c; "
                       "border-radius: 6px; } QFrame#permissionCard QLabel, "
                       "QFrame#permissionCard QCheckBox { color: #3b2f00; }"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    auto *label = new QLabel(
        tr("<b>The agent asks for permission:</b> %1").arg(title.toHtmlEscaped()), this);
    label->setObjectName(QStringLiteral("permissionQuestion"));
    label->setWordWrap(true);
    layout->addWidget(label);
    auto *buttons = new QHBoxLayout;
    // An "always" button says how long its answer lasts.
    const auto caption = [](const Acp::PermissionOption &option, bool keep) {
        if (!isAlways(option.kind))
            return option.name;
        return keep ? tr("%1 (later sessions too)").arg(option.name)
                    : tr("%1 (this session)").arg(option.name);
    };
    QList<std::pair<QPushButton *, Acp::PermissionOptions::Numbered>> always;
    for (const auto &numbered : Acp::PermissionOptions::numbered(permission.request.options)) {
        const Acp::PermissionOption &option = numbered.option;
        auto *button = new QPushButton(QStringLiteral("&%1 %2")
                                           .arg(numbered.number)
                                           .arg(withoutMnemonics(caption(option, false))),
                                       this);
        button->setObjectName(QStringLiteral("permissionOption_") + option.optionId);
        button->setAccessibleName(caption(option, false));
        if (numbered.number == 1)
            button->setDefault(true);
        const bool isAlwaysOption = isAlways(option.kind);
        if (isAlwaysOption)
            always.append({button, numbered});
        connect(button, &QPushButton::clicked, this, [this, id = option.optionId, isAlwaysOption] {
            Q_EMIT optionChosen(m_handle, id, isAlwaysOption && m_keep && m_keep->isChecked());
        });
        buttons->addWidget(button);
    }
    buttons->addStretch();
    layout->addLayout(buttons);
    if (!always.isEmpty() && !projectRule.isEmpty()) {
        m_keep = new QCheckBox(tr("&Keep an \"always\" answer for later sessions too: %1")
                                   .arg(withoutMnemonics(projectRule)),
                               this);
        m_keep->setObjectName(QStringLiteral("permissionKeepForProject"));
        layout->addWidget(m_keep);
        connect(m_keep, &QCheckBox::toggled, this, [always, caption](bool keep) {
            for (const auto &[button, numbered] : always) {
                button->setText(QStringLiteral("&%1 %2")
                                    .arg(numbered.number)
                                    .arg(withoutMnemonics(caption(numbered.option, keep))));
                button->setAccessibleName(caption(numbered.option, keep));
            }
        });
    }
}

} // namespace Ui
