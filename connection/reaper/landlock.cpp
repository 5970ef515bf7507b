#include "landlock.h"

#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>

// Debian 12's kernel headers (6.1) stop at ABI 2; the later rights and structures are the
// kernel's stable ABI, spelled out here so that we can use them where the running kernel has
// them (abiVersion() decides, never the headers).
namespace {

constexpr std::uint64_t FsTruncate = 1ULL << 14; // ABI 3
constexpr std::uint64_t FsIoctlDev = 1ULL << 15; // ABI 5
constexpr std::uint64_t NetBindTcp = 1ULL << 0; // ABI 4
constexpr std::uint64_t NetConnectTcp = 1ULL << 1; // ABI 4
constexpr std::uint64_t ScopeAbstractUnixSocket = 1ULL << 0; // ABI 6
constexpr std::uint64_t ScopeSignal = 1ULL << 1; // ABI 6
constexpr int RuleNetPort = 2;

struct RulesetAttr
{
    std::uint64_t handledAccessFs;
    std::uint64_t handledAccessNet;
    std::uint64_t scoped;
};

struct NetPortAttr
{
    std::uint64_t allowedAccess;
    std::uint64_t port;
};

constexpr std::uint64_t readRights
    = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;

// What may be granted on a file (as opposed to a directory) beneath which nothing lies.
constexpr std::uint64_t fileRights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE
    | LANDLOCK_ACCESS_FS_READ_FILE | FsTruncate | FsIoctlDev;

std::uint64_t writeRights(int abi)
{
    std::uint64_t rights = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR
        | LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR
        | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK
        | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK
        | LANDLOCK_ACCESS_FS_MAKE_SYM;
    if (abi >= 2)
        rights |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        rights |= FsTruncate;
    if (abi >= 5)
        rights |= FsIoctlDev;
    return rights;
}

std::uint64_t handledFs(const Landlock::Policy &policy, int abi)
{
    return writeRights(abi) | (policy.mode == Landlock::Mode::Strict ? readRights : 0);
}

struct Fd
{
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

// Grants `rights` beneath `path` (masked to what a file may take, if it is one). False with
// errno ENOENT for a path that does not exist.
bool allow(int ruleset, const std::string &path, std::uint64_t rights)
{
    Fd beneath{::open(path.c_str(), O_PATH | O_CLOEXEC)};
    if (beneath.fd < 0)
        return false;
    struct stat info
    {
    };
    if (::fstat(beneath.fd, &info) != 0)
        return false;
    landlock_path_beneath_attr rule{};
    rule.allowed_access = S_ISDIR(info.st_mode) ? rights : rights & fileRights;
    rule.parent_fd = beneath.fd;
    return ::syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) == 0;
}

} // namespace

namespace Landlock {

int abiVersion()
{
    const long abi
        = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : int(abi);
}

Enforced enforcedBy(const Policy &policy, int abi)
{
    Enforced enforced;
    enforced.abi = abi;
    if (abi < 1)
        return enforced;
    enforced.writes = true;
    enforced.reads = policy.mode == Mode::Strict;
    enforced.renamesAcross = abi >= 2;
    enforced.truncation = abi >= 3;
    enforced.tcp = policy.limitTcp && abi >= 4;
    enforced.deviceIoctl = abi >= 5;
    enforced.signalsAndSockets = abi >= 6;
    return enforced;
}

int buildRuleset(const Policy &policy, std::string *error, std::vector<std::string> *skipped)
{
    const int abi = abiVersion();
    if (abi < 1) {
        *error = "the kernel has no Landlock (too old, or not enabled with lsm=...landlock)";
        return -1;
    }
    if (policy.limitTcp && abi < 4) {
        *error = "limiting TCP needs Landlock ABI 4 (Linux 6.7); this kernel has ABI "
            + std::to_string(abi);
        return -1;
    }
    RulesetAttr attr{};
    attr.handledAccessFs = handledFs(policy, abi);
    if (policy.limitTcp)
        attr.handledAccessNet = NetBindTcp | NetConnectTcp;
    if (abi >= 6)
        attr.scoped = ScopeAbstractUnixSocket | ScopeSignal;
    // The kernel takes the structure at the size its ABI knows, so that older kernels are not
    // handed fields they would refuse (E2BIG for a non-zero field they do not know).
    const std::size_t size = abi >= 6 ? sizeof attr
        : abi >= 4                    ? 2 * sizeof(std::uint64_t)
                                      : sizeof(std::uint64_t);
    const int ruleset = int(::syscall(SYS_landlock_create_ruleset, &attr, size, 0));
    if (ruleset < 0) {
        *error = std::string("landlock_create_ruleset: ") + std::strerror(errno);
        return -1;
    }
    const auto add = [&](const std::vector<std::string> &paths, std::uint64_t rights) {
        for (const std::string &path : paths) {
            if (allow(ruleset, path, rights))
                continue;
            if (errno == ENOENT || errno == ENOTDIR || errno == EACCES) {
                skipped->push_back(path);
                continue;
            }
            *error = "landlock_add_rule " + path + ": " + std::strerror(errno);
            return false;
        }
        return true;
    };
    const std::uint64_t all = handledFs(policy, abi);
    const bool ok = add(policy.writable, all)
        && (policy.mode != Mode::Strict || add(policy.readable, readRights));
    if (ok && policy.limitTcp) {
        for (const std::uint16_t port : policy.tcpPorts) {
            NetPortAttr rule{NetConnectTcp, port};
            if (::syscall(SYS_landlock_add_rule, ruleset, RuleNetPort, &rule, 0) != 0) {
                *error = "landlock_add_rule port " + std::to_string(port) + ": "
                    + std::strerror(errno);
                ::close(ruleset);
                return -1;
            }
        }
    }
    if (!ok) {
        ::close(ruleset);
        return -1;
    }
    return ruleset;
}

bool restrictSelf(int ruleset)
{
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return false;
    return ::syscall(SYS_landlock_restrict_self, ruleset, 0) == 0;
}

} // namespace Landlock
