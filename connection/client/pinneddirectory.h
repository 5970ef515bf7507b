#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <sys/types.h>

namespace Acp {

// A directory opened one path component at a time, never through a symlink, and held open:
// file work done through it happens in the directory that was checked, even if a component of
// its path is swapped for a symlink afterwards (the check-then-use race of a confined file
// service). Linux/POSIX only (openat and friends). Errors are errno values.
class PinnedDirectory
{
public:
    // `path` must be absolute and free of symlinks (FileSystemService::resolve() gives such
    // paths); a symlink met on the way is refused with ENOTDIR. With `create`, missing
    // directories are made.
    static std::optional<PinnedDirectory> open(const QString &path, bool create, int *error);

    PinnedDirectory(PinnedDirectory &&other) noexcept;
    PinnedDirectory &operator=(PinnedDirectory &&other) noexcept;
    PinnedDirectory(const PinnedDirectory &) = delete;
    PinnedDirectory &operator=(const PinnedDirectory &) = delete;
    ~PinnedDirectory();

    struct Entry
    {
        bool exists = false;
        bool isDirectory = false;
        bool isSymlink = false;
        bool writable = false; // some write bit set and writable by us
        mode_t mode = 0; // permission bits
        qint64 size = 0;
    };
    // What `name` is, without following it.
    Entry entry(const QString &name) const;
    // The whole content of regular file `name`, refusing a symlink (ELOOP), anything but a
    // regular file (ENODEV: a FIFO, a device, a socket; never waited on) or more than
    // `maxSize` bytes (EFBIG).
    std::optional<QByteArray> read(const QString &name, qint64 maxSize, int *error) const;

    // Replacing `name` atomically: write() creates a temporary file beside it and writes
    // `bytes` to disk; commit() gives it `mode` and renames it over `name` (a symlink there is
    // replaced, never followed). Until then, and on any failure, the old file is untouched and
    // the temporary one is removed.
    class AtomicWrite
    {
    public:
        AtomicWrite(const PinnedDirectory &directory, const QString &name);
        ~AtomicWrite(); // removes the temporary file unless committed
        bool write(const QByteArray &bytes, int *error);
        bool commit(std::optional<mode_t> mode, int *error);

    private:
        const PinnedDirectory &m_directory;
        QByteArray m_name;
        QByteArray m_temporary;
        int m_fd = -1;
        bool m_committed = false;
    };

private:
    explicit PinnedDirectory(int fd)
        : m_fd(fd)
    { }
    int m_fd = -1;
};

} // namespace Acp
