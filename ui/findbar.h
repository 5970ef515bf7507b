#pragma once

#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;

namespace Ui {

// Find in the transcript (Ctrl+F): searches as the user types, Enter for the next match,
// Shift+Enter for the previous, Esc closes. `find` selects a match and returns its row, or -1.
class FindBar final : public QWidget
{
    Q_OBJECT
public:
    using Find = std::function<int(const QString &text, bool backwards)>;
    explicit FindBar(Find find, QWidget *parent = nullptr);

    // Shows the bar with its text selected, ready for typing.
    void open();

Q_SIGNALS:
    void closed(); // by Esc: the focus goes back where the user types

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void findNext(bool backwards);

    Find m_find;
    QLineEdit *m_edit;
    QLabel *m_status;
};

} // namespace Ui
