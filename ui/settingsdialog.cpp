#include "settingsdialog.h"

#include "agentregistry.h"
#include "mcpserverlist.h"
#include "permissionrules.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Ui {

SettingsDialog::SettingsDialog(Acp::ProfileStore *profiles, Acp::PermissionRules *rules,
                               QWidget *parent)
    : QDialog(parent)
    , m_store(profiles)
    , m_rules(rules)
    , m_profiles(profiles->profiles())
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_program(new QLineEdit(this))
    , m_arguments(new QLineEdit(this))
    , m_environment(new QPlainTextEdit(this))
    , m_cwd(new QLineEdit(this))
    , m_profileMcp(new McpServerList(this))
    , m_globalMcp(new McpServerList(this))
    , m_decisions(new QTableWidget(this))
    , m_registryUrl(new QLineEdit(this))
    , m_reopenLast(
          new QCheckBox(tr("&Reopen the sessions that were open when Switchboard closed"), this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    resize(760, 480);
    auto *tabs = new QTabWidget(this);

    // Profiles ------------------------------------------------------------------------------
    auto *profilePage = new QWidget(tabs);
    m_list->setObjectName(QStringLiteral("profileList"));
    m_list->setAccessibleName(tr("Agent profiles"));
    m_name->setObjectName(QStringLiteral("profileName"));
    m_program->setObjectName(QStringLiteral("profileProgram"));
    m_arguments->setObjectName(QStringLiteral("profileArguments"));
    m_arguments->setPlaceholderText(tr("arguments, separated by spaces (quote with \"\")"));
    m_environment->setObjectName(QStringLiteral("profileEnvironment"));
    m_environment->setPlaceholderText(tr("NAME=value, one per line"));
    m_environment->setMaximumHeight(90);
    m_cwd->setObjectName(QStringLiteral("profileCwd"));
    m_cwd->setPlaceholderText(tr("default working directory (optional)"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Command:"), m_program);
    form->addRow(tr("&Arguments:"), m_arguments);
    form->addRow(tr("&Environment:"), m_environment);
    form->addRow(tr("&Directory:"), m_cwd);
    m_profileMcp->setObjectName(QStringLiteral("profileMcpServers"));
    m_profileMcp->listWidget()->setObjectName(QStringLiteral("profileMcpServerList"));
    m_profileMcp->setToolTip(tr("This agent's own MCP servers, in addition to the global ones "
                                "(one of the same name replaces the global one)."));
    form->addRow(tr("MCP &servers:"), m_profileMcp);
    auto *add = new QPushButton(tr("&Add"), profilePage);
    add->setObjectName(QStringLiteral("addProfileButton"));
    auto *presetMenu = new QMenu(add);
    presetMenu->addAction(tr("Custom command"), this, [this] {
        Acp::AgentProfile p;
        p.name = tr("New agent");
        p.program = QStringLiteral("my-agent");
        addProfile(p);
    });
    for (const Acp::AgentProfile &preset :
         Acp::ProfileStore::presets() + QList<Acp::AgentProfile>{Acp::ProfileStore::demoProfile()})
        presetMenu->addAction(preset.name, this, [this, preset] { addProfile(preset); });
    add->setMenu(presetMenu);
    auto *duplicate = new QPushButton(tr("D&uplicate"), profilePage);
    duplicate->setObjectName(QStringLiteral("duplicateProfileButton"));
    connect(duplicate, &QPushButton::clicked, this, [this] {
        storeCurrent();
        if (m_current < 0)
            return;
        Acp::AgentProfile copy = m_profiles.at(m_current);
        copy.name = tr("%1 (copy)").arg(copy.name);
        addProfile(copy);
    });
    auto *remove = new QPushButton(tr("&Remove"), profilePage);
    remove->setObjectName(QStringLiteral("removeProfileButton"));
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_current < 0 || m_profiles.size() <= 1)
            return;
        m_profiles.removeAt(m_current);
        delete m_list->takeItem(m_current);
        m_current = -1;
        showProfile(m_list->currentRow());
    });
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(duplicate);
    listButtons->addWidget(remove);
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);
    auto *profileLayout = new QHBoxLayout(profilePage);
    profileLayout->addLayout(left, 2);
    profileLayout->addLayout(form, 3);
    tabs->addTab(profilePage, tr("Agent &profiles"));
    for (const Acp::AgentProfile &p : std::as_const(m_profiles))
        m_list->addItem(p.name);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        storeCurrent();
        showProfile(row);
    });

    // MCP servers for every agent -------------------------------------------------------------
    auto *mcpPage = new QWidget(tabs);
    m_globalMcp->setObjectName(QStringLiteral("globalMcpServers"));
    m_globalMcp->listWidget()->setObjectName(QStringLiteral("globalMcpServerList"));
    m_globalMcp->setServers(profiles->globalMcpServers());
    auto *mcpHint = new QLabel(
        tr("MCP servers given to every agent when a session starts, loads or resumes. A profile "
           "can add its own. Servers over HTTP or SSE go only to agents that support them; you "
           "are told when one is left out."),
        mcpPage);
    mcpHint->setWordWrap(true);
    auto *mcpLayout = new QVBoxLayout(mcpPage);
    mcpLayout->addWidget(mcpHint);
    mcpLayout->addWidget(m_globalMcp, 1);
    tabs->addTab(mcpPage, tr("&MCP servers"));

    // Remembered permission decisions -----------------------------------------------------------
    auto *decisionPage = new QWidget(tabs);
    m_decisions->setObjectName(QStringLiteral("rememberedDecisions"));
    m_decisions->setAccessibleName(tr("Remembered permissions"));
    m_decisions->setColumnCount(4);
    m_decisions->setHorizontalHeaderLabels(
        {tr("Decision"), tr("What it covers"), tr("Agent"), tr("Kept")});
    m_decisions->horizontalHeader()->setStretchLastSection(true);
    m_decisions->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_decisions->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *revoke = new QPushButton(tr("Re&voke"), decisionPage);
    revoke->setObjectName(QStringLiteral("revokeDecisionButton"));
    connect(revoke, &QPushButton::clicked, this, [this] {
        const int row = m_decisions->currentRow();
        if (row < 0 || !m_rules)
            return;
        if (const QTableWidgetItem *item = m_decisions->item(row, 0))
            m_rules->forget(item->data(Qt::UserRole).toString());
        refreshDecisions();
    });
    auto *decisionLayout = new QVBoxLayout(decisionPage);
    decisionLayout->addWidget(new QLabel(
        tr("Answers you chose with \"always\": for one session, or for a project when you "
           "said so. Revoke one to be asked again."),
        decisionPage));
    decisionLayout->addWidget(m_decisions, 1);
    decisionLayout->addWidget(revoke, 0, Qt::AlignLeft);
    tabs->addTab(decisionPage, tr("Remem&bered permissions"));
    refreshDecisions();

    auto *generalPage = new QWidget(tabs);
    auto *generalLayout = new QVBoxLayout(generalPage);
    m_reopenLast->setObjectName(QStringLiteral("reopenLastSessionsCheck"));
    m_reopenLast->setChecked(
        QSettings().value(QStringLiteral("reopenLastSessions"), true).toBool());
    generalLayout->addWidget(m_reopenLast);
    // Where File > Agent Registry reads the list of agents (a mirror, or a company's own).
    m_registryUrl->setObjectName(QStringLiteral("registryUrlEdit"));
    m_registryUrl->setPlaceholderText(Acp::Registry::defaultUrl());
    m_registryUrl->setClearButtonEnabled(true);
    if (const QString url = Acp::AgentRegistry::url(); url != Acp::Registry::defaultUrl())
        m_registryUrl->setText(url);
    auto *registryForm = new QFormLayout;
    registryForm->addRow(tr("Agent re&gistry:"), m_registryUrl);
    generalLayout->addLayout(registryForm);
    generalLayout->addStretch();
    tabs->addTab(generalPage, tr("&General"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);
    m_list->setCurrentRow(0);
}

