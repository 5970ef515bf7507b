#include "historydatabase.h"

#include "atomicfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <atomic>

#include <fcntl.h>
#include <unistd.h>

namespace Acp {

namespace {

std::atomic<int> g_busyTimeout = HistoryDatabase::BusyTimeoutMs;

QString tr(const char *text)
{
    return QCoreApplication::translate("Acp::HistoryDatabase", text);
}

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch())
                          : QVariant(QMetaType(QMetaType::LongLong));
}

QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString key(const QString &agentKey, const QString &sessionId)
{
    return agentKey + QLatin1Char('\n') + sessionId;
}

// Qt SQL binds a null QString as NULL.
QString nonNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

// The six values of an INSERT INTO sessions(agent, session_id, cwd, title, created_at,
// updated_at).
void bindRecord(QSqlQuery &query, const StoredSession &s)
{
    query.addBindValue(s.agentKey);
    query.addBindValue(s.sessionId);
    query.addBindValue(nonNull(s.cwd));
    query.addBindValue(nonNull(s.title));
    query.addBindValue(timeValue(s.createdAt));
    query.addBindValue(timeValue(s.updatedAt));
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// SQLite's primary result codes that we tell apart.
constexpr int SqliteCorrupt = 11;
constexpr int SqliteFull = 13;
constexpr int SqliteNotADatabase = 26;
constexpr int SqliteBusy = 5;
constexpr int SqliteLocked = 6;
constexpr int SqliteReadOnly = 8;
constexpr int SqliteIoError = 10;
constexpr int SqliteCannotOpen = 14;

} // namespace

void Testing::setHistoryBusyTimeout(int ms)
{
    g_busyTimeout = ms;
}

