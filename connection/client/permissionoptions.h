#pragma once

#include "clientmethods.h"

#include <optional>

namespace Acp::PermissionOptions {

bool isAlways(PermissionOption::Kind kind);
bool allows(PermissionOption::Kind kind);

// The options in the order the front ends number them, whatever order the agent sent: one-time
// allows, "always" allows, one-time rejects, "always" rejects (the agent's order within each).
// Number 1 is always a one-time allow: when the agent offers none, numbering starts at 2, so
// that a habitual "1" never grants more than one call.
struct Numbered
{
    int number = 0;
    PermissionOption option;
};
QList<Numbered> numbered(const QList<PermissionOption> &options);

// The option that carries out a remembered decision: the one-time one if offered, else the
// "always" one.
std::optional<QString> carryingOut(const QList<PermissionOption> &options, bool allow);

// The command prefix an agent's "always" option names, if it names one (codex-acp: "don't
// ask again for commands that start with `git status`"); empty otherwise.
QString commandPrefixNamed(const PermissionOption &option);

} // namespace Acp::PermissionOptions
