#pragma once

#include "legacysessionfiles.h"
#include "sessionstore.h"

#include <QHash>
#include <QJsonArray>
#include <QSqlDatabase>

namespace Acp {

namespace Testing {
// How long a write waits for another program's lock before it gives up and is retried
// later (default HistoryDatabase::BusyTimeoutMs); tests make it short.
void setHistoryBusyTimeout(int ms);
} // namespace Testing

// The local history in one SQLite file (Qt SQL, WAL): session records, each session's
// transcript entries (one row per transcript row, only changed rows rewritten), the journal of
// updates since the entries were last saved, and a full-text index (FTS5) over the entries.
// Every write is one transaction: a crash loses at most the one in progress, and no write grows
// with the history. Not thread-safe: one object per thread (SessionStore's worker).
//
// Schema version 1 (PRAGMA user_version):
//   sessions(id, agent, session_id, cwd, title, created_at, updated_at)   times in ms UTC
//   entries(id, session, pos, body, text)     body: TranscriptEntry::toJson(); text: searched
//   entry_text                                FTS5 over entries.text (kept by triggers)
//   journal(id, session, body)                one applied session/update per row
//   meta(key, value)                          legacy_files_imported
class HistoryDatabase final
{
    Q_DISABLE_COPY_MOVE(HistoryDatabase)
public:
    static constexpr int SchemaVersion = 1;
    static constexpr int BusyTimeoutMs = 3000;
    static QString fileName() { return QStringLiteral("history.sqlite"); }

    struct Status
    {
        QString error; // empty: done
        bool corrupt = false; // the file is not a database, or a damaged one
        bool transient = false; // worth trying again later (full, locked, I/O)
        bool ok() const { return error.isEmpty(); }
    };

    explicit HistoryDatabase(const QString &path);
    ~HistoryDatabase();

    // Opens (creating the file 0600 and the schema when new). A database of a newer schema is
    // refused (nothing is written to it).
    Status open();
    const QString &path() const { return m_path; }
    bool isOpen() const { return m_open; }

    QList<StoredSession> sessions(Status *status);
    Status upsert(const QList<StoredSession> &sessions);
    Status remove(const QString &agentKey, const QString &sessionId);
    Status appendJournal(const QString &agentKey, const QString &sessionId,
                         const QList<QByteArray> &updates);
    // The transcript now has `rowCount` rows, of which `changed` (position, row) differ from
    // what was saved; the journal so far is covered by them and emptied, in the same
    // transaction.
    Status saveEntries(const QString &agentKey, const QString &sessionId, int rowCount,
                       const QList<std::pair<int, QJsonObject>> &changed);
    struct Transcript
    {
        QJsonArray rows;
        QJsonArray journal;
    };
    Transcript transcript(const QString &agentKey, const QString &sessionId, Status *status);
    // Newest first; `text` is words as a user types them (never query syntax), the last one a
    // prefix.
    QList<HistorySearchHit> search(const QString &text, int limit, Status *status);
    // PRAGMA integrity_check: empty when the database is sound.
    QString integrityProblem();

    // Imports what the files of earlier versions hold, verifies it inside the same transaction
    // (every row read back and compared) and commits only then. Returns an error (nothing
    // imported) or nothing. Done once: the database remembers it.
    Status importLegacy(const LegacySessionFiles::Contents &contents);
    bool legacyImported();

    // The words of a transcript row that search finds (messages, tool call titles and text
    // content, diffs' paths and new text, plans, errors).
    static QString searchableText(const QJsonObject &row);
    // The FTS5 query for words as typed: each a quoted phrase, the last a prefix. Empty when
    // there is nothing to search for.
    static QString matchQuery(const QString &text);

private:
    Status failure(const class QSqlQuery &query) const;
    Status failure(const QSqlError &error) const;
    Status exec(const QString &sql);
    Status createSchema();
    qint64 sessionRow(const QString &agentKey, const QString &sessionId, Status *status);
    // The rows and journal of sessions.id `sessionRow` (inside the caller's transaction).
    Transcript readTranscript(qint64 sessionRow, Status *status);
    Status inTransaction(const std::function<Status()> &work);

    QString m_path;
    QString m_connection;
    QSqlDatabase m_db;
    bool m_open = false;
    QHash<QString, qint64> m_rows; // "agent\nsession" -> sessions.id
};

} // namespace Acp
