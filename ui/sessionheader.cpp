#include "sessionheader.h"

#include "clientsession.h"
#include "plaintext.h"
#include "sandbox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

namespace Ui {

SessionHeader::SessionHeader(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_optionsLayout(new QHBoxLayout)
    , m_mode(new QComboBox(this))
    , m_reviewWrites(new QCheckBox(tr("Review &writes"), this))
    , m_usage(new QLabel(this))
    , m_sandbox(new QLabel(this))
{
    setObjectName(QStringLiteral("sessionHeader"));
    m_title->setObjectName(QStringLiteral("sessionTitle"));
    m_title->setTextFormat(Qt::RichText);
    // A long title or path gives way to the controls beside it (all of it is in the tooltip).
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_title->setMinimumWidth(120);
    m_mode->setObjectName(QStringLiteral("modeCombo"));
    m_mode->setAccessibleName(tr("Mode"));
    m_mode->hide();
    connect(m_mode, &QComboBox::activated, this, [this](int index) {
        if (m_session)
            m_session->setMode(m_mode->itemData(index).toString());
    });
    m_reviewWrites->setObjectName(QStringLiteral("reviewWritesCheck"));
    m_reviewWrites->setToolTip(
        tr("Show each file the agent writes as a diff first, and write it only if you agree."));
    connect(m_reviewWrites, &QCheckBox::toggled, this, &SessionHeader::reviewWritesToggled);
    m_usage->setObjectName(QStringLiteral("usageLabel"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 0);
    layout->addWidget(m_title, 1);
    layout->addLayout(m_optionsLayout);
    layout->addWidget(m_mode);
    layout->addWidget(m_reviewWrites);
    layout->addWidget(m_usage);
    m_sandbox->setObjectName(QStringLiteral("sandboxLabel"));
    m_sandbox->setTextFormat(Qt::PlainText);
    m_sandbox->hide();
    layout->addWidget(m_sandbox);
}

void SessionHeader::setSandbox(const Acp::Sandbox &sandbox)
{
    const Acp::Sandbox effective = sandbox.effective();
    // Off by the user's choice says little every time; off for want of Landlock is news.
    m_sandbox->setVisible(sandbox.isOn());
    m_sandbox->setText(effective.isOn() ? sandbox.summary() : tr("No sandbox"));
    m_sandbox->setToolTip(plainAsRichText(sandbox.details()));
    m_sandbox->setAccessibleName(tr("Sandbox"));
    m_sandbox->setAccessibleDescription(sandbox.details());
    m_sandbox->setStyleSheet(effective.isOn() ? QString()
                                              : QStringLiteral("color: palette(link-visited)"));
}

void SessionHeader::setTitle(const QString &title, const QString &profileName, const QString &cwd)
{
    m_title->setText(
        QStringLiteral("<b>%1</b> <span style='color:gray'>%2 \u00b7 %3</span>")
            .arg(title.toHtmlEscaped(), profileName.toHtmlEscaped(), cwd.toHtmlEscaped()));
    // Escaped: the title comes from the agent, and tooltips take rich text.
    m_title->setToolTip(
        QStringLiteral("<p>%1<br>%2 \u00b7 %3</p>")
            .arg(title.toHtmlEscaped(), profileName.toHtmlEscaped(), cwd.toHtmlEscaped()));
}

bool SessionHeader::reviewWrites() const
{
    return m_reviewWrites->isChecked();
}

void SessionHeader::showSession(Acp::ClientSession *session)
{
    m_session = session;
    // Config options supersede modes; a "mode" option is shown as the mode box.
    qDeleteAll(m_optionBoxes);
    m_optionBoxes.clear();
    bool modeFromOptions = false;
    for (const Acp::SessionConfigOption &option : session->configOptions()) {
        if (option.type != Acp::SessionConfigOption::Type::Select)
            continue;
        auto *box = new QComboBox(this);
        box->setObjectName(QStringLiteral("configOption_") + option.id);
        box->setAccessibleName(option.name);
        box->setToolTip(plainAsRichText(option.description.value_or(option.name)));
        const auto addOptions = [box](const QList<Acp::SessionConfigSelectOption> &values) {
            for (const Acp::SessionConfigSelectOption &v : values)
                box->addItem(v.name, v.value);
        };
        addOptions(option.options);
        for (const Acp::SessionConfigSelectGroup &group : option.groups)
            addOptions(group.options);
        box->setCurrentIndex(box->findData(option.currentValue));
        connect(box, &QComboBox::activated, this, [this, box, id = option.id](int index) {
            if (m_session)
                m_session->setConfigOption(id, box->itemData(index).toString());
        });
        modeFromOptions = modeFromOptions || option.category == QLatin1String("mode");
        m_optionsLayout->addWidget(box);
        m_optionBoxes.append(box);
    }
    m_mode->clear();
    if (session->modes() && !modeFromOptions) {
        for (const Acp::SessionMode &mode : session->modes()->availableModes)
            m_mode->addItem(mode.name, mode.id);
        m_mode->setCurrentIndex(m_mode->findData(session->modes()->currentModeId));
    }
    m_mode->setVisible(m_mode->count() > 0);
    if (const auto &usage = session->usage()) {
        QString text
            = tr("%L1k / %L2k tokens").arg(usage->used / 1000.0, 0, 'f', 1).arg(usage->size / 1000);
        if (usage->cost)
            text += QStringLiteral(" \u00b7 %1 %2")
                        .arg(usage->cost->amount, 0, 'f', 2)
                        .arg(usage->cost->currency);
        m_usage->setTextFormat(Qt::PlainText); // the currency is the agent's word
        m_usage->setText(text);
    }
}

} // namespace Ui
