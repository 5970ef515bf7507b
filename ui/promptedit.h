#pragma once

#include <QPlainTextEdit>
#include <QStringList>

class QCompleter;
class QStringListModel;

namespace Ui {

// The prompt editor: Enter sends, Shift+Enter starts a new line, Up/Down at the first/last line
// walk the input history, "/" at the start completes the agent's slash commands and "@"
// completes files under the session's directory (they are attached as resource links).
class PromptEdit final : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit PromptEdit(QWidget *parent = nullptr);

    void setCommands(const QList<std::pair<QString, QString>> &commandsAndHints);
    void setFiles(const QStringList &relativePaths);
    // setFiles() with the files under `root` (at most MaxListedFiles), walked off the GUI
    // thread: a large tree takes a while.
    void listFilesUnder(const QString &root);
    static constexpr int MaxListedFiles = 5000;
    QStringList history() const { return m_history; }
    // The @-mentioned paths in the current text, relative to the session directory.
    QStringList mentionedFiles() const;
    bool isCompleting() const;

Q_SIGNALS:
    void submitted(const QString &text);
    // An image was pasted or dropped (PNG bytes), or a file that is not an image was dropped.
    void imageAttached(const QByteArray &png, const QString &name);
    void fileDropped(const QString &path);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    void updateCompletion();
    void insertCompletion(const QString &completion);
    QString wordUnderCursor(QChar *sigil) const;

    QCompleter *m_completer;
    QStringListModel *m_completionModel;
    QStringList m_commands;
    QStringList m_commandHints;
    QStringList m_files;
    QStringList m_history;
    int m_historyIndex = -1;
    QString m_draft;
};

} // namespace Ui
