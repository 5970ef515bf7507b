#include "mainwindow.h"

#include "agentclient.h"
#include "agentregistry.h"
#include "atomicfile.h"
#include "inspectorwindow.h"
#include "permissionrules.h"
#include "plaintext.h"
#include "registrydialog.h"
#include "secretredactor.h"
#include "sessionbrowser.h"
#include "sessionstore.h"
#include "sessionview.h"
#include "settingsdialog.h"
#include "shortcutsdialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QThreadPool>
#include <QToolBar>
#include <QVBoxLayout>

namespace Ui {

MainWindow::MainWindow(Acp::ProfileStore *profiles, QWidget *parent, Acp::SessionStore *store)
    : QMainWindow(parent)
    , m_profiles(profiles)
    , m_list(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_console(new QPlainTextEdit(this))
    , m_rules(new Acp::PermissionRules(nullptr, this))
    , m_store(store)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Switchboard"));
    m_list->setObjectName(QStringLiteral("sessionList"));
    m_list->setAccessibleName(tr("Sessions"));
    m_stack->setObjectName(QStringLiteral("sessionStack"));
    auto *split = new QSplitter(this);
    auto *left = new QWidget(split);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    auto *newButton = new QPushButton(tr("New session\u2026"), left);
    newButton->setObjectName(QStringLiteral("newSessionButton"));
    connect(newButton, &QPushButton::clicked, this, &MainWindow::newSessionDialog);
    leftLayout->addWidget(newButton);
    leftLayout->addWidget(m_list, 1);
    split->addWidget(left);
    split->addWidget(m_stack);
    split->setStretchFactor(1, 1);
    split->setSizes({220, 900});
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    createSaveFailedBanner(central);
    centralLayout->addWidget(m_saveFailed);
    centralLayout->addWidget(split, 1);
    setCentralWidget(central);
    connect(m_list, &QListWidget::currentRowChanged, this, &MainWindow::showCurrent);

    m_console->setObjectName(QStringLiteral("agentConsole"));
    m_console->setReadOnly(true);
    m_console->setMaximumBlockCount(5000);
    m_console->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *dock = new QDockWidget(tr("Agent console (stderr)"), this);
    dock->setObjectName(QStringLiteral("agentConsoleDock"));
    dock->setWidget(m_console);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    dock->hide();
    createActions();
    menuBar()->findChild<QAction *>(QStringLiteral("actionConsole"));
    resize(1180, 780);
}

void MainWindow::createSaveFailedBanner(QWidget *parent)
{
    // A failed save is never silent: it stays on screen until dismissed, the app goes on, and
    // the files on disk keep their last good state.
    m_saveFailed = new QFrame(parent);
    m_saveFailed->setObjectName(QStringLiteral("saveFailedBanner"));
    m_saveFailed->setStyleSheet(QStringLiteral(
        "#saveFailedBanner { background: #ffebe9; border-bottom: 1px solid #cf222e; }"
        "#saveFailedBanner QLabel { color: #82071e; }"));
    auto *layout = new QHBoxLayout(m_saveFailed);
    layout->setContentsMargins(10, 6, 10, 6);
    m_saveFailedText = new QLabel(m_saveFailed);
    m_saveFailedText->setObjectName(QStringLiteral("saveFailedText"));
    m_saveFailedText->setTextFormat(Qt::PlainText);
    m_saveFailedText->setWordWrap(true);
    auto *dismiss = new QPushButton(tr("Dismiss"), m_saveFailed);
    dismiss->setObjectName(QStringLiteral("saveFailedDismiss"));
    connect(dismiss, &QPushButton::clicked, this, [this] {
        m_saveFailed->hide();
        m_saveFailures = 0;
    });
    layout->addWidget(m_saveFailedText, 1);
    layout->addWidget(dismiss);
    m_saveFailed->hide();
    if (m_store)
        connect(m_store, &Acp::SessionStore::writeFailed, this, &MainWindow::showSaveFailure);
}

void MainWindow::showSaveFailure(const QString &message)
{
    ++m_saveFailures;
    QString text = tr("Could not save: %1").arg(message);
    if (m_saveFailures > 1)
        text += QLatin1Char(' ') + tr("(%n more failed writes)", nullptr, m_saveFailures - 1);
    text += QLatin1Char('\n')
        + tr("Your sessions go on, and the files on disk keep what was last saved; free some "
             "space (or fix the permissions) and the next save will catch up.");
    m_saveFailedText->setText(text);
    m_saveFailed->show();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newSession
        = file->addAction(tr("&New Session\u2026"), this, &MainWindow::newSessionDialog);
    newSession->setObjectName(QStringLiteral("actionNewSession"));
    newSession->setShortcut(QKeySequence::New);
    QAction *open
        = file->addAction(tr("&Open Session\u2026"), this, &MainWindow::showSessionBrowser);
    open->setObjectName(QStringLiteral("actionOpenSession"));
    open->setShortcut(QKeySequence::Open);
    QAction *close = file->addAction(tr("&Close Session"), this, &MainWindow::closeCurrentSession);
    close->setObjectName(QStringLiteral("actionCloseSession"));
    close->setShortcut(QKeySequence::Close);
    QAction *exportAction
        = file->addAction(tr("&Export as Markdown\u2026"), this, &MainWindow::exportMarkdown);
    exportAction->setObjectName(QStringLiteral("actionExportMarkdown"));
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    QAction *registryAction
        = file->addAction(tr("Agent &Registry\u2026"), this, &MainWindow::showRegistry);
    registryAction->setObjectName(QStringLiteral("actionRegistry"));
    registryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu *session = menuBar()->addMenu(tr("&Session"));
    QAction *stop = session->addAction(tr("&Stop Turn"), this, [this] {
        if (SessionView *v = currentSession())
            v->stop();
    });
    stop->setObjectName(QStringLiteral("actionStop"));
    stop->setShortcut(QKeySequence(Qt::Key_Escape));

    QAction *find = session->addAction(tr("&Find in Transcript"), this, [this] {
        if (SessionView *v = currentSession())
            v->showFind();
    });
    find->setObjectName(QStringLiteral("actionFind"));
    find->setShortcut(QKeySequence::Find);
    QAction *settings = session->addAction(tr("Se&ttings…"), this, &MainWindow::showSettings);
    settings->setObjectName(QStringLiteral("actionSettings"));
    settings->setShortcut(QKeySequence::Preferences);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *inspectorAction = view->addAction(tr("Protocol &Inspector"), this, [this] {
        inspector()->show();
        inspector()->raise();
    });
    inspectorAction->setObjectName(QStringLiteral("actionInspector"));
    inspectorAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    QAction *console
        = findChild<QDockWidget *>(QStringLiteral("agentConsoleDock"))->toggleViewAction();
    console->setObjectName(QStringLiteral("actionConsole"));
    console->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    view->addAction(console);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts
        = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setObjectName(QStringLiteral("actionShortcuts"));
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    QAction *about = help->addAction(tr("&About Switchboard"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
}

Acp::AgentRegistry *MainWindow::registry()
{
    if (!m_registry)
        m_registry = new Acp::AgentRegistry(this);
    return m_registry;
}

void MainWindow::showRegistry()
{
    // Kept when closed: a download going on still ends in a profile.
    auto *dialog = findChild<RegistryDialog *>(QStringLiteral("registryDialog"));
    if (!dialog)
        dialog = new RegistryDialog(registry(), m_profiles, this);
    // Each time: with the cached ETag, an unchanged registry costs one short request.
    registry()->refresh();
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

void MainWindow::showShortcuts()
{
    auto *dialog = new ShortcutsDialog(menuBar(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About Switchboard"),
                                tr("<h3>Switchboard %1</h3><p>A desktop client for agents that "
                                   "speak the Agent Client Protocol (ACP).</p><p>MIT License.</p>")
                                    .arg(QCoreApplication::applicationVersion()),
                                QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setIconPixmap(QApplication::windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

InspectorWindow *MainWindow::inspector()
{
    if (!m_inspector) {
        m_inspector = new InspectorWindow(this);
        if (SessionView *v = currentSession())
            m_inspector->attach(v->client()->connection(),
                                Acp::SecretRedactor::forProfile(v->profile()));
    }
    return m_inspector;
}

Acp::AgentProfile MainWindow::withMcpServers(Acp::AgentProfile profile) const
{
    // A session takes the MCP servers configured when it opens (global ones included). A
    // stored profile's own servers come from the store: a restart passes a profile that
    // already holds the servers of its first start.
    if (m_profiles) {
        if (const auto stored = m_profiles->profile(profile.name))
            profile.mcpServers = stored->mcpServers;
        profile.mcpServers = m_profiles->mcpServersFor(profile);
    }
    return profile;
}

SessionView *MainWindow::openSession(const Acp::AgentProfile &profile, const QString &cwd)
{
    return addSessionView(new SessionView(withMcpServers(profile), cwd, m_stack, m_store, m_rules));
}

SessionView *MainWindow::reopenSession(const Acp::AgentProfile &profile, const QString &cwd,
                                       const QString &sessionId, int mode)
{
    return addSessionView(new SessionView(withMcpServers(profile), cwd, m_stack, m_store, m_rules,
                                          sessionId, static_cast<SessionView::ReopenMode>(mode)));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Remember what was open, for "reopen last sessions".
    QVariantList open;
    for (SessionView *view : sessions()) {
        if (view && view->session())
            open.append(QVariantMap{{QStringLiteral("agent"), view->profile().name},
                                    {QStringLiteral("cwd"), view->cwd()},
                                    {QStringLiteral("session"), view->session()->sessionId()}});
    }
    QSettings().setValue(QStringLiteral("lastSessions"), open);
    QMainWindow::closeEvent(event);
}

int MainWindow::reopenLastSessions()
{
    QSettings settings;
    if (!settings.value(QStringLiteral("reopenLastSessions"), true).toBool())
        return 0;
    int reopened = 0;
    for (const QVariant &entry : settings.value(QStringLiteral("lastSessions")).toList()) {
        const QVariantMap m = entry.toMap();
        const auto profile = m_profiles->profile(m.value(QStringLiteral("agent")).toString());
        if (!profile)
            continue;
        reopenSession(*profile, m.value(QStringLiteral("cwd")).toString(),
                      m.value(QStringLiteral("session")).toString());
        ++reopened;
    }
    return reopened;
}

void MainWindow::showSessionBrowser()
{
    if (!m_store)
        return;
    // Window-modal and never a nested event loop: the choice arrives with finished().
    auto *browser = new SessionBrowser(m_store, this);
    browser->setAttribute(Qt::WA_DeleteOnClose);
    // Agents that can list their sessions add them (all pages); one request per running agent.
    QSet<QString> asked;
    for (SessionView *view : sessions()) {
        Acp::AgentClient *client = view ? view->client() : nullptr;
        if (!client || client->state() != Acp::AgentClient::State::Ready
            || !client->capabilities().sessionList || asked.contains(view->profile().name))
            continue;
        asked.insert(view->profile().name);
        // The answer may come after the dialog is gone.
        QPointer<SessionBrowser> guard(browser);
        client->listSessions(std::nullopt,
                             [guard, agent = view->profile().name](
                                 const QList<Acp::SessionInfo> &list, const QString &) {
                                 if (guard)
                                     guard->addAgentSessions(agent, list);
                             });
    }
    // Forgetting also deletes at the agent when it can (session/delete).
    connect(browser, &SessionBrowser::forgetRequested, this,
            [this](const Acp::StoredSession &forgotten) {
                for (SessionView *view : sessions()) {
                    Acp::AgentClient *client = view ? view->client() : nullptr;
                    if (client && view->profile().name == forgotten.agentKey
                        && client->capabilities().sessionDelete) {
                        client->deleteSession(forgotten.sessionId, [](const QString &) {});
                        break;
                    }
                }
            });
    connect(browser, &QDialog::accepted, this, [this, browser] {
        if (!browser->chosen())
            return;
        const Acp::StoredSession chosen = *browser->chosen();
        const auto profile = m_profiles->profile(chosen.agentKey);
        if (!profile) {
            QMessageBox::warning(this, tr("Open Session"),
                                 tr("There is no agent profile named \"%1\" any more.")
                                     .arg(chosen.agentKey.toHtmlEscaped()));
            return;
        }
        SessionView *view
            = reopenSession(*profile, chosen.cwd, chosen.sessionId, int(browser->mode()));
        if (view && browser->chosenEntry() >= 0)
            view->revealEntry(browser->chosenEntry()); // where the search found it
    });
    browser->open();
}

SessionView *MainWindow::addSessionView(SessionView *view)
{
    m_stack->addWidget(view);
    const QString cwd = view->cwd();
    auto *item = new QListWidgetItem(view->displayTitle(), m_list);
    item->setToolTip(plainAsRichText(cwd));
    connect(view, &SessionView::titleChanged, this,
            [item](const QString &title) { item->setText(title); });
    // "Restart agent": the same session again (loaded or resumed) when it had one.
    connect(view, &SessionView::restartRequested, this,
            [this](const Acp::AgentProfile &p, const QString &dir, const QString &sessionId) {
                if (!sessionId.isEmpty() && m_store)
                    reopenSession(p, dir, sessionId);
                else
                    openSession(p, dir);
            });
    connect(view, &SessionView::attentionNeeded, this, [this](const QString &reason) {
        if (!isActiveWindow()) {
            QApplication::alert(this);
            statusBar()->showMessage(reason, 5000);
        }
    });
    // The console shows the agent's stderr with the profile's secrets hidden, as the crash
    // banner and the inspector do (agents like to print their configuration).
    connect(view->client()->connection(), &Acp::Connection::stderrReceived, this,
            [this, view,
             redactor = Acp::SecretRedactor::forProfile(view->profile())](const QByteArray &bytes) {
                if (view == currentSession())
                    m_console->appendPlainText(QString::fromUtf8(redactor.redact(bytes)).trimmed());
            });
    m_list->setCurrentItem(item);
    return view;
}

SessionView *MainWindow::currentSession() const
{
    return qobject_cast<SessionView *>(m_stack->currentWidget());
}

QList<SessionView *> MainWindow::sessions() const
{
    QList<SessionView *> views;
    for (int i = 0; i < m_stack->count(); ++i)
        views.append(qobject_cast<SessionView *>(m_stack->widget(i)));
    return views;
}

void MainWindow::showCurrent(int row)
{
    if (row < 0 || row >= m_stack->count())
        return;
    m_stack->setCurrentIndex(row);
    SessionView *view = currentSession();
    m_console->setPlainText(
        QString::fromUtf8(Acp::SecretRedactor::forProfile(view->profile())
                              .redact(view->client()->connection()->stderrTail())));
    if (m_inspector)
        m_inspector->attach(view->client()->connection(),
                            Acp::SecretRedactor::forProfile(view->profile()));
    // An agent's title is text: its "[*]" is not the "modified" placeholder ("[*][*]" shows
    // one).
    setWindowTitle(
        tr("%1 \u2014 Switchboard")
            .arg(view->displayTitle().replace(QStringLiteral("[*]"), QStringLiteral("[*][*]"))));
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_profiles, m_rules, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::newSessionDialog()
{
    // Window-modal and never a nested event loop: the session opens from accepted().
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("newSessionDialog"));
    dialog->setWindowTitle(tr("New Session"));
    auto *form = new QFormLayout(dialog);
    auto *profile = new QComboBox(dialog);
    profile->setObjectName(QStringLiteral("profileCombo"));
    for (const Acp::AgentProfile &p : m_profiles->profiles())
        profile->addItem(p.name);
    auto *cwd
        = new QLineEdit(currentSession() ? currentSession()->cwd() : QDir::homePath(), dialog);
    cwd->setObjectName(QStringLiteral("cwdEdit"));
    cwd->setAccessibleName(tr("Working directory"));
    auto *browse = new QPushButton(tr("Browse\u2026"), dialog);
    connect(browse, &QPushButton::clicked, dialog, [dialog, cwd] {
        auto *chooser = new QFileDialog(dialog, tr("Working directory"), cwd->text());
        chooser->setAttribute(Qt::WA_DeleteOnClose);
        chooser->setFileMode(QFileDialog::Directory);
        chooser->setOption(QFileDialog::ShowDirsOnly);
        connect(chooser, &QFileDialog::fileSelected, cwd, &QLineEdit::setText);
        chooser->open();
    });
    auto *row = new QHBoxLayout;
    row->addWidget(cwd, 1);
    row->addWidget(browse);
    form->addRow(tr("&Agent:"), profile);
    form->addRow(tr("&Directory:"), row);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(row)))
        label->setBuddy(cwd);
    auto *problem = new QLabel(dialog);
    problem->setObjectName(QStringLiteral("newSessionProblem"));
    problem->setStyleSheet(QStringLiteral("color: #b00020"));
    problem->hide();
    form->addRow(problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    // A folder that does not exist is said in the dialog, which stays open to fix it.
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, profile, cwd, problem] {
        if (!QFileInfo(cwd->text()).isDir()) {
            problem->setTextFormat(Qt::PlainText);
            problem->setText(tr("%1 is not a directory.").arg(cwd->text()));
            problem->show();
            return;
        }
        const auto p = m_profiles->profile(profile->currentText());
        dialog->accept();
        if (p)
            openSession(*p, QFileInfo(cwd->text()).absoluteFilePath());
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(cwd, &QLineEdit::textEdited, problem, &QLabel::hide);
    form->addRow(buttons);
    dialog->open();
}

void MainWindow::closeCurrentSession()
{
    SessionView *view = currentSession();
    if (!view)
        return;
    const int row = m_stack->indexOf(view);
    delete m_list->takeItem(row);
    m_stack->removeWidget(view);
    if (view->session())
        view->session()->close();
    view->deleteLater();
}

void MainWindow::exportMarkdown()
{
    SessionView *view = currentSession();
    if (!view)
        return;
    // Window-modal, never a nested event loop: the choice arrives with fileSelected().
    auto *dialog = new QFileDialog(this, tr("Export as Markdown"));
    dialog->setObjectName(QStringLiteral("exportDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(tr("Markdown (*.md)"));
    dialog->setDefaultSuffix(QStringLiteral("md"));
    dialog->selectFile(view->displayTitle() + QStringLiteral(".md"));
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::exportMarkdownTo);
    dialog->open();
}

void MainWindow::exportMarkdownTo(const QString &path)
{
    SessionView *view = currentSession();
    if (!view || path.isEmpty())
        return;
    const QString markdown = view->toMarkdown();
    const Acp::SecretRedactor redactor = Acp::SecretRedactor::forProfile(view->profile());
    if (!redactor.finds(markdown)) {
        writeExport(path, markdown.toUtf8());
        return;
    }
    // An agent that echoed its key put it in the transcript: an export leaves the machine more
    // easily than the history does, so hiding is the default.
    auto *question = new QMessageBox(
        QMessageBox::Question, tr("Export as Markdown"),
        tr("The transcript contains secrets this agent was given (API keys, tokens from its "
           "settings or your environment). Hide them in the exported file?"),
        QMessageBox::NoButton, this);
    question->setObjectName(QStringLiteral("exportSecretsQuestion"));
    question->setAttribute(Qt::WA_DeleteOnClose);
    question->setWindowModality(Qt::WindowModal);
    QPushButton *hide = question->addButton(tr("&Hide secrets"), QMessageBox::AcceptRole);
    hide->setObjectName(QStringLiteral("exportHideSecretsButton"));
    QPushButton *keep = question->addButton(tr("&Keep them"), QMessageBox::DestructiveRole);
    keep->setObjectName(QStringLiteral("exportKeepSecretsButton"));
    question->addButton(QMessageBox::Cancel);
    question->setDefaultButton(hide);
    connect(question, &QMessageBox::buttonClicked, this,
            [this, hide, keep, path, markdown, redactor](QAbstractButton *button) {
                if (button == hide)
                    writeExport(path, redactor.redact(markdown).toUtf8());
                else if (button == keep)
                    writeExport(path, markdown.toUtf8());
            });
    question->open();
}

void MainWindow::writeExport(const QString &path, const QByteArray &bytes)
{
    // Off the GUI thread: the folder may be slow (a network share) or full.
    QPointer<MainWindow> self(this);
    QThreadPool::globalInstance()->start([self, path, bytes] {
        // The user's own file: their usual permissions, written whole or not at all.
        const QString error = Acp::writeFileAtomically(path, bytes, 0666);
        QMetaObject::invokeMethod(self, [self, path, error] {
            if (!self)
                return;
            if (!error.isEmpty()) {
                auto *box
                    = new QMessageBox(QMessageBox::Warning, tr("Export"),
                                      tr("Could not export: %1").arg(error), QMessageBox::Ok, self);
                box->setTextFormat(Qt::PlainText);
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
            }
            Q_EMIT self->exportFinished(path, error);
        });
    });
}

} // namespace Ui
