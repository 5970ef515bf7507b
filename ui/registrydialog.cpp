#include "registrydialog.h"

#include "agentprofile.h"
#include "plaintext.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QUrl>
#include <QVBoxLayout>

namespace Ui {

namespace {

constexpr int IdRole = Qt::UserRole;

QIcon placeholderIcon()
{
    QPixmap blank(24, 24);
    blank.fill(Qt::transparent);
    return QIcon(blank);
}

// How the agent is distributed, for its row: "npx · uvx · binary".
QString distributionKinds(const Acp::RegistryAgent &agent)
{
    QStringList kinds;
    if (agent.npx)
        kinds << Acp::Registry::distributionName(Acp::RegistryAgent::Distribution::Npx);
    if (agent.uvx)
        kinds << Acp::Registry::distributionName(Acp::RegistryAgent::Distribution::Uvx);
    if (!agent.binaries.isEmpty())
        kinds << Acp::Registry::distributionName(Acp::RegistryAgent::Distribution::Binary);
    return kinds.join(QStringLiteral(" \u00b7 "));
}

QString link(const QString &url)
{
    const QString escaped = url.toHtmlEscaped();
    return QStringLiteral("<a href=\"%1\">%1</a>").arg(escaped);
}

} // namespace

RegistryDialog::RegistryDialog(Acp::AgentRegistry *registry, Acp::ProfileStore *profiles,
                               QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_profiles(profiles)
    , m_status(new QLabel(this))
    , m_search(new QLineEdit(this))
    , m_list(new QListWidget(this))
    , m_details(new QLabel(this))
    , m_distribution(new QComboBox(this))
    , m_add(new QPushButton(tr("&Add as Profile"), this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel &Download"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("registryDialog"));
    setWindowTitle(tr("Agent Registry"));
    resize(860, 540);

    m_status->setObjectName(QStringLiteral("registryStatus"));
    m_status->setWordWrap(true);
    auto *refresh = new QPushButton(tr("&Refresh"), this);
    refresh->setObjectName(QStringLiteral("registryRefresh"));
    connect(refresh, &QPushButton::clicked, registry, &Acp::AgentRegistry::refresh);
    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(refresh);

    m_search->setObjectName(QStringLiteral("registrySearch"));
    m_search->setPlaceholderText(tr("Search by name or description"));
    m_search->setAccessibleName(tr("Search the registry"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, &RegistryDialog::rebuildList);

    m_list->setObjectName(QStringLiteral("registryList"));
    m_list->setAccessibleName(tr("Agents in the registry"));
    m_list->setIconSize(QSize(24, 24));
    connect(m_list, &QListWidget::currentRowChanged, this, &RegistryDialog::showAgent);
    connect(m_list, &QListWidget::itemActivated, this, &RegistryDialog::addSelected);

    m_details->setObjectName(QStringLiteral("registryDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setOpenExternalLinks(true);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_distribution->setObjectName(QStringLiteral("registryDistribution"));
    m_distribution->setAccessibleName(tr("Run with"));
    m_add->setObjectName(QStringLiteral("registryAddButton"));
    m_add->setDefault(true);
    connect(m_add, &QPushButton::clicked, this, &RegistryDialog::addSelected);
    m_progress->setObjectName(QStringLiteral("registryProgress"));
    m_progress->hide();
    m_cancel->setObjectName(QStringLiteral("registryCancelDownload"));
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_registry && !m_downloadingId.isEmpty())
            m_registry->cancelInstall(m_downloadingId);
    });
    m_message->setObjectName(QStringLiteral("registryMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *runRow = new QHBoxLayout;
    auto *runLabel = new QLabel(tr("R&un with:"), this);
    runLabel->setBuddy(m_distribution);
    runRow->addWidget(runLabel);
    runRow->addWidget(m_distribution, 1);
    runRow->addWidget(m_add);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->addWidget(m_details, 1);
    rightLayout->addLayout(runRow);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    rightLayout->addLayout(progressRow);
    rightLayout->addWidget(m_message);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_list, 1);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    setTabOrder(m_search, m_list);
    setTabOrder(m_list, m_distribution);
    setTabOrder(m_distribution, m_add);

    connect(registry, &Acp::AgentRegistry::changed, this, &RegistryDialog::rebuildList);
    connect(registry, &Acp::AgentRegistry::iconReady, this, &RegistryDialog::setIcon);
    connect(registry, &Acp::AgentRegistry::installProgress, this,
            [this](const QString &id, qint64 received, qint64 total) {
                if (id != m_downloadingId)
                    return;
                m_progress->setRange(0, total > 0 ? 1000 : 0);
                if (total > 0)
                    m_progress->setValue(int(received * 1000 / total));
            });
    connect(registry, &Acp::AgentRegistry::installUnpacking, this, [this](const QString &id) {
        if (id != m_downloadingId)
            return;
        m_progress->setRange(0, 0);
        showMessage(tr("Verified. Unpacking\u2026"), false);
    });
    connect(registry, &Acp::AgentRegistry::installed, this,
            [this](const QString &id, const Acp::AgentProfile &profile) {
                if (id == m_downloadingId)
                    downloadEnded();
                addProfile(profile, tr("Installed in %1.").arg(QFileInfo(profile.program).path()));
            });
    connect(registry, &Acp::AgentRegistry::installFailed, this,
            [this](const QString &id, const QString &error) {
                if (id == m_downloadingId)
                    downloadEnded();
                showMessage(error, true);
            });
    rebuildList();
}

void RegistryDialog::rebuildList()
{
    if (!m_registry)
        return;
    using State = Acp::AgentRegistry::State;
    const State state = m_registry->state();
    QString status = m_registry->statusText();
    if (state == State::Loading)
        status = tr("Loading the registry from %1\u2026").arg(Acp::AgentRegistry::url());
    else if (state == State::Fresh)
        status = tr("%n agent(s) in the registry.", nullptr, int(m_registry->agents().size()))
            + (status.isEmpty() ? QString() : QLatin1Char(' ') + status);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setText(status);
    m_status->setStyleSheet(state == State::Offline || state == State::Failed
                                ? QStringLiteral("color: #9a6700")
                                : QString());

    const QString current
        = m_list->currentItem() ? m_list->currentItem()->data(IdRole).toString() : QString();
    const QString filter = m_search->text().trimmed();
    m_list->clear();
    for (const Acp::RegistryAgent &agent : m_registry->agents()) {
        if (!filter.isEmpty() && !agent.name.contains(filter, Qt::CaseInsensitive)
            && !agent.description.contains(filter, Qt::CaseInsensitive))
            continue;
        auto *item = new QListWidgetItem(
            QStringLiteral("%1  %2\n%3").arg(agent.name, agent.version, distributionKinds(agent)),
            m_list);
        item->setData(IdRole, agent.id);
        item->setToolTip(plainAsRichText(agent.description));
        // Entries without an icon (yet) keep the text aligned with those that have one.
        item->setIcon(m_icons.value(agent.id, placeholderIcon()));
        if (!m_iconsAsked.contains(agent.id)) {
            m_iconsAsked.insert(agent.id);
            m_registry->fetchIcon(agent);
        }
        if (agent.id == current)
            m_list->setCurrentItem(item);
    }
    if (!m_list->currentItem() && m_list->count() > 0)
        m_list->setCurrentRow(0);
    showAgent();
}

std::optional<Acp::RegistryAgent> RegistryDialog::selectedAgent() const
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item || !m_registry)
        return std::nullopt;
    return m_registry->agent(item->data(IdRole).toString());
}

void RegistryDialog::showAgent()
{
    const auto agent = selectedAgent();
    m_distribution->clear();
    if (!agent) {
        m_details->setText(QString());
        m_add->setEnabled(false);
        return;
    }
    QStringList kinds;
    if (agent->npx)
        kinds << QStringLiteral("npx <code>%1</code>").arg(agent->npx->package.toHtmlEscaped());
    if (agent->uvx)
        kinds << QStringLiteral("uvx <code>%1</code>").arg(agent->uvx->package.toHtmlEscaped());
    QStringList platforms;
    for (const Acp::RegistryBinary &b : agent->binaries)
        platforms << b.platform.toHtmlEscaped();
    if (!platforms.isEmpty())
        kinds << tr("binary for %1").arg(platforms.join(QStringLiteral(", ")));
    QString html
        = QStringLiteral("<h3>%1 <span style='font-weight:normal;color:gray'>%2</span></h3>"
                         "<p>%3</p>")
              .arg(agent->name.toHtmlEscaped(), agent->version.toHtmlEscaped(),
                   agent->description.toHtmlEscaped());
    html += QStringLiteral("<p>") + tr("Distribution: %1").arg(kinds.join(QStringLiteral("; ")));
    if (!agent->authors.isEmpty())
        html += QStringLiteral("<br>")
            + tr("Authors: %1").arg(agent->authors.join(QStringLiteral(", ")).toHtmlEscaped());
    if (!agent->license.isEmpty())
        html += QStringLiteral("<br>") + tr("License: %1").arg(agent->license.toHtmlEscaped());
    if (!agent->repository.isEmpty())
        html += QStringLiteral("<br>") + tr("Source: %1").arg(link(agent->repository));
    if (!agent->website.isEmpty())
        html += QStringLiteral("<br>") + tr("Website: %1").arg(link(agent->website));
    html += QStringLiteral("</p>");
    m_details->setText(html);

    for (const Acp::RegistryAgent::Distribution d : agent->distributions()) {
        QString label = Acp::Registry::distributionName(d);
        if (d == Acp::RegistryAgent::Distribution::Binary)
            label = tr("Download the binary for %1").arg(Acp::Registry::currentPlatform());
        m_distribution->addItem(label, int(d));
    }
    const bool runnable = m_distribution->count() > 0;
    m_add->setEnabled(runnable && m_downloadingId.isEmpty());
    if (!runnable)
        showMessage(tr("This agent has no build for %1 and no npx or uvx package.")
                        .arg(Acp::Registry::currentPlatform()),
                    false);
    else
        showMessage(QString(), false);
}

void RegistryDialog::addSelected()
{
    const auto agent = selectedAgent();
    if (!agent || m_distribution->count() == 0)
        return;
    const auto kind
        = static_cast<Acp::RegistryAgent::Distribution>(m_distribution->currentData().toInt());
    if (kind == Acp::RegistryAgent::Distribution::Binary) {
        askToInstall(*agent);
        return;
    }
    const Acp::AgentProfile profile = agent->profile(kind);
    QString note;
    if (QStandardPaths::findExecutable(profile.program).isEmpty())
        note = tr("%1 was not found on PATH: install it before starting this agent (%2).")
                   .arg(profile.program,
                        kind == Acp::RegistryAgent::Distribution::Npx
                            ? QStringLiteral("apt install npm")
                            : QStringLiteral("https://docs.astral.sh/uv/"));
    addProfile(profile, note);
}

void RegistryDialog::askToInstall(const Acp::RegistryAgent &agent)
{
    const auto binary = agent.binaryForThisPlatform();
    if (!binary || !m_registry)
        return;
    const QString target
        = QDir(m_registry->dataDir()).filePath(agent.id + QLatin1Char('/') + agent.version);
    auto *box = new QMessageBox(QMessageBox::Question, tr("Download %1?").arg(agent.name),
                                tr("Download and install %1 %2?").arg(agent.name, agent.version),
                                QMessageBox::Cancel, this);
    box->setTextFormat(Qt::PlainText); // names from the network
    box->setObjectName(QStringLiteral("installConsent"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    // Qt 6.4 guesses the informative text's format by itself: given as escaped HTML.
    box->setInformativeText(plainAsRichText(
        tr("From: %1\nInto: %2\n%3\n\nThe agent will run from there with your permissions.")
            .arg(binary->archive, target,
                 binary->sha256.isEmpty()
                     ? tr("The registry gives no checksum for this download, so it cannot be "
                          "verified.")
                     : tr("It is checked against the registry's SHA-256 checksum."))));
    QPushButton *install = box->addButton(tr("Download and &Install"), QMessageBox::AcceptRole);
    install->setObjectName(QStringLiteral("installConsentAccept"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(install, &QPushButton::clicked, this, [this, agent] {
        if (!m_registry || !m_downloadingId.isEmpty())
            return;
        m_downloadingId = agent.id;
        m_progress->setRange(0, 0);
        m_progress->show();
        m_cancel->show();
        m_add->setEnabled(false);
        showMessage(tr("Downloading %1\u2026").arg(agent.name), false);
        m_registry->install(agent);
    });
    box->open();
}

void RegistryDialog::addProfile(const Acp::AgentProfile &profile, const QString &note)
{
    // A profile of the same name (an earlier version) is updated: the command comes from the
    // registry; the user's directory, MCP servers and environment (API keys) stay, the
    // user's variables winning over the registry's.
    QList<Acp::AgentProfile> all = m_profiles->profiles();
    bool replaced = false;
    for (Acp::AgentProfile &p : all) {
        if (p.name == profile.name) {
            Acp::AgentProfile updated = profile;
            updated.defaultCwd = p.defaultCwd;
            updated.mcpServers = p.mcpServers;
            updated.environment.insert(p.environment);
            p = updated;
            replaced = true;
        }
    }
    if (!replaced)
        all.append(profile);
    m_profiles->setProfiles(all);
    QString text = replaced
        ? tr("Updated the profile \"%1\".").arg(profile.name)
        : tr("Added the profile \"%1\". Start it with File > New Session.").arg(profile.name);
    if (!note.isEmpty())
        text += QLatin1Char(' ') + note;
    showMessage(text, false);
    m_add->setEnabled(selectedAgent().has_value() && m_downloadingId.isEmpty());
    Q_EMIT profileAdded(profile.name);
}

void RegistryDialog::downloadEnded()
{
    m_downloadingId.clear();
    m_progress->hide();
    m_cancel->hide();
    m_add->setEnabled(selectedAgent().has_value() && m_distribution->count() > 0);
}

void RegistryDialog::setIcon(const QString &id, const QByteArray &data)
{
    QPixmap pixmap;
    QSvgRenderer svg(data);
    if (svg.isValid()) {
        const qreal ratio = devicePixelRatioF();
        pixmap = QPixmap(QSize(24, 24) * ratio);
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        svg.render(&painter, QRectF(0, 0, 24, 24));
    } else if (!pixmap.loadFromData(data)) {
        return;
    }
    m_icons.insert(id, QIcon(pixmap));
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(IdRole).toString() == id)
            m_list->item(i)->setIcon(m_icons.value(id));
}

void RegistryDialog::showMessage(const QString &text, bool error)
{
    m_message->setTextFormat(Qt::PlainText); // names and errors from the network
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020") : QString());
}

} // namespace Ui
