#include "findbar.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>

namespace Ui {

FindBar::FindBar(Find find, QWidget *parent)
    : QWidget(parent)
    , m_find(std::move(find))
    , m_edit(new QLineEdit(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("findBar"));
    m_edit->setObjectName(QStringLiteral("findEdit"));
    m_edit->setPlaceholderText(tr("Find in the transcript"));
    m_edit->setClearButtonEnabled(true);
    m_status->setObjectName(QStringLiteral("findStatus"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 0, 8, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_status);
    connect(m_edit, &QLineEdit::textEdited, this, [this] { findNext(false); });
    connect(m_edit, &QLineEdit::returnPressed, this,
            [this] { findNext(QApplication::keyboardModifiers() & Qt::ShiftModifier); });
    // Esc closes the bar; it claims the key before the window's Stop shortcut sees it.
    m_edit->installEventFilter(this);
    hide();
}

void FindBar::open()
{
    show();
    m_edit->setFocus();
    m_edit->selectAll();
}

void FindBar::findNext(bool backwards)
{
    const int row = m_find ? m_find(m_edit->text(), backwards) : -1;
    m_status->setText(row < 0 && !m_edit->text().isEmpty() ? tr("Not found") : QString());
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit
        && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        event->accept();
        if (event->type() == QEvent::KeyPress) {
            hide();
            Q_EMIT closed();
        }
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Ui
