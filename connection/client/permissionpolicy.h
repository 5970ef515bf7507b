#pragma once

#include "toolcall.h"

#include <QObject>
#include <QSettings>

namespace Acp {

// Remembered "always" permission decisions, per agent and tool kind, kept in QSettings so that
// they survive restarts and can be listed and revoked in the settings UI.
class PermissionPolicy final : public QObject
{
    Q_OBJECT
public:
    enum class Decision { Allow, Reject };
    Q_ENUM(Decision)

    struct Entry
    {
        QString agentKey;
        ToolKind kind = ToolKind::Other;
        Decision decision = Decision::Allow;
    };

    // Uses `settings` (not owned) or, when null, the application's default QSettings.
    explicit PermissionPolicy(QSettings *settings = nullptr, QObject *parent = nullptr);

    std::optional<Decision> decision(const QString &agentKey, ToolKind kind) const;
    void remember(const QString &agentKey, ToolKind kind, Decision decision);
    void forget(const QString &agentKey, ToolKind kind);
    QList<Entry> entries() const;

Q_SIGNALS:
    void changed();

private:
    QSettings *settings() const;
    static QString key(const QString &agentKey, ToolKind kind);

    QSettings *m_settings = nullptr;
    mutable std::unique_ptr<QSettings> m_ownSettings;
};

} // namespace Acp