HistoryDatabase::HistoryDatabase(const QString &path)
    : m_path(path)
    , m_connection(QStringLiteral("switchboard-history-")
                   + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

HistoryDatabase::~HistoryDatabase()
{
    if (m_db.isValid())
        m_db.close();
    m_db = {};
    QSqlDatabase::removeDatabase(m_connection);
}

HistoryDatabase::Status HistoryDatabase::failure(const QSqlError &error) const
{
    Status status;
    const int code = error.nativeErrorCode().toInt() & 0xff;
    status.corrupt = code == SqliteCorrupt || code == SqliteNotADatabase;
    // What may pass: a lock let go, space freed, a device back. Anything else would fail again.
    status.transient = code == SqliteFull || code == SqliteBusy || code == SqliteLocked
        || code == SqliteIoError || code == SqliteCannotOpen || code == SqliteReadOnly;
    if (code == SqliteFull)
        status.error = tr("%1: no space left on the device").arg(m_path);
    else if (code == SqliteBusy || code == SqliteLocked)
        status.error = tr("%1: in use by another program").arg(m_path);
    else if (status.corrupt)
        status.error = tr("%1: not a history database, or a damaged one").arg(m_path);
    else
        status.error = QStringLiteral("%1: %2").arg(m_path, error.text());
    return status;
}

HistoryDatabase::Status HistoryDatabase::failure(const QSqlQuery &query) const
{
    return failure(query.lastError());
}

HistoryDatabase::Status HistoryDatabase::exec(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return failure(query);
    return {};
}

HistoryDatabase::Status HistoryDatabase::open()
{
    if (m_open)
        return {};
    // Created private before SQLite sees it: transcripts are the user's alone.
    if (!QFile::exists(m_path)) {
        const int fd = ::open(QFile::encodeName(m_path).constData(),
                              O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::close(fd);
    }
    // Once per object: an open that failed (a lock, a full disk) is tried again later.
    if (!m_db.isValid())
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    if (!m_db.isValid())
        return {tr("the Qt SQLite driver (libqt6sql6-sqlite) is not installed"), false};
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(g_busyTimeout.load()));
    if (!m_db.isOpen() && !m_db.open())
        return failure(m_db.lastError());
    // WAL: readers never wait for the writer; FULL: a committed transaction survives a power
    // cut too. Foreign keys make removing a session remove its rows.
    for (const QString &pragma :
         {QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=FULL"),
          QStringLiteral("PRAGMA foreign_keys=ON")}) {
        if (Status s = exec(pragma); !s.ok())
            return s;
    }
    QSqlQuery version(m_db);
    if (!version.exec(QStringLiteral("PRAGMA user_version")) || !version.next())
        return failure(version);
    const int schema = version.value(0).toInt();
    if (schema > SchemaVersion)
        return {tr("%1 was made by a newer Switchboard (schema %2; this one knows %3); it is left "
                   "as it is")
                    .arg(m_path)
                    .arg(schema)
                    .arg(SchemaVersion),
                false};
    if (schema < SchemaVersion) {
        if (Status s = createSchema(); !s.ok())
            return s;
    }
    m_open = true;
    return {};
}

HistoryDatabase::Status HistoryDatabase::createSchema()
{
    // Version 0 is a new file; later versions add their steps here, each in one transaction.
    return inTransaction([this]() -> Status {
        static const char *const statements[] = {
            "CREATE TABLE IF NOT EXISTS sessions(id INTEGER PRIMARY KEY, agent TEXT NOT NULL, "
            "session_id TEXT NOT NULL, cwd TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT "
            "'', created_at INTEGER, updated_at INTEGER, UNIQUE(agent, session_id))",
            "CREATE TABLE IF NOT EXISTS entries(id INTEGER PRIMARY KEY, session INTEGER NOT NULL "
            "REFERENCES sessions(id) ON DELETE CASCADE, pos INTEGER NOT NULL, body TEXT NOT NULL, "
            "text TEXT NOT NULL DEFAULT '', UNIQUE(session, pos))",
            "CREATE TABLE IF NOT EXISTS journal(id INTEGER PRIMARY KEY, session INTEGER NOT NULL "
            "REFERENCES sessions(id) ON DELETE CASCADE, body TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS journal_by_session ON journal(session, id)",
            "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)",
            "CREATE VIRTUAL TABLE IF NOT EXISTS entry_text USING fts5(text, content='entries', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
            "CREATE TRIGGER IF NOT EXISTS entries_ai AFTER INSERT ON entries BEGIN "
            "INSERT INTO entry_text(rowid, text) VALUES (new.id, new.text); END",
            "CREATE TRIGGER IF NOT EXISTS entries_ad AFTER DELETE ON entries BEGIN "
            "INSERT INTO entry_text(entry_text, rowid, text) VALUES ('delete', old.id, old.text); "
            "END",
            "CREATE TRIGGER IF NOT EXISTS entries_au AFTER UPDATE OF text ON entries BEGIN "
            "INSERT INTO entry_text(entry_text, rowid, text) VALUES ('delete', old.id, old.text); "
            "INSERT INTO entry_text(rowid, text) VALUES (new.id, new.text); END",
            "PRAGMA user_version = 1",
        };
        for (const char *sql : statements) {
            if (Status s = exec(QString::fromLatin1(sql)); !s.ok())
                return s;
        }
        return {};
    });
}

HistoryDatabase::Status HistoryDatabase::inTransaction(const std::function<Status()> &work)
{
    // IMMEDIATE: the write lock is taken (or waited for) at the start, never half-way.
    if (Status s = exec(QStringLiteral("BEGIN IMMEDIATE")); !s.ok())
        return s;
    Status result = work();
    if (result.ok())
        result = exec(QStringLiteral("COMMIT"));
    if (!result.ok()) {
        exec(QStringLiteral("ROLLBACK"));
        m_rows.clear(); // ids handed out inside the transaction are gone
    }
    return result;
}

qint64 HistoryDatabase::sessionRow(const QString &agentKey, const QString &sessionId,
                                   Status *status)
{
    const QString k = key(agentKey, sessionId);
    if (const auto it = m_rows.constFind(k); it != m_rows.constEnd())
        return *it;
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO sessions(agent, session_id) VALUES (?, ?) "
                                  "ON CONFLICT(agent, session_id) DO NOTHING"));
    insert.addBindValue(agentKey);
    insert.addBindValue(sessionId);
    QSqlQuery select(m_db);
    select.prepare(QStringLiteral("SELECT id FROM sessions WHERE agent = ? AND session_id = ?"));
    select.addBindValue(agentKey);
    select.addBindValue(sessionId);
    if (!insert.exec()) {
        *status = failure(insert);
        return -1;
    }
    if (!select.exec() || !select.next()) {
        *status = failure(select);
        return -1;
    }
    const qint64 row = select.value(0).toLongLong();
    m_rows.insert(k, row);
    return row;
}

