#include "sessionstore.h"

#include "atomicfile.h"
#include "logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QUuid>

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

SessionStore::SessionStore(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
{
    // One writer thread: writes happen in the order they were asked for.
    m_pool.setMaxThreadCount(1);
    // Transcripts are nobody else's business: the folder is the user's alone, and so is every
    // file in it, including those an earlier version left readable by others.
    const QFileInfo folder(m_directory);
    const bool wasOpen = folder.exists()
        && (folder.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther));
    makePrivateDirectory(m_directory, true);
    if (wasOpen) {
        m_pool.start([directory = m_directory] {
            QDirIterator it(directory, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
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
        });
    }
    m_indexTimer.setSingleShot(true);
    m_indexTimer.setInterval(300);
    connect(&m_indexTimer, &QTimer::timeout, this, &SessionStore::writeIndex);
    m_journalTimer.setSingleShot(true);
    m_journalTimer.setInterval(100);
    connect(&m_journalTimer, &QTimer::timeout, this, &SessionStore::flushJournals);
}

SessionStore::~SessionStore()
{
    flush();
}

QString SessionStore::key(const QString &agentKey, const QString &sessionId)
{
    return agentKey + QLatin1Char('\n') + sessionId;
}

QString SessionStore::snapshotPath(const QString &agentKey, const QString &sessionId) const
{
    const QByteArray hash
        = QCryptographicHash::hash(key(agentKey, sessionId).toUtf8(), QCryptographicHash::Sha1)
              .toHex();
    return QDir(m_directory)
        .filePath(QStringLiteral("snapshots/") + QString::fromLatin1(hash)
                  + QStringLiteral(".json"));
}

namespace {

constexpr int SnapshotFormat = 2;

struct ReadSnapshot
{
    QJsonArray rows;
    std::optional<StoredSession> record; // format 2 only
    QString journalId; // the journal whose first `journalCovers` bytes the rows contain
    qint64 journalCovers = 0;
};

ReadSnapshot readSnapshotFile(const QString &path)
{
    ReadSnapshot result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return result;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    if (document.isArray()) { // format 1: the rows alone
        result.rows = document.array();
        return result;
    }
    const QJsonObject o = document.object();
    result.rows = o.value(QStringLiteral("transcript")).toArray();
    const QJsonObject record = o.value(QStringLiteral("session")).toObject();
    if (!record.isEmpty())
        result.record = StoredSession::fromJson(record);
    const QJsonObject journal = o.value(QStringLiteral("journal")).toObject();
    result.journalId = journal.value(QStringLiteral("id")).toString();
    result.journalCovers = qint64(journal.value(QStringLiteral("covers")).toDouble());
    return result;
}

// The id in a journal's first line ({"journal": id}), or empty (a format 1 journal).
QString journalId(QFile &journal)
{
    const QJsonObject header = QJsonDocument::fromJson(journal.readLine()).object();
    const QString id = header.value(QStringLiteral("journal")).toString();
    if (id.isEmpty())
        journal.seek(0); // no header: every line is an update
    return id;
}

} // namespace

QList<StoredSession> SessionStore::readRecordsFromSnapshots(const QString &directory)
{
    QList<StoredSession> records;
    QDirIterator it(QDir(directory).filePath(QStringLiteral("snapshots")),
                    {QStringLiteral("*.json")}, QDir::Files);
    while (it.hasNext()) {
        const ReadSnapshot snapshot = readSnapshotFile(it.next());
        if (snapshot.record && !snapshot.record->sessionId.isEmpty())
            records.append(*snapshot.record);
    }
    return records;
}

SessionStore::IndexRead SessionStore::readIndex(const QString &directory)
{
    IndexRead result;
    const QString path = QDir(directory).filePath(QStringLiteral("index.json"));
    QFile file(path);
    if (!file.exists()) {
        // A first start, or an index lost: whatever the snapshots know comes back.
        result.sessions = readRecordsFromSnapshots(directory);
        result.rebuilt = !result.sessions.isEmpty();
        return result;
    }
    QJsonDocument document;
    if (file.open(QIODevice::ReadOnly))
        document = QJsonDocument::fromJson(file.readAll());
    file.close();
    if (!document.isArray()) {
        // Never overwritten: set aside for whoever wants to look, then rebuilt.
        const QString aside = path + QStringLiteral(".corrupt-")
            + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddThhmmss"));
        if (!QFile::rename(path, aside)) {
            result.problem = tr("The session index %1 cannot be read and cannot be set aside; "
                                "it is left as it is and not written.")
                                 .arg(path);
            result.writable = false;
            return result;
        }
        result.problem = tr("The session index could not be read; it was kept as %1 and "
                            "rebuilt from the saved transcripts.")
                             .arg(aside);
        result.sessions = readRecordsFromSnapshots(directory);
        result.rebuilt = true;
        return result;
    }
    for (const QJsonValue &v : document.array())
        result.sessions.append(StoredSession::fromJson(v.toObject()));
    return result;
}

void SessionStore::load()
{
    QPointer<SessionStore> self(this);
    auto result = std::make_shared<IndexRead>();
    m_pendingLoad = result;
    m_pool.start([self, result, directory = m_directory] {
        *result = readIndex(directory);
        QMetaObject::invokeMethod(self, [self] {
            if (self)
                self->finishLoad();
        });
    });
}

void SessionStore::finishLoad()
{
    if (m_loaded || !m_pendingLoad)
        return;
    const IndexRead read = *std::exchange(m_pendingLoad, nullptr);
    for (const StoredSession &s : read.sessions) {
        // Records made since the app started win over what was on disk.
        if (!m_sessions.contains(key(s.agentKey, s.sessionId)))
            m_sessions.insert(key(s.agentKey, s.sessionId), s);
    }
    m_indexWritable = read.writable;
    m_loaded = true;
    if (!read.problem.isEmpty())
        Q_EMIT writeFailed(read.problem);
    // Changes made while the index was being read, or an index rebuilt: written now, with
    // everything the disk had (never before: that would replace it with less).
    if (m_indexWanted || read.rebuilt)
        writeIndexSoon();
    Q_EMIT loaded();
    Q_EMIT changed();
}

void SessionStore::finishLoadingNow()
{
    // Quitting while the index is still being read (or before anyone asked for it): it is read
    // to the end first, so that what is written afterwards is all of it.
    m_pool.waitForDone();
    if (m_loaded)
        return;
    if (!m_pendingLoad)
        m_pendingLoad = std::make_shared<IndexRead>(readIndex(m_directory));
    finishLoad();
}

void SessionStore::rebuildIndex()
{
    finishLoadingNow();
    for (const StoredSession &s : readRecordsFromSnapshots(m_directory)) {
        const QString k = key(s.agentKey, s.sessionId);
        if (!m_sessions.contains(k))
            m_sessions.insert(k, s);
    }
    m_indexWritable = true;
    writeIndexSoon();
    Q_EMIT changed();
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
    writeIndexSoon();
    Q_EMIT changed();
}

void SessionStore::remove(const QString &agentKey, const QString &sessionId)
{
    if (!m_sessions.remove(key(agentKey, sessionId)))
        return;
    const QString path = snapshotPath(agentKey, sessionId);
    m_pendingJournal.remove(path + QStringLiteral(".journal"));
    m_pool.start([path] {
        QFile::remove(path);
        QFile::remove(path + QStringLiteral(".journal"));
    });
    writeIndexSoon();
    Q_EMIT changed();
}

void SessionStore::appendJournal(const QString &agentKey, const QString &sessionId,
                                 const QJsonObject &update)
{
    m_pendingJournal[snapshotPath(agentKey, sessionId) + QStringLiteral(".journal")]
        += QJsonDocument(update).toJson(QJsonDocument::Compact) + '\n';
    if (!m_journalTimer.isActive())
        m_journalTimer.start();
}

void SessionStore::flushJournals()
{
    const auto pending = std::exchange(m_pendingJournal, {});
    QPointer<SessionStore> self(this);
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        m_pool.start([self, path = it.key(), bytes = it.value()] {
            QByteArray lines = bytes;
            // A new journal starts with its id, which the next snapshot names as covered.
            if (QFileInfo(path).size() == 0)
                lines.prepend(
                    QJsonDocument(QJsonObject{{QStringLiteral("journal"),
                                               QUuid::createUuid().toString(QUuid::WithoutBraces)}})
                        .toJson(QJsonDocument::Compact)
                    + '\n');
            const QString error = appendToFile(path, lines);
            if (!error.isEmpty())
                reportFailure(self, error);
        });
    }
}

