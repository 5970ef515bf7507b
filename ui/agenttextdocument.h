#pragma once

#include <QTextDocument>

namespace Ui {

// A text document for anything an agent (or a tool it ran) wrote. Qt's own QTextDocument
// loads the resources that its content names by itself, during layout, on the GUI thread:
// `![x](/etc/shadow)` reads the file, `![x](/dev/zero)` allocates until the app dies, and an
// image on a FIFO blocks the window forever. This document loads nothing, ever: images in
// Markdown or HTML become links that name them (and ask before opening, see TranscriptView).
class AgentTextDocument final : public QTextDocument
{
    Q_OBJECT
public:
    using QTextDocument::QTextDocument;

    // setMarkdown / setHtml, then every image turned into a link (replaceImagesWithLinks()).
    void setAgentMarkdown(const QString &markdown);
    void setAgentHtml(const QString &html);

    // Replaces each image in the document by a link to what it names, labelled with its
    // alternative text (or the address). Returns how many it replaced.
    int replaceImagesWithLinks();

protected:
    QVariant loadResource(int type, const QUrl &name) override;
};

} // namespace Ui
