// The agent registry's index, as a network peer could send it: arbitrary bytes to
// Registry::parse. Checked: whatever it accepts is safe to act on. Every agent has a plain id
// and a version that is a plain folder name; every binary comes over https (or from this
// machine) with a 64-hex-digit checksum or none; the profile built for each way to run it has
// a program, and a binary's stays inside the folder it is installed in.

#include "registryagent.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QUrl>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const QRegularExpression id(QStringLiteral("^[a-z][a-z0-9-]*$"));
    static const QRegularExpression hex(QStringLiteral("^[a-f0-9]{64}$"));
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto index = Acp::Registry::parse(json);
    if (!index)
        return 0;
    const QString installRoot = QStringLiteral("/data/agents");
    for (const Acp::RegistryAgent &agent : index->agents) {
        if (!id.match(agent.id).hasMatch() || agent.name.isEmpty())
            std::abort();
        const QString folder = QDir::cleanPath(installRoot + QLatin1Char('/') + agent.id
                                               + QLatin1Char('/') + agent.version);
        if (agent.version.contains(QLatin1Char('/')) || agent.version.contains(QLatin1String(".."))
            || !folder.startsWith(installRoot + QLatin1Char('/') + agent.id + QLatin1Char('/')))
            std::abort();
        for (const Acp::RegistryBinary &binary : agent.binaries) {
            const QUrl url(binary.archive);
            if (url.scheme() != QLatin1String("https")
                && !(url.scheme() == QLatin1String("http")
                     && (url.host() == QLatin1String("127.0.0.1")
                         || url.host() == QLatin1String("localhost"))))
                std::abort();
            if (!binary.sha256.isEmpty() && !hex.match(binary.sha256).hasMatch())
                std::abort();
        }
        for (const Acp::RegistryAgent::Distribution d : agent.distributions()) {
            const Acp::AgentProfile profile = agent.profile(d, folder);
            if (profile.program.isEmpty() || profile.name != agent.name)
                std::abort();
            if (d == Acp::RegistryAgent::Distribution::Binary
                && !profile.program.startsWith(folder + QLatin1Char('/')))
                std::abort();
        }
    }
    return 0;
}
