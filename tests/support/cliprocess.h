#pragma once

#include "processtransport.h"

#include <QLatin1Char>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace TestSupport {

// The environment for switchboard-cli (or the app) run by a test: its settings and session
// index under `root` (config/, data/), never the user's; and, with `asHome`, HOME too, for the
// agents' own folders (~/.codex) that a sandbox makes. No inherited logging rules: what the
// program prints is what a user sees.
inline QProcessEnvironment isolatedEnvironment(const QString &root, bool asHome = false)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), root + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), root + QStringLiteral("/config"));
    if (asHome)
        env.insert(QStringLiteral("HOME"), root);
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    return env;
}

// `agent` as one --exec command line, every word quoted.
inline QString execLine(const Acp::ProcessOptions &agent)
{
    QStringList words{agent.program};
    words += agent.arguments;
    for (QString &word : words)
        word = QLatin1Char('"') + word + QLatin1Char('"');
    return words.join(QLatin1Char(' '));
}

} // namespace TestSupport
