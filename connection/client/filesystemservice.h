#pragma once

#include "clientmethods.h"
#include "rpctypes.h"

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <variant>

namespace Acp {

// Serves fs/read_text_file and fs/write_text_file for sessions, confined to the session's
// directories: a path is resolved (`..`, symlinks) and refused unless it lies inside the cwd or
// an additional directory; the file is then used through its directory opened without
// following links (PinnedDirectory), so that a link swapped in after the check is refused, not
// followed. Writes are atomic (a temporary file renamed over the old one: a failed write leaves
// the old file), keep the file's permissions, and refuse read-only files. All file work runs
// on a small thread pool, never on the caller's thread; results come back on the context's
// thread.
class FileSystemService final : public QObject
{
    Q_OBJECT
public:
    using ReadResult = std::variant<QString, RpcError>;
    using WriteResult = std::optional<RpcError>; // empty on success

    explicit FileSystemService(QObject *parent = nullptr);
    ~FileSystemService() override;

    // The canonical path for `path` if it lies inside one of `roots`, else a -32602 error.
    // A path that does not exist yet is resolved through its deepest existing ancestor.
    static std::variant<QString, RpcError> resolve(const QString &path, const QStringList &roots);

    void read(const ReadTextFileRequest &request, const QStringList &roots, QObject *context,
              std::function<void(const ReadResult &)> done);
    void write(const WriteTextFileRequest &request, const QStringList &roots, QObject *context,
               std::function<void(const WriteResult &)> done);

    // The largest file read() returns.
    static constexpr qint64 MaxReadSize = qint64(64) * 1024 * 1024;

    // Test hook: called on the worker thread before a write is committed; an error string makes
    // the write fail as if the disk had (for example) filled up.
    void setWriteFault(std::function<std::optional<QString>(const QString &path)> fault);
    // Test hook: called on the worker thread right after a path was checked, so that a test
    // can swap a link into it (the check-then-use race).
    void setAfterResolve(std::function<void(const QString &resolvedPath)> hook);

private:
    ReadResult readNow(const ReadTextFileRequest &request, const QStringList &roots) const;
    WriteResult writeNow(const WriteTextFileRequest &request, const QStringList &roots) const;

    QThreadPool m_pool;
    std::function<std::optional<QString>(const QString &)> m_writeFault;
    std::function<void(const QString &)> m_afterResolve;
};

} // namespace Acp
