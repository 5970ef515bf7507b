#include "atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Acp {

namespace {

std::atomic<qint64> g_writeBudget{-1};

// write(2) through the test budget: a write that would cross it is cut short, and once it is
// spent writes fail with ENOSPC, as on a disk that fills up.
ssize_t budgetedWrite(int fd, const char *data, size_t size)
{
    qint64 budget = g_writeBudget.load();
    if (budget >= 0) {
        if (budget == 0) {
            errno = ENOSPC;
            return -1;
        }
        size = size_t(qMin<qint64>(qint64(size), budget));
        g_writeBudget.fetch_sub(qint64(size));
    }
    return ::write(fd, data, size);
}

QString failure(const QString &path, int error)
{
    return path + QStringLiteral(": ") + writeErrorString(error);
}

void syncDirectory(const QByteArray &directory)
{
    const int fd = ::open(directory.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd); // the rename itself survives a power cut; a failure here loses no data
        ::close(fd);
    }
}

} // namespace

bool writeAll(int fd, const QByteArray &bytes)
{
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t n
            = budgetedWrite(fd, bytes.constData() + written, size_t(bytes.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENOSPC;
            return false;
        }
        written += n;
    }
    return true;
}

int createTemporaryFile(int directoryFd, const QByteArray &prefix, const QByteArray &fileName,
                        int mode, QByteArray *temporaryName)
{
    for (int attempt = 0; attempt < 16; ++attempt) {
        *temporaryName = prefix + '.' + fileName + '.'
            + QByteArray::number(QRandomGenerator::global()->generate(), 36) + ".tmp";
        const int fd = ::openat(directoryFd, temporaryName->constData(),
                                O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode));
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

QString writeErrorString(int error)
{
    if (error == ENOSPC || error == EDQUOT)
        return QCoreApplication::translate("Acp::AtomicFile", "no space left on the device");
    if (error == EROFS)
        return QCoreApplication::translate("Acp::AtomicFile", "the file system is read-only");
    return qt_error_string(error);
}

bool makePrivateDirectory(const QString &path, bool tighten)
{
    const QString clean = QDir::cleanPath(QDir(path).absolutePath());
    if (!QFileInfo(clean).isDir()) {
        const QString parent = QFileInfo(clean).path();
        if (parent != clean && !QFileInfo(parent).isDir() && !makePrivateDirectory(parent))
            return false;
        if (::mkdir(QFile::encodeName(clean).constData(), 0700) != 0 && errno != EEXIST)
            return false;
    } else if (tighten) {
        ::chmod(QFile::encodeName(clean).constData(), 0700);
    }
    return QFileInfo(clean).isDir();
}

QString writeFileAtomically(const QString &path, const QByteArray &bytes, int mode)
{
    const QFileInfo info(path);
    if (!makePrivateDirectory(info.path()))
        return failure(path, errno ? errno : ENOENT);
    const QByteArray directory = QFile::encodeName(info.path());
    QByteArray temporary;
    int fd = createTemporaryFile(AT_FDCWD, directory + '/', QFile::encodeName(info.fileName()),
                                 mode, &temporary);
    if (fd < 0)
        return failure(path, errno);
    const auto discard = [&](int error) {
        ::unlink(temporary.constData());
        return failure(path, error);
    };
    const auto abandon = [&](int error) {
        ::close(fd);
        return discard(error);
    };
    if (!writeAll(fd, bytes))
        return abandon(errno);
    if (::fsync(fd) != 0)
        return abandon(errno);
    // What reached the disk is what we meant to write: never rename anything else over the
    // old file.
    struct stat written
    {
    };
    if (::fstat(fd, &written) != 0)
        return abandon(errno);
    if (written.st_size != bytes.size())
        return abandon(EIO);
    ::fchmod(fd, mode_t(mode)); // the umask may have taken bits away
    if (::close(fd) != 0)
        return discard(errno);
    if (::rename(temporary.constData(), QFile::encodeName(path).constData()) != 0)
        return discard(errno);
    syncDirectory(directory);
    return {};
}

QString appendToFile(const QString &path, const QByteArray &bytes, int mode)
{
    if (!makePrivateDirectory(QFileInfo(path).path()))
        return failure(path, errno ? errno : ENOENT);
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, mode_t(mode));
    if (fd < 0)
        return failure(path, errno);
    struct stat before
    {
    };
    if (::fstat(fd, &before) != 0) {
        const int error = errno;
        ::close(fd);
        return failure(path, error);
    }
    if (!writeAll(fd, bytes) || ::fdatasync(fd) != 0) {
        const int error = errno;
        // All or nothing: what part of it went in is taken out again.
        if (::ftruncate(fd, before.st_size) == 0)
            ::fdatasync(fd);
        ::close(fd);
        return failure(path, error);
    }
    if (::close(fd) != 0)
        return failure(path, errno);
    return {};
}

namespace Testing {
void setWriteBudget(qint64 bytes)
{
    g_writeBudget.store(bytes);
}
} // namespace Testing

} // namespace Acp
