#pragma once

#include "clientmethods.h"
#include "toolcall.h"

#include <QJsonObject>

#include <optional>

namespace Acp {

// The command line in a tool call's raw input ({"command": "..."} or an argv array; an argv of
// `sh -c SCRIPT` or `bash -lc SCRIPT` gives the script); empty if it has none.
QString commandLineOf(const ToolCall &call);

// What a command shown in the transcript ran and printed: one of our terminals
// (terminal/create), or a terminal an agent runs itself and streams in a tool call's `_meta`
// (codex-acp: terminal_info, terminal_output or terminal_output_delta, terminal_exit; see
// AgentTerminalMeta). Only the tail is kept, so that a transcript holding many commands stays
// small enough to save often; it is saved with the transcript, so it shows after a reload too.
struct CommandOutput
{
    static constexpr qsizetype KeptBytes = 64 * 1024;

    QString command; // as shown: "make test"
    QString cwd;
    QByteArray tail; // the last KeptBytes of the output, from a character boundary
    bool truncated = false; // earlier output was dropped
    qint64 total = 0; // bytes appended since it was created here (not saved): for deltas
    std::optional<TerminalExitStatus> exit;

    void append(const QByteArray &bytes);
    // The last `lines` lines of the output (a CLI's summary under a tool call).
    QStringList lastLines(int lines) const;
    QJsonObject toJson() const;
    static CommandOutput fromJson(const QJsonObject &object);
    bool operator==(const CommandOutput &other) const;
};

// The terminal an agent reports in a tool call's `_meta`, as codex-acp (and claude-agent-acp
// when asked) send it; every key is optional.
struct AgentTerminalMeta
{
    QString terminalId;
    std::optional<QString> cwd; // terminal_info: the command started
    std::optional<QByteArray> output; // terminal_output / terminal_output_delta: more output
    std::optional<TerminalExitStatus> exit; // terminal_exit: it ended

    static std::optional<AgentTerminalMeta> read(const QJsonObject &meta);
};

} // namespace Acp
