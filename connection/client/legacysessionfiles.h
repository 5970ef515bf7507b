#pragma once

#include "sessionstore.h"

#include <QJsonArray>
#include <QList>
#include <QString>

namespace Acp::LegacySessionFiles {

// What versions before the history database kept in the store's folder: index.json (the
// records), snapshots/<hash>.json (a transcript with its record, format 1 or 2) and
// snapshots/<hash>.json.journal (updates since the snapshot). Read once, to move them into the
// database (HistoryDatabase::importLegacyFiles), then set aside.

struct Session
{
    StoredSession record;
    QJsonArray rows; // the snapshot's transcript (empty when there is none)
    QJsonArray journal; // the updates on top, the part the snapshot already holds left out
};

struct Contents
{
    QList<Session> sessions;
    QStringList problems; // what could not be read (said to the user, nothing else lost)
    QStringList files; // every file read: set aside once the import is verified
};

// Whether the folder holds anything of the old layout.
bool exist(const QString &directory);
// Everything the old files know: the index's records, and the records of snapshots the index
// had lost (an index that cannot be read is reported and rebuilt from the snapshots).
Contents read(const QString &directory);
// Moves the old files into <directory>/files-before-database/ (kept, never deleted: the
// user's to remove). Returns an error text or nothing.
QString setAside(const QString &directory, const QStringList &files);

} // namespace Acp::LegacySessionFiles
