// Keyboard-only use and accessible names: every control a user can reach with Tab in the main
// window and the dialogs has a name a screen reader can say (its text, a buddy label or an
// accessible name), and a whole turn works with the keyboard alone: New Session, the prompt,
// the permission card, the shortcuts list.

#include "httpfixture.h"
#include "inspectorwindow.h"
#include "mainwindow.h"
#include "mcpserverdialog.h"
#include "permissioncard.h"
#include "promptedit.h"
#include "registrydialog.h"
#include "sessionbrowser.h"
#include "sessionstore.h"
#include "sessionview.h"
#include "settingsdialog.h"
#include "shortcutsdialog.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAccessible>
#include <QComboBox>
#include <QDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

namespace {

QStringList unnamedVisibleControls(QWidget *root);

// The reachable controls of `root`, on every page of its tabs, that a screen reader would
// announce without a name.
QStringList unnamedControls(QWidget *root)
{
    QStringList unnamed = unnamedVisibleControls(root);
    for (QTabWidget *tabs : root->findChildren<QTabWidget *>()) {
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            unnamed += unnamedVisibleControls(tabs->currentWidget());
        }
    }
    unnamed.removeDuplicates();
    return unnamed;
}

QStringList unnamedVisibleControls(QWidget *root)
{
    QStringList unnamed;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *w : widgets) {
        if (!w->isVisible() || w->focusPolicy() == Qt::NoFocus || !w->isEnabled())
            continue;
        const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w)
            || qobject_cast<QComboBox *>(w) || qobject_cast<QPlainTextEdit *>(w)
            || qobject_cast<QAbstractItemView *>(w);
        if (!control || qobject_cast<QLineEdit *>(w->parentWidget()) // a combo's own edit
            || qobject_cast<QComboBox *>(w->parentWidget()))
            continue;
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
        if (!iface || iface->text(QAccessible::Name).trimmed().isEmpty())
            unnamed << QStringLiteral("%1 \"%2\" in %3")
                           .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                                w->parentWidget() ? w->parentWidget()->objectName() : QString());
    }
    return unnamed;
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyControlHasAName();
    void aTurnWithTheKeyboardAlone();

private:
    Acp::AgentProfile demo() const;
    QTemporaryDir m_dir;
};

void TestAccessibility::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("SWITCHBOARD_DEMO_AGENT_DATA", m_dir.path().toUtf8());
}

Acp::AgentProfile TestAccessibility::demo() const
{
    Acp::AgentProfile p;
    p.name = QStringLiteral("Demo");
    p.program = QStringLiteral(SWITCHBOARD_DEMO_AGENT);
    p.isDemo = true;
    return p;
}

void TestAccessibility::everyControlHasAName()
{
    QSettings settings(m_dir.filePath("names.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    profiles.setProfiles({demo()});
    Acp::SessionStore store(m_dir.filePath("store"));
    Ui::MainWindow window(&profiles, nullptr, &store);
    Ui::SessionView *view = window.openSession(demo(), m_dir.path());
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr, 10000);
    QTRY_VERIFY(view->transcriptView() != nullptr);
    QStringList problems = unnamedControls(&window);

    Ui::SettingsDialog settingsDialog(&profiles, nullptr, &window);
    settingsDialog.show();
    problems += unnamedControls(&settingsDialog);
    Ui::McpServerDialog mcp(&window);
    mcp.show();
    problems += unnamedControls(&mcp);
    Ui::ShortcutsDialog shortcuts(window.menuBar(), &window);
    shortcuts.show();
    problems += unnamedControls(&shortcuts);
    // The registry dialog with an agent in it (served by a local fixture).
    TestSupport::HttpFixture server;
    QVERIFY(server.listen());
    const QJsonObject agent{
        {"id", "alpha"},
        {"name", "Alpha"},
        {"version", "1.0.0"},
        {"description", "An agent"},
        {"distribution", QJsonObject{{"npx", QJsonObject{{"package", "@example/alpha"}}}}}};
    server.setRoute("/registry.json",
                    {200,
                     QJsonDocument(QJsonObject{{"agents", QJsonArray{agent}}}).toJson(),
                     "application/json",
                     {}});
    Acp::AgentRegistry::setUrl(server.url("/registry.json"));
    Acp::AgentRegistry registry(m_dir.filePath("cache"), m_dir.filePath("data"));
    Ui::RegistryDialog registryDialog(&registry, &profiles, &window);
    registry.refresh();
    registryDialog.show();
    QTRY_COMPARE(registryDialog.findChild<QListWidget *>("registryList")->count(), 1);
    problems += unnamedControls(&registryDialog);
    Acp::AgentRegistry::setUrl({});
    Ui::SessionBrowser browser(&store, &window);
    browser.show();
    problems += unnamedControls(&browser);
    window.inspector()->show();
    problems += unnamedControls(window.inspector());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("\n"))));
}

