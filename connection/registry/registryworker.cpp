#include "registryworker.h"

#include "atomicfile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QUrl>

#include <memory>

namespace Acp {

namespace {

// Whether `canonicalPath` (resolved, symlinks and all) lies inside the folder `dir`.
bool isInside(const QString &canonicalPath, const QString &dir)
{
    const QString root = QFileInfo(dir).canonicalFilePath();
    return !root.isEmpty() && canonicalPath.startsWith(root + QLatin1Char('/'));
}

// Beside an installed agent: the checksum and address it was installed from, so that the
// "already installed" shortcut applies to the same build only.
QString stampPath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral(".switchboard-install"));
}

QByteArray stamp(const RegistryBinary &binary)
{
    return (binary.sha256 + QLatin1Char(' ') + binary.archive).toUtf8();
}

bool isStamped(const QString &dir, const RegistryBinary &binary)
{
    QFile file(stampPath(dir));
    return file.open(QIODevice::ReadOnly) && file.readAll() == stamp(binary);
}

QString indexPath(const QString &cacheDir)
{
    return QDir(cacheDir).filePath(QStringLiteral("registry.json"));
}

QString metaPath(const QString &cacheDir)
{
    return QDir(cacheDir).filePath(QStringLiteral("registry.meta.json"));
}

} // namespace

RegistryWorker::RegistryWorker(const QString &cacheDir, const QString &dataDir)
    : m_cacheDir(cacheDir)
    , m_dataDir(dataDir)
{ }

QNetworkAccessManager *RegistryWorker::network()
{
    // Created on first use, so that it lives in the worker thread.
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    return m_network;
}

QNetworkReply *RegistryWorker::get(const QString &url, qint64 limit, const QString &ifNoneMatch)
{
    QNetworkRequest request{QUrl(url)};
    request.setTransferTimeout(30000);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("Switchboard/%1").arg(QCoreApplication::applicationVersion()));
    if (!ifNoneMatch.isEmpty())
        request.setRawHeader("If-None-Match", ifNoneMatch.toUtf8());
    QNetworkReply *reply = network()->get(request);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, limit](qint64 received) {
        if (received > limit)
            reply->abort(); // finished() follows, with OperationCanceledError
    });
    return reply;
}

void RegistryWorker::refresh(const QString &url)
{
    // The cached copy first (when it is of this address), so the list shows at once.
    const QJsonObject meta = QJsonDocument::fromJson([&] {
                                 QFile f(metaPath(m_cacheDir));
                                 return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
                             }())
                                 .object();
    std::optional<RegistryIndex> cached;
    if (meta.value(QLatin1String("url")).toString() == url) {
        QFile file(indexPath(m_cacheDir));
        if (file.open(QIODevice::ReadOnly))
            cached = Registry::parse(file.readAll());
        if (cached)
            Q_EMIT cacheRead(*cached,
                             QDateTime::fromString(
                                 meta.value(QLatin1String("fetchedAt")).toString(), Qt::ISODate));
    }

    QNetworkReply *reply = get(url, MaxIndexBytes,
                               cached ? meta.value(QLatin1String("etag")).toString() : QString());
    connect(reply, &QNetworkReply::finished, this, [this, reply, url, cached] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 304 && cached) {
            Q_EMIT refreshed(*cached, false);
            return;
        }
        if (reply->error() != QNetworkReply::NoError) {
            Q_EMIT refreshFailed(
                reply->error() == QNetworkReply::OperationCanceledError
                    ? tr("the registry is larger than %1 MiB").arg(MaxIndexBytes / (1024 * 1024))
                    : reply->errorString());
            return;
        }
        const QByteArray body = reply->readAll();
        QString error;
        const auto index = Registry::parse(body, &error);
        if (!index) {
            Q_EMIT refreshFailed(error);
            return;
        }
        // A cache that cannot be written (disk full) costs the offline copy, nothing else.
        const QJsonObject newMeta{
            {QStringLiteral("url"), url},
            {QStringLiteral("etag"), QString::fromUtf8(reply->rawHeader("ETag"))},
            {QStringLiteral("fetchedAt"),
             QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
        if (writeFileAtomically(indexPath(m_cacheDir), body).isEmpty())
            writeFileAtomically(metaPath(m_cacheDir), QJsonDocument(newMeta).toJson());
        Q_EMIT refreshed(*index, true);
    });
}

