#include "agenttextdocument.h"

#include <QGuiApplication>
#include <QPalette>
#include <QTextBlock>
#include <QTextCursor>

#include <algorithm>

namespace Ui {

void AgentTextDocument::setAgentMarkdown(const QString &markdown)
{
    setMarkdown(markdown);
    replaceImagesWithLinks();
}

void AgentTextDocument::setAgentHtml(const QString &html)
{
    setHtml(html);
    replaceImagesWithLinks();
}

int AgentTextDocument::replaceImagesWithLinks()
{
    struct Image
    {
        int position;
        int length;
        QString target;
        QString label;
        QTextCharFormat around;
    };
    QList<Image> images;
    for (QTextBlock block = begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.isValid() || !fragment.charFormat().isImageFormat())
                continue;
            const QTextImageFormat image = fragment.charFormat().toImageFormat();
            QString label = image.stringProperty(QTextFormat::ImageAltText).trimmed();
            if (label.isEmpty())
                label = image.stringProperty(QTextFormat::ImageTitle).trimmed();
            if (label.isEmpty())
                label = image.name();
            images.append({fragment.position(), fragment.length(), image.name(),
                           tr("[image: %1]").arg(label.left(200)), fragment.charFormat()});
        }
    }
    // From the end, so that earlier positions stay valid.
    std::reverse(images.begin(), images.end());
    const QColor link = QGuiApplication::palette().color(QPalette::Link);
    for (const Image &image : std::as_const(images)) {
        QTextCursor cursor(this);
        cursor.setPosition(image.position);
        cursor.setPosition(image.position + image.length, QTextCursor::KeepAnchor);
        QTextCharFormat format;
        format.setFont(image.around.font());
        format.setAnchor(true);
        format.setAnchorHref(image.target);
        format.setForeground(link);
        format.setFontUnderline(true);
        format.setToolTip(image.target);
        cursor.insertText(image.label, format);
    }
    return int(images.size());
}

QVariant AgentTextDocument::loadResource(int, const QUrl &)
{
    return {}; // nothing named by agent content is ever read (see the class comment)
}

} // namespace Ui
