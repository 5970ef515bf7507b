#include "permissionpolicy.h"

namespace Acp {

namespace {

const QString Group = QStringLiteral("permissions");

// Agent keys are profile names: keep them from splitting QSettings groups.
QString escaped(const QString &agentKey)
{
    return QString::fromLatin1(agentKey.toUtf8().toPercentEncoding());
}

} // namespace

PermissionPolicy::PermissionPolicy(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{ }

QSettings *PermissionPolicy::settings() const
{
    if (m_settings)
        return m_settings;
    if (!m_ownSettings)
        m_ownSettings = std::make_unique<QSettings>();
    return m_ownSettings.get();
}

QString PermissionPolicy::key(const QString &agentKey, ToolKind kind)
{
    return Group + QLatin1Char('/') + escaped(agentKey) + QLatin1Char('/') + toString(kind);
}

std::optional<PermissionPolicy::Decision> PermissionPolicy::decision(const QString &agentKey,
                                                                     ToolKind kind) const
{
    const QString value = settings()->value(key(agentKey, kind)).toString();
    if (value == QLatin1String("allow"))
        return Decision::Allow;
    if (value == QLatin1String("reject"))
        return Decision::Reject;
    return std::nullopt;
}

void PermissionPolicy::remember(const QString &agentKey, ToolKind kind, Decision decision)
{
    settings()->setValue(key(agentKey, kind),
                         decision == Decision::Allow ? QStringLiteral("allow")
                                                     : QStringLiteral("reject"));
    Q_EMIT changed();
}

void PermissionPolicy::forget(const QString &agentKey, ToolKind kind)
{
    settings()->remove(key(agentKey, kind));
    Q_EMIT changed();
}

QList<PermissionPolicy::Entry> PermissionPolicy::entries() const
{
    QList<Entry> result;
    QSettings *s = settings();
    s->beginGroup(Group);
    const QStringList agents = s->childGroups();
    for (const QString &agent : agents) {
        s->beginGroup(agent);
        const QStringList kinds = s->childKeys();
        for (const QString &kindName : kinds) {
            Json::Context ctx;
            ToolKind kind = ToolKind::Other;
            read(QJsonValue(kindName), kind, ctx);
            const Decision decision = s->value(kindName).toString() == QLatin1String("allow")
                ? Decision::Allow
                : Decision::Reject;
            result.append({QString::fromUtf8(QByteArray::fromPercentEncoding(agent.toLatin1())),
                           kind, decision});
        }
        s->endGroup();
    }
    s->endGroup();
    return result;
}

} // namespace Acp
