#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

#include <functional>
#include <memory>

#include "sessionmethods.h"

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

// The local session index and transcript snapshots: what makes sessions resumable with agents
// that cannot list them, and after the app restarts.
//
// Files under `directory` (0700, every file 0600): index.json (every session's record, small;
// the browser reads only this), snapshots/<hash>.json (one transcript each with its record, read
// only when a session is opened) and snapshots/<hash>.json.journal (the updates since that
// snapshot, one per line after a header with the journal's id). A snapshot names how much of
// which journal it contains, so that a crash between writing it and removing the journal never
// applies the same updates twice. Every write goes through writeFileAtomically() or
// appendToFile() (checked, fsync'ed, never a half-written file, the old one kept on any error)
// on a worker thread; failures reach writeFailed(); index writes are coalesced.
class SessionStore final : public QObject
{
    Q_OBJECT
public:
    explicit SessionStore(const QString &directory, QObject *parent = nullptr);
    ~SessionStore() override;

    // Reads the index in the background; loaded() follows. A missing index is rebuilt from
    // the snapshots; an unreadable one is set aside (index.json.corrupt-<time>, never
    // overwritten), rebuilt, and writeFailed() says so. Nothing is written to the index
    // before it has been read.
    void load();
    // Adds every session that a snapshot knows and the index does not (the index's records
    // win), then writes the index. Waits for the index to be read first.
    void rebuildIndex();
    bool isLoaded() const { return m_loaded; }
    QList<StoredSession> sessions() const { return m_sessions.values(); }
    std::optional<StoredSession> session(const QString &agentKey, const QString &sessionId) const;

    // Adds or updates a record (written soon, coalesced).
    void upsert(StoredSession session);
    void remove(const QString &agentKey, const QString &sessionId);
    // Writes the transcript snapshot of a session (in the background, atomically).
    void saveSnapshot(const QString &agentKey, const QString &sessionId,
                      const QJsonArray &transcript);
    // Appends one applied session/update to the session's journal: what happened since the
    // last snapshot, so that a crash loses at most the last ~100 ms. Written in batches.
    void appendJournal(const QString &agentKey, const QString &sessionId,
                       const QJsonObject &update);
    // Reads a snapshot and its journal in the background; `done` runs on the context's thread
    // with the snapshot rows and the updates to apply on top (empty when there is none).
    void loadSnapshot(const QString &agentKey, const QString &sessionId, QObject *context,
                      std::function<void(const QJsonArray &rows, const QJsonArray &journal)> done);
    // Waits for pending writes (tests, application exit).
    void flush();

    const QString &directory() const { return m_directory; }

Q_SIGNALS:
    void loaded();
    void changed();
    // A write failed (disk full, permissions): the message says which file and why.
    void writeFailed(const QString &message);

private:
    struct IndexRead
    {
        QList<StoredSession> sessions;
        QString problem; // said through writeFailed()
        bool rebuilt = false; // from the snapshots: written back once merged
        bool writable = true;
    };
    static IndexRead readIndex(const QString &directory);
    static QList<StoredSession> readRecordsFromSnapshots(const QString &directory);
    static void reportFailure(const QPointer<SessionStore> &self, const QString &error);
    void finishLoad();
    void finishLoadingNow(); // blocks until the index is read and merged
    static QString key(const QString &agentKey, const QString &sessionId);
    QString snapshotPath(const QString &agentKey, const QString &sessionId) const;
    void writeIndexSoon();
    void writeIndex();
    void flushJournals();

    QString m_directory;
    QHash<QString, StoredSession> m_sessions;
    bool m_loaded = false;
    bool m_indexWanted = false; // a write was asked for before the index was read
    bool m_indexWritable = true;
    std::shared_ptr<IndexRead> m_pendingLoad; // filled by the worker, merged by finishLoad()
    QTimer m_indexTimer;
    QTimer m_journalTimer;
    QHash<QString, QByteArray> m_pendingJournal; // by journal path
    QThreadPool m_pool;
};

} // namespace Acp
