#include "sessionstore.h"

#include "atomicfile.h"
#include "logging.h"

#include <QCryptographicHash>
#include <QDir>
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

SessionStore::SessionStore(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
{
    // One writer thread: writes happen in the order they were asked for.
    m_pool.setMaxThreadCount(1);
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

void SessionStore::load()
{
    QPointer<SessionStore> self(this);
    const QString path = QDir(m_directory).filePath(QStringLiteral("index.json"));
    m_pool.start([self, path] {
        QList<StoredSession> sessions;
        QFile file(path);
        if (file.open(QIODevice::ReadOnly)) {
            const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
            for (const QJsonValue &v : array)
                sessions.append(StoredSession::fromJson(v.toObject()));
        }
        QMetaObject::invokeMethod(self, [self, sessions] {
            if (!self)
                return;
            for (const StoredSession &s : sessions) {
                // Records made since the app started win over what was on disk.
                if (!self->m_sessions.contains(key(s.agentKey, s.sessionId)))
                    self->m_sessions.insert(key(s.agentKey, s.sessionId), s);
            }
            self->m_loaded = true;
            Q_EMIT self->loaded();
            Q_EMIT self->changed();
        });
    });
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
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        m_pool.start([path = it.key(), bytes = it.value()] {
            QDir().mkpath(QFileInfo(path).path());
            QFile file(path);
            if (file.open(QIODevice::Append))
                file.write(bytes);
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
    // Serialised on the worker too: a long transcript is megabytes of JSON.
    m_pool.start([self, path, transcript] {
        const QString error
            = writeFileAtomically(path, QJsonDocument(transcript).toJson(QJsonDocument::Compact));
        if (error.isEmpty())
            QFile::remove(path + QStringLiteral(".journal"));
        if (!error.isEmpty()) {
            qCWarning(lcAcpConnection).noquote()
                << "could not save a transcript snapshot:" << error;
            QMetaObject::invokeMethod(self, [self, error] {
                if (self)
                    Q_EMIT self->writeFailed(error);
            });
        }
    });
}

void SessionStore::loadSnapshot(const QString &agentKey, const QString &sessionId, QObject *context,
                                std::function<void(const QJsonArray &, const QJsonArray &)> done)
{
    flushJournals(); // what is buffered is read back too
    QPointer<QObject> guard(context);
    const QString path = snapshotPath(agentKey, sessionId);
    m_pool.start([guard, path, done] {
        QJsonArray transcript;
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            transcript = QJsonDocument::fromJson(file.readAll()).array();
        QJsonArray journal;
        QFile log(path + QStringLiteral(".journal"));
        if (log.open(QIODevice::ReadOnly)) {
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
    QJsonArray array;
    for (const StoredSession &s : std::as_const(m_sessions))
        array.append(s.toJson());
    QPointer<SessionStore> self(this);
    const QString path = QDir(m_directory).filePath(QStringLiteral("index.json"));
    m_pool.start([self, path, array] {
        const QString error
            = writeFileAtomically(path, QJsonDocument(array).toJson(QJsonDocument::Compact));
        if (!error.isEmpty()) {
            QMetaObject::invokeMethod(self, [self, error] {
                if (self)
                    Q_EMIT self->writeFailed(error);
            });
        }
    });
}

void SessionStore::flush()
{
    flushJournals();
    if (m_indexTimer.isActive()) {
        m_indexTimer.stop();
        writeIndex();
    }
    m_pool.waitForDone();
}

} // namespace Acp
