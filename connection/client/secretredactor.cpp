#include "secretredactor.h"

#include "agentprofile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <algorithm>

namespace Acp {

namespace {

// KEY, TOKEN, SECRET, PASSWORD, AUTH, ... in a variable's name.
bool namesACredential(const QString &name)
{
    static const QRegularExpression credentialName(
        QStringLiteral("KEY|TOKEN|SECRET|PASS|PWD|AUTH|CREDENTIAL|COOKIE|BEARER|PRIVATE"),
        QRegularExpression::CaseInsensitiveOption);
    return credentialName.match(name).hasMatch();
}

} // namespace

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
    for (const McpServer &server : profile.mcpServers) {
        for (const EnvVariable &variable : server.env) {
            if (looksSecret(variable.name, variable.value))
                secrets.append(variable.value);
        }
        for (const HttpHeader &header : server.headers) {
            if (looksSecret(header.name, header.value))
                secrets.append(header.value);
            // "Bearer <token>": the token alone also counts, wherever it shows up.
            const qsizetype space = header.value.indexOf(QLatin1Char(' '));
            if (space > 0 && looksSecret(header.name, header.value.mid(space + 1)))
                secrets.append(header.value.mid(space + 1));
        }
    }
    // Inherited: by name only (a value heuristic over the whole environment would hide
    // ordinary settings such as LS_COLORS).
    const QProcessEnvironment inherited = QProcessEnvironment::systemEnvironment();
    for (const QString &name : inherited.keys()) {
        if (name == QLatin1String("PWD") || name == QLatin1String("OLDPWD")
            || profile.environment.contains(name))
            continue; // folders, not secrets; or replaced by the profile's own value
        const QString value = inherited.value(name);
        // SSH_AUTH_SOCK, XAUTHORITY: paths, shown in ordinary tool calls.
        if (value.size() >= 6 && !value.startsWith(QLatin1Char('/')) && namesACredential(name))
            secrets.append(value);
    }
    return SecretRedactor(secrets);
}

bool SecretRedactor::finds(const QString &text) const
{
    if (m_secrets.isEmpty())
        return false;
    const QByteArray utf8 = text.toUtf8();
    return std::any_of(m_secrets.cbegin(), m_secrets.cend(),
                       [&](const QByteArray &secret) { return utf8.contains(secret); });
}

bool SecretRedactor::looksSecret(const QString &name, const QString &value)
{
    if (value.size() < 6)
        return false;
    if (namesACredential(name))
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
