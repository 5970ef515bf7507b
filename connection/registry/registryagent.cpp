#include "registryagent.h"

#include "enumtable.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSysInfo>
#include <QUrl>

#include <algorithm>

namespace Acp {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Acp::Registry", text);
}

// The keys of an entry's `distribution` object.
constexpr Json::EnumTable<RegistryAgent::Distribution, 3> Distributions{
    {{{RegistryAgent::Distribution::Npx, QLatin1String("npx")},
      {RegistryAgent::Distribution::Uvx, QLatin1String("uvx")},
      {RegistryAgent::Distribution::Binary, QLatin1String("binary")}}},
    RegistryAgent::Distribution::Binary};

QStringList strings(const QJsonValue &value)
{
    QStringList result;
    for (const QJsonValue &v : value.toArray())
        if (v.isString())
            result << v.toString();
    return result;
}

QMap<QString, QString> stringMap(const QJsonValue &value)
{
    QMap<QString, QString> result;
    const QJsonObject o = value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.value().isString())
            result.insert(it.key(), it.value().toString());
    return result;
}

std::optional<RegistryPackage> package(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    const QString name = o.value(QLatin1String("package")).toString();
    if (name.isEmpty())
        return std::nullopt;
    return RegistryPackage{name, o.value(QLatin1String("cmd")).toString(),
                           strings(o.value(QLatin1String("args"))),
                           stringMap(o.value(QLatin1String("env")))};
}

std::optional<RegistryAgent> agent(const QJsonObject &o)
{
    static const QRegularExpression idPattern(QStringLiteral("^[a-z][a-z0-9-]*$"));
    static const QRegularExpression sha256(QStringLiteral("^[a-fA-F0-9]{64}$"));
    // The version names a folder of ours: no separators, no "." or "..".
    static const QRegularExpression versionPattern(QStringLiteral("^[0-9A-Za-z][0-9A-Za-z.+_-]*$"));
    RegistryAgent a;
    a.id = o.value(QLatin1String("id")).toString();
    a.name = o.value(QLatin1String("name")).toString().trimmed();
    a.version = o.value(QLatin1String("version")).toString();
    a.description = o.value(QLatin1String("description")).toString().trimmed();
    if (!idPattern.match(a.id).hasMatch() || a.name.isEmpty()
        || !versionPattern.match(a.version).hasMatch() || a.version.contains(QLatin1String("..")))
        return std::nullopt;
    a.repository = o.value(QLatin1String("repository")).toString();
    a.website = o.value(QLatin1String("website")).toString();
    a.license = o.value(QLatin1String("license")).toString();
    a.iconUrl = o.value(QLatin1String("icon")).toString();
    a.authors = strings(o.value(QLatin1String("authors")));
    const QJsonObject distribution = o.value(QLatin1String("distribution")).toObject();
    const auto key = [](RegistryAgent::Distribution d) { return Distributions.name(d); };
    a.npx = package(distribution.value(key(RegistryAgent::Distribution::Npx)));
    a.uvx = package(distribution.value(key(RegistryAgent::Distribution::Uvx)));
    const QJsonObject binary
        = distribution.value(key(RegistryAgent::Distribution::Binary)).toObject();
    for (auto it = binary.begin(); it != binary.end(); ++it) {
        const QJsonObject t = it.value().toObject();
        RegistryBinary b{it.key(),
                         t.value(QLatin1String("archive")).toString(),
                         t.value(QLatin1String("sha256")).toString().toLower(),
                         t.value(QLatin1String("cmd")).toString(),
                         strings(t.value(QLatin1String("args"))),
                         stringMap(t.value(QLatin1String("env")))};
        // A checksum that is not one is treated as a broken entry, never as "no checksum"; a
        // download must come over https (plain http only from this machine: a local mirror).
        const QUrl archive(b.archive);
        const bool secure = archive.scheme() == QLatin1String("https")
            || (archive.scheme() == QLatin1String("http")
                && (archive.host() == QLatin1String("127.0.0.1")
                    || archive.host() == QLatin1String("localhost")));
        const QString cmd = QDir::cleanPath(b.cmd);
        if (!secure || b.cmd.isEmpty() || QDir::isAbsolutePath(b.cmd) || cmd == QLatin1String(".")
            || cmd == QLatin1String("..") || cmd.startsWith(QLatin1String("../"))
            || (!b.sha256.isEmpty() && !sha256.match(b.sha256).hasMatch()))
            return std::nullopt;
        a.binaries.append(b);
    }
    if (!a.npx && !a.uvx && a.binaries.isEmpty())
        return std::nullopt;
    return a;
}