QList<StoredSession> HistoryDatabase::sessions(Status *status)
{
    QList<StoredSession> result;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT agent, session_id, cwd, title, created_at, updated_at FROM sessions"))) {
        *status = failure(query);
        return result;
    }
    while (query.next()) {
        result.append({query.value(0).toString(), query.value(1).toString(),
                       query.value(2).toString(), query.value(3).toString(),
                       timeFrom(query.value(4)), timeFrom(query.value(5))});
    }
    return result;
}

HistoryDatabase::Status HistoryDatabase::upsert(const QList<StoredSession> &sessions)
{
    return inTransaction([&]() -> Status {
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral(
            "INSERT INTO sessions(agent, session_id, cwd, title, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(agent, session_id) DO UPDATE SET "
            "cwd = excluded.cwd, title = excluded.title, created_at = excluded.created_at, "
            "updated_at = excluded.updated_at"));
        for (const StoredSession &s : sessions) {
            bindRecord(query, s);
            if (!query.exec())
                return failure(query);
        }
        return {};
    });
}

HistoryDatabase::Status HistoryDatabase::remove(const QString &agentKey, const QString &sessionId)
{
    return inTransaction([&]() -> Status {
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral("DELETE FROM sessions WHERE agent = ? AND session_id = ?"));
        query.addBindValue(agentKey);
        query.addBindValue(sessionId);
        m_rows.remove(key(agentKey, sessionId));
        return query.exec() ? Status{} : failure(query);
    });
}

HistoryDatabase::Status HistoryDatabase::appendJournal(const QString &agentKey,
                                                       const QString &sessionId,
                                                       const QList<QByteArray> &updates)
{
    return inTransaction([&]() -> Status {
        Status status;
        const qint64 row = sessionRow(agentKey, sessionId, &status);
        if (row < 0)
            return status;
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral("INSERT INTO journal(session, body) VALUES (?, ?)"));
        for (const QByteArray &update : updates) {
            query.addBindValue(row);
            query.addBindValue(QString::fromUtf8(update));
            if (!query.exec())
                return failure(query);
        }
        return {};
    });
}

HistoryDatabase::Status
HistoryDatabase::saveEntries(const QString &agentKey, const QString &sessionId, int rowCount,
                             const QList<std::pair<int, QJsonObject>> &changed)
{
    return inTransaction([&]() -> Status {
        Status status;
        const qint64 row = sessionRow(agentKey, sessionId, &status);
        if (row < 0)
            return status;
        QSqlQuery put(m_db);
        // The text (and so the search index) is rewritten only when the row really changed.
        put.prepare(QStringLiteral(
            "INSERT INTO entries(session, pos, body, text) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(session, pos) DO UPDATE SET body = excluded.body, text = excluded.text "
            "WHERE body <> excluded.body"));
        for (const auto &[pos, entry] : changed) {
            if (pos >= rowCount)
                continue;
            put.addBindValue(row);
            put.addBindValue(pos);
            put.addBindValue(QString::fromUtf8(compact(entry)));
            put.addBindValue(nonNull(searchableText(entry)));
            if (!put.exec())
                return failure(put);
        }
        QSqlQuery trim(m_db);
        trim.prepare(QStringLiteral("DELETE FROM entries WHERE session = ? AND pos >= ?"));
        trim.addBindValue(row);
        trim.addBindValue(rowCount);
        if (!trim.exec())
            return failure(trim);
        // Everything journaled so far is in these rows: one state, never applied twice.
        QSqlQuery covered(m_db);
        covered.prepare(QStringLiteral("DELETE FROM journal WHERE session = ?"));
        covered.addBindValue(row);
        return covered.exec() ? Status{} : failure(covered);
    });
}

HistoryDatabase::Transcript HistoryDatabase::transcript(const QString &agentKey,
                                                        const QString &sessionId, Status *status)
{
    Transcript result;
    // One read transaction: the rows and the journal are one consistent state, even while
    // another instance writes.
    if (Status s = exec(QStringLiteral("BEGIN")); !s.ok()) {
        *status = s;
        return result;
    }
    QSqlQuery find(m_db);
    find.prepare(QStringLiteral("SELECT id FROM sessions WHERE agent = ? AND session_id = ?"));
    find.addBindValue(agentKey);
    find.addBindValue(sessionId);
    if (!find.exec())
        *status = failure(find);
    else if (find.next())
        result = readTranscript(find.value(0).toLongLong(), status);
    exec(QStringLiteral("COMMIT"));
    return result;
}

