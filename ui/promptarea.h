#pragma once

#include "content.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace Acp {
class SessionController;
}

namespace Ui {

class PromptEdit;

// The bottom of a session tab: the prompts waiting for their turn (double-click edits one,
// Delete removes it), the images and files attached to the next prompt, the editor, and Send,
// which becomes Stop during a turn and Force Stop while the agent ignores a cancel. Prompts
// typed while the agent starts wait in the controller and go first once the session is open.
class PromptArea final : public QWidget
{
    Q_OBJECT
public:
    PromptArea(Acp::SessionController *controller, const QString &cwd, QWidget *parent = nullptr);

    PromptEdit *editor() const { return m_prompt; }
    // The blocks for a prompt of `text`: the text, the attachments (which are then cleared),
    // and a resource link per @-mentioned file that exists under the working directory.
    QList<Acp::ContentBlock> takeBlocks(const QString &text);
    // Follows the agent and the session: whether Send, Stop or nothing can be pressed.
    void updateState();
    void updateQueue();

Q_SIGNALS:
    void submitted(const QString &text);
    void stopRequested();
    // Something to tell the user about an attachment (HTML).
    void notice(const QString &html);

private:
    void addAttachment(const Acp::ContentBlock &block, const QString &name);
    void updateAttachments();

    QPointer<Acp::SessionController> m_controller;
    QString m_cwd;
    QListWidget *m_queue;
    QLabel *m_attachmentsLabel;
    QList<Acp::ContentBlock> m_attachments; // images and dropped files for the next prompt
    PromptEdit *m_prompt;
    QPushButton *m_send;
};

} // namespace Ui
