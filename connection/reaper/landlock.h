#pragma once

// Landlock (the Linux security module a process uses to confine itself and everything it
// starts) for switchboard-reaper: the reaper builds a ruleset from its command line and applies
// it in the program's process between fork and exec, so that the agent, every process it
// starts and every command we run for it can write (or, strictly, read) only where the policy
// says. Plain C++ and system calls, no Qt: the reaper links it, and so does the connection
// library, for abiVersion() and the description of what a kernel enforces.

#include <cstdint>
#include <string>
#include <vector>

namespace Landlock {

// The kernel's Landlock ABI version: 0 where there is none (an old kernel, or Landlock not in
// the kernel's `lsm=` list).
int abiVersion();

enum class Mode { Writes, Strict };

struct Policy
{
    Mode mode = Mode::Writes;
    // Everything is allowed beneath these (create, write, delete, rename and link within).
    std::vector<std::string> writable;
    // Strict mode: reading and executing beneath these (everything else is not even readable).
    std::vector<std::string> readable;
    // With limitTcp, TCP connections only to these ports, and no listening (ABI 4 and later).
    bool limitTcp = false;
    std::vector<std::uint16_t> tcpPorts;
};

// What one ruleset enforces on this kernel, for the user ("writes", "truncation", ...).
struct Enforced
{
    int abi = 0;
    bool writes = false; // writes, creation, deletion: outside the writable folders
    bool reads = false; // strict mode
    bool renamesAcross = false; // ABI 2: renames and links out of a folder (else refused all)
    bool truncation = false; // ABI 3
    bool tcp = false; // ABI 4, when asked
    bool deviceIoctl = false; // ABI 5
    bool signalsAndSockets = false; // ABI 6: signals and abstract sockets out of the sandbox
};
Enforced enforcedBy(const Policy &policy, int abi);

// Builds the ruleset for `policy`: a file descriptor (close-on-exec), or -1 with the reason in
// `error`. A path of the policy that does not exist is skipped and named in `skipped`.
int buildRuleset(const Policy &policy, std::string *error, std::vector<std::string> *skipped);

// In the program's process, after the fork, before the exec: sets no_new_privs and confines the
// process to `ruleset` for good. Async-signal-safe. Returns false (errno set) if it failed.
bool restrictSelf(int ruleset);

} // namespace Landlock
