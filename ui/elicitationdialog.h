#pragma once

#include "agentclient.h"

#include <QDialog>
#include <QPointer>

class QLabel;

namespace Ui {

// Answers an agent's elicitation: a form built from the requested schema (text, numbers,
// yes/no, single and multi-select), pre-filled with defaults and validated before anything is
// sent; or, in URL mode, the full address and its host with explicit consent before opening it.
// Always says which agent asks, and always offers Decline and Cancel.
class ElicitationDialog final : public QDialog
{
    Q_OBJECT
public:
    ElicitationDialog(Acp::AgentClient *client, const Acp::PendingElicitation &pending,
                      const QString &agentName, QWidget *parent = nullptr);

    // The form's current answers as the agent will receive them.
    QJsonObject content() const;
    // Sends an answer; returns the problem (dialog stays open) or an empty string.
    QString answer(Acp::CreateElicitationResponse::Action action);
    // Closing the dialog any other way cancels the request (the agent always gets an answer).
    void reject() override;

private:
    void buildForm(const QJsonObject &schema);

    QPointer<Acp::AgentClient> m_client;
    Acp::PendingElicitation m_pending;
    QLabel *m_problem;
    bool m_answered = false;
    QList<std::pair<QString, std::function<QJsonValue()>>> m_fields; // name -> current value
};

} // namespace Ui
