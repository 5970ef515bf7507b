#include "transcriptprinter.h"

#include "transcriptmarkdown.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <sys/stat.h>
#include <unistd.h>

namespace Cli {

using Acp::TranscriptEntry;
using Kind = Acp::TranscriptEntry::Kind;

namespace {

bool isText(Kind kind)
{
    return kind == Kind::AgentMessage || kind == Kind::Thought;
}

QString planLine(const Acp::Plan &plan)
{
    int done = 0;
    QString current;
    for (const Acp::PlanEntry &e : plan.entries) {
        if (e.status == Acp::PlanEntry::Status::Completed)
            ++done;
        else if (e.status == Acp::PlanEntry::Status::InProgress && current.isEmpty())
            current = e.content;
    }
    QString line = TranscriptPrinter::tr("[plan] %1/%2 done").arg(done).arg(plan.entries.size());
    if (!current.isEmpty())
        line += TranscriptPrinter::tr(", now: %1").arg(current);
    return line;
}

QString toolLine(const Acp::ToolCall &call, bool cancelled)
{
    const QString status = cancelled
        ? TranscriptPrinter::tr("cancelled")
        : Acp::toString(call.status.value_or(Acp::ToolCallStatus::Pending));
    return TranscriptPrinter::tr("[tool] %1 (%2)").arg(call.title, status);
}

} // namespace

// Whether both streams write to one terminal (where their lines interleave on screen).
bool TranscriptPrinter::sameTerminal(FILE *a, FILE *b)
{
    if (!a || !b || !::isatty(::fileno(a)) || !::isatty(::fileno(b)))
        return false;
    struct stat sa
    {
    };
    struct stat sb
    {
    };
    return ::fstat(::fileno(a), &sa) == 0 && ::fstat(::fileno(b), &sb) == 0
        && sa.st_rdev == sb.st_rdev;
}

TranscriptPrinter::TranscriptPrinter(Format format, FILE *out, FILE *err, QObject *parent)
    : QObject(parent)
    , m_format(format)
    , m_out(out)
    , m_err(err)
    , m_sharedTerminal(sameTerminal(out, err))
{ }

void TranscriptPrinter::follow(Acp::TranscriptModel *model)
{
    m_model = model;
    for (const TranscriptEntry &e : model->entries()) {
        m_printed.insert(e.id, e.text.size());
        for (auto it = e.commands.cbegin(); it != e.commands.cend(); ++it)
            m_commands.insert(it.key(), {it->total, it->exit.has_value()});
    }
    connect(model, &Acp::TranscriptModel::entryChanged, this, &TranscriptPrinter::rowChanged);
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                for (int row = first; row <= last; ++row)
                    rowChanged(row);
            });
}

void TranscriptPrinter::rowChanged(int row)
{
    if (!m_model || row < 0 || row >= m_model->rowCount())
        return;
    const TranscriptEntry &entry = m_model->entry(row);
    if (m_format == Format::Json) {
        if (isText(entry.kind)) {
            const qsizetype printed = m_printed.value(entry.id, 0);
            if (entry.text.size() > printed) {
                event({{QStringLiteral("event"), QStringLiteral("text")},
                       {QStringLiteral("entry"), qint64(entry.id)},
                       {QStringLiteral("kind"), entry.kindName()}, // not toJson(): O(text)
                       {QStringLiteral("delta"), entry.text.mid(printed)}});
                m_printed.insert(entry.id, entry.text.size());
            }
            return;
        }
        // A command's output comes as command_output events, not again in every entry event.
        QJsonObject data = entry.toJson();
        data.remove(QStringLiteral("commands"));
        const QString json = QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
        if (m_lastLine.value(entry.id) != json) {
            m_lastLine.insert(entry.id, json);
            event({{QStringLiteral("event"), QStringLiteral("entry")},
                   {QStringLiteral("entry"), qint64(entry.id)},
                   {QStringLiteral("data"), data}});
        }
        printCommands(entry);
        return;
    }
    if (entry.kind == Kind::AgentMessage) {
        const qsizetype printed = m_printed.value(entry.id, 0);
        if (entry.text.size() <= printed)
            return;
        if (m_lastTextEntry != 0 && m_lastTextEntry != entry.id && !m_textEndsWithNewline)
            write(m_out, QStringLiteral("\n"));
        const QString delta = entry.text.mid(printed);
        write(m_out, delta);
        m_textEndsWithNewline = delta.endsWith(QLatin1Char('\n'));
        m_printed.insert(entry.id, entry.text.size());
        m_lastTextEntry = entry.id;
        return;
    }
    printEntryLine(entry);
    printCommands(entry);
}

// How many bytes at the end of `bytes` are the start of a UTF-8 character not complete yet.
qsizetype TranscriptPrinter::incompleteUtf8Tail(const QByteArray &bytes)
{
    for (qsizetype back = 1; back <= 3 && back <= bytes.size(); ++back) {
        const uchar c = uchar(bytes.at(bytes.size() - back));
        if ((c & 0xC0) == 0x80)
            continue; // a continuation byte: look further back for the lead
        const qsizetype length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return length > back ? back : 0;
    }
    return 0;
}

