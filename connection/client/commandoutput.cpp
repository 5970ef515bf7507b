#include "commandoutput.h"

#include "terminal.h"

#include <QJsonArray>

namespace Acp {

QString commandLineOf(const ToolCall &call)
{
    const QJsonValue command = call.rawInput.toObject().value(QStringLiteral("command"));
    if (command.isString())
        return command.toString();
    if (!command.isArray())
        return {};
    QStringList argv;
    for (const QJsonValue &word : command.toArray())
        argv << word.toString();
    // A shell started to run one script: the script is the command.
    static const QStringList Shells{QStringLiteral("sh"),
                                    QStringLiteral("bash"),
                                    QStringLiteral("zsh"),
                                    QStringLiteral("/bin/sh"),
                                    QStringLiteral("/bin/bash"),
                                    QStringLiteral("/bin/zsh"),
                                    QStringLiteral("/usr/bin/bash"),
                                    QStringLiteral("/usr/bin/zsh")};
    if (argv.size() == 3 && Shells.contains(argv.at(0))
        && (argv.at(1) == QLatin1String("-c") || argv.at(1) == QLatin1String("-lc")))
        return argv.at(2);
    return argv.join(QLatin1Char(' '));
}

void CommandOutput::append(const QByteArray &bytes)
{
    tail += bytes;
    total += bytes.size();
    // Cut back once it is half as long again: each byte is moved a bounded number of times.
    if (tail.size() > KeptBytes + KeptBytes / 2)
        tail = Terminal::truncateFront(tail, KeptBytes, &truncated);
}

QStringList CommandOutput::lastLines(int lines) const
{
    if (lines <= 0)
        return {};
    QString text = QString::fromUtf8(tail.right(KeptBytes));
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    QStringList all = text.split(QLatin1Char('\n'));
    if (!all.isEmpty() && all.last().isEmpty())
        all.removeLast(); // the newline that ends the output
    return all.mid(qMax(0, int(all.size()) - lines));
}

QJsonObject CommandOutput::toJson() const
{
    QJsonObject o{{QStringLiteral("command"), command},
                  {QStringLiteral("output"), QString::fromUtf8(tail)}};
    if (!cwd.isEmpty())
        o.insert(QStringLiteral("cwd"), cwd);
    if (truncated)
        o.insert(QStringLiteral("truncated"), true);
    if (exit) {
        QJsonObject e;
        if (exit->exitCode)
            e.insert(QStringLiteral("exitCode"), *exit->exitCode);
        if (exit->signal)
            e.insert(QStringLiteral("signal"), *exit->signal);
        o.insert(QStringLiteral("exit"), e);
    }
    return o;
}

CommandOutput CommandOutput::fromJson(const QJsonObject &o)
{
    CommandOutput c;
    c.command = o.value(QStringLiteral("command")).toString();
    c.cwd = o.value(QStringLiteral("cwd")).toString();
    c.tail = o.value(QStringLiteral("output")).toString().toUtf8();
    c.truncated = o.value(QStringLiteral("truncated")).toBool();
    if (o.contains(QStringLiteral("exit"))) {
        const QJsonObject e = o.value(QStringLiteral("exit")).toObject();
        TerminalExitStatus status;
        if (e.value(QStringLiteral("exitCode")).isDouble())
            status.exitCode = e.value(QStringLiteral("exitCode")).toInteger();
        if (e.value(QStringLiteral("signal")).isString())
            status.signal = e.value(QStringLiteral("signal")).toString();
        c.exit = status;
    }
    return c;
}

bool CommandOutput::operator==(const CommandOutput &other) const
{
    const auto sameExit = [](const std::optional<TerminalExitStatus> &a,
                             const std::optional<TerminalExitStatus> &b) {
        return a.has_value() == b.has_value()
            && (!a || (a->exitCode == b->exitCode && a->signal == b->signal));
    };
    return command == other.command && cwd == other.cwd && tail == other.tail
        && truncated == other.truncated && sameExit(exit, other.exit);
}

std::optional<AgentTerminalMeta> AgentTerminalMeta::read(const QJsonObject &meta)
{
    if (meta.isEmpty())
        return std::nullopt;
    AgentTerminalMeta result;
    const auto idOf = [&](const QJsonObject &o) {
        if (result.terminalId.isEmpty())
            result.terminalId = o.value(QStringLiteral("terminal_id")).toString();
    };
    if (const QJsonValue info = meta.value(QStringLiteral("terminal_info")); info.isObject()) {
        idOf(info.toObject());
        result.cwd = info.toObject().value(QStringLiteral("cwd")).toString();
    }
    // codex-acp says terminal_output to clients that asked for it, terminal_output_delta to
    // the others; both carry the new text only.
    for (const QLatin1String key :
         {QLatin1String("terminal_output"), QLatin1String("terminal_output_delta")}) {
        if (const QJsonValue out = meta.value(key); out.isObject()) {
            idOf(out.toObject());
            result.output = out.toObject().value(QStringLiteral("data")).toString().toUtf8();
        }
    }
    if (const QJsonValue exit = meta.value(QStringLiteral("terminal_exit")); exit.isObject()) {
        const QJsonObject e = exit.toObject();
        idOf(e);
        TerminalExitStatus status;
        if (e.value(QStringLiteral("exit_code")).isDouble())
            status.exitCode = e.value(QStringLiteral("exit_code")).toInteger();
        if (e.value(QStringLiteral("signal")).isString())
            status.signal = e.value(QStringLiteral("signal")).toString();
        result.exit = status;
    }
    if (result.terminalId.isEmpty() || (!result.cwd && !result.output && !result.exit))
        return std::nullopt;
    return result;
}

} // namespace Acp
