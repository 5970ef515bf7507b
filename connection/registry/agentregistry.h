#pragma once

#include "registryagent.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QThread>

namespace Acp {

class RegistryWorker;

// The ACP agent registry, for the GUI thread: the list of agents (from the network, or the
// cached copy when offline), their icons, and binary agents installed into the app's data
// folder. All network and disk work happens on a worker thread; results arrive as signals.
class AgentRegistry final : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Empty, // nothing fetched yet
        Loading, // fetching (a cached copy may be shown meanwhile)
        Fresh, // the registry's current list
        Offline, // the registry could not be reached: the cached copy is shown
        Failed, // nothing to show
    };
    Q_ENUM(State)

    // The default folders: the app's cache (registry, icons) and data (installed agents).
    explicit AgentRegistry(QObject *parent = nullptr);
    AgentRegistry(const QString &cacheDir, const QString &dataDir, QObject *parent = nullptr);
    ~AgentRegistry() override;

    // Settings > General > Agent registry; the public registry by default.
    static QString url();
    static void setUrl(const QString &url);

    void refresh();
    State state() const { return m_state; }
    // What the user should know about the list: offline and since when, or why it failed.
    QString statusText() const { return m_status; }
    QList<RegistryAgent> agents() const { return m_index.agents; }
    std::optional<RegistryAgent> agent(const QString &id) const;

    void fetchIcon(const RegistryAgent &agent);
    // Downloads, verifies and unpacks a binary agent (ask the user first: the UI does).
    void install(const RegistryAgent &agent);
    void cancelInstall(const QString &id);
    QString dataDir() const { return m_dataDir; }

Q_SIGNALS:
    void changed();
    void iconReady(const QString &id, const QByteArray &svg);
    void installProgress(const QString &id, qint64 received, qint64 total);
    void installUnpacking(const QString &id); // downloaded and verified; tar or unzip runs
    void installed(const QString &id, const Acp::AgentProfile &profile);
    void installFailed(const QString &id, const QString &error);

private:
    void setState(State state, const QString &status);

    QString m_cacheDir;
    QString m_dataDir;
    QThread m_thread;
    RegistryWorker *m_worker; // lives in m_thread, deleted when it finishes
    RegistryIndex m_index;
    QString m_indexUrl; // the address m_index came from
    QDateTime m_cachedAt;
    bool m_haveCache = false;
    State m_state = State::Empty;
    QString m_status;
    QHash<QString, RegistryAgent> m_installing;
};

} // namespace Acp

Q_DECLARE_METATYPE(Acp::RegistryIndex)
Q_DECLARE_METATYPE(Acp::RegistryAgent)
