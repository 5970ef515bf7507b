#include "transcriptmarkdown.h"

namespace Acp {

QString TranscriptMarkdown::commandStatus(const std::optional<TerminalExitStatus> &status)
{
    if (!status)
        return tr("running");
    if (status->signal)
        return tr("killed by %1").arg(*status->signal);
    return tr("exit status %1").arg(status->exitCode.value_or(-1));
}

QString TranscriptMarkdown::entry(const TranscriptEntry &entry)
{
    using Kind = TranscriptEntry::Kind;
    switch (entry.kind) {
    case Kind::UserMessage: {
        QString text = entry.text;
        return QStringLiteral("> ") + text.replace(QLatin1Char('\n'), QStringLiteral("\n> "))
            + QStringLiteral("\n\n");
    }
    case Kind::AgentMessage:
        return entry.text + QStringLiteral("\n\n");
    case Kind::Thought:
        return QStringLiteral("<details><summary>%1</summary>\n\n%2\n\n</details>\n\n")
            .arg(tr("Thought"), entry.text);
    case Kind::ToolCall:
        return QStringLiteral("- **%1** `%2`\n\n")
            .arg(entry.toolCall.title,
                 entry.cancelledByClient
                     ? tr("cancelled")
                     : toString(entry.toolCall.status.value_or(ToolCallStatus::Pending)));
    case Kind::Plan: {
        QString out;
        for (const PlanEntry &e : entry.plan.entries)
            out += QStringLiteral("- [%1] %2\n")
                       .arg(e.status == PlanEntry::Status::Completed ? QStringLiteral("x")
                                                                     : QStringLiteral(" "),
                            e.content);
        return out + QLatin1Char('\n');
    }
    case Kind::TurnEnded:
        return QStringLiteral("---\n\n");
    case Kind::Error:
        return tr("**Error:** %1\n\n").arg(entry.detail);
    }
    return {};
}

QString TranscriptMarkdown::all(const TranscriptModel &model)
{
    QString md;
    for (const TranscriptEntry &e : model.entries())
        md += entry(e);
    return md;
}

} // namespace Acp