void TranscriptPrinter::printCommands(const TranscriptEntry &entry)
{
    for (auto it = entry.commands.cbegin(); it != entry.commands.cend(); ++it) {
        const Acp::CommandOutput &command = *it;
        CommandSeen &seen = m_commands[it.key()];
        const bool ends = command.exit && !seen.ended;
        if (m_format == Format::Json) {
            const qint64 fresh = command.total - qMax<qint64>(0, seen.printed);
            QByteArray bytes
                = command.tail.right(qsizetype(qMin<qint64>(fresh, command.tail.size())));
            // A character cut between two chunks waits for its end (unless the command ended).
            const qsizetype held = ends ? 0 : incompleteUtf8Tail(bytes);
            bytes.chop(held);
            if (!bytes.isEmpty() || ends) {
                QJsonObject o{{QStringLiteral("event"), QStringLiteral("command_output")},
                              {QStringLiteral("entry"), qint64(entry.id)},
                              {QStringLiteral("terminalId"), it.key()},
                              {QStringLiteral("command"), command.command},
                              {QStringLiteral("delta"), QString::fromUtf8(bytes)}};
                if (fresh > command.tail.size()) // more came at once than is kept
                    o.insert(QStringLiteral("skippedBytes"), fresh - command.tail.size());
                if (ends)
                    o.insert(QStringLiteral("exit"),
                             command.toJson().value(QStringLiteral("exit")));
                event(o);
            }
            seen.printed = command.total - held;
            seen.ended = command.exit.has_value();
            continue;
        }
        if (ends && m_commandOutputLines > 0 && m_format == Format::Text) {
            for (const QString &line : command.lastLines(m_commandOutputLines))
                note(QStringLiteral("    ") + line);
        }
        seen.printed = command.total;
        seen.ended = command.exit.has_value();
    }
}

QString TranscriptPrinter::entryLine(const TranscriptEntry &entry)
{
    switch (entry.kind) {
    case Kind::Thought:
        return tr("[thinking]");
    case Kind::ToolCall:
        return toolLine(entry.toolCall, entry.cancelledByClient);
    case Kind::Plan:
        return planLine(entry.plan);
    case Kind::Error:
        return tr("[error] %1").arg(entry.detail);
    case Kind::UserMessage:
    case Kind::AgentMessage:
    case Kind::TurnEnded:
        break;
    }
    return {};
}

void TranscriptPrinter::printEntryLine(const TranscriptEntry &entry)
{
    const QString line = entryLine(entry);
    if (line.isEmpty() || m_lastLine.value(entry.id) == line)
        return;
    m_lastLine.insert(entry.id, line);
    note(line);
}

void TranscriptPrinter::printAll(const Acp::TranscriptModel &model)
{
    for (const TranscriptEntry &entry : model.entries()) {
        switch (m_format) {
        case Format::Json:
            event(entry.toJson());
            break;
        case Format::Markdown:
            write(m_out, Acp::TranscriptMarkdown::entry(entry));
            break;
        case Format::Text:
            if (entry.kind == Kind::AgentMessage || entry.kind == Kind::UserMessage) {
                QString text = entry.text;
                if (entry.kind == Kind::UserMessage)
                    text = QStringLiteral("> ")
                        + text.replace(QLatin1Char('\n'), QStringLiteral("\n> "));
                write(m_out, text.endsWith(QLatin1Char('\n')) ? text : text + QLatin1Char('\n'));
            } else if (const QString line = entryLine(entry);
                       !line.isEmpty() && entry.kind != Kind::Thought) {
                write(m_out, line + QLatin1Char('\n'));
            }
            break;
        }
    }
}

void TranscriptPrinter::permission(const QString &toolTitle, const QString &decision)
{
    if (m_format == Format::Json) {
        event({{QStringLiteral("event"), QStringLiteral("permission")},
               {QStringLiteral("tool"), toolTitle},
               {QStringLiteral("decision"), decision}});
        return;
    }
    note(tr("[permission] %1: %2").arg(toolTitle, decision));
}

void TranscriptPrinter::permissionByRule(const QString &toolTitle, bool allowed,
                                         const QString &rule)
{
    if (m_format == Format::Json) {
        event({{QStringLiteral("event"), QStringLiteral("permission")},
               {QStringLiteral("tool"), toolTitle},
               {QStringLiteral("decision"),
                allowed ? QStringLiteral("allow") : QStringLiteral("reject")},
               {QStringLiteral("rule"), rule}});
        return;
    }
    note(allowed ? tr("[permission] %1: allowed by your rule: %2").arg(toolTitle, rule)
                 : tr("[permission] %1: rejected by your rule: %2").arg(toolTitle, rule));
}

void TranscriptPrinter::event(const QJsonObject &object)
{
    QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    line += '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), m_out);
    std::fflush(m_out);
}

void TranscriptPrinter::note(const QString &line)
{
    // Keep stderr lines on lines of their own when they interrupt streamed text on the same
    // terminal: end the answer's line first (on a pipe or a file the answer is left as sent).
    if (m_sharedTerminal && !m_textEndsWithNewline) {
        write(m_out, QStringLiteral("\n"));
        m_textEndsWithNewline = true;
    }
    write(m_err, line + QLatin1Char('\n'));
}

void TranscriptPrinter::finishText()
{
    if (m_format == Format::Text && m_lastTextEntry != 0 && !m_textEndsWithNewline) {
        write(m_out, QStringLiteral("\n"));
        m_textEndsWithNewline = true;
    }
}

void TranscriptPrinter::write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace Cli
