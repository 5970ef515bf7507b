// switchboard-reaper: runs one program (an agent, or a command an agent asked for) and takes
// everything that program started down with it, however the program's children try to get
// away: background jobs, double forks, `setsid`. Qt's QProcess cannot do this itself (on Qt 6.4
// it starts children with vfork, so nothing can supervise from inside the child), hence this
// small helper between the app and the program, written without Qt so that it costs nothing.
//
//   switchboard-reaper [--record DIR] [--grace MS] [--new-group]
//                      [--sandbox writes|strict [--write PATH]... [--read PATH]... [--tcp PORT]...]
//                      -- PROGRAM [ARGS...]
//
// It becomes a child subreaper (orphans of the tree are re-parented to it, not to init), runs
// PROGRAM as its child and waits. Then:
//   - PROGRAM exits: whatever it left running is killed, and the reaper exits the same way
//     (the same code, or the same signal), so its parent sees PROGRAM's own exit.
//   - SIGTERM (the parent's terminate(), or the parent's death through PR_SET_PDEATHSIG): passed
//     to PROGRAM (to its group with --new-group); after MS milliseconds (default 2000) the whole
//     tree is killed.
//   - SIGUSR1: the whole tree is killed now (the parent's kill()).
// SIGINT, SIGQUIT and SIGHUP are ignored by the reaper itself (a Ctrl-C in the CLI's terminal
// is the CLI's to handle) and left at their defaults for PROGRAM.
//
// With --record DIR, the reaper writes DIR/<pid>-<start time> while it runs and gives PROGRAM
// the variable SWITCHBOARD_REAPED_BY=<that name>, which every descendant inherits. If the
// reaper itself is killed outright, the next start of the app finds the record and kills the
// processes that still carry the name (Acp::ProcessReaper::killLeftovers).
//
// With --sandbox, PROGRAM and everything it starts are confined by Landlock (landlock.h), set up
// in PROGRAM's process before the exec: "writes" lets them write only beneath the --write
// paths, "strict" also lets them read only beneath the --write and --read paths; --tcp limits
// TCP connections to the ports given. The reaper itself stays unconfined (it must see and kill
// the whole tree). If the sandbox cannot be set up, PROGRAM is never run: exit 125.

#include "landlock.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace {

constexpr const char *MarkerVariable = "SWITCHBOARD_REAPED_BY";

// The processes below `root`, from /proc: each one's parent is in its stat line.
std::vector<pid_t> descendantsOf(pid_t root)
{
    std::unordered_multimap<pid_t, pid_t> children;
    if (DIR *proc = ::opendir("/proc")) {
        while (const dirent *entry = ::readdir(proc)) {
            char *end = nullptr;
            const long pid = std::strtol(entry->d_name, &end, 10);
            if (pid <= 0 || *end != '\0')
                continue;
            char path[64];
            std::snprintf(path, sizeof path, "/proc/%ld/stat", pid);
            const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                continue;
            char stat[512];
            const ssize_t size = ::read(fd, stat, sizeof stat - 1);
            ::close(fd);
            if (size <= 0)
                continue;
            stat[size] = '\0';
            // "pid (name) state ppid ...": the name may hold spaces and parentheses.
            const char *close = std::strrchr(stat, ')');
            char state = 0;
            int parent = 0;
            if (close && std::sscanf(close + 1, " %c %d", &state, &parent) == 2)
                children.emplace(pid_t(parent), pid_t(pid));
        }
        ::closedir(proc);
    }
    std::vector<pid_t> found;
    std::vector<pid_t> pending{root};
    while (!pending.empty()) {
        const pid_t parent = pending.back();
        pending.pop_back();
        const auto [first, last] = children.equal_range(parent);
        for (auto it = first; it != last; ++it) {
            found.push_back(it->second);
            pending.push_back(it->second);
        }
    }
    return found;
}

// Kills every descendant and reaps them, until none is left. A process forking while it is
// being killed leaves orphans, which come to us (the subreaper) and are caught next round.
void killEverything(pid_t program, int *programStatus, bool *programDone)
{
    sigset_t childSignal;
    sigemptyset(&childSignal);
    sigaddset(&childSignal, SIGCHLD);
    for (;;) {
        for (const pid_t pid : descendantsOf(::getpid()))
            ::kill(pid, SIGKILL);
        int status = 0;
        const pid_t reaped = ::waitpid(-1, &status, WNOHANG);
        if (reaped > 0) {
            if (reaped == program && !*programDone) {
                *programStatus = status;
                *programDone = true;
            }
            continue;
        }
        if (reaped < 0 && errno == ECHILD)
            return;
        const timespec tick{0, 20 * 1000 * 1000};
        ::sigtimedwait(&childSignal, nullptr, &tick);
    }
}

