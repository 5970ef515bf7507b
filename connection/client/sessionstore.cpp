#include "sessionstore.h"

#include "atomicfile.h"
#include "clientlogging.h"
#include "historydatabase.h"
#include "legacysessionfiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>

#include <algorithm>

namespace Acp {

QJsonObject StoredSession::toJson() const
{
    return {{QStringLiteral("agent"), agentKey},
            {QStringLiteral("sessionId"), sessionId},
            {QStringLiteral("cwd"), cwd},
            {QStringLiteral("title"), title},
            {QStringLiteral("createdAt"), createdAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("updatedAt"), updatedAt.toString(Qt::ISODateWithMs)}};
}

StoredSession StoredSession::fromJson(const QJsonObject &o)
{
    return {
        o.value(QStringLiteral("agent")).toString(),
        o.value(QStringLiteral("sessionId")).toString(),
        o.value(QStringLiteral("cwd")).toString(),
        o.value(QStringLiteral("title")).toString(),
        QDateTime::fromString(o.value(QStringLiteral("createdAt")).toString(), Qt::ISODateWithMs),
        QDateTime::fromString(o.value(QStringLiteral("updatedAt")).toString(), Qt::ISODateWithMs)};
}

StoredSession StoredSession::fromAgent(const QString &agentKey, const SessionInfo &info)
{
    // Agents write RFC 3339 times, with or without fractions of a second.
    const QString time = info.updatedAt.value_or(QString());
    QDateTime updated = QDateTime::fromString(time, Qt::ISODateWithMs);
    if (!updated.isValid())
        updated = QDateTime::fromString(time, Qt::ISODate);
    return {agentKey, info.sessionId, info.cwd, info.title.value_or(QString()), {}, updated};
}

QList<StoredSession> mergeSessionLists(QList<StoredSession> local, const QString &agentKey,
                                       const QList<SessionInfo> &listed)
{
    QHash<QString, qsizetype> known; // session id -> index in `local`, this profile's only
    for (qsizetype i = 0; i < local.size(); ++i) {
        if (local.at(i).agentKey == agentKey)
            known.insert(local.at(i).sessionId, i);
    }
    for (const SessionInfo &info : listed) {
        const StoredSession fromAgent = StoredSession::fromAgent(agentKey, info);
        const auto it = known.constFind(info.sessionId);
        if (it == known.constEnd()) {
            known.insert(info.sessionId, local.size());
            local.append(fromAgent);
            continue;
        }
        StoredSession &record = local[*it];
        if (record.title.isEmpty())
            record.title = fromAgent.title;
        if (fromAgent.updatedAt.isValid()
            && (!record.updatedAt.isValid() || fromAgent.updatedAt > record.updatedAt))
            record.updatedAt = fromAgent.updatedAt;
    }
    std::stable_sort(local.begin(), local.end(),
                     [](const auto &a, const auto &b) { return a.updatedAt > b.updatedAt; });
    return local;
}

// The store's half on the worker thread: the database, and the writes that failed and wait
// to be tried again (in order, so that nothing is applied out of turn).
class StoreWorker final : public QObject
{
public:
    using Write = std::function<HistoryDatabase::Status(HistoryDatabase &)>;
    // What failed writes may hold before the oldest are given up (and that is said).
    static constexpr qint64 BacklogLimit = 64 * 1024 * 1024;
    static constexpr int RetryMs = 1000;

    StoreWorker(const QString &directory, SessionStore *store)
        : m_directory(directory)
        , m_store(store)
    { }

    // On the worker thread, first.
    void start()
    {
        m_retry = new QTimer(this);
        m_retry->setSingleShot(true);
        connect(m_retry, &QTimer::timeout, this, &StoreWorker::drain);
        privatise();
        m_db = std::make_unique<HistoryDatabase>(
            QDir(m_directory).filePath(HistoryDatabase::fileName()));
        openDatabase();
        importLegacyFiles();
    }

    void stop()
    {
        m_retry->stop();
        m_db.reset();
    }

    HistoryDatabase *database() { return m_db && m_db->isOpen() ? m_db.get() : nullptr; }
    QString unavailable() const { return m_openError; }

    void write(Write work, qint64 bytes)
    {
        m_backlog.append({std::move(work), bytes});
        m_backlogBytes += bytes;
        while (m_backlogBytes > BacklogLimit && m_backlog.size() > 1) {
            m_backlogBytes -= m_backlog.takeFirst().bytes;
            if (!m_droppedSaid) {
                m_droppedSaid = true;
                report(SessionStore::tr("The history could not be saved for a long time; the "
                                        "oldest unsaved changes were given up."));
            }
        }
        if (!m_failing)
            drain();
    }