void SettingsDialog::addProfile(const Acp::AgentProfile &profile)
{
    storeCurrent();
    m_profiles.append(profile);
    m_list->addItem(profile.name);
    m_current = -1;
    m_list->setCurrentRow(int(m_profiles.size()) - 1);
}

void SettingsDialog::showProfile(int row)
{
    m_current = row;
    const bool valid = row >= 0 && row < m_profiles.size();
    const Acp::AgentProfile p = valid ? m_profiles.at(row) : Acp::AgentProfile{};
    m_name->setText(p.name);
    m_program->setText(p.program);
    m_program->setReadOnly(p.isDemo);
    m_arguments->setText(p.arguments.join(QLatin1Char(' ')));
    QStringList env;
    for (auto it = p.environment.cbegin(); it != p.environment.cend(); ++it)
        env << it.key() + QLatin1Char('=') + it.value();
    m_environment->setPlainText(env.join(QLatin1Char('\n')));
    m_cwd->setText(p.defaultCwd);
    m_profileMcp->setServers(p.mcpServers);
}

void SettingsDialog::storeCurrent()
{
    if (m_current < 0 || m_current >= m_profiles.size())
        return;
    Acp::AgentProfile &p = m_profiles[m_current];
    p.name = m_name->text().trimmed();
    p.program = m_program->text().trimmed();
    p.arguments = QProcess::splitCommand(m_arguments->text());
    p.environment.clear();
    for (const QString &line :
         m_environment->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0)
            p.environment.insert(line.left(eq).trimmed(), line.mid(eq + 1));
    }
    p.defaultCwd = m_cwd->text().trimmed();
    p.mcpServers = m_profileMcp->servers();
    if (QListWidgetItem *item = m_list->item(m_current))
        item->setText(p.name);
}

void SettingsDialog::refreshDecisions()
{
    m_decisions->setRowCount(0);
    if (!m_rules)
        return;
    for (const Acp::PermissionRule &rule : m_rules->rules()) {
        const int row = m_decisions->rowCount();
        m_decisions->insertRow(row);
        auto *decision = new QTableWidgetItem(
            rule.decision == Acp::PermissionRule::Decision::Allow ? tr("Allow") : tr("Reject"));
        decision->setData(Qt::UserRole, rule.id);
        m_decisions->setItem(row, 0, decision);
        m_decisions->setItem(row, 1, new QTableWidgetItem(rule.description()));
        m_decisions->setItem(row, 2, new QTableWidgetItem(rule.agentKey));
        m_decisions->setItem(row, 3,
                             new QTableWidgetItem(rule.scope == Acp::PermissionRule::Scope::Session
                                                      ? tr("until the session ends")
                                                      : tr("for later sessions")));
    }
}

void SettingsDialog::accept()
{
    storeCurrent();
    for (const Acp::AgentProfile &p : std::as_const(m_profiles)) {
        if (!p.isValid()) {
            QMessageBox::warning(this, windowTitle(),
                                 tr("Every profile needs a name and a command."));
            return;
        }
    }
    m_store->setProfiles(m_profiles);
    m_store->setGlobalMcpServers(m_globalMcp->servers());
    QSettings().setValue(QStringLiteral("reopenLastSessions"), m_reopenLast->isChecked());
    Acp::AgentRegistry::setUrl(m_registryUrl->text().trimmed());
    QDialog::accept();
}

} // namespace Ui