HistoryDatabase::Transcript HistoryDatabase::readTranscript(qint64 sessionRow, Status *status)
{
    Transcript result;
    QSqlQuery rows(m_db);
    rows.setForwardOnly(true);
    rows.prepare(QStringLiteral("SELECT body FROM entries WHERE session = ? ORDER BY pos"));
    rows.addBindValue(sessionRow);
    if (!rows.exec())
        *status = failure(rows);
    while (rows.next())
        result.rows.append(QJsonDocument::fromJson(rows.value(0).toString().toUtf8()).object());
    QSqlQuery journal(m_db);
    journal.setForwardOnly(true);
    journal.prepare(QStringLiteral("SELECT body FROM journal WHERE session = ? ORDER BY id"));
    journal.addBindValue(sessionRow);
    if (!journal.exec())
        *status = failure(journal);
    while (journal.next()) {
        const QJsonDocument update = QJsonDocument::fromJson(journal.value(0).toString().toUtf8());
        if (update.isObject())
            result.journal.append(update.object());
    }
    return result;
}

QString HistoryDatabase::matchQuery(const QString &text)
{
    static const QRegularExpression word(QStringLiteral("[\\p{L}\\p{N}]"));
    QString cleaned = text;
    for (QChar &c : cleaned) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' '); // NUL and friends end strings inside SQLite
    }
    QStringList phrases;
    const QStringList words
        = cleaned.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    for (QString w : words) {
        if (!w.contains(word))
            continue; // punctuation alone: nothing the index holds
        w.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        phrases.append(QLatin1Char('"') + w + QLatin1Char('"'));
    }
    if (phrases.isEmpty())
        return {};
    phrases.last() += QLatin1Char('*'); // still being typed
    return phrases.join(QLatin1Char(' '));
}

QList<HistorySearchHit> HistoryDatabase::search(const QString &text, int limit, Status *status)
{
    QList<HistorySearchHit> hits;
    const QString match = matchQuery(text);
    if (match.isEmpty())
        return hits;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    // Newest entries first: FTS5 walks its rowids backwards and stops at the limit, so a word
    // found a million times costs no more than a rare one.
    // (The limit inside, on the FTS table alone: with the joins around it, SQLite would sort
    // every match first.)
    query.prepare(QStringLiteral(
        "SELECT s.agent, s.session_id, s.cwd, s.title, s.created_at, s.updated_at, e.pos, "
        "hit.excerpt FROM (SELECT rowid AS id, snippet(entry_text, 0, char(2), char(3), "
        "char(8230), 12) AS excerpt FROM entry_text WHERE entry_text MATCH ? "
        "ORDER BY rowid DESC LIMIT ?) AS hit JOIN entries e ON e.id = hit.id "
        "JOIN sessions s ON s.id = e.session ORDER BY hit.id DESC"));
    query.addBindValue(match);
    query.addBindValue(limit);
    if (!query.exec()) {
        *status = failure(query);
        return hits;
    }
    while (query.next()) {
        HistorySearchHit hit;
        hit.session
            = {query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
               query.value(3).toString(), timeFrom(query.value(4)),  timeFrom(query.value(5))};
        hit.entry = query.value(6).toInt();
        // The snippet marks matches with \x02 ... \x03: taken out, kept as ranges.
        const QString marked = query.value(7).toString();
        int start = -1;
        for (const QChar c : marked) {
            if (c == QChar(2)) {
                start = int(hit.excerpt.size());
            } else if (c == QChar(3)) {
                if (start >= 0)
                    hit.highlights.append({start, int(hit.excerpt.size()) - start});
                start = -1;
            } else {
                hit.excerpt.append(c == QLatin1Char('\n') ? QLatin1Char(' ') : c);
            }
        }
        hits.append(hit);
    }
    return hits;
}

