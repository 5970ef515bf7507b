// A hostile agent against the real window: content that tries to make the app read local
// files, hang on a FIFO or allocate without end, and links that would open local files by
// themselves. Also: a save that fails is said on screen, and the app goes on.

#include "atomicfile.h"
#include "fakeagent.h"
#include "mainwindow.h"
#include "sessionstore.h"
#include "sessionview.h"
#include "tinydisk.h"
#include "transcriptdelegate.h"
#include "transcriptview.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace TestSupport;
using Ui::MainWindow;
using Ui::SessionView;
using Ui::TranscriptView;

// Receives what the app would open with the desktop's handler, instead of the desktop.
class OpenedUrls : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl &url) { urls.append(url); }
};

class TestHostile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup() { Acp::Testing::setWriteBudget(-1); }
    void imagesInAgentTextAreNeverLoaded();
    void localLinksAskBeforeOpening();
    void aFailedSaveIsShownAndTheAppGoesOn();
    void hugeMessagesShowAtOnceAndInFull();

private:
    QTemporaryDir m_data;
    QTemporaryDir m_project;
    OpenedUrls m_opened;
};

void TestHostile::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_data.isValid() && m_project.isValid());
    for (const char *scheme : {"file", "http", "https"})
        QDesktopServices::setUrlHandler(scheme, &m_opened, "open");
}

void TestHostile::cleanupTestCase()
{
    for (const char *scheme : {"file", "http", "https"})
        QDesktopServices::unsetUrlHandler(scheme);
}

