#pragma once

#include "transcriptdelegate.h"

class QTextDocument;

namespace Ui {

class AgentTextDocument;

// What a transcript row shows, as a document: a message as Markdown, a tool call with its
// status, locations, diffs and terminal output, the plan as a checklist, a turn's end, an
// error. TranscriptDelegate caches, segments, lays out and paints these documents.
namespace EntryRenderer {

// Plain text as HTML, line breaks kept.
QString escape(const QString &text);
// Puts a "Copy" link above each code block of `doc`, numbered from `first` ("copy:N").
void addCopyLinks(QTextDocument &doc, int first = 0);
// Renders all of `entry` into `doc`.
void build(AgentTextDocument &doc, const Acp::TranscriptEntry &entry,
           const TranscriptDelegate::Context &context, bool dark);

} // namespace EntryRenderer

} // namespace Ui
