// Streaming into a visible transcript: how long 100,000 chunks take to reach the screen, and
// the longest the event loop is stalled meanwhile. Not a test: it prints numbers.
//
// The chunks arrive the way the connection delivers them: in batches (one queued call per read,
// up to 512 messages), here 256 chunks every event-loop pass. Messages are ~1,000 chunks of
// Markdown each, with a tool call between them. Each configuration runs several times,
// alternating, and the medians are reported with the ratio to the model-only baseline.

#include "stallprobe.h"
#include "transcriptmodel.h"
#include "transcriptview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace {

struct Result
{
    double totalMs = 0;
    double maxStallMs = 0;
};

Acp::SessionUpdate chunk(int i)
{
    Acp::ContentChunk c;
    c.kind = Acp::ContentChunk::Kind::AgentMessage;
    c.messageId = QStringLiteral("m%1").arg(i / 1000);
    static const QStringList words{QStringLiteral("The "),         QStringLiteral("**quick** "),
                                   QStringLiteral("brown `fox` "), QStringLiteral("jumps\n\n"),
                                   QStringLiteral("over the "),    QStringLiteral("lazy dog. ")};
    c.content = Acp::ContentBlock::fromText(words.at(i % words.size()));
    return c;
}

Acp::SessionUpdate toolCall(int i)
{
    Acp::ToolCall call;
    call.toolCallId = QStringLiteral("t%1").arg(i);
    call.title = QStringLiteral("Read file %1").arg(i);
    call.kind = Acp::ToolKind::Read;
    call.status = Acp::ToolCallStatus::Completed;
    return call;
}

Result run(int chunks, bool visible)
{
    Acp::TranscriptModel model;
    std::unique_ptr<Ui::TranscriptView> view;
    if (visible) {
        view = std::make_unique<Ui::TranscriptView>(&model);
        view->resize(1000, 800);
        view->show();
    }
    QElapsedTimer clock;
    clock.start();
    Result result;
    StallProbe probe;
    int sent = 0;
    QTimer feeder;
    feeder.setInterval(0);
    QEventLoop loop;
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        for (int k = 0; k < 256 && sent < chunks; ++k, ++sent) {
            if (sent % 1000 == 999)
                model.apply(toolCall(sent));
            model.apply(chunk(sent));
        }
        if (sent >= chunks) {
            feeder.stop();
            // Done once the view has caught up: the last frame has been laid out and painted.
            QTimer::singleShot(40, &loop, [&] {
                if (view) {
                    view->doItemsLayout();
                    view->viewport()->repaint();
                }
                loop.quit();
            });
        }
    });
    feeder.start();
    loop.exec();
    result.totalMs = clock.nsecsElapsed() / 1e6 - 40; // the settle delay is not work
    result.maxStallMs = probe.maxStallMs();
    return result;
}

struct HistoryResult
{
    double firstPaintMs = 0;
    double fullLayoutMs = 0;
    double maxLayoutSliceMs = 0;
    double maxScrollStepMs = 0;
    int steps = 0;
};

