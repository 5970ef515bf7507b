#include "filesystemservice.h"

#include "atomicfile.h"
#include "clientlogging.h"
#include "pinneddirectory.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QUrl>

#include <cerrno>

namespace Acp {

namespace {

RpcError outside(const QString &path)
{
    return {ErrorCode::InvalidParams,
            FileSystemService::tr("%1 is outside the session's directories").arg(path),
            QJsonObject{{QStringLiteral("path"), path}}};
}

RpcError failure(const QString &what, const QString &path, const QString &reason)
{
    return {ErrorCode::InternalError, QStringLiteral("%1 %2: %3").arg(what, path, reason),
            QJsonObject{{QStringLiteral("path"), path}}};
}

template<typename Result, typename Function>
void runOnPool(QThreadPool &pool, QObject *context, Function work,
               std::function<void(const Result &)> done)
{
    QPointer<QObject> guard(context);
    pool.start([guard, work = std::move(work), done = std::move(done)] {
        Result result = work();
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, done, result] {
                if (guard)
                    done(result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace

FileSystemService::FileSystemService(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("acp-fs"));
}

FileSystemService::~FileSystemService()
{
    // Work in flight finishes (a write is never cut in half); results go nowhere.
    m_pool.waitForDone();
}

void FileSystemService::setWriteFault(std::function<std::optional<QString>(const QString &)> fault)
{
    m_writeFault = std::move(fault);
}

void FileSystemService::setAfterResolve(std::function<void(const QString &)> hook)
{
    m_afterResolve = std::move(hook);
}

std::variant<QString, RpcError> FileSystemService::resolve(const QString &path,
                                                           const QStringList &roots)
{
    if (path.isEmpty() || !QDir::isAbsolutePath(path))
        return RpcError{
            ErrorCode::InvalidParams, tr("the path must be absolute: %1").arg(path), {}};
    // `..` first, then symlinks: the deepest existing ancestor is canonicalised and the
    // remainder (not yet created) appended.
    const QString clean = QDir::cleanPath(path);
    QString existing = clean;
    QStringList rest;
    while (!QFileInfo::exists(existing)) {
        const QFileInfo info(existing);
        rest.prepend(info.fileName());
        const QString parent = info.path();
        if (parent == existing)
            break;
        existing = parent;
    }
    QString resolved = QFileInfo(existing).canonicalFilePath();
    if (resolved.isEmpty())
        return outside(path);
    for (const QString &part : std::as_const(rest))
        resolved += QLatin1Char('/') + part;
    resolved = QDir::cleanPath(resolved);
    for (const QString &root : roots) {
        const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
        if (canonicalRoot.isEmpty())
            continue;
        if (resolved == canonicalRoot || resolved.startsWith(canonicalRoot + QLatin1Char('/'))
            || canonicalRoot == QLatin1String("/"))
            return resolved;
    }
    return outside(path);
}

void FileSystemService::read(const ReadTextFileRequest &request, const QStringList &roots,
                             QObject *context, std::function<void(const ReadResult &)> done)
{
    runOnPool<ReadResult>(
        m_pool, context, [this, request, roots] { return readNow(request, roots); },
        std::move(done));
}

void FileSystemService::write(const WriteTextFileRequest &request, const QStringList &roots,
                              QObject *context, std::function<void(const WriteResult &)> done)
{
    runOnPool<WriteResult>(
        m_pool, context, [this, request, roots] { return writeNow(request, roots); },
        std::move(done));
}

FileSystemService::ReadResult FileSystemService::readNow(const ReadTextFileRequest &request,
                                                         const QStringList &roots) const
{
    const auto resolved = resolve(request.path, roots);
    if (const auto *error = std::get_if<RpcError>(&resolved))
        return *error;
    const QString &path = std::get<QString>(resolved);
    if (m_afterResolve)
        m_afterResolve(path);
    // Read through the directory that was checked, refusing links (see PinnedDirectory).
    const QFileInfo info(path);
    int error = 0;
    const auto directory = PinnedDirectory::open(info.path(), false, &error);
    std::optional<QByteArray> bytes;
    if (directory)
        bytes = directory->read(info.fileName(), MaxReadSize, &error);
    if (!bytes) {
        if (error == ENOENT) {
            return RpcError{
                ErrorCode::ResourceNotFound, tr("no such file: %1").arg(request.path),
                QJsonObject{{QStringLiteral("uri"), QUrl::fromLocalFile(request.path).toString()}}};
        }
        if (error == ELOOP || error == ENOTDIR)
            return outside(request.path); // a link swapped in after the check
        if (error == EISDIR)
            return failure(tr("cannot read"), request.path, tr("it is a directory"));
        if (error == ENODEV)
            return failure(tr("cannot read"), request.path,
                           tr("it is not a regular file (a pipe, a device or a socket)"));
        if (error == EFBIG)
            return failure(tr("cannot read"), request.path,
                           tr("the file is larger than %1 bytes").arg(MaxReadSize));
        return failure(tr("cannot read"), request.path, qt_error_string(error));
    }
    const QString text = QString::fromUtf8(*bytes);
    if (!request.line && !request.limit)
        return text;
    // Lines are 1-based; each keeps its line break so that a slice reads like the file.
    const qint64 first = qMax<qint64>(1, request.line.value_or(1));
    const qint64 limit = request.limit.value_or(std::numeric_limits<qint64>::max());
    qint64 lineNumber = 1;
    qsizetype start = 0;
    while (lineNumber < first && start < text.size()) {
        const qsizetype newline = text.indexOf(QLatin1Char('\n'), start);
        if (newline < 0) {
            start = text.size();
            break;
        }
        start = newline + 1;
        ++lineNumber;
    }
    if (lineNumber < first || limit <= 0)
        return QString();
    qsizetype end = start;
    for (qint64 taken = 0; taken < limit && end < text.size(); ++taken) {
        const qsizetype newline = text.indexOf(QLatin1Char('\n'), end);
        end = newline < 0 ? text.size() : newline + 1;
    }
    return text.mid(start, end - start);
}

FileSystemService::WriteResult FileSystemService::writeNow(const WriteTextFileRequest &request,
                                                           const QStringList &roots) const
{
    const auto resolved = resolve(request.path, roots);
    if (const auto *error = std::get_if<RpcError>(&resolved))
        return *error;
    const QString &path = std::get<QString>(resolved);
    if (m_afterResolve)
        m_afterResolve(path);
    const QFileInfo info(path);
    // Everything below happens in the directory that was checked: its path is walked without
    // following links, and the file is created and renamed relative to it.
    int error = 0;
    const auto directory = PinnedDirectory::open(info.path(), true, &error);
    if (!directory) {
        return failure(tr("cannot write"), request.path,
                       error == ENOTDIR
                           ? tr("a folder on its path is not a folder (or was "
                                "replaced by a link)")
                           : tr("cannot create its directory: %1").arg(qt_error_string(error)));
    }
    const PinnedDirectory::Entry existing = directory->entry(info.fileName());
    if (existing.isSymlink)
        return outside(request.path); // it was not a link when checked: swapped in since
    if (existing.isDirectory)
        return failure(tr("cannot write"), request.path, tr("it is a directory"));
    // The rename would replace a read-only file: refuse it instead.
    if (existing.exists && !existing.writable)
        return failure(tr("cannot write"), request.path, tr("the file is read-only"));
    const QByteArray bytes = request.content.toUtf8();
    PinnedDirectory::AtomicWrite file(*directory, info.fileName());
    if (!file.write(bytes, &error))
        return failure(tr("cannot write"), request.path, writeErrorString(error));
    if (m_writeFault) {
        if (const auto fault = m_writeFault(path))
            return failure(tr("cannot write"), request.path, *fault);
    }
    const std::optional<mode_t> mode
        = existing.exists ? std::optional<mode_t>(existing.mode) : std::nullopt;
    if (!file.commit(mode, &error))
        return failure(tr("cannot write"), request.path, writeErrorString(error));
    qCDebug(lcAcpFs) << "wrote" << bytes.size() << "bytes to" << path;
    return std::nullopt;
}

} // namespace Acp
