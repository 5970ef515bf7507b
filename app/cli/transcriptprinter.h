#pragma once

#include "transcriptmodel.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <cstdio>

namespace Cli {

// Follows a transcript model and prints what changes, as it changes: agent text to stdout as
// it streams, and short lines about thoughts, tool calls and the plan to stderr; or, in JSON
// mode, one JSON object per event to stdout (the schema is in app/cli/README.md).
class TranscriptPrinter final : public QObject
{
    Q_OBJECT
public:
    enum class Format { Text, Json, Markdown };

    TranscriptPrinter(Format format, FILE *out, FILE *err, QObject *parent = nullptr);

    // Prints changes from now on; rows already in the model count as printed.
    void follow(Acp::TranscriptModel *model);
    // Prints a whole transcript (for `load`): text, Markdown or one JSON object per entry.
    void printAll(const Acp::TranscriptModel &model);

    // One line about a permission decision (stderr, or a JSON event).
    void permission(const QString &toolTitle, const QString &decision);
    // A remembered rule answered a permission request (nothing was asked); `rule` says what it
    // covers.
    void permissionByRule(const QString &toolTitle, bool allowed, const QString &rule);
    // Text mode: how many of a command's last output lines go under its [tool] line when it
    // ends (0: none).
    void setCommandOutputLines(int lines) { m_commandOutputLines = lines; }
    void event(const QJsonObject &object);
    void note(const QString &line);
    // Ends the streamed text with a newline if it did not end with one.
    void finishText();

private:
    void rowChanged(int row);
    void printEntryLine(const Acp::TranscriptEntry &entry);
    // A tool call's commands: their last lines once they end (text), or their new output as
    // command_output events (JSON).
    void printCommands(const Acp::TranscriptEntry &entry);
    // The short line a tool call, plan, command or error is printed as; empty for messages.
    static QString entryLine(const Acp::TranscriptEntry &entry);
    void write(FILE *stream, const QString &text);
    static bool sameTerminal(FILE *a, FILE *b);
    static qsizetype incompleteUtf8Tail(const QByteArray &bytes);

    Format m_format;
    FILE *m_out;
    FILE *m_err;
    QPointer<Acp::TranscriptModel> m_model;
    QHash<quint64, qsizetype> m_printed; // text already printed, by entry id
    QHash<quint64, QString> m_lastLine; // the last status line printed, by entry id
    quint64 m_lastTextEntry = 0;
    bool m_textEndsWithNewline = true;
    bool m_sharedTerminal = false; // stdout and stderr are one terminal
    int m_commandOutputLines = 5;
    struct CommandSeen
    {
        qint64 printed = -1; // CommandOutput::total when last printed; -1: never
        bool ended = false;
    };
    QHash<QString, CommandSeen> m_commands; // by terminal id
};

} // namespace Cli