void SessionStore::saveSnapshot(const QString &agentKey, const QString &sessionId,
                                const QJsonArray &transcript)
{
    QPointer<SessionStore> self(this);
    const QString path = snapshotPath(agentKey, sessionId);
    // The snapshot holds every update applied so far: the journal starts over after it (and
    // what is still buffered for it is already in the snapshot).
    m_pendingJournal.remove(path + QStringLiteral(".journal"));
    const auto known = m_sessions.constFind(key(agentKey, sessionId));
    const StoredSession record = known != m_sessions.constEnd()
        ? *known
        : StoredSession{agentKey, sessionId, {}, {}, {}, {}};
    // Serialised on the worker too: a long transcript is megabytes of JSON.
    m_pool.start([self, path, transcript, record] {
        // The snapshot names the part of the journal it already contains: if we die between
        // the rename and the journal's removal, that part is not applied twice on reopening.
        const QString journalPath = path + QStringLiteral(".journal");
        QJsonObject journal;
        QFile log(journalPath);
        if (log.open(QIODevice::ReadOnly)) {
            journal = {{QStringLiteral("id"), journalId(log)},
                       {QStringLiteral("covers"), double(log.size())}};
            log.close();
        }
        const QJsonObject snapshot{{QStringLiteral("format"), SnapshotFormat},
                                   {QStringLiteral("session"), record.toJson()},
                                   {QStringLiteral("journal"), journal},
                                   {QStringLiteral("transcript"), transcript}};
        const QString error
            = writeFileAtomically(path, QJsonDocument(snapshot).toJson(QJsonDocument::Compact));
        if (error.isEmpty()) {
            QFile::remove(journalPath);
            return;
        }
        qCWarning(lcAcpConnection).noquote() << "could not save a transcript snapshot:" << error;
        reportFailure(self, error);
    });
}

