#pragma once

#include <QByteArray>
#include <QString>

namespace Acp {

// The app's own files (session store, settings, registry cache, exports). Qt's QSaveFile is not
// used: on Qt 6.4 a write that fails at flush (ENOSPC) goes unreported and commit() renames a
// short or empty temporary file over the good one.
//
// Writes `bytes` to `path` through a temporary file beside it: every write is checked (short
// writes continued), the data is fsync'ed, its size verified, and only then is it renamed over
// `path` (and the folder fsync'ed). On any error the old file is left as it was and the
// temporary one removed. A folder that has to be made is made private (0700); the file gets
// `mode` (by default readable by the user alone). Returns an error message ("path: reason"),
// or an empty string.
QString writeFileAtomically(const QString &path, const QByteArray &bytes, int mode = 0600);

// Appends `bytes` to `path` (created with `mode` if missing), all or nothing: on a short or
// failed write the file is cut back to its old length, so a journal never ends in half a
// line or a hole. Returns an error message, or an empty string.
QString appendToFile(const QString &path, const QByteArray &bytes, int mode = 0600);

// Makes `path` and its missing parents, the new ones readable by the user alone. Existing
// folders keep their permissions unless `tighten` (then `path` itself becomes 0700).
bool makePrivateDirectory(const QString &path, bool tighten = false);

// A readable reason for an errno value of a write ("no space left on the device", ...).
QString writeErrorString(int error);

// The pieces every atomic write of ours is made of (here and in PinnedDirectory):
// Writes all of `bytes` to `fd`, continuing short writes; false with errno set on failure (a
// write that takes nothing counts as ENOSPC).
bool writeAll(int fd, const QByteArray &bytes);
// Creates a fresh hidden temporary file for `fileName` (".<name>.<random>.tmp", O_EXCL, never
// following a link) relative to `directoryFd` (AT_FDCWD for a path); `prefix` goes before the
// name (a folder and '/', or nothing). Returns the descriptor, or -1 with errno set.
int createTemporaryFile(int directoryFd, const QByteArray &prefix, const QByteArray &fileName,
                        int mode, QByteArray *temporaryName);

namespace Testing {
// Fault injection for the writers above: after `bytes` more bytes, every write fails as on a
// full disk (ENOSPC); writes that cross the limit are short. Negative: no limit (the default).
void setWriteBudget(qint64 bytes);
} // namespace Testing

} // namespace Acp
