#pragma once

#include "toolcall.h"

#include <QDateTime>
#include <QObject>
#include <QSettings>

#include <memory>
#include <optional>

namespace Acp {

// A remembered answer to an agent's permission requests, with the scope the user gave it.
// An agent's "always" option means something narrow (codex: commands that start with a given
// prefix; gemini: for this session), so an "always" answer is kept for this session unless the
// user explicitly keeps it for the project; then it is kept per agent profile, project folder
// and tool kind (and, for commands, per command prefix), never for every project.
struct PermissionRule
{
    enum class Scope { Session, Project };
    enum class Decision { Allow, Reject };
    QString id; // stable while the rule exists: the "Forget rule" link, Settings
    Scope scope = Scope::Session;
    Decision decision = Decision::Allow;
    QString agentKey; // the agent profile
    QString sessionId; // Scope::Session: the one session it answers for
    QString folder; // the folder its files must be in (Scope::Project: the project folder)
    ToolKind kind = ToolKind::Other;
    // ToolKind::Execute: only commands that start with this (at a word's end, and with no
    // shell operator after it that could run something else). Never empty in a rule that is
    // kept: a call that does not say its command is always asked about.
    QString commandPrefix;
    QDateTime created;

    // What it covers, as shown on the tool calls it answers and in Settings:
    // "edits in ~/proj", "commands starting with `git status` in ~/proj".
    QString description() const;
    bool sameCoverage(const PermissionRule &other) const;
};

// What a permission request asks, as far as rules are concerned.
struct PermissionQuery
{
    QString agentKey;
    QString sessionId;
    QString cwd; // the session's folder
    QStringList roots; // every folder of the session (cwd first)
    ToolKind kind = ToolKind::Other;
    QString command; // ToolKind::Execute: the command line, when the agent says it
    QStringList paths; // the files the call touches (its locations)

    // The query for `call` in a session with these folders.
    static PermissionQuery of(const ToolCall &call, const QString &agentKey,
                              const QString &sessionId, const QStringList &roots);
};

// Remembered permission answers: session rules in memory (they end with the process), project
// rules in QSettings (shared by the window and switchboard-cli, listed and revocable in
// Settings). Decisions stored by earlier versions ("this tool kind, for this agent, in every
// project") are too wide to keep: they are dropped when the rules are first read.
class PermissionRules final : public QObject
{
    Q_OBJECT
public:
    using Decision = PermissionRule::Decision;
    using Scope = PermissionRule::Scope;

    // Uses `settings` (not owned) or, when null, the application's default QSettings.
    explicit PermissionRules(QSettings *settings = nullptr, QObject *parent = nullptr);
    ~PermissionRules() override;

    // The rule that answers `query`, if any: the newest matching one.
    std::optional<PermissionRule> match(const PermissionQuery &query) const;
    // The rule an "always" answer to `query` keeps in `scope`. `optionPrefix` is the command
    // prefix the agent's option names, if it names one; without one a command rule covers
    // commands that start with this one.
    static PermissionRule proposal(const PermissionQuery &query, Decision decision, Scope scope,
                                   const QString &optionPrefix = {});
    // Keeps `rule` (replacing one with the same coverage) and returns it with its id; a command
    // rule without a prefix is not kept (it would cover any command): nothing is returned.
    std::optional<PermissionRule> remember(PermissionRule rule);
    bool forget(const QString &id);
    std::optional<PermissionRule> rule(const QString &id) const;
    // Project rules, then this process's session rules, oldest first.
    QList<PermissionRule> rules() const;

    // Whether `command` is covered by `prefix` (see PermissionRule::commandPrefix).
    static bool commandStartsWith(const QString &command, const QString &prefix);

Q_SIGNALS:
    void changed();

private:
    QSettings *settings() const;
    QList<PermissionRule> projectRules() const;
    void dropLegacyDecisions();

    QSettings *m_settings = nullptr;
    mutable std::unique_ptr<QSettings> m_ownSettings;
    QList<PermissionRule> m_sessionRules;
};

// The folder as rules compare it: absolute, clean, symbolic links resolved where it exists.
QString ruleFolder(const QString &path);
bool isInsideFolder(const QString &path, const QString &folder);

} // namespace Acp