void SessionStore::loadSnapshot(const QString &agentKey, const QString &sessionId, QObject *context,
                                std::function<void(const QJsonArray &, const QJsonArray &)> done)
{
    flushJournals(); // what is buffered is read back too
    QPointer<QObject> guard(context);
    const QString path = snapshotPath(agentKey, sessionId);
    m_pool.start([guard, path, done] {
        const ReadSnapshot snapshot = readSnapshotFile(path);
        const QJsonArray transcript = snapshot.rows;
        QJsonArray journal;
        QFile log(path + QStringLiteral(".journal"));
        if (log.open(QIODevice::ReadOnly)) {
            const QString id = journalId(log);
            // What the snapshot already contains is skipped (a crash after its rename).
            if (!id.isEmpty() && id == snapshot.journalId)
                log.seek(qMax(log.pos(), snapshot.journalCovers));
            while (!log.atEnd()) {
                // A line cut short by a crash is the one update that is lost.
                const QJsonDocument line = QJsonDocument::fromJson(log.readLine());
                if (line.isObject())
                    journal.append(line.object());
            }
        }
        QMetaObject::invokeMethod(guard, [guard, done, transcript, journal] {
            if (guard)
                done(transcript, journal);
        });
    });
}

void SessionStore::writeIndexSoon()
{
    if (!m_indexTimer.isActive())
        m_indexTimer.start();
}

void SessionStore::writeIndex()
{
    if (!m_loaded || !m_indexWritable) {
        // Before the index is read, writing would replace it with less than it has.
        m_indexWanted = true;
        return;
    }
    m_indexWanted = false;
    QJsonArray array;
    for (const StoredSession &s : std::as_const(m_sessions))
        array.append(s.toJson());
    QPointer<SessionStore> self(this);
    const QString path = QDir(m_directory).filePath(QStringLiteral("index.json"));
    m_pool.start([self, path, array] {
        const QString error
            = writeFileAtomically(path, QJsonDocument(array).toJson(QJsonDocument::Compact));
        if (!error.isEmpty())
            reportFailure(self, error);
    });
}

void SessionStore::reportFailure(const QPointer<SessionStore> &self, const QString &error)
{
    QMetaObject::invokeMethod(self, [self, error] {
        if (self)
            Q_EMIT self->writeFailed(error);
    });
}

void SessionStore::flush()
{
    if (!m_loaded)
        finishLoadingNow();
    flushJournals();
    if (m_indexTimer.isActive()) {
        m_indexTimer.stop();
        writeIndex();
    }
    m_pool.waitForDone();
}

} // namespace Acp
