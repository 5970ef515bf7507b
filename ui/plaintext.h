#pragma once

#include <QString>
#include <QTextDocument>

namespace Ui {

// Text from an agent, a registry or any other peer, for places where Qt guesses whether a
// string is rich text (tooltips, message boxes, AutoText labels): as escaped HTML, so that a
// `<img src=/dev/zero>` in it is shown, never loaded.
inline QString plainAsRichText(const QString &text)
{
    return text.isEmpty() ? QString() : Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal);
}

// Text from a peer as a button or label caption: every '&' shown as it is, none a shortcut.
inline QString withoutMnemonics(QString text)
{
    return text.replace(QLatin1Char('&'), QStringLiteral("&&"));
}

} // namespace Ui
