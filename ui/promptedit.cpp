#include "promptedit.h"

#include "plaintext.h"

#include <QAbstractItemView>
#include <QBuffer>
#include <QCompleter>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QKeyEvent>
#include <QMimeData>
#include <QPointer>
#include <QRegularExpression>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>
#include <QThreadPool>

namespace Ui {

PromptEdit::PromptEdit(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_completer(new QCompleter(this))
    , m_completionModel(new QStringListModel(this))
{
    setObjectName(QStringLiteral("promptEdit"));
    setAccessibleName(tr("Prompt"));
    setPlaceholderText(tr("Ask the agent\u2026  (Enter sends, Shift+Enter adds a line, / for "
                          "commands, @ for files)"));
    setTabChangesFocus(true);
    // A few lines tall; it scrolls beyond that.
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFixedHeight(fontMetrics().lineSpacing() * 4 + 12);
    m_completer->setModel(m_completionModel);
    m_completer->setWidget(this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->popup()->setObjectName(QStringLiteral("promptCompletionPopup"));
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &PromptEdit::insertCompletion);
    connect(this, &QPlainTextEdit::textChanged, this, &PromptEdit::updateCompletion);
}

void PromptEdit::setCommands(const QList<std::pair<QString, QString>> &commandsAndHints)
{
    m_commands.clear();
    m_commandHints.clear();
    for (const auto &[name, hint] : commandsAndHints) {
        m_commands << QLatin1Char('/') + name;
        m_commandHints << hint;
    }
}

void PromptEdit::setFiles(const QStringList &relativePaths)
{
    m_files.clear();
    for (const QString &path : relativePaths)
        m_files << QLatin1Char('@') + path;
    // The listing arrives in the background: someone may already be typing an @-mention.
    if (hasFocus())
        updateCompletion();
}

bool PromptEdit::isCompleting() const
{
    return m_completer->popup()->isVisible();
}

QStringList PromptEdit::mentionedFiles() const
{
    QStringList files;
    static const QRegularExpression mention(QStringLiteral("(?:^|\\s)@([^\\s]+)"));
    auto it = mention.globalMatch(toPlainText());
    while (it.hasNext())
        files << it.next().captured(1);
    return files;
}

QString PromptEdit::wordUnderCursor(QChar *sigil) const
{
    QTextCursor cursor = textCursor();
    const QString block = cursor.block().text().left(cursor.positionInBlock());
    const qsizetype space = block.lastIndexOf(QRegularExpression(QStringLiteral("\\s")));
    const QString word = block.mid(space + 1);
    *sigil = word.isEmpty() ? QChar() : word.front();
    // Slash commands only at the very start of the prompt.
    if (*sigil == QLatin1Char('/') && (cursor.blockNumber() != 0 || space >= 0))
        *sigil = QChar();
    return word;
}

void PromptEdit::updateCompletion()
{
    QChar sigil;
    const QString word = wordUnderCursor(&sigil);
    QStringList candidates;
    if (sigil == QLatin1Char('/'))
        candidates = m_commands;
    else if (sigil == QLatin1Char('@'))
        candidates = m_files;
    if (candidates.isEmpty() || word.isEmpty()) {
        m_completer->popup()->hide();
        return;
    }
    m_completionModel->setStringList(candidates);
    m_completer->setCompletionPrefix(word);
    if (m_completer->completionCount() == 0
        || (m_completer->completionCount() == 1 && m_completer->currentCompletion() == word)) {
        m_completer->popup()->hide();
        return;
    }
    QRect rect = cursorRect();
    rect.setWidth(qMin(width(), 420));
    m_completer->complete(rect);
}

void PromptEdit::insertCompletion(const QString &completion)
{
    QChar sigil;
    const QString word = wordUnderCursor(&sigil);
    QTextCursor cursor = textCursor();
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, int(word.size()));
    cursor.insertText(completion + QLatin1Char(' '));
    setTextCursor(cursor);
    const qsizetype command = m_commands.indexOf(completion);
    if (command >= 0 && !m_commandHints.at(command).isEmpty())
        setToolTip(plainAsRichText(m_commandHints.at(command)));
}

bool PromptEdit::canInsertFromMimeData(const QMimeData *source) const
{
    return source->hasImage() || source->hasUrls() || QPlainTextEdit::canInsertFromMimeData(source);
}

void PromptEdit::insertFromMimeData(const QMimeData *source)
{
    const auto attachImage = [this](const QImage &image, const QString &name) {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        Q_EMIT imageAttached(png, name);
    };
    if (source->hasImage()) {
        attachImage(qvariant_cast<QImage>(source->imageData()), tr("pasted image"));
        return;
    }
    if (source->hasUrls()) {
        for (const QUrl &url : source->urls()) {
            if (!url.isLocalFile())
                continue;
            const QString path = url.toLocalFile();
            const QImage image(path);
            if (!QImageReader::imageFormat(path).isEmpty() && !image.isNull())
                attachImage(image, QFileInfo(path).fileName());
            else
                Q_EMIT fileDropped(path);
        }
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

void PromptEdit::keyPressEvent(QKeyEvent *event)
{
    if (isCompleting()) {
        // The popup handles navigation and acceptance.
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore();
            return;
        default:
            break;
        }
    }
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        const QString text = toPlainText().trimmed();
        if (!text.isEmpty()) {
            m_history.append(text);
            m_historyIndex = -1;
            Q_EMIT submitted(text);
            clear();
        }
        return;
    }
    QTextCursor cursor = textCursor();
    if (event->key() == Qt::Key_Up && cursor.blockNumber() == 0 && !m_history.isEmpty()) {
        if (m_historyIndex < 0) {
            m_draft = toPlainText();
            m_historyIndex = int(m_history.size());
        }
        if (m_historyIndex > 0) {
            setPlainText(m_history.at(--m_historyIndex));
            moveCursor(QTextCursor::End);
        }
        return;
    }
    if (event->key() == Qt::Key_Down && m_historyIndex >= 0
        && cursor.blockNumber() == blockCount() - 1) {
        if (++m_historyIndex >= m_history.size()) {
            m_historyIndex = -1;
            setPlainText(m_draft);
        } else {
            setPlainText(m_history.at(m_historyIndex));
        }
        moveCursor(QTextCursor::End);
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void PromptEdit::listFilesUnder(const QString &root)
{
    QPointer<PromptEdit> self(this);
    QThreadPool::globalInstance()->start([self, root] {
        QStringList files;
        QDirIterator it(root, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        const QDir base(root);
        while (it.hasNext() && files.size() < MaxListedFiles) {
            const QString path = base.relativeFilePath(it.next());
            if (path.startsWith(QLatin1String(".git/"))
                || path.contains(QLatin1String("node_modules/"))
                || path.startsWith(QLatin1String("build")))
                continue;
            files << path;
        }
        QMetaObject::invokeMethod(qApp, [self, files] {
            if (self)
                self->setFiles(files);
        });
    });
}

} // namespace Ui