// Ends the reaper the way the program ended.
[[noreturn]] void exitLike(int status)
{
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        const rlimit noCore{0, 0};
        ::setrlimit(RLIMIT_CORE, &noCore);
        ::signal(signal, SIG_DFL);
        sigset_t all;
        sigfillset(&all);
        ::sigprocmask(SIG_UNBLOCK, &all, nullptr);
        ::raise(signal);
        ::_exit(128 + signal);
    }
    ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

// "<pid>-<start time in clock ticks since boot>": unique while the machine runs.
std::string runName()
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", int(::getpid()));
    std::string start = "0";
    if (FILE *file = std::fopen(path, "re")) {
        char line[512] = {};
        if (std::fgets(line, sizeof line, file)) {
            if (const char *close = std::strrchr(line, ')')) {
                // Field 22 is the start time; fields 3.. follow the name.
                const char *field = close + 2;
                for (int i = 3; i < 22 && field; ++i) {
                    field = std::strchr(field, ' ');
                    if (field)
                        ++field;
                }
                if (field)
                    start.assign(field, std::strcspn(field, " "));
            }
        }
        std::fclose(file);
    }
    return std::to_string(::getpid()) + '-' + start;
}

bool writeRecord(const std::string &directory, const std::string &name, std::string *path)
{
    ::mkdir(directory.c_str(), 0700);
    *path = directory + '/' + name;
    const int fd = ::open(path->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, name.data(), name.size()) == ssize_t(name.size());
    ::close(fd);
    return ok;
}

int usage()
{
    std::fprintf(stderr,
                 "usage: switchboard-reaper [--record DIR] [--grace MS] [--new-group] "
                 "[--sandbox writes|strict [--write PATH]... [--read PATH]... [--tcp PORT]...] "
                 "-- PROGRAM [ARGS...]\n");
    return 125;
}

} // namespace

