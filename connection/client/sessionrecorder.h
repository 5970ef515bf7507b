#pragma once

#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace Acp {

class ClientSession;
class SessionStore;
class TranscriptModel;

// Records one session as it happens, the same way for every front end (the window and
// switchboard-cli): each applied update goes to the store's journal at once (in ~100 ms
// batches), the transcript rows that changed at most every 1.5 s and when a turn ends, and
// the session's record (directory, title, time) to the index. A crash or a kill -9 loses at
// most the last batch. A session without a title of its own is named after its first prompt.
class SessionRecorder final : public QObject
{
    Q_OBJECT
public:
    SessionRecorder(SessionStore *store, const QString &agentKey, ClientSession *session,
                    QObject *parent = nullptr);
    ~SessionRecorder() override; // saves what is not saved yet

    // The session's first prompt (simplified, cut to 80 characters): its name until the agent
    // gives it a title.
    const QString &firstPrompt() const { return m_firstPrompt; }

    // The user's own prompt: journaled too, since the agent may not echo it.
    void recordPrompt(const QString &text);
    // Writes the snapshot and the record now.
    void saveNow();

    static constexpr int SnapshotIntervalMs = 1500;

    // A saved transcript as the store gives it back (snapshot rows, then the journal on top)
    // put into `model`. False when the rows were not a transcript.
    static bool restoreSaved(TranscriptModel *model, const QJsonArray &rows,
                             const QJsonArray &journal);

private:
    void saveSoon();

    QPointer<SessionStore> m_store;
    QString m_agentKey;
    QPointer<ClientSession> m_session;
    QString m_sessionId;
    QString m_firstPrompt;
    QTimer m_saveTimer;
    // The (entry id, revision) of each row as last saved: ids change when the model is reset,
    // so a restored or cleared transcript is saved whole.
    QList<std::pair<quint64, quint64>> m_saved;
};

} // namespace Acp
