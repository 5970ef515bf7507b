#include "filesystemservice.h"

#include "logging.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QSaveFile>
#include <QStorageInfo>
#include <QUrl>

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

// Why a write failed, in words: QSaveFile often only knows "Unknown error" for a full disk.
QString writeFailureReason(const QFileDevice &file, const QString &directory, qint64 size)
{
    const QStorageInfo storage(directory);
    if (storage.isValid() && storage.bytesAvailable() < size)
        return FileSystemService::tr("no space left on the device");
    return file.errorString();
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
        m_pool, context, [request, roots] { return readNow(request, roots); }, std::move(done));
}

void FileSystemService::write(const WriteTextFileRequest &request, const QStringList &roots,
                              QObject *context, std::function<void(const WriteResult &)> done)
{
    runOnPool<WriteResult>(
        m_pool, context, [this, request, roots] { return writeNow(request, roots); },
        std::move(done));
}

FileSystemService::ReadResult FileSystemService::readNow(const ReadTextFileRequest &request,
                                                         const QStringList &roots)
{
    const auto resolved = resolve(request.path, roots);
    if (const auto *error = std::get_if<RpcError>(&resolved))
        return *error;
    const QString &path = std::get<QString>(resolved);
    QFile file(path);
    if (!file.exists()) {
        return RpcError{
            ErrorCode::ResourceNotFound, tr("no such file: %1").arg(request.path),
            QJsonObject{{QStringLiteral("uri"), QUrl::fromLocalFile(request.path).toString()}}};
    }
    if (QFileInfo(path).isDir())
        return failure(tr("cannot read"), request.path, tr("it is a directory"));
    if (file.size() > MaxReadSize)
        return failure(tr("cannot read"), request.path,
                       tr("the file is larger than %1 bytes").arg(MaxReadSize));
    if (!file.open(QIODevice::ReadOnly))
        return failure(tr("cannot read"), request.path, file.errorString());
    const QString text = QString::fromUtf8(file.readAll());
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
    const QFileInfo info(path);
    if (info.isDir())
        return failure(tr("cannot write"), request.path, tr("it is a directory"));
    // QSaveFile renames a new file over the old one, which would replace a read-only file. A
    // file without any write bit counts as read-only even for root.
    const QFile::Permissions anyWrite = QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther;
    if (info.exists() && (!info.isWritable() || !(info.permissions() & anyWrite)))
        return failure(tr("cannot write"), request.path, tr("the file is read-only"));
    if (!QDir().mkpath(info.path()))
        return failure(tr("cannot write"), request.path, tr("cannot create its directory"));
    // Writes go to the resolved path: a symlink swapped in as the last component afterwards is
    // replaced by the rename, not followed.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failure(tr("cannot write"), request.path, file.errorString());
    const QByteArray bytes = request.content.toUtf8();
    // Flushed before commit() so that a full disk is reported with errno's words (commit()
    // alone only says "Unknown error").
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        const QString reason = writeFailureReason(file, info.path(), bytes.size());
        file.cancelWriting();
        return failure(tr("cannot write"), request.path, reason);
    }
    if (m_writeFault) {
        if (const auto fault = m_writeFault(path)) {
            file.cancelWriting();
            return failure(tr("cannot write"), request.path, *fault);
        }
    }
    if (info.exists())
        file.setPermissions(info.permissions());
    if (!file.commit())
        return failure(tr("cannot write"), request.path,
                       writeFailureReason(file, info.path(), bytes.size()));
    qCDebug(lcAcpConnection) << "wrote" << bytes.size() << "bytes to" << path;
    return std::nullopt;
}

} // namespace Acp
