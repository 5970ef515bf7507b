#include "entryrenderer.h"

#include "agenttextdocument.h"
#include "linediff.h"

#include <QApplication>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QUrl>

namespace Ui {

QString stripAnsi(const QString &text)
{
    static const QRegularExpression ansi(
        QStringLiteral("\x1b\\[[0-9;?]*[ -/]*[@-~]|\x1b\\][^\x07]*\x07|\x1b[@-Z\\\\-_]"));
    QString clean = text;
    clean.remove(ansi);
    clean.remove(QLatin1Char('\r'));
    return clean;
}

namespace EntryRenderer {

QString escape(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

namespace {

constexpr int MaxDiffLines = 400;
constexpr int MaxTerminalLines = 60;

// A small text badge for the tool kind: readable in any font, unlike emoji.
QString kindBadge(Acp::ToolKind kind)
{
    const QString name
        = kind == Acp::ToolKind::SwitchMode ? QStringLiteral("mode") : Acp::toString(kind);
    return QStringLiteral(
               "<span style='background-color:#ddf4ff;color:#0550ae'>&nbsp;%1&nbsp;</span>")
        .arg(name);
}

QString statusText(const Acp::TranscriptEntry &entry)
{
    if (entry.cancelledByClient)
        return TranscriptDelegate::tr("cancelled");
    switch (entry.toolCall.status.value_or(Acp::ToolCallStatus::Pending)) {
    case Acp::ToolCallStatus::Pending:
        return TranscriptDelegate::tr("pending");
    case Acp::ToolCallStatus::InProgress:
        return TranscriptDelegate::tr("running");
    case Acp::ToolCallStatus::Completed:
        return TranscriptDelegate::tr("done");
    case Acp::ToolCallStatus::Failed:
        return TranscriptDelegate::tr("failed");
    }
    return {};
}

QString statusColor(const Acp::TranscriptEntry &entry)
{
    if (entry.cancelledByClient)
        return QStringLiteral("#9a6700");
    switch (entry.toolCall.status.value_or(Acp::ToolCallStatus::Pending)) {
    case Acp::ToolCallStatus::Completed:
        return QStringLiteral("#1a7f37");
    case Acp::ToolCallStatus::Failed:
        return QStringLiteral("#cf222e");
    case Acp::ToolCallStatus::InProgress:
        return QStringLiteral("#0969da");
    case Acp::ToolCallStatus::Pending:
        break;
    }
    return QStringLiteral("#6e7781");
}

QString diffHtml(const Acp::ToolCallContent &content, bool dark)
{
    const QString addStyle = dark ? QStringLiteral("background-color:#033a16;color:#aff5b4")
                                  : QStringLiteral("background-color:#dafbe1;color:#116329");
    const QString delStyle = dark ? QStringLiteral("background-color:#67060c;color:#ffdcd7")
                                  : QStringLiteral("background-color:#ffebe9;color:#82071e");
    const LineDiff diff = LineDiff::compute(content.oldText, content.newText);
    QString html
        = QStringLiteral("<p><code>%1</code> &nbsp; <span style='color:#1a7f37'>+%2</span> "
                         "<span style='color:#cf222e'>\u2212%3</span>%4</p><pre>")
              .arg(content.path.toHtmlEscaped())
              .arg(diff.added())
              .arg(diff.removed())
              .arg(diff.isNewFile() ? TranscriptDelegate::tr(" (new file)") : QString());
    int shown = 0;
    for (const LineDiff::Hunk &hunk : diff.hunks()) {
        html += QStringLiteral("<span style='color:#8250df'>%1</span>\n").arg(hunk.header());
        for (const LineDiff::Line &line : hunk.lines) {
            if (++shown > MaxDiffLines)
                break;
            const QString text = line.text.toHtmlEscaped();
            if (line.kind == LineDiff::Line::Kind::Added)
                html += QStringLiteral(
                            "<span style='background-color:#dafbe1;color:#116329'>+%1</span>\n")
                            .arg(text);
            else if (line.kind == LineDiff::Line::Kind::Removed)
                html += QStringLiteral(
                            "<span style='background-color:#ffebe9;color:#82071e'>-%1</span>\n")
                            .arg(text);
            else
                html += QStringLiteral(" %1\n").arg(text);
        }
    }
    const int total = diff.added() + diff.removed();
    if (shown > MaxDiffLines)
        html += TranscriptDelegate::tr("\u2026 %1 more changed lines").arg(total - MaxDiffLines);
    return html + QStringLiteral("</pre>");
}

QString terminalHtml(const QByteArray &output)
{
    // Only the tail is ever looked at: a command's output can be megabytes, and this runs for
    // every frame in which it grows.
    constexpr qsizetype TailBytes = TranscriptDelegate::TerminalTailBytes;
    const bool cut = output.size() > TailBytes;
    QStringList lines = stripAnsi(QString::fromUtf8(cut ? output.right(TailBytes) : output))
                            .split(QLatin1Char('\n'));
    if (cut && !lines.isEmpty())
        lines.removeFirst(); // most likely the end of a line
    QString note;
    if (lines.size() > MaxTerminalLines) {
        note = cut ? TranscriptDelegate::tr("\u2026 earlier output\n")
                   : TranscriptDelegate::tr("\u2026 %1 earlier lines\n")
                         .arg(lines.size() - MaxTerminalLines);
        lines = lines.mid(lines.size() - MaxTerminalLines);
    } else if (cut) {
        note = TranscriptDelegate::tr("\u2026 earlier output\n");
    }
    return QStringLiteral("<pre style='background-color:#24292f;color:#f6f8fa'>%1%2</pre>")
        .arg(note.toHtmlEscaped(), lines.join(QLatin1Char('\n')).toHtmlEscaped());
}

// Puts a small "Copy" link under every code block; the view copies block N for "copy:N".
// `first` numbers the document's first code block (a message rendered in segments).

} // namespace

void addCopyLinks(QTextDocument &doc, int first)
{
    QList<QTextBlock> lastOfEachCode;
    bool inCode = false;
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        const bool code = block.blockFormat().hasProperty(QTextFormat::BlockCodeFence);
        if (inCode && !code)
            lastOfEachCode.append(block.previous());
        inCode = code;
    }
    if (inCode)
        lastOfEachCode.append(doc.lastBlock());
    for (qsizetype i = lastOfEachCode.size() - 1; i >= 0; --i) {
        QTextCursor cursor(lastOfEachCode.at(i));
        cursor.movePosition(QTextCursor::EndOfBlock);
        QTextBlockFormat plain;
        cursor.insertBlock(plain, QTextCharFormat());
        cursor.insertHtml(QStringLiteral("<a href='copy:%1' style='font-size:small'>%2</a>")
                              .arg(first + i)
                              .arg(TranscriptDelegate::tr("Copy")));
    }
}

void build(AgentTextDocument &doc, const Acp::TranscriptEntry &entry,
           const TranscriptDelegate::Context &context, bool dark)
{
    using Kind = Acp::TranscriptEntry::Kind;
    doc.setDocumentMargin(0);
    QFont base = QApplication::font();
    doc.setDefaultFont(base);
    doc.setDefaultStyleSheet(
        QStringLiteral("pre { font-family: '%1'; }")
            .arg(QFontDatabase::systemFont(QFontDatabase::FixedFont).family()));
    switch (entry.kind) {
    case Kind::UserMessage: {
        QString html = escape(entry.text);
        for (const Acp::ContentBlock &block : entry.attachments)
            html += QStringLiteral("<br>%1 <i>%2</i>")
                        .arg(TranscriptDelegate::tr("Attached:"),
                             block.uri.value_or(block.resource.uri).toHtmlEscaped());
        doc.setAgentHtml(html);
        break;
    }
    case Kind::AgentMessage:
        doc.setAgentMarkdown(entry.text);
        addCopyLinks(doc);
        break;
    case Kind::Thought:
        if (context.isExpanded && context.isExpanded(entry.id)) {
            doc.setAgentMarkdown(entry.text);
        } else {
            const QString first = entry.text.left(1024).section(QLatin1Char('\n'), 0, 0).left(160);
            doc.setAgentHtml(QStringLiteral("<i style='color:#6e7781'>%1 %2</i>")
                                 .arg(TranscriptDelegate::tr("Thinking:"),
                                      first.toHtmlEscaped() + QStringLiteral(" \u2026")));
        }
        break;
    case Kind::ToolCall: {
        const Acp::ToolCall &call = entry.toolCall;
        QString html = QStringLiteral("<p>%1 <b>%2</b> &nbsp; <span style='color:%3'>%4</span></p>")
                           .arg(kindBadge(call.kind.value_or(Acp::ToolKind::Other)),
                                call.title.toHtmlEscaped(), statusColor(entry), statusText(entry));
        if (const auto &answer = entry.ruleAnswer) {
            // Nothing was asked: the user's own rule answered, and can be forgotten from here.
            const QString said = answer->allowed
                ? TranscriptDelegate::tr("Allowed by your rule: %1").arg(escape(answer->rule))
                : TranscriptDelegate::tr("Rejected by your rule: %1").arg(escape(answer->rule));
            html += answer->forgotten
                ? QStringLiteral("<p><small>%1 (%2)</small></p>")
                      .arg(said, TranscriptDelegate::tr("since forgotten"))
                : QStringLiteral("<p><small>%1 &nbsp; <a href='forget-rule:%2'>%3</a></small></p>")
                      .arg(said, escape(answer->ruleId), TranscriptDelegate::tr("Forget rule"));
        }
        for (const Acp::ToolCallLocation &location : call.locations) {
            const QString where = location.path
                + (location.line ? QStringLiteral(":%1").arg(*location.line) : QString());
            html += QStringLiteral("<p><a href='location:%1'>%2</a></p>")
                        .arg(QString::fromUtf8(QUrl::toPercentEncoding(location.path)),
                             where.toHtmlEscaped());
        }
        for (const Acp::ToolCallContent &content : call.content) {
            switch (content.type) {
            case Acp::ToolCallContent::Type::Content:
                if (content.content.type == Acp::ContentBlock::Type::Text)
                    html += QStringLiteral("<pre>%1</pre>")
                                .arg(content.content.text.left(4000).toHtmlEscaped());
                else
                    html += QStringLiteral("<p><i>%1</i></p>")
                                .arg(Acp::toString(content.content.type));
                break;
            case Acp::ToolCallContent::Type::Diff:
                html += diffHtml(content, dark);
                break;
            case Acp::ToolCallContent::Type::Terminal: {
                // Every command shows what ran and how it ended, above its output.
                const QString summary = context.terminalSummary
                    ? context.terminalSummary(content.terminalId)
                    : QString();
                html += summary.isEmpty()
                    ? QStringLiteral("<p><small>%1</small></p>")
                          .arg(TranscriptDelegate::tr(
                                   "Terminal %1 (its output is not available in this window)")
                                   .arg(escape(content.terminalId)))
                    : QStringLiteral("<p><code>%1</code></p>").arg(escape(summary));
                html += terminalHtml(context.terminalOutput
                                         ? context.terminalOutput(content.terminalId)
                                         : QByteArray());
                break;
            }
            case Acp::ToolCallContent::Type::Unknown:
                break;
            }
        }
        // Raw tool input and output, on demand (double-click).
        if (context.isExpanded && context.isExpanded(entry.id)) {
            const auto raw = [](const QJsonValue &v) {
                return QString::fromUtf8(QJsonDocument(v.isObject() ? QJsonDocument(v.toObject())
                                                                    : QJsonDocument(v.toArray()))
                                             .toJson(QJsonDocument::Indented));
            };
            if (!call.rawInput.isUndefined())
                html += QStringLiteral("<p><b>%1</b></p><pre>%2</pre>")
                            .arg(TranscriptDelegate::tr("Input"),
                                 raw(call.rawInput).toHtmlEscaped());
            if (!call.rawOutput.isUndefined())
                html += QStringLiteral("<p><b>%1</b></p><pre>%2</pre>")
                            .arg(TranscriptDelegate::tr("Output"),
                                 raw(call.rawOutput).toHtmlEscaped());
        } else if (!call.rawInput.isUndefined() || !call.rawOutput.isUndefined()) {
            html += QStringLiteral("<p style='color:#6e7781'><small>%1</small></p>")
                        .arg(TranscriptDelegate::tr(
                            "Double-click or Enter for the raw input and output."));
        }
        doc.setAgentHtml(html);
        break;
    }
    case Kind::Plan: {
        QString html = QStringLiteral("<p><b>%1</b></p>").arg(TranscriptDelegate::tr("Plan"));
        for (const Acp::PlanEntry &step : entry.plan.entries) {
            const QString box = step.status == Acp::PlanEntry::Status::Completed
                ? QStringLiteral("\u2611")
                : step.status == Acp::PlanEntry::Status::InProgress ? QStringLiteral("\u25D0")
                                                                    : QStringLiteral("\u2610");
            const QString text = step.status == Acp::PlanEntry::Status::Completed
                ? QStringLiteral("<s>%1</s>").arg(step.content.toHtmlEscaped())
                : step.content.toHtmlEscaped();
            html += QStringLiteral("%1 %2<br>").arg(box, text);
        }
        doc.setAgentHtml(html);
        break;
    }
    case Kind::TurnEnded: {
        const Acp::StopReason reason = entry.stopReason.value_or(Acp::StopReason::EndTurn);
        QString text;
        switch (reason) {
        case Acp::StopReason::EndTurn:
            text = TranscriptDelegate::tr("Turn ended");
            break;
        case Acp::StopReason::Cancelled:
            text = TranscriptDelegate::tr("Turn cancelled");
            break;
        case Acp::StopReason::MaxTokens:
            text = TranscriptDelegate::tr("Turn stopped: the token limit was reached");
            break;
        case Acp::StopReason::MaxTurnRequests:
            text = TranscriptDelegate::tr("Turn stopped: too many model requests");
            break;
        case Acp::StopReason::Refusal:
            text = TranscriptDelegate::tr("The agent refused to continue");
            break;
        case Acp::StopReason::Unknown:
            text = TranscriptDelegate::tr("Turn ended");
            break;
        }
        doc.setAgentHtml(
            QStringLiteral(
                "<p align='center' style='color:#6e7781'><small>\u2014 %1 \u2014</small></p>")
                .arg(text));
        break;
    }
    case Kind::Error:
        doc.setAgentHtml(QStringLiteral("<p style='color:#cf222e'><b>%1</b> %2</p>")
                             .arg(TranscriptDelegate::tr("Error:"), escape(entry.detail)));
        break;
    }
}

} // namespace EntryRenderer

} // namespace Ui
