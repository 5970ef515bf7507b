#include "pinneddirectory.h"

#include "atomicfile.h"

#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Acp {

namespace {

QByteArray encoded(const QString &name)
{
    return QFile::encodeName(name);
}

} // namespace

std::optional<PinnedDirectory> PinnedDirectory::open(const QString &path, bool create, int *error)
{
    int fd = ::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        *error = errno;
        return std::nullopt;
    }
    for (const QString &component : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        const QByteArray name = encoded(component);
        if (name == "." || name == "..") { // a resolved path has none; refuse to be led around
            ::close(fd);
            *error = EINVAL;
            return std::nullopt;
        }
        // O_NOFOLLOW with O_PATH|O_DIRECTORY: a symlink fails with ENOTDIR, never followed.
        int next = ::openat(fd, name.constData(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT && create) {
            if (::mkdirat(fd, name.constData(), 0777) != 0 && errno != EEXIST) {
                *error = errno;
                ::close(fd);
                return std::nullopt;
            }
            next = ::openat(fd, name.constData(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        *error = errno;
        ::close(fd);
        if (next < 0)
            return std::nullopt;
        fd = next;
    }
    *error = 0;
    return PinnedDirectory(fd);
}

PinnedDirectory::PinnedDirectory(PinnedDirectory &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
{ }

PinnedDirectory &PinnedDirectory::operator=(PinnedDirectory &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

PinnedDirectory::~PinnedDirectory()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

PinnedDirectory::Entry PinnedDirectory::entry(const QString &name) const
{
    Entry result;
    struct stat info
    {
    };
    const QByteArray n = encoded(name);
    if (::fstatat(m_fd, n.constData(), &info, AT_SYMLINK_NOFOLLOW) != 0)
        return result;
    result.exists = true;
    result.isDirectory = S_ISDIR(info.st_mode);
    result.isSymlink = S_ISLNK(info.st_mode);
    result.mode = info.st_mode & 07777;
    result.size = info.st_size;
    // A file without any write bit counts as read-only even for root.
    result.writable = (info.st_mode & 0222) && ::faccessat(m_fd, n.constData(), W_OK, 0) == 0;
    return result;
}

std::optional<QByteArray> PinnedDirectory::read(const QString &name, qint64 maxSize,
                                                int *error) const
{
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever; a device
    // may block too. Only regular files are read, so the flag is cleared again after the check.
    const int fd = ::openat(m_fd, encoded(name).constData(),
                            O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        *error = errno;
        return std::nullopt;
    }
    QFile file;
    struct stat info
    {
    };
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size > maxSize) {
        *error = S_ISDIR(info.st_mode) ? EISDIR
            : !S_ISREG(info.st_mode)   ? ENODEV
            : info.st_size > maxSize   ? EFBIG
                                       : EIO;
        ::close(fd);
        return std::nullopt;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        *error = EIO;
        return std::nullopt;
    }
    QByteArray bytes = file.read(maxSize + 1);
    if (bytes.size() > maxSize) {
        *error = EFBIG;
        return std::nullopt;
    }
    return bytes;
}

PinnedDirectory::AtomicWrite::AtomicWrite(const PinnedDirectory &directory, const QString &name)
    : m_directory(directory)
    , m_name(encoded(name))
{ }

PinnedDirectory::AtomicWrite::~AtomicWrite()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_committed && !m_temporary.isEmpty())
        ::unlinkat(m_directory.m_fd, m_temporary.constData(), 0);
}

bool PinnedDirectory::AtomicWrite::write(const QByteArray &bytes, int *error)
{
    // Hidden, unique, created fresh (O_EXCL): never an existing file or a link.
    m_fd = createTemporaryFile(m_directory.m_fd, {}, m_name, 0666, &m_temporary);
    if (m_fd < 0) {
        *error = errno;
        m_temporary.clear();
        return false;
    }
    if (!writeAll(m_fd, bytes)) {
        *error = errno;
        return false;
    }
    if (::fsync(m_fd) != 0) {
        *error = errno;
        return false;
    }
    return true;
}

bool PinnedDirectory::AtomicWrite::commit(std::optional<mode_t> mode, int *error)
{
    if (m_fd < 0) {
        *error = EBADF;
        return false;
    }
    if (mode && ::fchmod(m_fd, *mode) != 0) {
        *error = errno;
        return false;
    }
    if (::close(std::exchange(m_fd, -1)) != 0) {
        *error = errno;
        return false;
    }
    if (::renameat(m_directory.m_fd, m_temporary.constData(), m_directory.m_fd, m_name.constData())
        != 0) {
        *error = errno;
        return false;
    }
    m_committed = true;
    return true;
}

} // namespace Acp
