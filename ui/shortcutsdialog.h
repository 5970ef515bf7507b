#pragma once

#include <QDialog>

class QMenuBar;

namespace Ui {

// Help > Keyboard Shortcuts: every menu command with its shortcut, read from the menus (so the
// list cannot go stale), then the keys that work inside the prompt, the transcript and the
// permission cards.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsDialog(QMenuBar *menus, QWidget *parent = nullptr);
};

} // namespace Ui