    // Tries what is waiting, in order, until one fails.
    void drain()
    {
        while (!m_backlog.isEmpty()) {
            if (!database())
                openDatabase();
            const HistoryDatabase::Status status = database()
                ? m_backlog.first().work(*m_db)
                : HistoryDatabase::Status{m_openError, false};
            if (!status.ok() && database() && !status.transient) {
                // It would fail the same way every time: said, and not allowed to hold up
                // everything after it.
                qCWarning(lcAcpStore).noquote() << "history write refused:" << status.error;
                report(SessionStore::tr("Could not save the history: %1").arg(status.error));
                m_backlogBytes -= m_backlog.takeFirst().bytes;
                continue;
            }
            if (!status.ok()) {
                qCWarning(lcAcpStore).noquote() << "history write failed:" << status.error;
                if (!m_failing)
                    report(SessionStore::tr("Could not save the history: %1. What is not saved "
                                            "yet is kept and saved again when possible.")
                               .arg(status.error));
                m_failing = true;
                m_retry->start(RetryMs);
                return;
            }
            m_backlogBytes -= m_backlog.takeFirst().bytes;
        }
        m_failing = false;
        m_droppedSaid = false;
    }

    void report(const QString &message)
    {
        QMetaObject::invokeMethod(
            m_store, [store = m_store, message] { Q_EMIT store->writeFailed(message); });
    }

    void importLegacyFiles()
    {
        if (!database() || !LegacySessionFiles::exist(m_directory))
            return;
        const LegacySessionFiles::Contents contents = LegacySessionFiles::read(m_directory);
        // Sessions already in the database are skipped: importing twice changes nothing.
        const HistoryDatabase::Status status = m_db->importLegacy(contents);
        QStringList problems = contents.problems;
        if (!status.ok()) {
            problems.append(status.error);
        } else {
            qCInfo(lcAcpStore) << "imported" << contents.sessions.size()
                               << "sessions from the files of an earlier version";
            const QString error = LegacySessionFiles::setAside(m_directory, contents.files);
            if (!error.isEmpty())
                problems.append(error);
        }
        if (!problems.isEmpty())
            report(problems.join(QLatin1Char('\n')));
    }

private:
    struct Pending
    {
        Write work;
        qint64 bytes = 0;
    };

    void openDatabase()
    {
        HistoryDatabase::Status status = m_db->open();
        if (status.corrupt) {
            // Never overwritten: set aside for whoever wants to look (or to recover with
            // sqlite3's .recover), and a new history started.
            const QString path = m_db->path();
            m_db.reset();
            const QString aside = path + QStringLiteral(".corrupt-")
                + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddThhmmss"));
            bool moved = QFile::rename(path, aside);
            for (const char *suffix : {"-wal", "-shm"}) {
                const QString extra = path + QLatin1String(suffix);
                if (QFile::exists(extra))
                    moved = QFile::rename(extra, aside + QLatin1String(suffix)) && moved;
            }
            m_db = std::make_unique<HistoryDatabase>(path);
            if (moved) {
                report(SessionStore::tr("The history database could not be read; it was kept as "
                                        "%1 and a new one was started.")
                           .arg(aside));
                status = m_db->open();
            }
        }
        m_openError = status.error;
        if (!status.ok() && !m_openSaid) {
            m_openSaid = true;
            report(SessionStore::tr("The history cannot be opened: %1").arg(status.error));
        }
    }