QString HistoryDatabase::integrityProblem()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA integrity_check")))
        return failure(query).error;
    QStringList problems;
    while (query.next()) {
        const QString line = query.value(0).toString();
        if (line != QLatin1String("ok"))
            problems.append(line);
    }
    return problems.join(QLatin1Char('\n'));
}

bool HistoryDatabase::legacyImported()
{
    QSqlQuery query(m_db);
    return query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'legacy_files_imported'"))
        && query.next();
}

HistoryDatabase::Status HistoryDatabase::importLegacy(const LegacySessionFiles::Contents &contents)
{
    return inTransaction([&]() -> Status {
        // upsert() is its own transaction: here the statements run inside this one.
        QSqlQuery put(m_db);
        put.prepare(QStringLiteral(
            "INSERT INTO sessions(agent, session_id, cwd, title, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(agent, session_id) DO NOTHING"));
        QSqlQuery entry(m_db);
        entry.prepare(QStringLiteral("INSERT OR IGNORE INTO entries(session, pos, body, text) "
                                     "VALUES (?, ?, ?, ?)"));
        QSqlQuery journal(m_db);
        journal.prepare(QStringLiteral("INSERT INTO journal(session, body) VALUES (?, ?)"));
        for (const LegacySessionFiles::Session &s : contents.sessions) {
            const StoredSession &r = s.record;
            bindRecord(put, r);
            if (!put.exec())
                return failure(put);
            if (put.numRowsAffected() == 0)
                continue; // already in the database (a session recorded since): it wins
            Status status;
            const qint64 row = sessionRow(r.agentKey, r.sessionId, &status);
            if (row < 0)
                return status;
            for (int pos = 0; pos < s.rows.size(); ++pos) {
                const QJsonObject o = s.rows.at(pos).toObject();
                entry.addBindValue(row);
                entry.addBindValue(pos);
                entry.addBindValue(QString::fromUtf8(compact(o)));
                entry.addBindValue(nonNull(searchableText(o)));
                if (!entry.exec())
                    return failure(entry);
            }
            for (const QJsonValue &update : s.journal) {
                journal.addBindValue(row);
                journal.addBindValue(QString::fromUtf8(compact(update.toObject())));
                if (!journal.exec())
                    return failure(journal);
            }
            // Verified before anything is committed: read back, compared row by row.
            Status read;
            const Transcript back = readTranscript(row, &read);
            if (!read.ok())
                return read;
            QJsonArray rowsWanted;
            for (const QJsonValue &v : s.rows)
                rowsWanted.append(v.toObject());
            if (back.rows != rowsWanted || back.journal != s.journal)
                return {tr("%1: the imported session %2 did not read back as it was; nothing "
                           "was imported and the old files are kept")
                            .arg(m_path, r.sessionId),
                        false};
        }
        QSqlQuery done(m_db);
        done.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('legacy_files_imported', ?)"));
        done.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        return done.exec() ? Status{} : failure(done);
    });
}

QString HistoryDatabase::searchableText(const QJsonObject &row)
{
    const QString kind = row.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("tool_call")) {
        const QJsonObject call = row.value(QStringLiteral("toolCall")).toObject();
        QStringList parts{call.value(QStringLiteral("title")).toString()};
        for (const QJsonValue &v : call.value(QStringLiteral("content")).toArray()) {
            const QJsonObject item = v.toObject();
            const QString type = item.value(QStringLiteral("type")).toString();
            if (type == QLatin1String("content"))
                parts.append(item.value(QStringLiteral("content"))
                                 .toObject()
                                 .value(QStringLiteral("text"))
                                 .toString());
            else if (type == QLatin1String("diff"))
                parts << item.value(QStringLiteral("path")).toString()
                      << item.value(QStringLiteral("newText")).toString();
        }
        parts.removeAll(QString());
        return parts.join(QLatin1Char('\n'));
    }
    if (kind == QLatin1String("plan")) {
        QStringList parts;
        for (const QJsonValue &v : row.value(QStringLiteral("entries")).toArray())
            parts.append(v.toObject().value(QStringLiteral("content")).toString());
        return parts.join(QLatin1Char('\n'));
    }
    if (kind == QLatin1String("error"))
        return row.value(QStringLiteral("detail")).toString();
    return row.value(QStringLiteral("text")).toString();
}

} // namespace Acp