void TestAccessibility::aTurnWithTheKeyboardAlone()
{
    QSettings settings(m_dir.filePath("keys.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    profiles.setProfiles({demo()});
    Ui::MainWindow window(&profiles);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    // Ctrl+N, then Enter in the dialog: a session with the first profile.
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
    QWidget *dialog = QApplication::activeModalWidget();
    auto *cwd = dialog->findChild<QLineEdit *>("cwdEdit");
    QVERIFY(cwd);
    // A folder that does not exist: said in the dialog, which stays open.
    cwd->setText(m_dir.filePath("no-such-folder"));
    QTest::keyClick(dialog, Qt::Key_Return);
    auto *problem = dialog->findChild<QLabel *>("newSessionProblem");
    QVERIFY(problem);
    QTRY_VERIFY(problem->isVisible());
    QVERIFY(dialog->isVisible());
    QCOMPARE(window.sessions().size(), 0);
    cwd->setText(m_dir.path());
    QTest::keyClick(dialog, Qt::Key_Return);
    QTRY_COMPARE(window.sessions().size(), 1);
    Ui::SessionView *view = window.sessions().first();
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr, 10000);
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    // The prompt has the focus: type, Enter sends.
    auto *prompt = window.findChild<Ui::PromptEdit *>("promptEdit");
    QTRY_VERIFY(prompt->isEnabled());
    // (The offscreen platform may leave no window active after the dialog: ask the window.)
    QTRY_COMPARE(window.focusWidget(), static_cast<QWidget *>(prompt));
    QTest::keyClicks(window.focusWidget(), "Add a greeting");
    QTest::keyClick(window.focusWidget(), Qt::Key_Return);

    // The demo asks for permission: Alt+1 picks the first option.
    Ui::PermissionCard *card = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((card = window.findChild<Ui::PermissionCard *>()) != nullptr, 10000);
    QTRY_VERIFY(card->isVisible());
    QTest::keyClick(window.focusWidget(), Qt::Key_1, Qt::AltModifier);
    auto *send = window.findChild<QPushButton *>("sendButton");
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<Ui::PermissionCard *>() == nullptr
                                 || !window.findChild<Ui::PermissionCard *>()->isVisible(),
                             10000);
    QTRY_COMPARE_WITH_TIMEOUT(send->text(), QStringLiteral("Send"), 20000);

    // Tab from the prompt reaches Send.
    prompt->setFocus();
    QTest::keyClick(prompt, Qt::Key_Tab);
    QTRY_COMPARE(window.focusWidget(), static_cast<QWidget *>(send));

    // Ctrl+/ lists the shortcuts, read from the menus; Esc closes the list.
    QTest::keyClick(&window, Qt::Key_Slash, Qt::ControlModifier);
    Ui::ShortcutsDialog *list = nullptr;
    QTRY_VERIFY((list = window.findChild<Ui::ShortcutsDialog *>()) != nullptr);
    auto *table = list->findChild<QTableWidget *>("shortcutsTable");
    QStringList commands;
    for (int row = 0; row < table->rowCount(); ++row)
        commands << table->item(row, 0)->text() + QStringLiteral(" = ")
                + table->item(row, 1)->text();
    const QString all = commands.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("File > New Session = ")
                          + QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)),
             qPrintable(all));
    QVERIFY2(all.contains("Agent Registry"), qPrintable(all));
    QTest::keyClick(list, Qt::Key_Escape);
    QTRY_VERIFY(window.findChild<Ui::ShortcutsDialog *>() == nullptr);
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