    // Transcripts are nobody else's business: the folder is the user's alone, and so is every
    // file in it, including those an earlier version left readable by others.
    void privatise()
    {
        const QFileInfo folder(m_directory);
        const bool wasOpen = folder.exists()
            && (folder.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther));
        makePrivateDirectory(m_directory, true);
        if (!wasOpen)
            return;
        QDirIterator it(m_directory, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QFileInfo entry(it.next());
            if (!entry.isSymLink())
                QFile::setPermissions(entry.filePath(),
                                      entry.isDir()
                                          ? QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                              | QFileDevice::ExeOwner
                                          : QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }

    QString m_directory;
    SessionStore *m_store; // outlives us: its destructor waits for this thread
    std::unique_ptr<HistoryDatabase> m_db;
    QString m_openError;
    bool m_openSaid = false;
    QTimer *m_retry = nullptr;
    QList<Pending> m_backlog;
    qint64 m_backlogBytes = 0;
    bool m_failing = false;
    bool m_droppedSaid = false;
};

SessionStore::SessionStore(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
    , m_thread(new QThread(this))
    , m_worker(new StoreWorker(directory, this))
{
    m_thread->setObjectName(QStringLiteral("history"));
    m_worker->moveToThread(m_thread);
    m_thread->start();
    post([](StoreWorker &worker) { worker.start(); });
    m_recordTimer.setSingleShot(true);
    m_recordTimer.setInterval(300);
    connect(&m_recordTimer, &QTimer::timeout, this, &SessionStore::writeRecords);
    m_journalTimer.setSingleShot(true);
    m_journalTimer.setInterval(100);
    connect(&m_journalTimer, &QTimer::timeout, this, &SessionStore::flushJournals);
}

SessionStore::~SessionStore()
{
    flush();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->stop(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker; // no parent: it lived in the other thread
}

QString SessionStore::databasePath() const
{
    return QDir(m_directory).filePath(HistoryDatabase::fileName());
}

void SessionStore::post(std::function<void(StoreWorker &)> work)
{
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, work = std::move(work)] { work(*worker); });
}

QString SessionStore::key(const QString &agentKey, const QString &sessionId)
{
    return agentKey + QLatin1Char('\n') + sessionId;
}

void SessionStore::load()
{
    QPointer<SessionStore> self(this);
    post([self](StoreWorker &worker) {
        QList<StoredSession> sessions;
        HistoryDatabase::Status status;
        if (HistoryDatabase *db = worker.database())
            sessions = db->sessions(&status);
        QMetaObject::invokeMethod(self, [self, sessions] {
            if (!self || self->m_loaded)
                return;
            self->addSaved(sessions);
            self->m_loaded = true;
            Q_EMIT self->loaded();
            Q_EMIT self->changed();
        });
    });
}

void SessionStore::rebuildIndex()
{
    QPointer<SessionStore> self(this);
    post([self](StoreWorker &worker) {
        HistoryDatabase *db = worker.database();
        if (!db)
            return;
        const QString problem = db->integrityProblem();
        if (!problem.isEmpty())
            worker.report(tr("The history database %1 is damaged: %2").arg(db->path(), problem));
        worker.importLegacyFiles();
        HistoryDatabase::Status status;
        const QList<StoredSession> sessions = db->sessions(&status);
        QMetaObject::invokeMethod(self, [self, sessions] {
            if (!self)
                return;
            self->addSaved(sessions);
            Q_EMIT self->changed();
        });
    });
}

void SessionStore::addSaved(const QList<StoredSession> &saved)
{
    for (const StoredSession &s : saved) {
        // Records made since the app started win over what was saved.
        const QString k = key(s.agentKey, s.sessionId);
        if (!m_sessions.contains(k))
            m_sessions.insert(k, s);
    }
}

std::optional<StoredSession> SessionStore::session(const QString &agentKey,
                                                   const QString &sessionId) const
{
    const auto it = m_sessions.constFind(key(agentKey, sessionId));
    return it == m_sessions.constEnd() ? std::nullopt : std::optional<StoredSession>(*it);
}

void SessionStore::upsert(StoredSession session)
{
    const QString k = key(session.agentKey, session.sessionId);
    const auto existing = m_sessions.constFind(k);
    if (existing != m_sessions.constEnd() && !session.createdAt.isValid())
        session.createdAt = existing->createdAt;
    if (!session.createdAt.isValid())
        session.createdAt = QDateTime::currentDateTimeUtc();
    if (!session.updatedAt.isValid())
        session.updatedAt = QDateTime::currentDateTimeUtc();
    m_sessions.insert(k, session);
    m_dirtyRecords.insert(k);
    writeRecordsSoon();
    Q_EMIT changed();
}

void SessionStore::remove(const QString &agentKey, const QString &sessionId)
{
    const QString k = key(agentKey, sessionId);
    const bool known = m_sessions.remove(k);
    m_dirtyRecords.remove(k);
    m_pendingJournal.remove(k);
    // Also when no record was made (rows saved alone): nothing of it stays.
    post([agentKey, sessionId](StoreWorker &worker) {
        worker.write([=](HistoryDatabase &db) { return db.remove(agentKey, sessionId); }, 0);
    });
    if (known)
        Q_EMIT changed();
}

void SessionStore::appendJournal(const QString &agentKey, const QString &sessionId,
                                 const QJsonObject &update)
{
    m_pendingJournal[key(agentKey, sessionId)].append(
        QJsonDocument(update).toJson(QJsonDocument::Compact));
    if (!m_journalTimer.isActive())
        m_journalTimer.start();
}

void SessionStore::flushJournal(const QString &k)
{
    const auto it = m_pendingJournal.find(k);
    if (it == m_pendingJournal.end())
        return;
    const QList<QByteArray> updates = std::move(*it);
    m_pendingJournal.erase(it);
    const qsizetype split = k.indexOf(QLatin1Char('\n'));
    qint64 bytes = 0;
    for (const QByteArray &u : updates)
        bytes += u.size();
    post([agentKey = k.left(split), sessionId = k.mid(split + 1), updates,
          bytes](StoreWorker &worker) {
        worker.write(
            [=](HistoryDatabase &db) { return db.appendJournal(agentKey, sessionId, updates); },
            bytes);
    });
}

void SessionStore::flushJournals()
{
    const QStringList keys = m_pendingJournal.keys();
    for (const QString &k : keys)
        flushJournal(k);
}

void SessionStore::saveTranscript(const QString &agentKey, const QString &sessionId, int rowCount,
                                  const QList<std::pair<int, QJsonObject>> &changed)
{
    qint64 bytes = 0;
    for (const auto &row : changed)
        bytes += 64 + row.second.size() * 32; // a rough guess: only the backlog's limit uses it
    writeRows(agentKey, sessionId, rowCount, bytes, [changed] { return changed; });
}

void SessionStore::saveTranscript(const QString &agentKey, const QString &sessionId, int rowCount,
                                  const QList<std::pair<int, TranscriptEntry>> &changed)
{
    qint64 bytes = 0;
    for (const auto &row : changed)
        bytes += 256 + row.second.text.size() * 2;
    // The rows are copies that share their text with the model's (implicitly shared): they
    // become JSON on the store's thread.
    writeRows(agentKey, sessionId, rowCount, bytes, [changed] {
        QList<std::pair<int, QJsonObject>> rows;
        rows.reserve(changed.size());
        for (const auto &[position, entry] : changed)
            rows.append({position, entry.toJson()});
        return rows;
    });
}

void SessionStore::writeRows(const QString &agentKey, const QString &sessionId, int rowCount,
                             qint64 bytes, std::function<QList<std::pair<int, QJsonObject>>()> rows)
{
    // The saved rows hold every update applied so far: what is still buffered for the journal
    // is in them already.
    m_pendingJournal.remove(key(agentKey, sessionId));
    post([=](StoreWorker &worker) {
        worker.write(
            [=](HistoryDatabase &db) {
                return db.saveEntries(agentKey, sessionId, rowCount, rows());
            },
            bytes);
    });
}

void SessionStore::saveSnapshot(const QString &agentKey, const QString &sessionId,
                                const QJsonArray &transcript)
{
    QList<std::pair<int, QJsonObject>> rows;
    rows.reserve(transcript.size());
    for (int i = 0; i < transcript.size(); ++i)
        rows.append({i, transcript.at(i).toObject()});
    saveTranscript(agentKey, sessionId, int(transcript.size()), rows);
}

void SessionStore::loadSnapshot(const QString &agentKey, const QString &sessionId, QObject *context,
                                std::function<void(const QJsonArray &, const QJsonArray &)> done)
{
    flushJournal(key(agentKey, sessionId)); // what is buffered is read back too
    QPointer<QObject> guard(context);
    post([=](StoreWorker &worker) {
        HistoryDatabase::Transcript saved;
        HistoryDatabase::Status status;
        if (HistoryDatabase *db = worker.database())
            saved = db->transcript(agentKey, sessionId, &status);
        if (!status.ok())
            worker.report(status.error);
        QMetaObject::invokeMethod(guard, [guard, done, saved] {
            if (guard)
                done(saved.rows, saved.journal);
        });
    });
}

void SessionStore::search(
    const QString &text, int limit, QObject *context,
    std::function<void(const QList<HistorySearchHit> &, const QString &)> done)
{
    QPointer<QObject> guard(context);
    post([=](StoreWorker &worker) {
        QList<HistorySearchHit> hits;
        HistoryDatabase::Status status;
        if (HistoryDatabase *db = worker.database())
            hits = db->search(text, limit, &status);
        else
            status.error = worker.unavailable();
        QMetaObject::invokeMethod(guard, [guard, done, hits, error = status.error] {
            if (guard)
                done(hits, error);
        });
    });
}

void SessionStore::writeRecordsSoon()
{
    if (!m_recordTimer.isActive())
        m_recordTimer.start();
}

void SessionStore::writeRecords()
{
    m_recordTimer.stop();
    if (m_dirtyRecords.isEmpty())
        return;
    QList<StoredSession> records;
    for (const QString &k : std::as_const(m_dirtyRecords)) {
        if (const auto it = m_sessions.constFind(k); it != m_sessions.constEnd())
            records.append(*it);
    }
    m_dirtyRecords.clear();
    post([records](StoreWorker &worker) {
        worker.write([=](HistoryDatabase &db) { return db.upsert(records); },
                     qint64(records.size()) * 256);
    });
}

void SessionStore::flush()
{
    flushJournals();
    writeRecords();
    // Blocks (tests, exit): the worker has run everything asked for before this returns.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->drain(); }, Qt::BlockingQueuedConnection);
}

} // namespace Acp
