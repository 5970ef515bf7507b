#pragma once

#include "agentprofile.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Acp {

// One way of running a registry agent through a package runner (npx or uvx).
struct RegistryPackage
{
    QString package; // with an optional version
    QString cmd; // when set, the package's own command to run
    QStringList args;
    QMap<QString, QString> env;
};

// A downloadable build of a registry agent for one platform.
struct RegistryBinary
{
    QString platform; // "linux-x86_64", ...
    QString archive; // URL: .tar.gz, .tgz, .tar.bz2, .tbz2, .zip or a bare executable
    QString sha256; // hex, when the registry gives one
    QString cmd; // path of the executable inside the unpacked archive
    QStringList args;
    QMap<QString, QString> env;
};

// An entry of the ACP agent registry (https://agentclientprotocol.com/get-started/registry).
struct RegistryAgent
{
    enum class Distribution { Npx, Uvx, Binary };

    QString id;
    QString name;
    QString version;
    QString description;
    QString repository;
    QString website;
    QString license;
    QString iconUrl;
    QStringList authors;
    std::optional<RegistryPackage> npx;
    std::optional<RegistryPackage> uvx;
    QList<RegistryBinary> binaries;

    // The ways this agent can run on this machine, the most convenient first (npx, uvx, then
    // a binary for this platform).
    QList<Distribution> distributions() const;
    std::optional<RegistryBinary> binaryForThisPlatform() const;
    // A profile that runs the agent; for a binary, `installDir` is where it was unpacked.
    AgentProfile profile(Distribution distribution, const QString &installDir = {}) const;
};

struct RegistryIndex
{
    QList<RegistryAgent> agents; // sorted by name
    int skipped = 0; // entries that were not valid agents
};

namespace Registry {

// The registry's own address, the default of Settings > General.
QString defaultUrl();
// This machine in the registry's terms ("linux-x86_64", "linux-aarch64").
QString currentPlatform();
QString distributionName(RegistryAgent::Distribution distribution);
// Parses the registry JSON. An invalid document gives nullopt and `error`; an invalid entry is
// skipped and counted, so that one broken agent does not hide the others.
std::optional<RegistryIndex> parse(const QByteArray &json, QString *error = nullptr);

} // namespace Registry
} // namespace Acp
