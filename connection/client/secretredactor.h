#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Acp {

struct AgentProfile;

// Hides the secrets a user gave an agent (API keys and tokens in a profile's environment)
// wherever the app shows or saves what the agent did: the protocol inspector and its saved
// traffic, and the agent's stderr shown after a failure. The agent itself gets the real values.
class SecretRedactor
{
public:
    SecretRedactor() = default;
    // Values shorter than 6 characters are ignored: they would hide ordinary text.
    explicit SecretRedactor(const QStringList &secrets);
    // Every secret the agent of `profile` was given: its environment's values that look secret
    // (see looksSecret()), the env values and headers of its MCP servers that do, and the
    // credentials it inherits from the user's own environment (variables named like one, such
    // as ANTHROPIC_API_KEY or GITHUB_TOKEN).
    static SecretRedactor forProfile(const AgentProfile &profile);
    // Whether `text` holds any of the secrets.
    bool finds(const QString &text) const;
    // A variable whose name says it is a credential (KEY, TOKEN, SECRET, PASSWORD, AUTH, ...),
    // or whose value looks like a generated token (long, no spaces, letters and digits, not a
    // path).
    static bool looksSecret(const QString &name, const QString &value);

    bool isEmpty() const { return m_secrets.isEmpty(); }
    // Every occurrence of a secret, as text or as it appears inside a JSON string, replaced.
    QByteArray redact(QByteArray text) const;
    QString redact(const QString &text) const;

    static constexpr char Marker[] = "[redacted]";

private:
    QList<QByteArray> m_secrets; // UTF-8 and JSON-escaped forms, longest first
};

} // namespace Acp
