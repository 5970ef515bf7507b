// The translation pipeline: the German .ts is complete and in step with the sources (lupdate
// finds no string it lacks), its placeholders and accelerators match, and the compiled .qm is
// what the app and the engine load for a German locale. With SWITCHBOARD_SCREENSHOTS=<dir>
// the German main window is saved there.

#include "elicitationform.h"
#include "mainwindow.h"
#include "screenshots.h"
#include "sessionview.h"
#include "translations.h"

#include <QFileInfo>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations; // one, or the plural forms
    bool finished = true;
};

QList<Message> readTs(const QString &path)
{
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = Message{context, {}, {}, true};
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            current.finished = type.isEmpty();
            // Either text, or <numerusform> children.
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters() && !xml.isWhitespace())
                    current.translations << xml.text().toString();
                else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                    current.translations << xml.readElementText();
                else if (xml.isEndElement() && xml.name() == QLatin1String("translation"))
                    break;
            }
            messages << current;
        }
    }
    return messages;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%L?\\d+|%n"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    found.sort();
    return found;
}

int accelerators(QString text)
{
    text.remove(QStringLiteral("&&"));
    static const QRegularExpression entity(QStringLiteral("&[a-z]+;"));
    text.remove(entity);
    return int(text.count(QLatin1Char('&')));
}

// A copy of the .ts `source` in `dir`, run through lupdate over the real sources: a tr() string
// the .ts lacks shows up unfinished, one the sources dropped disappears (-no-obsolete). Empty
// when lupdate fails.
QString updatedCopy(const QTemporaryDir &dir, const QString &source, const QStringList &options)
{
    const QString copy = dir.filePath(QFileInfo(source).fileName());
    if (!QFile::copy(source, copy))
        return {};
    QProcess lupdate;
    lupdate.setWorkingDirectory(QStringLiteral(SWITCHBOARD_SOURCE_DIR));
    lupdate.start(QStringLiteral(SWITCHBOARD_LUPDATE),
                  QStringList{QStringLiteral("-locations"), QStringLiteral("none"),
                              QStringLiteral("-no-obsolete")}
                      + options
                      + QStringList{QStringLiteral("connection"), QStringLiteral("ui"),
                                    QStringLiteral("app"), QStringLiteral("-ts"), copy});
    if (!lupdate.waitForFinished(60000) || lupdate.exitCode() != 0)
        return {};
    return copy;
}

void removeTranslators()
{
    for (QTranslator *t : QCoreApplication::instance()->findChildren<QTranslator *>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void germanIsComplete();
    void sourcesHaveNoUntranslatedString();
    void germanLocaleTranslatesAppAndEngine();
    void unknownLocaleKeepsEnglish();
    void englishPluralsAreComplete();
};

void TestTranslations::germanIsComplete()
{
    const QList<Message> messages = readTs(QStringLiteral(SWITCHBOARD_TS_DE));
    QVERIFY2(messages.size() > 250, qPrintable(QString::number(messages.size())));
    for (const Message &m : messages) {
        const QString where = m.context + QStringLiteral(": ") + m.source;
        QVERIFY2(m.finished, qPrintable(where));
        QVERIFY2(!m.translations.isEmpty(), qPrintable(where));
        for (const QString &t : m.translations) {
            QVERIFY2(!t.trimmed().isEmpty(), qPrintable(where));
            if (!m.source.contains(QStringLiteral("%n")))
                QCOMPARE(placeholders(t), placeholders(m.source));
            QCOMPARE(accelerators(t), accelerators(m.source));
        }
    }
}

void TestTranslations::sourcesHaveNoUntranslatedString()
{
    QTemporaryDir dir;
    const QString copy = updatedCopy(dir, QStringLiteral(SWITCHBOARD_TS_DE), {});
    QVERIFY(!copy.isEmpty());
    const QList<Message> before = readTs(QStringLiteral(SWITCHBOARD_TS_DE));
    const QList<Message> after = readTs(copy);
    QStringList missing;
    for (const Message &m : after)
        if (!m.finished)
            missing << m.context + QStringLiteral(": ") + m.source;
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("not translated (build update_translations): ")
                        + missing.join(QStringLiteral(" | "))));
    QCOMPARE(after.size(), before.size());
}

void TestTranslations::germanLocaleTranslatesAppAndEngine()
{
    QVERIFY(Acp::installTranslations(QCoreApplication::instance(),
                                     QLocale(QLocale::German, QLocale::Germany)));
    // The engine (a namespace's own context) ...
    const QJsonObject schema{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("name"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}}};
    QCOMPARE(Acp::ElicitationForm::validate(schema, {{QStringLiteral("name"), 3}}),
             QStringLiteral("name muss Text sein"));
    // ... and the window.
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat);
    Acp::ProfileStore profiles(&settings);
    Ui::MainWindow window(&profiles);
    QStringList menus;
    for (QAction *action : window.menuBar()->actions())
        menus << action->text();
    QVERIFY2(menus.contains(QStringLiteral("&Datei")), qPrintable(menus.join(u',')));
    QVERIFY2(!menus.contains(QStringLiteral("&File")), qPrintable(menus.join(u',')));
    window.resize(1000, 640);
    Acp::AgentProfile demo;
    demo.name = QStringLiteral("Demo");
    demo.program = QStringLiteral(SWITCHBOARD_DEMO_AGENT);
    demo.isDemo = true;
    qputenv("SWITCHBOARD_DEMO_AGENT_DATA", dir.path().toUtf8());
    Ui::SessionView *view = window.openSession(demo, dir.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *send = window.findChild<QPushButton *>(QStringLiteral("sendButton"));
    QVERIFY(send);
    QTRY_VERIFY(view->session() != nullptr);
    QCOMPARE(send->text(), QStringLiteral("Senden"));
    TestSupport::screenshot(&window, QStringLiteral("main-window-de"));

    removeTranslators();
}

void TestTranslations::unknownLocaleKeepsEnglish()
{
    removeTranslators();
    QVERIFY(!Acp::installTranslations(QCoreApplication::instance(),
                                      QLocale(QLocale::Swahili, QLocale::Kenya)));
    QCOMPARE(QCoreApplication::translate("Ui::MainWindow", "&File"), QStringLiteral("&File"));
    // ... with English plurals.
    QCOMPARE(QCoreApplication::translate("Ui::RegistryDialog", "%n agent(s) in the registry.",
                                         nullptr, 1),
             QStringLiteral("1 agent in the registry."));
    QCOMPARE(QCoreApplication::translate("Ui::RegistryDialog", "%n agent(s) in the registry.",
                                         nullptr, 2),
             QStringLiteral("2 agents in the registry."));
}

void TestTranslations::englishPluralsAreComplete()
{
    // Every %n string has its English singular and plural (lupdate -pluralonly on a copy).
    QTemporaryDir dir;
    const QString copy
        = updatedCopy(dir, QStringLiteral(SWITCHBOARD_TS_EN), {QStringLiteral("-pluralonly")});
    QVERIFY(!copy.isEmpty());
    const QList<Message> messages = readTs(copy);
    QVERIFY(!messages.isEmpty());
    for (const Message &m : messages) {
        QVERIFY2(m.finished, qPrintable(m.context + QStringLiteral(": ") + m.source));
        QCOMPARE(m.translations.size(), 2);
    }
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
