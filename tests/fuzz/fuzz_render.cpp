// What the transcript view renders, from arbitrary session/update sequences (the same
// structure-aware input as fuzz_session_updates): every row is measured and painted by the
// real delegate (Markdown, code blocks, diffs, plans, tool calls) at two widths, and every diff
// a tool call carries goes through LineDiff. Checked, besides no crash: a row's painted text
// has content when its rendered text has; diff counts match the lines they count; the
// side-by-side view keeps every line of both sides.

#include "linediff.h"
#include "transcriptdelegate.h"
#include "updatelines.h"
#include "updatemutator.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QStyleOptionViewItem>

#include <cstdint>
#include <cstdlib>

namespace {

void checkDiff(const Acp::ToolCallContent &content)
{
    if (content.type != Acp::ToolCallContent::Type::Diff)
        return;
    const Ui::LineDiff diff = Ui::LineDiff::compute(content.oldText, content.newText);
    int added = 0;
    int removed = 0;
    for (const Ui::LineDiff::Hunk &hunk : diff.hunks()) {
        for (const Ui::LineDiff::Line &line : hunk.lines) {
            added += line.kind == Ui::LineDiff::Line::Kind::Added;
            removed += line.kind == Ui::LineDiff::Line::Kind::Removed;
        }
    }
    if (added != diff.added() || removed != diff.removed())
        std::abort();
    int left = 0;
    int right = 0;
    for (const Ui::LineDiff::Row &row : diff.sideBySide()) {
        if (!row.left && !row.right)
            std::abort();
        left += row.left && row.left->kind == Ui::LineDiff::Line::Kind::Removed;
        right += row.right && row.right->kind == Ui::LineDiff::Line::Kind::Added;
    }
    if (left != removed || right != added)
        std::abort();
    (void)diff.unifiedText();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static QApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Acp::TranscriptModel model;
    FuzzInput::applyLines(data, size, model);
    Ui::TranscriptDelegate delegate(&model);
    for (int row = 0; row < model.rowCount(); ++row) {
        const Acp::TranscriptEntry &entry = model.entry(row);
        for (const Acp::ToolCallContent &content : entry.toolCall.content)
            checkDiff(content);
        for (const int width : {120, 640}) {
            QStyleOptionViewItem option;
            option.rect = QRect(0, 0, width, 10);
            const QModelIndex index = model.index(row);
            const QSize hint = delegate.sizeHint(option, index);
            if (hint.height() <= 0 || hint.height() > 10'000'000)
                std::abort();
            option.rect.setHeight(std::min(hint.height(), 4000));
            QImage image(width, option.rect.height(), QImage::Format_ARGB32_Premultiplied);
            QPainter painter(&image);
            delegate.paint(&painter, option, index);
        }
        if (!delegate.renderedText(row).trimmed().isEmpty()
            && delegate.paintedText(row, 640).trimmed().isEmpty())
            std::abort();
    }
    return 0;
}
