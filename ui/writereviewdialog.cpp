#include "writereviewdialog.h"

#include "linediff.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Ui {

WriteReviewDialog::WriteReviewDialog(const Acp::PendingWrite &write, QWidget *parent, Mode mode)
    : QDialog(parent)
{
    setObjectName(mode == Mode::Review ? QStringLiteral("writeReviewDialog")
                                       : QStringLiteral("diffDialog"));
    setWindowTitle(mode == Mode::Review ? tr("Review a write") : tr("Diff of %1").arg(write.path));
    resize(900, 600);
    const LineDiff diff = LineDiff::compute(write.oldText, write.newText);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(
        (mode == Mode::Review ? tr("The agent wants to write <code>%1</code> (%2): <span "
                                   "style='color:#1a7f37'>+%3</span> "
                                   "<span style='color:#cf222e'>\u2212%4</span>")
                              : tr("<code>%1</code> (%2): <span style='color:#1a7f37'>+%3</span> "
                                   "<span style='color:#cf222e'>\u2212%4</span>"))
            .arg(write.path.toHtmlEscaped(), write.oldText ? tr("changed") : tr("new file"))
            .arg(diff.added())
            .arg(diff.removed()),
        this));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto *tabs = new QTabWidget(this);
    auto *unified = new QPlainTextEdit(diff.unifiedText(), tabs);
    unified->setObjectName(QStringLiteral("unifiedDiff"));
    unified->setReadOnly(true);
    unified->setFont(mono);
    unified->setLineWrapMode(QPlainTextEdit::NoWrap);
    tabs->addTab(unified, tr("&Unified"));
    auto *table = new QTableWidget(tabs);
    table->setObjectName(QStringLiteral("sideBySideDiff"));
    table->setColumnCount(4);
    table->setHorizontalHeaderLabels({QString(), tr("Before"), QString(), tr("After")});
    table->verticalHeader()->hide();
    table->setFont(mono);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    const QList<LineDiff::Row> rows = diff.sideBySide();
    table->setRowCount(int(rows.size()));
    const auto cell
        = [table](int row, int column, const std::optional<LineDiff::Line> &line, bool left) {
              if (!line)
                  return;
              auto *number
                  = new QTableWidgetItem(QString::number(left ? line->oldNumber : line->newNumber));
              auto *text = new QTableWidgetItem(line->text);
              if (line->kind == LineDiff::Line::Kind::Removed)
                  text->setBackground(QColor(0xff, 0xeb, 0xe9));
              else if (line->kind == LineDiff::Line::Kind::Added)
                  text->setBackground(QColor(0xda, 0xfb, 0xe1));
              table->setItem(row, column, number);
              table->setItem(row, column + 1, text);
          };
    for (int r = 0; r < rows.size(); ++r) {
        cell(r, 0, rows.at(r).left, true);
        cell(r, 2, rows.at(r).right, false);
    }
    table->resizeColumnToContents(0);
    table->resizeColumnToContents(2);
    tabs->addTab(table, tr("&Side by side"));
    layout->addWidget(tabs, 1);
    auto *buttons = new QDialogButtonBox(this);
    if (mode == Mode::View) {
        buttons->addButton(QDialogButtonBox::Close);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        layout->addWidget(buttons);
        return;
    }
    auto *accept = buttons->addButton(tr("&Write"), QDialogButtonBox::AcceptRole);
    accept->setObjectName(QStringLiteral("approveWriteButton"));
    auto *reject = buttons->addButton(tr("&Reject"), QDialogButtonBox::RejectRole);
    reject->setObjectName(QStringLiteral("rejectWriteButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace Ui