AgentProfile packageProfile(const RegistryAgent &agent, const QString &runner,
                            const QStringList &prefix, const QString &fromFlag,
                            const RegistryPackage &p)
{
    AgentProfile profile;
    profile.name = agent.name;
    profile.program = runner;
    profile.arguments = prefix;
    if (p.cmd.isEmpty())
        profile.arguments << p.package;
    else
        profile.arguments << fromFlag << p.package << p.cmd;
    profile.arguments += p.args;
    profile.environment = p.env;
    return profile;
}

} // namespace

QList<RegistryAgent::Distribution> RegistryAgent::distributions() const
{
    QList<Distribution> result;
    if (npx)
        result << Distribution::Npx;
    if (uvx)
        result << Distribution::Uvx;
    if (binaryForThisPlatform())
        result << Distribution::Binary;
    return result;
}

std::optional<RegistryBinary> RegistryAgent::binaryForThisPlatform() const
{
    const QString platform = Registry::currentPlatform();
    for (const RegistryBinary &b : binaries)
        if (b.platform == platform)
            return b;
    return std::nullopt;
}

AgentProfile RegistryAgent::profile(Distribution distribution, const QString &installDir) const
{
    switch (distribution) {
    case Distribution::Npx:
        return npx ? packageProfile(*this, QStringLiteral("npx"), {QStringLiteral("-y")},
                                    QStringLiteral("--package"), *npx)
                   : AgentProfile{};
    case Distribution::Uvx:
        return uvx
            ? packageProfile(*this, QStringLiteral("uvx"), {}, QStringLiteral("--from"), *uvx)
            : AgentProfile{};
    case Distribution::Binary: {
        const auto binary = binaryForThisPlatform();
        if (!binary || installDir.isEmpty())
            return {};
        AgentProfile profile;
        profile.name = name;
        profile.program = QDir::cleanPath(QDir(installDir).filePath(binary->cmd));
        profile.arguments = binary->args;
        profile.environment = binary->env;
        return profile;
    }
    }
    return {};
}

namespace Registry {

QString defaultUrl()
{
    return QStringLiteral("https://cdn.agentclientprotocol.com/registry/v1/latest/registry.json");
}

QString currentPlatform()
{
    QString arch = QSysInfo::currentCpuArchitecture();
    if (arch == QLatin1String("arm64"))
        arch = QStringLiteral("aarch64");
    QString os = QSysInfo::kernelType(); // "linux", "darwin", "winnt"
    if (os == QLatin1String("winnt"))
        os = QStringLiteral("windows");
    return os + QLatin1Char('-') + arch;
}

QString distributionName(RegistryAgent::Distribution distribution)
{
    // npx and uvx are the commands' names; "binary" is a word, so translated.
    if (distribution == RegistryAgent::Distribution::Binary)
        return tr("binary");
    return Distributions.name(distribution);
}

std::optional<RegistryIndex> parse(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    const QJsonValue agents = doc.object().value(QLatin1String("agents"));
    if (parseError.error != QJsonParseError::NoError || !agents.isArray()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError
                ? tr("The registry is not valid JSON: %1").arg(parseError.errorString())
                : tr("The registry has no list of agents.");
        return std::nullopt;
    }
    RegistryIndex index;
    for (const QJsonValue &v : agents.toArray()) {
        if (auto a = agent(v.toObject()))
            index.agents.append(*a);
        else
            ++index.skipped;
    }
    std::sort(index.agents.begin(), index.agents.end(),
              [](const RegistryAgent &a, const RegistryAgent &b) {
                  return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
              });
    return index;
}

} // namespace Registry
} // namespace Acp
