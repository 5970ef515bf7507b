#include "agentregistry.h"

#include "registryworker.h"

#include <QDir>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>

namespace Acp {

AgentRegistry::AgentRegistry(QObject *parent)
    : AgentRegistry(QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation))
                        .filePath(QStringLiteral("registry")),
                    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                        .filePath(QStringLiteral("agents")),
                    parent)
{ }

AgentRegistry::AgentRegistry(const QString &cacheDir, const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_cacheDir(cacheDir)
    , m_dataDir(dataDir)
    , m_worker(new RegistryWorker(cacheDir, dataDir))
{
    m_thread.setObjectName(QStringLiteral("registry"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &RegistryWorker::cacheRead, this,
            [this](const RegistryIndex &index, const QDateTime &fetchedAt) {
                m_haveCache = true;
                m_cachedAt = fetchedAt;
                if (m_state != State::Fresh) {
                    m_index = index;
                    Q_EMIT changed();
                }
            });
    connect(m_worker, &RegistryWorker::refreshed, this, [this](const RegistryIndex &index) {
        m_index = index;
        m_haveCache = true;
        m_cachedAt = QDateTime::currentDateTimeUtc();
        setState(State::Fresh,
                 index.skipped ? tr("%n registry entries could not be read and are "
                                    "not shown.",
                                    nullptr, index.skipped)
                               : QString());
    });
    connect(m_worker, &RegistryWorker::refreshFailed, this, [this](const QString &error) {
        if (m_haveCache)
            setState(State::Offline,
                     tr("The registry could not be reached (%1). Showing the copy from %2.")
                         .arg(error,
                              QLocale().toString(m_cachedAt.toLocalTime(), QLocale::ShortFormat)));
        else
            setState(State::Failed, tr("The registry could not be loaded: %1").arg(error));
    });
    connect(m_worker, &RegistryWorker::iconReady, this, &AgentRegistry::iconReady);
    connect(m_worker, &RegistryWorker::installProgress, this, &AgentRegistry::installProgress);
    connect(m_worker, &RegistryWorker::installUnpacking, this, &AgentRegistry::installUnpacking);
    connect(m_worker, &RegistryWorker::installed, this,
            [this](const QString &id, const QString &dir) {
                const RegistryAgent agent = m_installing.take(id);
                Q_EMIT installed(id, agent.profile(RegistryAgent::Distribution::Binary, dir));
            });
    connect(m_worker, &RegistryWorker::installFailed, this,
            [this](const QString &id, const QString &error) {
                m_installing.remove(id);
                Q_EMIT installFailed(id, error);
            });
    m_thread.start();
}

AgentRegistry::~AgentRegistry()
{
    // The worker's event loop ends after its current event; downloads in flight are dropped
    // with their temporary files, and an unpacking tar is killed with its QProcess.
    m_thread.quit();
    m_thread.wait();
}

QString AgentRegistry::url()
{
    return QSettings().value(QStringLiteral("registry/url"), Registry::defaultUrl()).toString();
}

void AgentRegistry::setUrl(const QString &url)
{
    if (url.isEmpty() || url == Registry::defaultUrl())
        QSettings().remove(QStringLiteral("registry/url"));
    else
        QSettings().setValue(QStringLiteral("registry/url"), url);
}

void AgentRegistry::refresh()
{
    // Another address: what was shown belongs to the old one.
    if (url() != m_indexUrl) {
        m_indexUrl = url();
        m_index = {};
        m_haveCache = false;
    }
    setState(State::Loading, QString());
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, url = url()] { worker->refresh(url); });
}

std::optional<RegistryAgent> AgentRegistry::agent(const QString &id) const
{
    for (const RegistryAgent &a : m_index.agents)
        if (a.id == id)
            return a;
    return std::nullopt;
}

void AgentRegistry::fetchIcon(const RegistryAgent &agent)
{
    if (agent.iconUrl.isEmpty())
        return;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id = agent.id, url = agent.iconUrl] {
        worker->fetchIcon(id, url);
    });
}

void AgentRegistry::install(const RegistryAgent &agent)
{
    if (m_installing.contains(agent.id))
        return;
    m_installing.insert(agent.id, agent);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, agent] { worker->install(agent); });
}

void AgentRegistry::cancelInstall(const QString &id)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id] { worker->cancelInstall(id); });
}

void AgentRegistry::setState(State state, const QString &status)
{
    m_state = state;
    m_status = status;
    Q_EMIT changed();
}

} // namespace Acp
