#include "legacysessionfiles.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QJsonDocument>

namespace Acp::LegacySessionFiles {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Acp::LegacySessionFiles", text);
}

struct Snapshot
{
    QJsonArray rows;
    std::optional<StoredSession> record; // format 2 only
    QString journalId; // the journal whose first `journalCovers` bytes the rows contain
    qint64 journalCovers = 0;
    bool readable = false;
};

Snapshot readSnapshot(const QString &path)
{
    Snapshot result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return result;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    if (document.isArray()) { // format 1: the rows alone
        result.rows = document.array();
        result.readable = true;
        return result;
    }
    if (!document.isObject())
        return result;
    result.readable = true;
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

// The updates of a journal that `snapshot` does not hold yet. A journal's first line names it
// ({"journal": id}); a format 1 journal has no header and every line is an update.
QJsonArray readJournal(const QString &path, const Snapshot &snapshot)
{
    QJsonArray updates;
    QFile log(path);
    if (!log.open(QIODevice::ReadOnly))
        return updates;
    const QJsonObject header = QJsonDocument::fromJson(log.readLine()).object();
    const QString id = header.value(QStringLiteral("journal")).toString();
    if (id.isEmpty())
        log.seek(0);
    else if (id == snapshot.journalId) // a crash after the snapshot's rename: skip what it has
        log.seek(qMax(log.pos(), snapshot.journalCovers));
    while (!log.atEnd()) {
        // A line cut short by a crash is the one update that is lost.
        const QJsonDocument line = QJsonDocument::fromJson(log.readLine());
        if (line.isObject())
            updates.append(line.object());
    }
    return updates;
}

QString snapshotName(const QString &agentKey, const QString &sessionId)
{
    const QByteArray key = (agentKey + QLatin1Char('\n') + sessionId).toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex())
        + QStringLiteral(".json");
}

} // namespace

bool exist(const QString &directory)
{
    const QDir dir(directory);
    return dir.exists(QStringLiteral("index.json")) || dir.exists(QStringLiteral("snapshots"));
}

Contents read(const QString &directory)
{
    Contents result;
    const QDir dir(directory);
    const QString indexPath = dir.filePath(QStringLiteral("index.json"));
    QHash<QString, StoredSession> records; // by snapshot file name
    if (QFile::exists(indexPath)) {
        result.files.append(indexPath);
        QFile file(indexPath);
        QJsonDocument document;
        if (file.open(QIODevice::ReadOnly))
            document = QJsonDocument::fromJson(file.readAll());
        if (document.isArray()) {
            for (const QJsonValue &v : document.array()) {
                const StoredSession s = StoredSession::fromJson(v.toObject());
                if (!s.sessionId.isEmpty())
                    records.insert(snapshotName(s.agentKey, s.sessionId), s);
            }
        } else {
            result.problems.append(tr("The session index %1 could not be read; the sessions "
                                      "were taken from the saved transcripts instead.")
                                       .arg(indexPath));
        }
    }
    const QString snapshots = dir.filePath(QStringLiteral("snapshots"));
    QHash<QString, Snapshot> read; // by file name
    QDirIterator it(snapshots, {QStringLiteral("*.json")}, QDir::Files);
    while (it.hasNext()) {
        const QString path = it.next();
        const Snapshot snapshot = readSnapshot(path);
        result.files.append(path);
        if (!snapshot.readable) {
            result.problems.append(tr("The saved transcript %1 could not be read.").arg(path));
            continue;
        }
        const QString name = QFileInfo(path).fileName();
        // The index's record wins; a snapshot the index lost brings its own.
        if (!records.contains(name) && snapshot.record && !snapshot.record->sessionId.isEmpty())
            records.insert(name, *snapshot.record);
        read.insert(name, snapshot);
    }
    for (auto r = records.cbegin(); r != records.cend(); ++r) {
        Session session;
        session.record = r.value();
        const Snapshot snapshot = read.value(r.key());
        session.rows = snapshot.rows;
        const QString journal = QDir(snapshots).filePath(r.key() + QStringLiteral(".journal"));
        if (QFile::exists(journal)) {
            result.files.append(journal);
            session.journal = readJournal(journal, snapshot);
        }
        result.sessions.append(session);
    }
    // Journals without a snapshot or a record (nothing to attach them to) go aside too.
    QDirIterator logs(snapshots, {QStringLiteral("*.journal")}, QDir::Files);
    while (logs.hasNext()) {
        const QString path = logs.next();
        if (!result.files.contains(path))
            result.files.append(path);
    }
    return result;
}

QString setAside(const QString &directory, const QStringList &files)
{
    const QDir dir(directory);
    const QString aside = dir.filePath(QStringLiteral("files-before-database"));
    for (const QString &path : files) {
        const QString relative = dir.relativeFilePath(path);
        const QString target = QDir(aside).filePath(relative);
        if (!QDir().mkpath(QFileInfo(target).path()))
            return tr("%1: cannot be created").arg(QFileInfo(target).path());
        QFile::remove(target); // an earlier, interrupted attempt
        if (!QFile::rename(path, target))
            return tr("%1: cannot be moved to %2").arg(path, aside);
    }
    dir.rmdir(QStringLiteral("snapshots")); // only when empty
    return {};
}

} // namespace Acp::LegacySessionFiles
