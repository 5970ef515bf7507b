// The sandbox as a user meets it in the window: the session header says where the agent may
// write (the whole of it in the tooltip), and Settings edits a profile's sandbox and keeps it.
#include "fakeagent.h"
#include "mainwindow.h"
#include "sandbox.h"
#include "screenshots.h"
#include "sessionharness.h"
#include "sessionview.h"
#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;
using namespace Ui;

class TestSandboxUi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void theHeaderSaysWhereTheAgentMayWrite();
    void settingsEditAProfilesSandbox();

private:
    QTemporaryDir m_data;
    QTemporaryDir m_project;
};

void TestSandboxUi::theHeaderSaysWhereTheAgentMayWrite()
{
    if (Acp::Sandbox::kernelAbi() < 1)
        QSKIP("this kernel has no Landlock");
    FakeAgent agent;
    initialized(agent);
    newSession(agent, "s1").op({{"op", "drain_stdin"}});
    QSettings settings(m_data.filePath("profiles.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    Acp::AgentProfile fake = agent.profile(m_data);
    fake.sandbox.mode = Acp::Sandbox::Mode::Writes;
    fake.sandbox.required = true;
    fake.sandbox.agentFolders = {m_data.filePath("agent-state")};
    SessionView *view = window.openSession(fake, m_project.path());
    window.resize(1100, 600);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(view->session(), 10000);
    auto *label = view->findChild<QLabel *>("sandboxLabel");
    QVERIFY(label);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(),
             QString("Writes only in %1").arg(Acp::Sandbox::abbreviated(m_project.path())));
    QVERIFY(label->toolTip().contains("agent-state"));
    QVERIFY(label->toolTip().contains("Temporary files:"));
    QVERIFY(label->toolTip().contains("network access is not limited"));
    screenshot(&window, "sandbox-header");

    // A profile without a sandbox shows no label: nothing is claimed.
    FakeAgent plain;
    initialized(plain);
    newSession(plain, "s2").op({{"op", "drain_stdin"}});
    QTemporaryDir other;
    SessionView *unconfined = window.openSession(plain.profile(other), m_project.path());
    QTRY_VERIFY_WITH_TIMEOUT(unconfined->session(), 10000);
    QVERIFY(!unconfined->findChild<QLabel *>("sandboxLabel")->isVisible());
}

void TestSandboxUi::settingsEditAProfilesSandbox()
{
    QSettings settings(m_data.filePath("profiles2.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    SettingsDialog dialog(&profiles, nullptr);
    auto *list = dialog.findChild<QListWidget *>("profileList");
    auto *mode = dialog.findChild<QComboBox *>("profileSandbox");
    auto *folders = dialog.findChild<QPlainTextEdit *>("profileSandboxFolders");
    // The presets come sandboxed: Codex shows writes and its own folders.
    list->setCurrentRow(2);
    QCOMPARE(dialog.findChild<QLineEdit *>("profileName")->text(), QString("Codex"));
    QCOMPARE(Acp::Sandbox::Mode(mode->currentData().toInt()), Acp::Sandbox::Mode::Writes);
    QVERIFY(folders->toPlainText().contains("~/.codex"));
    // Made strict, required, with a port limit and one more folder to read.
    mode->setCurrentIndex(mode->findData(int(Acp::Sandbox::Mode::Strict)));
    dialog.findChild<QCheckBox *>("profileSandboxRequired")->setChecked(true);
    folders->setPlainText("~/.codex\n~/.npm\n\n~/.cache/codex ");
    dialog.findChild<QPlainTextEdit *>("profileSandboxReadable")->setPlainText("/srv/models");
    dialog.findChild<QLineEdit *>("profileSandboxPorts")->setText("443, 8080 nonsense 70000");
    screenshot(&dialog, "sandbox-settings");
    dialog.accept();

    Acp::ProfileStore reloaded(&settings);
    const Acp::Sandbox kept = reloaded.profile("Codex")->sandbox;
    QCOMPARE(kept.mode, Acp::Sandbox::Mode::Strict);
    QVERIFY(kept.required);
    QCOMPARE(kept.agentFolders, (QStringList{"~/.codex", "~/.npm", "~/.cache/codex"}));
    QCOMPARE(kept.readable, QStringList{"/srv/models"});
    QVERIFY(kept.limitTcp);
    QCOMPARE(kept.tcpPorts, (QList<quint16>{443, 8080}));
}

QTEST_MAIN(TestSandboxUi)
#include "tst_sandboxui.moc"
