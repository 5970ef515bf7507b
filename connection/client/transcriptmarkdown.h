#pragma once

#include "clientmethods.h"
#include "transcriptmodel.h"

#include <QCoreApplication>

namespace Acp {

// The transcript as Markdown, one way for every place that writes it: the app's File > Export
// and `switchboard-cli load --markdown`. The user's words are quoted, thoughts folded, tool
// calls and commands one line each, the plan a task list.
class TranscriptMarkdown
{
    Q_DECLARE_TR_FUNCTIONS(Acp::TranscriptMarkdown)
public:
    static QString entry(const TranscriptEntry &entry);
    static QString all(const TranscriptModel &model);
    // How a command ended, in words: "exit status 0", "killed by SIGKILL", "running".
    static QString commandStatus(const std::optional<TerminalExitStatus> &status);
};

} // namespace Acp
