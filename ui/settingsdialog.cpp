#include "settingsdialog.h"

#include "agentregistry.h"
#include "mcpserverlist.h"
#include "permissionrules.h"
#include "plaintext.h"
#include "sandbox.h"

#include <QCheckBox>
#include <QComboBox>
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
#include <QRegularExpression>
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
    , m_sandboxMode(new QComboBox(this))
    , m_sandboxRequired(new QCheckBox(tr("Re&fuse to start without it"), this))
    , m_sandboxFolders(new QPlainTextEdit(this))
    , m_sandboxReadable(new QPlainTextEdit(this))
    , m_sandboxPorts(new QLineEdit(this))
    , m_profileMcp(new McpServerList(this))
    , m_globalMcp(new McpServerList(this))
    , m_decisions(new QTableWidget(this))
    , m_registryUrl(new QLineEdit(this))
    , m_reopenLast(
          new QCheckBox(tr("&Reopen the sessions that were open when Switchboard closed"), this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    resize(760, 600);
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
    // The kernel sandbox (Landlock) for the agent's own tools and everything it starts.
    m_sandboxMode->setObjectName(QStringLiteral("profileSandbox"));
    m_sandboxMode->setAccessibleName(tr("Sandbox"));
    m_sandboxMode->addItem(tr("Off: the agent can write wherever you can"),
                           int(Acp::Sandbox::Mode::Off));
    m_sandboxMode->addItem(tr("Writes only in the session's folder"),
                           int(Acp::Sandbox::Mode::Writes));
    m_sandboxMode->addItem(tr("Strict: reads and writes only in the session's folder"),
                           int(Acp::Sandbox::Mode::Strict));
    m_sandboxMode->setToolTip(
        tr("Enforced by the kernel (Landlock) for the agent, every program it starts and the "
           "commands it runs. The agent's own folders below and a private temporary folder "
           "stay writable; strict mode also hides the rest of your files (the system's "
           "programs and settings stay readable)."));
    m_sandboxRequired->setObjectName(QStringLiteral("profileSandboxRequired"));
    m_sandboxRequired->setToolTip(
        tr("Where the kernel cannot enforce the sandbox, do not start the agent at all "
           "(otherwise it runs unconfined, and the session says so)."));
    auto *sandboxRow = new QHBoxLayout;
    sandboxRow->addWidget(m_sandboxMode, 1);
    sandboxRow->addWidget(m_sandboxRequired);
    auto *sandboxLabel = new QLabel(tr("Sand&box:"), this);
    sandboxLabel->setBuddy(m_sandboxMode); // a row of two: the label needs its buddy named
    form->addRow(sandboxLabel, sandboxRow);
    m_sandboxFolders->setObjectName(QStringLiteral("profileSandboxFolders"));
    m_sandboxFolders->setPlaceholderText(tr("the agent's own state and cache, one per line "
                                            "(~/.codex)"));
    m_sandboxFolders->setMaximumHeight(60);
    m_sandboxFolders->setToolTip(tr("Writable in the sandbox; created when missing."));
    form->addRow(tr("Agent's f&olders:"), m_sandboxFolders);
    m_sandboxReadable->setObjectName(QStringLiteral("profileSandboxReadable"));
    m_sandboxReadable->setPlaceholderText(tr("strict mode: more to read, one per line"));
    m_sandboxReadable->setMaximumHeight(45);
    form->addRow(tr("Also &readable:"), m_sandboxReadable);
    m_sandboxPorts->setObjectName(QStringLiteral("profileSandboxPorts"));
    m_sandboxPorts->setPlaceholderText(tr("not limited (e.g. 443, 8080)"));
    m_sandboxPorts->setToolTip(tr("Only TCP connections to these ports, and no listening "
                                  "(Landlock ABI 4, Linux 6.7)."));
    form->addRow(tr("Only TCP &ports:"), m_sandboxPorts);
    auto *kernel = new QLabel(this);
    kernel->setObjectName(QStringLiteral("sandboxKernelLabel"));
    kernel->setWordWrap(true);
    kernel->setText(Acp::Sandbox::kernelAbi() > 0
                        ? tr("This kernel offers Landlock ABI %1.").arg(Acp::Sandbox::kernelAbi())
                        : tr("This kernel has no Landlock: a sandbox cannot be set up here."));
    const auto showLimits = [this, kernel] {
        const auto mode = Acp::Sandbox::Mode(m_sandboxMode->currentData().toInt());
        const QString limits
            = Acp::Sandbox::limitations(mode, !m_sandboxPorts->text().trimmed().isEmpty());
        kernel->setToolTip(plainAsRichText(limits));
    };
    connect(m_sandboxMode, &QComboBox::currentIndexChanged, this, showLimits);
    connect(m_sandboxPorts, &QLineEdit::textChanged, this, showLimits);
    form->addRow(QString(), kernel);
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
    m_sandboxMode->setCurrentIndex(m_sandboxMode->findData(int(p.sandbox.mode)));
    m_sandboxRequired->setChecked(p.sandbox.required);
    m_sandboxFolders->setPlainText(p.sandbox.agentFolders.join(QLatin1Char('\n')));
    m_sandboxReadable->setPlainText(p.sandbox.readable.join(QLatin1Char('\n')));
    QStringList ports;
    for (const quint16 port : p.sandbox.tcpPorts)
        ports << QString::number(port);
    m_sandboxPorts->setText(p.sandbox.limitTcp ? ports.join(QStringLiteral(", ")) : QString());
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
    p.sandbox.mode = Acp::Sandbox::Mode(m_sandboxMode->currentData().toInt());
    p.sandbox.required = m_sandboxRequired->isChecked();
    const auto lines = [](const QPlainTextEdit *edit) {
        QStringList out;
        for (const QString &line : edit->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            if (!line.trimmed().isEmpty())
                out << line.trimmed();
        return out;
    };
    p.sandbox.agentFolders = lines(m_sandboxFolders);
    p.sandbox.readable = lines(m_sandboxReadable);
    p.sandbox.tcpPorts.clear();
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    for (const QString &port : m_sandboxPorts->text().split(separators, Qt::SkipEmptyParts)) {
        bool ok = false;
        const uint number = port.toUInt(&ok);
        if (ok && number > 0 && number <= 65535)
            p.sandbox.tcpPorts << quint16(number);
    }
    p.sandbox.limitTcp = !p.sandbox.tcpPorts.isEmpty();
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
