#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>

#include "sessionmethods.h"
#include "transcriptmodel.h"

namespace Acp {

// A session the app created or loaded, as remembered locally.
struct StoredSession
{
    QString agentKey; // the agent profile
    QString sessionId;
    QString cwd;
    QString title;
    QDateTime createdAt;
    QDateTime updatedAt;

    QJsonObject toJson() const;
    static StoredSession fromJson(const QJsonObject &object);
    // An entry of an agent's session/list, for the profile `agentKey`.
    static StoredSession fromAgent(const QString &agentKey, const SessionInfo &info);
};

// The sessions to offer: the local records merged with what the agent of profile `agentKey`
// listed, one entry per session. A session in both keeps the local record (it has the
// transcript snapshot), takes the agent's title when it has none, and the later of the two
// times. Records of other profiles pass through. Newest first. Used by the app's session
// browser and by `switchboard-cli sessions`.
QList<StoredSession> mergeSessionLists(QList<StoredSession> local, const QString &agentKey,
                                       const QList<SessionInfo> &listed);

// A transcript entry that a history search found.
struct HistorySearchHit
{
    StoredSession session;
    int entry = 0; // the row of the session's transcript
    QString excerpt; // plain text around the match, on one line
    QList<std::pair<int, int>> highlights; // (start, length) of each matched word in `excerpt`
};

class StoreWorker;

// The local history: what makes sessions resumable with agents that cannot list them, after
// the app restarts, and searchable. One SQLite database, <directory>/history.sqlite (see
// HistoryDatabase), written on a worker thread in the order things were asked for; the folder
// is 0700 and every file in it 0600.
//
// The records are kept in memory too (sessions() answers at once). Updates are journaled in
// ~100 ms batches, transcripts saved as the rows that changed, records coalesced: each one
// transaction, so a crash loses at most the last batch and no write grows with the history.
// A write that fails (a full disk, another program holding the lock) is kept and retried, and
// writeFailed() says so once; what was saved before is never touched. Files of earlier versions
// (index.json, snapshots/) are imported on first start, verified, and then moved to
// files-before-database/.
class SessionStore final : public QObject
{
    Q_OBJECT
public:
    explicit SessionStore(const QString &directory, QObject *parent = nullptr);
    ~SessionStore() override; // saves what is pending first

    // Reads the records in the background (importing old files first, once); loaded() follows.
    void load();
    // Checks the database (PRAGMA integrity_check) and imports session files of earlier
    // versions still in the folder; changed() follows, writeFailed() with any problem.
    void rebuildIndex();
    bool isLoaded() const { return m_loaded; }
    QList<StoredSession> sessions() const { return m_sessions.values(); }
    std::optional<StoredSession> session(const QString &agentKey, const QString &sessionId) const;

    // Adds or updates a record (written soon, coalesced).
    void upsert(StoredSession session);
    void remove(const QString &agentKey, const QString &sessionId);
    // Saves a session's transcript: `rowCount` rows, of which `changed` (position, row) differ
    // from what was saved before; the journal so far is covered by them.
    void saveTranscript(const QString &agentKey, const QString &sessionId, int rowCount,
                        const QList<std::pair<int, QJsonObject>> &changed);
    // The same for rows as the model holds them: turned into JSON on the store's thread, so
    // that saving a long reply does not cost the GUI thread a copy of it.
    void saveTranscript(const QString &agentKey, const QString &sessionId, int rowCount,
                        const QList<std::pair<int, TranscriptEntry>> &changed);
    // The whole transcript (every row rewritten where it differs).
    void saveSnapshot(const QString &agentKey, const QString &sessionId,
                      const QJsonArray &transcript);
    // Appends one applied session/update to the session's journal: what happened since the
    // transcript was last saved, so that a crash loses at most the last ~100 ms.
    void appendJournal(const QString &agentKey, const QString &sessionId,
                       const QJsonObject &update);
    // Reads a saved transcript in the background; `done` runs on the context's thread with the
    // rows and the updates to apply on top (empty when there is none).
    void loadSnapshot(const QString &agentKey, const QString &sessionId, QObject *context,
                      std::function<void(const QJsonArray &rows, const QJsonArray &journal)> done);
    // Searches every saved transcript in the background, newest first; `done` runs on the
    // context's thread (error: empty, or why nothing could be searched).
    void
    search(const QString &text, int limit, QObject *context,
           std::function<void(const QList<HistorySearchHit> &hits, const QString &error)> done);
    // Waits for pending writes (tests, application exit): blocks, never used while running.
    void flush();

    const QString &directory() const { return m_directory; }
    QString databasePath() const;

Q_SIGNALS:
    void loaded();
    void changed();
    // A write failed (disk full, locked, permissions): the message says which file and why.
    void writeFailed(const QString &message);

private:
    static QString key(const QString &agentKey, const QString &sessionId);
    // Records read from the database, where none with the same key is known yet.
    void addSaved(const QList<StoredSession> &saved);
    void writeRecordsSoon();
    void writeRecords();
    void flushJournals();
    void flushJournal(const QString &key);
    // Runs `work` on the worker thread, in order.
    void post(std::function<void(StoreWorker &)> work);
    // Both saveTranscript()s: `rows` runs on the store's thread.
    void writeRows(const QString &agentKey, const QString &sessionId, int rowCount, qint64 bytes,
                   std::function<QList<std::pair<int, QJsonObject>>()> rows);

    QString m_directory;
    QHash<QString, StoredSession> m_sessions;
    QSet<QString> m_dirtyRecords;
    bool m_loaded = false;
    QTimer m_recordTimer;
    QTimer m_journalTimer;
    QHash<QString, QList<QByteArray>> m_pendingJournal; // by key
    QThread *m_thread = nullptr;
    StoreWorker *m_worker = nullptr; // lives in m_thread
};

} // namespace Acp
