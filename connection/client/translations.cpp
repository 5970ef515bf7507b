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
    if (!ours->load(locale, QStringLiteral("switchboard"), QStringLiteral("_"),
                    QStringLiteral(":/i18n"))) {
        qCDebug(lcI18n) << "No translation for" << locale.uiLanguages();
        delete ours;
        return false;
    }
    QCoreApplication::installTranslator(ours);
    return true;
}

} // namespace Acp
