#pragma once

#include <QLocale>

class QCoreApplication;

namespace Acp {

// Loads Switchboard's translation for `locale` (the system's by default) and Qt's own, if the
// system has it, and installs them on `app`. Our .qm files are compiled from
// resources/translations/*.ts at build time and embedded, so a build run from its tree and an
// installed package translate the same. Without a translation for the locale, English plural
// forms are installed. Returns whether a translation (other than English) was found.
bool installTranslations(QCoreApplication *app, const QLocale &locale = QLocale());

} // namespace Acp
