#include "permissionoptions.h"

#include <QRegularExpression>

#include <algorithm>

namespace Acp::PermissionOptions {

using Kind = PermissionOption::Kind;

bool isAlways(Kind kind)
{
    return kind == Kind::AllowAlways || kind == Kind::RejectAlways;
}

bool allows(Kind kind)
{
    return kind == Kind::AllowAlways || kind == Kind::AllowOnce;
}

QList<Numbered> numbered(const QList<PermissionOption> &options)
{
    const auto rank = [](Kind kind) {
        switch (kind) {
        case Kind::AllowOnce:
            return 0;
        case Kind::AllowAlways:
            return 1;
        case Kind::RejectOnce:
            return 2;
        case Kind::RejectAlways:
            return 3;
        }
        return 4;
    };
    QList<PermissionOption> sorted = options;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](const PermissionOption &a, const PermissionOption &b) {
                         return rank(a.kind) < rank(b.kind);
                     });
    QList<Numbered> result;
    int number = !sorted.isEmpty() && sorted.first().kind == Kind::AllowOnce ? 1 : 2;
    for (const PermissionOption &option : sorted)
        result.append({number++, option});
    return result;
}

std::optional<QString> carryingOut(const QList<PermissionOption> &options, bool allow)
{
    // "Once" first: our rule answers each call, and the agent is not made to keep a wider rule
    // of its own (claude-agent-acp writes an "always" answer to the project's settings).
    const Kind preferred = allow ? Kind::AllowOnce : Kind::RejectOnce;
    const Kind fallback = allow ? Kind::AllowAlways : Kind::RejectAlways;
    for (const Kind kind : {preferred, fallback}) {
        for (const PermissionOption &option : options) {
            if (option.kind == kind)
                return option.optionId;
        }
    }
    return std::nullopt;
}

QString commandPrefixNamed(const PermissionOption &option)
{
    if (option.kind != Kind::AllowAlways)
        return {};
    // The prefix is quoted in the option's name, in backticks.
    static const QRegularExpression Quoted(QStringLiteral("`([^`\\n]+)`"));
    const QRegularExpressionMatch match = Quoted.match(option.name);
    return match.hasMatch() ? match.captured(1).trimmed() : QString();
}

} // namespace Acp::PermissionOptions