void TestHostile::imagesInAgentTextAreNeverLoaded()
{
    // A real 600x600 image that Qt would happily load, a device that never ends, and a FIFO
    // nobody writes to: by path, by file: URL and as HTML, in a message and in a tool call.
    const QString png = m_project.filePath("secret.png");
    QImage image(600, 600, QImage::Format_RGB32);
    image.fill(Qt::red);
    QVERIFY(image.save(png));
    const QString fifo = m_project.filePath("pipe");
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const QString markdown = QStringLiteral("Look: ![the secret](%1) and ![zero](/dev/zero)\n\n"
                                            "![pipe](%2) ![url](file://%1) <img src=\"%1\">\n")
                                 .arg(png, fifo);
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .expect("session/prompt", "p")
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", markdown)))
        .send(sessionUpdate(
            "s1",
            {{"sessionUpdate", "tool_call"},
             {"toolCallId", "t1"},
             {"title", QStringLiteral("<img src=\"%1\">").arg(png)},
             {"content",
              QJsonArray{QJsonObject{
                  {"type", "content"},
                  {"content",
                   QJsonObject{{"type", "text"}, {"text", QString("![x](" + png + ")")}}}}}}}))
        .respond({{"stopReason", "end_turn"}}, "p");
    QSettings settings(m_data.filePath("profiles.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    SessionView *view = window.openSession(agent.profile(m_data), m_project.path());
    window.resize(900, 700);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(view->session(), 10000);
    view->submit("Show me");
    const Acp::TranscriptModel *model = view->session()->transcript();
    QTRY_COMPARE_WITH_TIMEOUT(view->session()->turnState(), Acp::ClientSession::TurnState::Idle,
                              10000);
    QTRY_VERIFY(model->rowOfToolCall("t1") >= 0);
    auto *transcript = view->findChild<TranscriptView *>("transcriptView");
    QVERIFY(transcript);
    // Painted as a user sees it (this is where Qt would load the images).
    const QImage shot = transcript->grab().toImage();
    QVERIFY(!shot.isNull());
    int messageRow = -1;
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->entry(row).kind == Acp::TranscriptEntry::Kind::AgentMessage)
            messageRow = row;
    QVERIFY(messageRow >= 0);
    const QString painted = transcript->transcriptDelegate()->paintedText(messageRow, 800);
    QVERIFY2(painted.contains("[image: the secret]"), qPrintable(painted));
    QVERIFY2(painted.contains("[image: zero]") && painted.contains("[image: pipe]"),
             qPrintable(painted));
    // Not one red pixel of the image: it was never read.
    int red = 0;
    for (int y = 0; y < shot.height(); y += 4)
        for (int x = 0; x < shot.width(); x += 4)
            red += shot.pixel(x, y) == qRgb(255, 0, 0) ? 1 : 0;
    QCOMPARE(red, 0);
    const int height = transcript->visualRect(model->index(messageRow)).height();
    QVERIFY2(height < 300, qPrintable(QString::number(height))); // not 600 px of image
    // The tool call's title is text, not markup.
    const QString tool
        = transcript->transcriptDelegate()->paintedText(model->rowOfToolCall("t1"), 800);
    QVERIFY2(tool.contains("<img src="), qPrintable(tool));
}

void TestHostile::localLinksAskBeforeOpening()
{
    Acp::TranscriptModel model;
    TranscriptView view(&model);
    view.show();
    m_opened.urls.clear();
    // Web links open as in a browser.
    view.openLink("https://example.org/page");
    QCOMPARE(m_opened.urls.size(), 1);
    // A local path an agent wrote: asked first, opened only when the user agrees.
    for (const QString &link : {QString("/etc/passwd"), QString("file:///etc/shadow"),
                                QString("location:%2Fhome%2Fsomeone%2F.bashrc")}) {
        m_opened.urls.clear();
        view.openLink(link);
        QMessageBox *ask = nullptr;
        QTRY_VERIFY((ask = view.findChild<QMessageBox *>("openLinkQuestion")));
        QVERIFY(m_opened.urls.isEmpty());
        QVERIFY2(ask->informativeText().contains(link.startsWith("location:")
                                                     ? QString("/home/someone/.bashrc")
                                                     : QUrl(link).path()),
                 qPrintable(ask->informativeText()));
        if (link == "/etc/passwd") {
            ask->reject();
            QTRY_VERIFY(!view.findChild<QMessageBox *>("openLinkQuestion"));
            QVERIFY(m_opened.urls.isEmpty());
        } else {
            ask->accept();
            QTRY_COMPARE(m_opened.urls.size(), 1);
            QVERIFY(m_opened.urls.first().isLocalFile());
            QTRY_VERIFY(!view.findChild<QMessageBox *>("openLinkQuestion"));
        }
    }
}

void TestHostile::aFailedSaveIsShownAndTheAppGoesOn()
{
    TinyDisk disk(m_data.filePath("disk"), "4m");
    if (!disk.mounted)
        QSKIP("cannot mount a small tmpfs here (needs root)");
    Acp::SessionStore store(disk.path + "/sessions");
    store.load();
    QTRY_VERIFY(store.isLoaded());
    QSettings settings(m_data.filePath("profiles2.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles, nullptr, &store);
    window.show();
    auto *banner = window.findChild<QWidget *>("saveFailedBanner");
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());
    disk.fill(); // the disk is full from now on
    store.upsert({"agent", "s", m_project.path(), QString(100000, 't'), {}, {}});
    store.saveSnapshot("agent", "s",
                       QJsonArray{QJsonObject{{"kind", "agent"}, {"text", QString(100000, 'x')}}});
    store.flush();
    QTRY_VERIFY(banner->isVisible());
    const QString text = window.findChild<QLabel *>("saveFailedText")->text();
    QVERIFY2(text.contains("no space left"), qPrintable(text));
    disk.free();
    window.findChild<QPushButton *>("saveFailedDismiss")->click();
    QVERIFY(!banner->isVisible());
    QVERIFY(window.isVisible());
}

// Scrolled to the end of a row: where on screen, in its last 200 pixels, the delegate puts `anchor`
// (the footer's links), as a user would find it: the point is then clicked for real.
static QPoint anchorPoint(TranscriptView *view, int row, const QString &anchor)
{
    // (QListView's PositionAtBottom shows the top of a row taller than the view.)
    QScrollBar *bar = view->verticalScrollBar();
    bar->setValue(bar->value() + view->visualRect(view->model()->index(row, 0)).bottom()
                  - view->viewport()->height() + 1);
    const QRect rect = view->visualRect(view->model()->index(row, 0));
    const QRect shown = rect.intersected(view->viewport()->rect());
    for (int y = shown.bottom(); y > rect.bottom() - 200 && y >= shown.top(); y -= 2)
        for (int x = rect.left(); x < rect.right(); x += 3)
            if (view->transcriptDelegate()->anchorAt(row, rect, {x, y}) == anchor)
                return {x, y};
    return {-1, -1};
}

void TestHostile::hugeMessagesShowAtOnceAndInFull()
{
    // A 5 MB log in one message, then a 1 MB Markdown table: each arrives in 64 KiB chunks
    // as agents stream. The window shows the start at once with a way to see and copy all,
    // lays the rest out a few pieces per frame when asked, and takes prompts meanwhile.
    QString log;
    for (int line = 0; log.size() < 5 * 1024 * 1024; ++line)
        log += QStringLiteral("%1 INFO worker: request served in %2 ms\n").arg(line).arg(line % 97);
    QString table = QStringLiteral("| # | name | value |\n|---|---|---|\n");
    for (int line = 0; table.size() < 1024 * 1024; ++line)
        table += QStringLiteral("| %1 | item-%1 | %2 |\n").arg(line).arg(line * 7);
    const auto chunked = [](FakeAgent &agent, const QString &text) {
        for (qsizetype at = 0; at < text.size(); at += 64 * 1024)
            agent.send(
                sessionUpdate("s1", textChunk("agent_message_chunk", text.mid(at, 64 * 1024))));
    };
    FakeAgent agent;
    agent.expect("initialize")
        .respond({{"protocolVersion", 1}})
        .expect("session/new")
        .respond({{"sessionId", "s1"}})
        .expect("session/prompt", "log");
    chunked(agent, log);
    agent.respond({{"stopReason", "end_turn"}}, "log").expect("session/prompt", "table");
    chunked(agent, table);
    agent.respond({{"stopReason", "end_turn"}}, "table")
        .expect("session/prompt", "after")
        .send(sessionUpdate("s1", textChunk("agent_message_chunk", "still here")))
        .respond({{"stopReason", "end_turn"}}, "after");
    QSettings settings(m_data.filePath("profiles3.ini"), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    MainWindow window(&profiles);
    SessionView *view = window.openSession(agent.profile(m_data), m_project.path());
    window.resize(900, 700);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(view->session(), 10000);
    const Acp::TranscriptModel *model = view->session()->transcript();
    auto *transcript = view->findChild<TranscriptView *>("transcriptView");
    QVERIFY(transcript);
    const auto lastAgentRow = [model] {
        for (int row = model->rowCount() - 1; row >= 0; --row)
            if (model->entry(row).kind == Acp::TranscriptEntry::Kind::AgentMessage)
                return row;
        return -1;
    };
    const auto idle
        = [view] { return view->session()->turnState() == Acp::ClientSession::TurnState::Idle; };

    for (const QString *message : {&log, &table}) {
        const QString &text = *message;
        const bool isTable = message == &table;
        view->submit(isTable ? "table" : "log");
        QTRY_VERIFY_WITH_TIMEOUT(!idle(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(idle(), 60000);
        const int row = lastAgentRow();
        QVERIFY(row >= 0);
        QCOMPARE(model->entry(row).text, text);
        // Collapsed: the first 64 KiB, laid out; the footer says how much there is.
        QVERIFY(transcript->isCollapsible(row));
        transcript->scrollTo(model->index(row), QAbstractItemView::PositionAtBottom);
        QTRY_VERIFY_WITH_TIMEOUT(transcript->isLaidOut(row), 10000);
        // The view's own layout caught up with the delegate's height.
        const auto delegateHeight = [&] {
            QStyleOptionViewItem option;
            option.rect = transcript->visualRect(model->index(row));
            return transcript->transcriptDelegate()->sizeHint(option, model->index(row)).height();
        };
        QTRY_COMPARE(transcript->visualRect(model->index(row)).height(), delegateHeight());
        const int collapsedHeight = transcript->visualRect(model->index(row)).height();
        // (At the row's own width: another would lay it out again.)
        const QString painted = transcript->transcriptDelegate()->paintedText(
            row,
            Ui::TranscriptDelegate::textWidth(transcript->visualRect(model->index(row)).width()));
        QVERIFY2(painted.contains(QStringLiteral("Showing the first")),
                 qPrintable(painted.right(300)));
        QVERIFY(painted.size() < 200 * 1024);

        // Copy all: the whole message, as the agent sent it.
        QGuiApplication::clipboard()->clear();
        // (Once the view has laid the row out at its new height.)
        QPoint copy;
        QTRY_VERIFY((copy = anchorPoint(transcript, row, "copy-all:")).x() >= 0);
        QTest::mouseClick(transcript->viewport(), Qt::LeftButton, {}, copy);
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), text);

        // Show all: laid out progressively, so the window goes on (a prompt meanwhile)...
        const QPoint all = anchorPoint(transcript, row, "show-all:");
        QVERIFY(all.x() >= 0);
        QTest::mouseClick(transcript->viewport(), Qt::LeftButton, {}, all);
        QVERIFY(!transcript->isLaidOut(row));
        if (isTable) {
            view->submit("after");
            QTRY_VERIFY_WITH_TIMEOUT(
                model->entry(lastAgentRow()).text == QLatin1String("still here"), 10000);
            QVERIFY(!transcript->isLaidOut(row)); // the answer came while it was laying out
            transcript->scrollTo(model->index(row), QAbstractItemView::PositionAtBottom);
        }
        // ...and in the end it is all there, with "Show less" to fold it again.
        QTRY_VERIFY_WITH_TIMEOUT(transcript->isLaidOut(row), 120000);
        QTRY_COMPARE(transcript->visualRect(model->index(row)).height(), delegateHeight());
        QTRY_VERIFY2(transcript->visualRect(model->index(row)).height() > 10 * collapsedHeight,
                     qPrintable(QStringLiteral("%1 against %2 collapsed")
                                    .arg(transcript->visualRect(model->index(row)).height())
                                    .arg(collapsedHeight)));
        QPoint less;
        QTRY_VERIFY((less = anchorPoint(transcript, row, "show-less:")).x() >= 0);
        // The row's end is painted, far below where QListView's own rectangles end.
        const QImage end = transcript->viewport()->grab().toImage();
        const QRgb base = transcript->palette().color(QPalette::Base).rgb();
        int inked = 0;
        for (int y = 0; y < end.height(); y += 2)
            for (int x = 0; x < end.width(); x += 2)
                inked += qGray(end.pixel(x, y)) < qGray(base) - 96 ? 1 : 0;
        QVERIFY2(inked > 200, qPrintable(QString::number(inked)));
        QTest::mouseClick(transcript->viewport(), Qt::LeftButton, {}, less);
        QTRY_COMPARE(transcript->visualRect(model->index(row)).height(), collapsedHeight);
    }
}

QTEST_MAIN(TestHostile)
#include "tst_hostile.moc"
