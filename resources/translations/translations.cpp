#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QTranslator>

Q_LOGGING_CATEGORY(lcI18n, "switchboard.i18n", QtWarningMsg)

namespace Acp {

bool installTranslations(QCoreApplication *app, const QLocale &locale)
{
    // Qt's strings (standard buttons, the file dialog): Debian's qt6-translations-l10n.
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;

    auto *ours = new QTranslator(app);
    if (ours->load(locale, QStringLiteral("switchboard"), QStringLiteral("_"),
                   QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(ours);
        return ours->language() != QLatin1String("en_US");
    }
    // No translation: the English plural forms, so that "%n agent(s)" reads "2 agents".
    qCDebug(lcI18n) << "No translation for" << locale.uiLanguages();
    if (ours->load(QStringLiteral(":/i18n/switchboard_en.qm")))
        QCoreApplication::installTranslator(ours);
    else
        delete ours;
    return false;
}

} // namespace Acp