// 10,000 entries already in the model (a long session), then: time until the view shows its
// first screen, and the slowest step of scrolling through all of it a screen at a time.
HistoryResult history(int entries)
{
    Acp::TranscriptModel model;
    for (int i = 0; i < entries; ++i) {
        if (i % 10 == 9) {
            Acp::ToolCall call;
            call.toolCallId = QStringLiteral("t%1").arg(i);
            call.title = QStringLiteral("Edit src/file%1.cpp").arg(i);
            call.kind = Acp::ToolKind::Edit;
            call.status = Acp::ToolCallStatus::Completed;
            Acp::ToolCallContent diff;
            diff.type = Acp::ToolCallContent::Type::Diff;
            diff.path = QStringLiteral("/w/src/file%1.cpp").arg(i);
            diff.oldText = QStringLiteral("int a = 1;\nint b = 2;\nint c = 3;\n");
            diff.newText = QStringLiteral("int a = 1;\nint b = 20;\nint c = 3;\n");
            call.content = {diff};
            model.apply(call);
            continue;
        }
        Acp::ContentChunk c;
        c.kind
            = i % 2 ? Acp::ContentChunk::Kind::AgentMessage : Acp::ContentChunk::Kind::UserMessage;
        c.messageId = QStringLiteral("h%1").arg(i);
        c.content = Acp::ContentBlock::fromText(
            QStringLiteral("Entry %1: some **Markdown** with `code`, a list:\n\n- one\n- "
                           "two\n\nand a closing sentence.")
                .arg(i));
        model.apply(c);
    }
    HistoryResult result;
    QElapsedTimer clock;
    clock.start();
    Ui::TranscriptView view(&model);
    view.resize(1000, 800);
    view.show();
    view.doItemsLayout();
    view.viewport()->repaint();
    result.firstPaintMs = clock.nsecsElapsed() / 1e6;
    QScrollBar *bar = view.verticalScrollBar();
    // The rest is laid out in slices from the event loop (batched layout). Time the slices for
    // a while: each is a stall the user could feel.
    QElapsedTimer window;
    window.start();
    while (window.elapsed() < 300) {
        QElapsedTimer slice;
        slice.start();
        QCoreApplication::processEvents(); // one pass: one slice of layout at most
        result.maxLayoutSliceMs = std::max(result.maxLayoutSliceMs, slice.nsecsElapsed() / 1e6);
    }
    // Then the whole history at once, for its total cost (the slices spread exactly this).
    clock.restart();
    view.setLayoutMode(QListView::SinglePass);
    view.doItemsLayout();
    result.fullLayoutMs = clock.nsecsElapsed() / 1e6;
    while (bar->value() < bar->maximum()) {
        clock.restart();
        bar->setValue(bar->value() + view.viewport()->height());
        view.viewport()->repaint();
        QCoreApplication::processEvents();
        result.maxScrollStepMs = std::max(result.maxScrollStepMs, clock.nsecsElapsed() / 1e6);
        ++result.steps;
    }
    return result;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const int chunks = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    std::vector<double> baseTotal, viewTotal, baseStall, viewStall;
    for (int r = 0; r < rounds; ++r) {
        const Result base = run(chunks, false);
        const Result shown = run(chunks, true);
        baseTotal.push_back(base.totalMs);
        baseStall.push_back(base.maxStallMs);
        viewTotal.push_back(shown.totalMs);
        viewStall.push_back(shown.maxStallMs);
    }
    std::printf("transcript streaming: %d chunks, %d rounds (medians; min..max)\n", chunks, rounds);
    std::printf("%-34s %10s %14s\n", "", "total ms", "max stall ms");
    const auto row = [](const char *name, std::vector<double> total, std::vector<double> stall) {
        std::sort(total.begin(), total.end());
        std::sort(stall.begin(), stall.end());
        std::printf("%-34s %10.1f %14.1f   (%.1f..%.1f ms; stall %.1f..%.1f)\n", name,
                    median(total), median(stall), total.front(), total.back(), stall.front(),
                    stall.back());
    };
    row("model only (baseline)", baseTotal, baseStall);
    row("model + visible transcript view", viewTotal, viewStall);
    std::printf("ratio view/baseline: %.2fx; chunks per second with the view: %.0f\n",
                median(viewTotal) / median(baseTotal), chunks / (median(viewTotal) / 1000.0));

    std::vector<double> firstPaint, scrollStep, fullLayout, layoutSlice;
    int steps = 0;
    for (int r = 0; r < rounds; ++r) {
        const HistoryResult h = history(10000);
        firstPaint.push_back(h.firstPaintMs);
        scrollStep.push_back(h.maxScrollStepMs);
        fullLayout.push_back(h.fullLayoutMs);
        layoutSlice.push_back(h.maxLayoutSliceMs);
        steps = h.steps;
    }
    std::printf("\nlong history: 10000 entries, %d rounds (medians)\n", rounds);
    std::printf("first screen painted: %.1f ms; all rows laid out (total cost): %.1f ms; slowest "
                "batched slice: %.1f ms\n",
                median(firstPaint), median(fullLayout), median(layoutSlice));
    std::printf("slowest of %d scroll steps (a screen each): %.1f ms\n", steps, median(scrollStep));
    return 0;
}