void RegistryWorker::fetchIcon(const QString &id, const QString &url)
{
    const QString path
        = QDir(m_cacheDir)
              .filePath(
                  QStringLiteral("icons/")
                  + QString::fromLatin1(
                      QCryptographicHash::hash(url.toUtf8(), QCryptographicHash::Sha1).toHex()));
    QFile cached(path);
    if (cached.open(QIODevice::ReadOnly)) {
        Q_EMIT iconReady(id, cached.readAll());
        return;
    }
    QNetworkReply *reply = get(url, MaxIconBytes);
    connect(reply, &QNetworkReply::finished, this, [this, reply, id, path] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError)
            return; // the entry keeps its placeholder
        const QByteArray data = reply->readAll();
        writeFileAtomically(path, data); // uncached, it is fetched again next time
        Q_EMIT iconReady(id, data);
    });
}

void RegistryWorker::install(const RegistryAgent &agent)
{
    const auto binary = agent.binaryForThisPlatform();
    if (!binary) {
        Q_EMIT installFailed(
            agent.id,
            tr("There is no build of %1 for %2.").arg(agent.name, Registry::currentPlatform()));
        return;
    }
    if (m_downloads.contains(agent.id))
        return;
    const QString agentDir = QDir(m_dataDir).filePath(agent.id);
    const QString finalDir = QDir(agentDir).filePath(agent.version);
    if (!QDir::cleanPath(finalDir).startsWith(QDir::cleanPath(m_dataDir) + QLatin1Char('/'))) {
        Q_EMIT installFailed(agent.id, tr("The registry entry names no valid folder."));
        return;
    }
    // Already there, and the same build (its checksum was recorded when it was installed).
    const QFileInfo existing(agent.profile(RegistryAgent::Distribution::Binary, finalDir).program);
    if (existing.isFile() && existing.isExecutable()
        && isInside(existing.canonicalFilePath(), finalDir) && isStamped(finalDir, *binary)) {
        Q_EMIT installed(agent.id, finalDir);
        return;
    }
    if (!QDir().mkpath(agentDir)) {
        Q_EMIT installFailed(agent.id, tr("Could not create %1.").arg(agentDir));
        return;
    }
    // What an interrupted install left (the app was killed mid-download).
    for (const QFileInfo &stale : QDir(agentDir).entryInfoList(
             {QStringLiteral("download-*"), QStringLiteral("unpack-*")},
             QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        if (stale.isDir())
            QDir(stale.filePath()).removeRecursively();
        else
            QFile::remove(stale.filePath());
    }
    auto file = std::make_shared<QTemporaryFile>(
        QDir(agentDir).filePath(QStringLiteral("download-XXXXXX")));
    if (!file->open()) {
        Q_EMIT installFailed(agent.id,
                             tr("Could not write to %1: %2").arg(agentDir, file->errorString()));
        return;
    }
    auto hash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    auto writeError = std::make_shared<QString>();
    QNetworkReply *reply = get(binary->archive, MaxArchiveBytes);
    m_downloads.insert(agent.id, reply);
    connect(reply, &QNetworkReply::readyRead, this, [reply, file, hash, writeError] {
        const QByteArray chunk = reply->readAll();
        hash->addData(chunk);
        if (file->write(chunk) != chunk.size() && writeError->isEmpty()) {
            *writeError = file->errorString(); // disk full: say so, keep nothing
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::downloadProgress, this,
            [this, id = agent.id](qint64 received, qint64 total) {
                Q_EMIT installProgress(id, received, total);
            });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, file, hash, writeError, agent, binary = *binary, agentDir, finalDir] {
                reply->deleteLater();
                m_downloads.remove(agent.id);
                if (!writeError->isEmpty()) {
                    Q_EMIT installFailed(agent.id,
                                         tr("Could not save the download: %1").arg(*writeError));
                    return;
                }
                if (reply->error() != QNetworkReply::NoError) {
                    Q_EMIT installFailed(
                        agent.id,
                        reply->error() == QNetworkReply::OperationCanceledError
                            ? tr("The download was cancelled.")
                            : tr("The download failed: %1").arg(reply->errorString()));
                    return;
                }
                const QByteArray rest = reply->readAll();
                hash->addData(rest);
                if (file->write(rest) != rest.size() || !file->flush()) {
                    Q_EMIT installFailed(
                        agent.id, tr("Could not save the download: %1").arg(file->errorString()));
                    return;
                }
                const QString actual = QString::fromLatin1(hash->result().toHex());
                if (!binary.sha256.isEmpty() && actual != binary.sha256) {
                    Q_EMIT installFailed(
                        agent.id,
                        tr("The download does not match the registry's checksum (SHA-256 %1, "
                           "expected %2). Nothing was installed.")
                            .arg(actual, binary.sha256));
                    return;
                }
                auto unpacked = std::make_shared<QTemporaryDir>(
                    QDir(agentDir).filePath(QStringLiteral("unpack-XXXXXX")));
                if (!unpacked->isValid()) {
                    Q_EMIT installFailed(agent.id, tr("Could not write to %1.").arg(agentDir));
                    return;
                }
                // The download (`file`) lives until the unpacking is over.
                unpack(agent.id, file->fileName(), binary, unpacked->path(),
                       [this, file, unpacked, agent, binary, finalDir](const QString &problem) {
                           if (!problem.isEmpty()) {
                               Q_EMIT installFailed(agent.id, problem);
                               return;
                           }
                           // Without its stamp (disk full) the agent still runs; the next install
                           // of it just downloads again.
                           writeFileAtomically(stampPath(unpacked->path()), stamp(binary));
                           QDir(finalDir).removeRecursively();
                           if (!QDir().rename(unpacked->path(), finalDir)) {
                               Q_EMIT installFailed(
                                   agent.id, tr("Could not move the agent to %1.").arg(finalDir));
                               return;
                           }
                           unpacked->setAutoRemove(false);
                           Q_EMIT installed(agent.id, finalDir);
                       });
            });
}

void RegistryWorker::cancelInstall(const QString &id)
{
    if (QNetworkReply *reply = m_downloads.value(id))
        reply->abort();
    if (QProcess *process = m_unpacking.value(id))
        process->kill(); // finished() follows: "Unpacking was stopped."
}

void RegistryWorker::unpack(const QString &id, const QString &archive, const RegistryBinary &binary,
                            const QString &dir, const std::function<void(const QString &)> &done)
{
    const QString path = QUrl(binary.archive).path().toLower();
    const auto endsWith = [&](std::initializer_list<const char *> suffixes) {
        return std::any_of(suffixes.begin(), suffixes.end(),
                           [&](const char *s) { return path.endsWith(QLatin1String(s)); });
    };
    QString program;
    QStringList args;
    if (endsWith({".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar"})) {
        // GNU tar drops leading "/" and refuses members with "..".
        program = QStringLiteral("tar");
        args = {QStringLiteral("-xf"), archive, QStringLiteral("-C"), dir,
                QStringLiteral("--no-same-owner")};
    } else if (endsWith({".zip"})) {
        program = QStandardPaths::findExecutable(QStringLiteral("unzip"));
        if (program.isEmpty()) {
            done(tr("Unpacking a .zip archive needs the unzip program (apt install unzip)."));
            return;
        }
        args = {QStringLiteral("-q"), archive, QStringLiteral("-d"), dir};
    } else if (endsWith({".zst", ".7z", ".rar", ".xz", ".gz", ".bz2", ".dmg", ".pkg", ".deb",
                         ".rpm", ".msi", ".appimage", ".exe"})) {
        done(tr("Switchboard cannot unpack %1.").arg(QUrl(binary.archive).fileName()));
        return;
    } else {
        // A bare executable, put where the entry's command says.
        const QString target = QDir::cleanPath(QDir(dir).filePath(binary.cmd));
        if (!target.startsWith(QDir::cleanPath(dir) + QLatin1Char('/'))
            || !QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(archive, target)) {
            done(tr("Could not copy the download into %1.").arg(dir));
            return;
        }
        done(checkCommand(dir, binary.cmd));
        return;
    }
    // Asynchronous, so that Cancel (and quitting) can stop it.
    Q_EMIT installUnpacking(id);
    auto *process = new QProcess(this);
    m_unpacking.insert(id, process);
    connect(
        process, &QProcess::finished, this,
        [this, id, process, dir, cmd = binary.cmd, done](int code, QProcess::ExitStatus status) {
            m_unpacking.remove(id);
            process->deleteLater();
            if (status != QProcess::NormalExit)
                done(tr("Unpacking was stopped."));
            else if (code != 0)
                done(tr("Could not unpack the download: %1")
                         .arg(QString::fromLocal8Bit(process->readAllStandardError()).trimmed()));
            else
                done(checkCommand(dir, cmd));
        });
    connect(process, &QProcess::errorOccurred, this,
            [this, id, process, done](QProcess::ProcessError error) {
                if (error != QProcess::FailedToStart)
                    return; // the others end in finished()
                m_unpacking.remove(id);
                process->deleteLater();
                done(tr("Could not unpack the download: %1").arg(process->errorString()));
            });
    process->start(program, args);
}

QString RegistryWorker::checkCommand(const QString &dir, const QString &cmd)
{
    // The command must be a file inside what was unpacked, whatever the registry says.
    const QFileInfo command(QDir::cleanPath(QDir(dir).filePath(cmd)));
    const QString resolved = command.canonicalFilePath();
    if (resolved.isEmpty() || !command.isFile())
        return tr("The download does not contain %1.").arg(cmd);
    if (!isInside(resolved, dir))
        return tr("The registry's command %1 points outside the agent's folder; refused.").arg(cmd);
    QFile::setPermissions(
        resolved, QFile::permissions(resolved) | QFileDevice::ExeOwner | QFileDevice::ReadOwner);
    return {};
}

} // namespace Acp