int main(int argc, char *argv[])
{
    std::string recordDirectory;
    long graceMs = 2000;
    bool newGroup = false;
    bool sandboxed = false;
    Landlock::Policy sandbox;
    int first = 1;
    for (; first < argc; ++first) {
        const std::string arg = argv[first];
        if (arg == "--") {
            ++first;
            break;
        }
        if (arg == "--record" && first + 1 < argc)
            recordDirectory = argv[++first];
        else if (arg == "--grace" && first + 1 < argc)
            graceMs = std::strtol(argv[++first], nullptr, 10);
        else if (arg == "--new-group")
            newGroup = true;
        else if (arg == "--sandbox" && first + 1 < argc) {
            const std::string mode = argv[++first];
            if (mode != "writes" && mode != "strict")
                return usage();
            sandboxed = true;
            sandbox.mode = mode == "strict" ? Landlock::Mode::Strict : Landlock::Mode::Writes;
        } else if (arg == "--write" && first + 1 < argc)
            sandbox.writable.emplace_back(argv[++first]);
        else if (arg == "--read" && first + 1 < argc)
            sandbox.readable.emplace_back(argv[++first]);
        else if (arg == "--tcp" && first + 1 < argc) {
            char *end = nullptr;
            const long port = std::strtol(argv[++first], &end, 10);
            if (*end != '\0' || port < 0 || port > 65535)
                return usage();
            sandbox.limitTcp = true;
            sandbox.tcpPorts.push_back(std::uint16_t(port));
        } else
            return usage();
    }
    if (first >= argc)
        return usage();

    // Blocked before the fork, so that none of them is missed; waited for below.
    sigset_t handled;
    sigemptyset(&handled);
    for (const int signal : {SIGCHLD, SIGTERM, SIGUSR1})
        sigaddset(&handled, signal);
    sigset_t previous;
    ::sigprocmask(SIG_BLOCK, &handled, &previous);
    for (const int signal : {SIGINT, SIGQUIT, SIGHUP, SIGPIPE})
        ::signal(signal, SIG_IGN);
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);

    const std::string name = runName();
    std::string record;
    if (!recordDirectory.empty() && !writeRecord(recordDirectory, name, &record)) {
        std::fprintf(stderr, "switchboard-reaper: cannot write %s: %s\n", record.c_str(),
                     std::strerror(errno));
        record.clear();
    }

    // Built before the fork: the program's process only applies it.
    int ruleset = -1;
    if (sandboxed) {
        std::string error;
        std::vector<std::string> skipped;
        ruleset = Landlock::buildRuleset(sandbox, &error, &skipped);
        if (ruleset < 0) {
            std::fprintf(stderr, "switchboard-reaper: sandbox: %s\n", error.c_str());
            if (!record.empty())
                ::unlink(record.c_str());
            return 125;
        }
    }

    const pid_t reaper = ::getpid();
    const pid_t program = ::fork();
    if (program < 0) {
        std::fprintf(stderr, "switchboard-reaper: fork: %s\n", std::strerror(errno));
        return 126;
    }
    if (program == 0) {
        for (const int signal : {SIGINT, SIGQUIT, SIGHUP, SIGPIPE})
            ::signal(signal, SIG_DFL);
        // The client blocks these before starting us (so that none arrives before we wait for
        // it); the program gets them unblocked whatever it inherited.
        for (const int signal : {SIGCHLD, SIGTERM, SIGUSR1})
            sigdelset(&previous, signal);
        ::sigprocmask(SIG_SETMASK, &previous, nullptr);
        if (newGroup)
            ::setpgid(0, 0);
        // If the reaper is killed outright, its program goes at once (the rest of the tree is
        // found by the record at the app's next start).
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != reaper)
            ::_exit(127);
        if (!record.empty())
            ::setenv(MarkerVariable, name.c_str(), 1);
        if (ruleset >= 0 && !Landlock::restrictSelf(ruleset)) {
            std::fprintf(stderr, "switchboard-reaper: sandbox: landlock_restrict_self: %s\n",
                         std::strerror(errno));
            ::_exit(125);
        }
        ::execvp(argv[first], argv + first);
        std::fprintf(stderr, "switchboard-reaper: cannot run %s: %s\n", argv[first],
                     std::strerror(errno));
        ::_exit(127);
    }

    // The program alone holds its stdin, stdout and stderr: when it closes one, its parent must
    // see that (a write fails, a read ends), not a pipe that the reaper still keeps open.
    if (const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC); null >= 0) {
        for (int fd = 0; fd <= 2; ++fd)
            ::dup2(null, fd);
        ::close(null);
    }

    int status = 0;
    bool done = false;
    bool terminating = false;
    timespec deadline{};
    while (!done) {
        siginfo_t info{};
        int signal;
        if (terminating) {
            timespec now{};
            ::clock_gettime(CLOCK_MONOTONIC, &now);
            long long left
                = (deadline.tv_sec - now.tv_sec) * 1000000000LL + (deadline.tv_nsec - now.tv_nsec);
            if (left <= 0)
                break; // the grace is over
            const timespec wait{time_t(left / 1000000000LL), long(left % 1000000000LL)};
            signal = ::sigtimedwait(&handled, &info, &wait);
            if (signal < 0)
                continue; // timed out or interrupted: the deadline is checked above
        } else {
            signal = ::sigwaitinfo(&handled, &info);
            if (signal < 0)
                continue;
        }
        if (signal == SIGCHLD) {
            int childStatus = 0;
            pid_t reaped;
            while ((reaped = ::waitpid(-1, &childStatus, WNOHANG)) > 0) {
                if (reaped == program) {
                    status = childStatus;
                    done = true;
                }
            }
        } else if (signal == SIGTERM && !terminating) {
            ::kill(newGroup ? -program : program, SIGTERM);
            terminating = true;
            ::clock_gettime(CLOCK_MONOTONIC, &deadline);
            deadline.tv_sec += graceMs / 1000;
            deadline.tv_nsec += (graceMs % 1000) * 1000000L;
            if (deadline.tv_nsec >= 1000000000L) {
                deadline.tv_sec += 1;
                deadline.tv_nsec -= 1000000000L;
            }
        } else if (signal == SIGUSR1) {
            break;
        }
    }
    killEverything(program, &status, &done);
    if (!record.empty())
        ::unlink(record.c_str());
    exitLike(status);
}
