#pragma once

#include "registryagent.h"

#include <QHash>
#include <QObject>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QProcess;

namespace Acp {

// The registry's network and disk work, on AgentRegistry's worker thread: fetching the index
// (with its ETag), the icon and agent caches, and downloading, verifying and unpacking binary
// agents. Short file writes block this thread, never the GUI's; tar and unzip run as
// asynchronous processes, so that Cancel and quitting can stop them. Internal to AgentRegistry.
class RegistryWorker final : public QObject
{
    Q_OBJECT
public:
    RegistryWorker(const QString &cacheDir, const QString &dataDir);

    void refresh(const QString &url);
    void fetchIcon(const QString &id, const QString &url);
    void install(const Acp::RegistryAgent &agent);
    void cancelInstall(const QString &id);

    // Largest registry index, icon and agent download accepted.
    static constexpr qint64 MaxIndexBytes = 16 * 1024 * 1024;
    static constexpr qint64 MaxIconBytes = 512 * 1024;
    static constexpr qint64 MaxArchiveBytes = 2LL * 1024 * 1024 * 1024;

Q_SIGNALS:
    void cacheRead(const Acp::RegistryIndex &index, const QDateTime &fetchedAt);
    void refreshed(const Acp::RegistryIndex &index, bool changed);
    void refreshFailed(const QString &error);
    void iconReady(const QString &id, const QByteArray &data);
    void installProgress(const QString &id, qint64 received, qint64 total);
    void installUnpacking(const QString &id);
    void installed(const QString &id, const QString &installDir);
    void installFailed(const QString &id, const QString &error);

private:
    QNetworkAccessManager *network();
    QNetworkReply *get(const QString &url, qint64 limit, const QString &ifNoneMatch = {});
    // Unpacks `archive` (downloaded from binary.archive) into `dir`, then calls `done` with
    // the problem, or an empty string once binary.cmd is a file inside `dir`.
    void unpack(const QString &id, const QString &archive, const RegistryBinary &binary,
                const QString &dir, const std::function<void(const QString &)> &done);
    static QString checkCommand(const QString &dir, const QString &cmd);

    QString m_cacheDir;
    QString m_dataDir;
    QNetworkAccessManager *m_network = nullptr;
    QHash<QString, QNetworkReply *> m_downloads; // by agent id
    QHash<QString, QProcess *> m_unpacking; // by agent id
};

} // namespace Acp
