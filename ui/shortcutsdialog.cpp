#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Ui {

namespace {

QString plain(QString text)
{
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    text.remove(QStringLiteral("\u2026"));
    return text;
}

void collect(QMenu *menu, const QString &path, QList<std::pair<QString, QString>> &rows)
{
    for (QAction *action : menu->actions()) {
        if (QMenu *sub = action->menu()) {
            collect(sub, path + plain(action->text()) + QStringLiteral(" > "), rows);
            continue;
        }
        if (!action->shortcut().isEmpty())
            rows.append({path + plain(action->text()),
                         action->shortcut().toString(QKeySequence::NativeText)});
    }
}

} // namespace

ShortcutsDialog::ShortcutsDialog(QMenuBar *menus, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    resize(560, 520);
    QList<std::pair<QString, QString>> rows;
    for (QAction *action : menus->actions())
        if (QMenu *menu = action->menu())
            collect(menu, plain(action->text()) + QStringLiteral(" > "), rows);
    const QString sequence = QKeySequence(Qt::ALT | Qt::Key_1).toString(QKeySequence::NativeText);
    rows += {
        {tr("Prompt: send"), tr("Enter")},
        {tr("Prompt: new line"), tr("Shift+Enter")},
        {tr("Prompt: earlier or later prompts"), tr("Up / Down")},
        {tr("Prompt: complete a command or a file"), tr("/ or @, then Tab or Enter")},
        {tr("Transcript: copy the selected message as Markdown"),
         QKeySequence(QKeySequence::Copy).toString(QKeySequence::NativeText)},
        {tr("Transcript: open a thought or tool call"), tr("Enter or double-click")},
        {tr("Permission request: choose option 1 to 4"),
         tr("%1 to %2")
             .arg(sequence, QKeySequence(Qt::ALT | Qt::Key_4).toString(QKeySequence::NativeText))},
        {tr("Queued prompt: remove"), tr("Delete")},
        {tr("Any menu"), tr("Alt + the underlined letter")},
        {tr("Next or previous control"), tr("Tab / Shift+Tab")},
    };
    auto *table = new QTableWidget(int(rows.size()), 2, this);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setAccessibleName(tr("Keyboard shortcuts"));
    table->setHorizontalHeaderLabels({tr("Command"), tr("Keys")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    for (int i = 0; i < rows.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(rows.at(i).first));
        table->setItem(i, 1, new QTableWidgetItem(rows.at(i).second));
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(table, 1);
    layout->addWidget(buttons);
}

} // namespace Ui
