#include "secretredactor.h"

#include "agentprofile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace Acp {

SecretRedactor::SecretRedactor(const QStringList &secrets)
{
    for (const QString &secret : secrets) {
        if (secret.size() < 6)
            continue;
        const QByteArray utf8 = secret.toUtf8();
        m_secrets.append(utf8);
        // Inside a JSON line the value is escaped ("\"", "\\", "\u00e9" stays raw in Qt's output).
        QByteArray escaped = QJsonDocument(QJsonArray{secret}).toJson(QJsonDocument::Compact);
        escaped = escaped.mid(2, escaped.size() - 4); // strip `["` and `"]`
        if (escaped != utf8)
            m_secrets.append(escaped);
    }
    // Longest first, so that a secret containing another is hidden whole.
    std::sort(m_secrets.begin(), m_secrets.end(),
              [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
}

SecretRedactor SecretRedactor::forProfile(const AgentProfile &profile)
{
    QStringList secrets;
    for (auto it = profile.environment.cbegin(); it != profile.environment.cend(); ++it) {
        if (looksSecret(it.key(), it.value()))
            secrets.append(it.value());
    }
    return SecretRedactor(secrets);
}

bool SecretRedactor::looksSecret(const QString &name, const QString &value)
{
    if (value.size() < 6)
        return false;
    static const QRegularExpression credentialName(
        QStringLiteral("KEY|TOKEN|SECRET|PASS|PWD|AUTH|CREDENTIAL|COOKIE|BEARER|PRIVATE"),
        QRegularExpression::CaseInsensitiveOption);
    if (credentialName.match(name).hasMatch())
        return true;
    static const QRegularExpression tokenLike(
        QStringLiteral("^(?=.*[A-Za-z])(?=.*[0-9])[^\\s/]{20,}$"));
    return tokenLike.match(value).hasMatch();
}

QByteArray SecretRedactor::redact(QByteArray text) const
{
    for (const QByteArray &secret : m_secrets)
        text.replace(secret, Marker);
    return text;
}

QString SecretRedactor::redact(const QString &text) const
{
    return m_secrets.isEmpty() ? text : QString::fromUtf8(redact(text.toUtf8()));
}

} // namespace Acp
