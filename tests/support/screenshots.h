#pragma once

#include <QAbstractItemView>
#include <QDir>
#include <QWidget>

namespace TestSupport {

// Saves a picture of `widget` as <name>.png in $SWITCHBOARD_SCREENSHOTS, when that is set (the
// README's screenshots come from the tests). Item views lay out lazily: the picture shows what
// a user sees a moment later.
inline void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("SWITCHBOARD_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    for (QAbstractItemView *view : widget->findChildren<QAbstractItemView *>())
        view->doItemsLayout();
    widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace TestSupport
