#include "permissionrules.h"

#include "clientlogging.h"
#include "commandoutput.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>

namespace Acp {

namespace {

const QString Group = QStringLiteral("permissionRules");
const QString LegacyGroup = QStringLiteral("permissions"); // before rules had a scope

// What a rule covers, by tool kind, as a plural noun.
QString kindWords(ToolKind kind)
{
    switch (kind) {
    case ToolKind::Read:
        return QCoreApplication::translate("Acp::PermissionRule", "reads");
    case ToolKind::Edit:
        return QCoreApplication::translate("Acp::PermissionRule", "edits");
    case ToolKind::Delete:
        return QCoreApplication::translate("Acp::PermissionRule", "deletions");
    case ToolKind::Move:
        return QCoreApplication::translate("Acp::PermissionRule", "moves and renames");
    case ToolKind::Search:
        return QCoreApplication::translate("Acp::PermissionRule", "searches");
    case ToolKind::Execute:
        return QCoreApplication::translate("Acp::PermissionRule", "commands");
    case ToolKind::Think:
        return QCoreApplication::translate("Acp::PermissionRule", "thinking steps");
    case ToolKind::Fetch:
        return QCoreApplication::translate("Acp::PermissionRule", "web fetches");
    case ToolKind::SwitchMode:
        return QCoreApplication::translate("Acp::PermissionRule", "mode switches");
    case ToolKind::Other:
        break;
    }
    return QCoreApplication::translate("Acp::PermissionRule", "other tool calls");
}

QString shownFolder(const QString &folder)
{
    const QString home = QDir::homePath();
    if (folder == home)
        return QStringLiteral("~");
    if (folder.startsWith(home + QLatin1Char('/')))
        return QLatin1Char('~') + folder.mid(home.size());
    return folder;
}

// Characters after which a shell runs something other than the command the prefix names.
bool touchesFiles(ToolKind kind)
{
    return kind == ToolKind::Read || kind == ToolKind::Edit || kind == ToolKind::Delete
        || kind == ToolKind::Move;
}

bool hasShellOperator(QStringView text)
{
    for (const QChar c : text) {
        switch (c.unicode()) {
        case ';':
        case '&':
        case '|':
        case '<':
        case '>':
        case '`':
        case '$':
        case '(':
        case ')':
        case '\n':
        case '\r':
            return true;
        default:
            break;
        }
    }
    return false;
}

} // namespace

QString ruleFolder(const QString &path)
{
    if (path.isEmpty())
        return {};
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

namespace {

// Where `path` really is: links resolved, and for what does not exist yet, its nearest existing
// folder resolved with the rest appended. A dangling link counts as where it points. Empty
// when it cannot be told (a relative path, links that go round).
QString resolvedPath(const QString &path, int depth = 0)
{
    if (path.isEmpty() || QDir::isRelativePath(path) || depth > 16)
        return {};
    const QFileInfo info(path);
    if (info.isSymLink()) {
        const QString target = info.symLinkTarget(); // absolute, even when dangling
        return target.isEmpty() ? QString() : resolvedPath(target, depth + 1);
    }
    if (info.exists())
        return info.canonicalFilePath();
    const QString clean = QDir::cleanPath(path);
    const qsizetype slash = clean.lastIndexOf(QLatin1Char('/'));
    if (slash <= 0)
        return clean;
    const QString parent = resolvedPath(clean.left(slash), depth + 1);
    return parent.isEmpty() ? QString() : QDir::cleanPath(parent + clean.mid(slash));
}

} // namespace

bool isInsideFolder(const QString &path, const QString &folder)
{
    if (folder.isEmpty())
        return false;
    const QString resolved = resolvedPath(path);
    const QString base = folder.endsWith(QLatin1Char('/')) ? folder.chopped(1) : folder;
    return !resolved.isEmpty()
        && (resolved == base || resolved.startsWith(base + QLatin1Char('/')));
}

QString PermissionRule::description() const
{
    const QString what = kind == ToolKind::Execute && !commandPrefix.isEmpty()
        ? QCoreApplication::translate("Acp::PermissionRule",
                                      "commands starting with \u201c%1\u201d")
              .arg(commandPrefix)
        : kindWords(kind);
    return scope == Scope::Session
        ? QCoreApplication::translate("Acp::PermissionRule", "%1 in this session").arg(what)
        : QCoreApplication::translate("Acp::PermissionRule", "%1 in %2")
              .arg(what, shownFolder(folder));
}

bool PermissionRule::sameCoverage(const PermissionRule &other) const
{
    return scope == other.scope && agentKey == other.agentKey && sessionId == other.sessionId
        && folder == other.folder && kind == other.kind && commandPrefix == other.commandPrefix;
}

PermissionQuery PermissionQuery::of(const ToolCall &call, const QString &agentKey,
                                    const QString &sessionId, const QStringList &roots)
{
    PermissionQuery query;
    query.agentKey = agentKey;
    query.sessionId = sessionId;
    query.cwd = roots.value(0);
    query.roots = roots;
    query.kind = call.kind.value_or(ToolKind::Other);
    if (query.kind == ToolKind::Execute)
        query.command = commandLineOf(call);
    for (const ToolCallLocation &location : call.locations)
        query.paths << location.path;
    return query;
}

PermissionRules::PermissionRules(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    dropLegacyDecisions();
}

PermissionRules::~PermissionRules() = default;

QSettings *PermissionRules::settings() const
{
    if (m_settings)
        return m_settings;
    if (!m_ownSettings)
        m_ownSettings = std::make_unique<QSettings>();
    return m_ownSettings.get();
}

void PermissionRules::dropLegacyDecisions()
{
    QSettings *s = settings();
    if (!s->childGroups().contains(LegacyGroup))
        return;
    qCInfo(lcAcpSession) << "dropping permission decisions kept for every project by an earlier "
                            "version; the agents will ask again";
    s->remove(LegacyGroup);
}

bool PermissionRules::commandStartsWith(const QString &command, const QString &prefix)
{
    const QString line = command.trimmed();
    const QString start = prefix.trimmed();
    if (start.isEmpty())
        return true;
    if (!line.startsWith(start))
        return false;
    const QStringView rest = QStringView(line).mid(start.size());
    if (!rest.isEmpty() && !rest.front().isSpace() && !start.back().isSpace())
        return false; // "git statusx" is not "git status"
    return !hasShellOperator(rest);
}

PermissionRule PermissionRules::proposal(const PermissionQuery &query, Decision decision,
                                         Scope scope, const QString &optionPrefix)
{
    PermissionRule rule;
    rule.scope = scope;
    rule.decision = decision;
    rule.agentKey = query.agentKey;
    rule.kind = query.kind;
    rule.folder = ruleFolder(query.cwd);
    if (scope == Scope::Session)
        rule.sessionId = query.sessionId;
    // A command rule covers what the agent's option names (codex, claude: "commands that
    // start with `git status`"), else this command (codex: "this command"; gemini means its
    // first word, but narrower is safe). It never covers every command.
    if (query.kind == ToolKind::Execute) {
        rule.commandPrefix = optionPrefix.trimmed();
        if (rule.commandPrefix.isEmpty())
            rule.commandPrefix = query.command.trimmed();
    }
    return rule;
}

std::optional<PermissionRule> PermissionRules::match(const PermissionQuery &query) const
{
    const QString cwd = ruleFolder(query.cwd);
    QStringList roots;
    for (const QString &root : query.roots)
        roots << ruleFolder(root);
    const auto covers = [&](const PermissionRule &rule) {
        if (rule.agentKey != query.agentKey || rule.kind != query.kind)
            return false;
        if (rule.scope == Scope::Session && rule.sessionId != query.sessionId)
            return false;
        if (rule.scope == Scope::Project && !isInsideFolder(cwd, rule.folder))
            return false;
        // A command rule covers the commands that start with its prefix, and only those: a call
        // that does not say which command it runs is always asked about.
        if (rule.kind == ToolKind::Execute
            && (rule.commandPrefix.isEmpty() || query.command.trimmed().isEmpty()
                || !commandStartsWith(query.command, rule.commandPrefix)))
            return false;
        // A rule about files answers only calls that say which files they touch.
        if (touchesFiles(rule.kind) && query.paths.isEmpty())
            return false;
        // Every file it touches is inside the rule's folder (a session rule: the session's).
        const QStringList folders = rule.scope == Scope::Project ? QStringList{rule.folder} : roots;
        for (const QString &path : query.paths) {
            if (std::none_of(folders.cbegin(), folders.cend(),
                             [&](const QString &f) { return isInsideFolder(path, f); }))
                return false;
        }
        return true;
    };
    const QList<PermissionRule> all = rules();
    for (auto it = all.crbegin(); it != all.crend(); ++it) {
        if (covers(*it))
            return *it;
    }
    return std::nullopt;
}

std::optional<PermissionRule> PermissionRules::remember(PermissionRule rule)
{
    if (rule.kind == ToolKind::Execute && rule.commandPrefix.trimmed().isEmpty()) {
        qCInfo(lcAcpSession) << "not keeping a rule for a command the agent did not name";
        return std::nullopt;
    }
    QDateTime newest;
    for (const PermissionRule &existing : rules()) {
        if (existing.sameCoverage(rule))
            forget(existing.id);
        newest = qMax(newest, existing.created);
    }
    rule.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    // Strictly after every other rule: the newest one answers (match()).
    rule.created = QDateTime::currentDateTimeUtc();
    if (newest.isValid() && rule.created <= newest)
        rule.created = newest.addMSecs(1);
    if (rule.scope == Scope::Session) {
        m_sessionRules.append(rule);
    } else {
        QSettings *s = settings();
        s->beginGroup(Group + QLatin1Char('/') + rule.id);
        s->setValue(QStringLiteral("agent"), rule.agentKey);
        s->setValue(QStringLiteral("folder"), rule.folder);
        s->setValue(QStringLiteral("kind"), toString(rule.kind));
        if (!rule.commandPrefix.isEmpty())
            s->setValue(QStringLiteral("commandPrefix"), rule.commandPrefix);
        s->setValue(QStringLiteral("decision"),
                    rule.decision == Decision::Allow ? QStringLiteral("allow")
                                                     : QStringLiteral("reject"));
        s->setValue(QStringLiteral("created"), rule.created.toString(Qt::ISODateWithMs));
        s->endGroup();
        s->sync();
    }
    qCInfo(lcAcpSession) << "permission rule kept:" << rule.description();
    Q_EMIT changed();
    return rule;
}

bool PermissionRules::forget(const QString &id)
{
    if (id.isEmpty())
        return false;
    const auto before = m_sessionRules.size();
    m_sessionRules.removeIf([&](const PermissionRule &r) { return r.id == id; });
    bool removed = m_sessionRules.size() != before;
    QSettings *s = settings();
    s->sync(); // another process (the window, the CLI) may have changed the file
    if (!removed && s->childGroups().contains(Group)) {
        s->beginGroup(Group);
        removed = s->childGroups().contains(id);
        if (removed)
            s->remove(id);
        s->endGroup();
        s->sync();
    }
    if (removed)
        Q_EMIT changed();
    return removed;
}

std::optional<PermissionRule> PermissionRules::rule(const QString &id) const
{
    for (const PermissionRule &r : rules()) {
        if (r.id == id)
            return r;
    }
    return std::nullopt;
}

QList<PermissionRule> PermissionRules::projectRules() const
{
    QList<PermissionRule> result;
    QSettings *s = settings();
    s->sync();
    s->beginGroup(Group);
    const QStringList ids = s->childGroups();
    for (const QString &id : ids) {
        s->beginGroup(id);
        PermissionRule rule;
        rule.id = id;
        rule.scope = Scope::Project;
        rule.agentKey = s->value(QStringLiteral("agent")).toString();
        rule.folder = s->value(QStringLiteral("folder")).toString();
        Json::Context ctx;
        const bool kindKnown
            = read(QJsonValue(s->value(QStringLiteral("kind")).toString()), rule.kind, ctx);
        rule.commandPrefix = s->value(QStringLiteral("commandPrefix")).toString();
        const QString decision = s->value(QStringLiteral("decision")).toString();
        rule.decision = decision == QLatin1String("allow") ? Decision::Allow : Decision::Reject;
        rule.created = QDateTime::fromString(s->value(QStringLiteral("created")).toString(),
                                             Qt::ISODateWithMs);
        s->endGroup();
        // A damaged entry answers nothing: without a folder or a kind it would cover too much.
        if (kindKnown && !rule.folder.isEmpty() && !rule.agentKey.isEmpty()
            && (decision == QLatin1String("allow") || decision == QLatin1String("reject"))
            && (rule.kind != ToolKind::Execute || !rule.commandPrefix.isEmpty()))
            result.append(rule);
    }
    s->endGroup();
    return result;
}

QList<PermissionRule> PermissionRules::rules() const
{
    // Oldest first, whatever the scope: the newest matching rule answers.
    QList<PermissionRule> all = projectRules() + m_sessionRules;
    std::stable_sort(all.begin(), all.end(), [](const PermissionRule &a, const PermissionRule &b) {
        return a.created < b.created;
    });
    return all;
}

} // namespace Acp
