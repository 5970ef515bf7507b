// switchboard-sandbox-probe: a hostile tool, for tests of the kernel sandbox (tst_sandbox). It
// uses its own system calls, never ACP's fs/* or terminal/*, to try every way out of its
// workspace it knows, and the ordinary work an agent does inside it, then writes one line per
// try into REPORT:
//
//   NAME escaped|held            for a way out: whether the file outside changed
//   NAME ok|failed|skipped       for work inside the workspace
//
//   switchboard-sandbox-probe REPORT WORKSPACE OUTSIDE [SECRET OTHER]
//   switchboard-sandbox-probe --tcp REPORT PORT...
//
// The second form connects to each PORT on 127.0.0.1 and reports "tcp-PORT ok|failed".
//
// OUTSIDE is a folder outside the workspace holding victim, victim-truncate and victim-delete
// (each with some text). SECRET and OTHER (strict mode) are files the probe must not be able to
// read. Plain C++, no Qt.

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace {

std::string g_report;

void line(const std::string &name, const std::string &outcome, const std::string &detail = {})
{
    g_report += name + ' ' + outcome + (detail.empty() ? "" : " " + detail) + '\n';
}

bool exists(const std::string &path)
{
    struct stat info
    {
    };
    return ::lstat(path.c_str(), &info) == 0;
}

std::string contents(const std::string &path)
{
    std::string text;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return "<unreadable>";
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
        text.append(buffer, size_t(n));
    ::close(fd);
    return text;
}

// Creates `path` with `text`: true if it worked.
bool create(const std::string &path, const std::string &text)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
    ::close(fd);
    return ok;
}

bool append(const std::string &path, const std::string &text)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
    ::close(fd);
    return ok;
}

std::string why()
{
    return std::strerror(errno);
}

// A way out: tried by `attempt`, judged by whether `path` now exists.
void escapeByCreating(const std::string &name, const std::string &path,
                      bool (*attempt)(const std::string &))
{
    const bool done = attempt(path);
    const std::string error = done ? std::string() : why();
    line(name, exists(path) ? "escaped" : "held", error);
    ::unlink(path.c_str());
}

bool createEmpty(const std::string &path)
{
    return create(path, "escaped\n");
}

// Runs `body` in a child (depth 1) or a grandchild (depth 2) and waits for it.
void inDescendant(int depth, const std::string &path)
{
    const pid_t child = ::fork();
    if (child == 0) {
        if (depth > 1) {
            const pid_t grandchild = ::fork();
            if (grandchild == 0)
                ::_exit(createEmpty(path) ? 0 : 1);
            int status = 0;
            ::waitpid(grandchild, &status, 0);
            ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
        }
        ::_exit(createEmpty(path) ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
}

int run(const std::string &command)
{
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The report, written whole and then renamed in place: a test sees all of it or none.
int writeReport(const std::string &report)
{
    const std::string partial = report + ".part";
    if (!create(partial, g_report + "done\n") || ::rename(partial.c_str(), report.c_str()) != 0) {
        std::fprintf(stderr, "switchboard-sandbox-probe: cannot write %s: %s\n", report.c_str(),
                     std::strerror(errno));
        return 1;
    }
    return 0;
}

// A TCP connection to 127.0.0.1:port, made and closed: true if it was made.
bool connectTo(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool made
        = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
    const int error = errno;
    ::close(fd);
    errno = error;
    return made;
}

int probeTcp(int argc, char *argv[])
{
    for (int i = 3; i < argc; ++i) {
        const bool made = connectTo(std::atoi(argv[i]));
        line(std::string("tcp-") + argv[i], made ? "ok" : "failed", made ? std::string() : why());
    }
    return writeReport(argv[2]);
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc >= 3 && std::strcmp(argv[1], "--tcp") == 0)
        return probeTcp(argc, argv);
    if (argc != 4 && argc != 6) {
        std::fprintf(stderr,
                     "usage: switchboard-sandbox-probe REPORT WORKSPACE OUTSIDE "
                     "[SECRET OTHER]\n       switchboard-sandbox-probe --tcp REPORT PORT...\n");
        return 2;
    }
    const std::string report = argv[1];
    const std::string workspace = argv[2];
    const std::string outside = argv[3];

    // Ways out ------------------------------------------------------------------------------
    escapeByCreating("absolute", outside + "/absolute", createEmpty);
    std::string up = workspace;
    for (const char c : workspace)
        if (c == '/')
            up += "/..";
    escapeByCreating("dotdot", up + outside + "/dotdot", createEmpty);
    escapeByCreating("procroot", "/proc/self/root" + outside + "/procroot", createEmpty);
    const std::string shm = "/dev/shm/switchboard-probe-" + std::to_string(::getpid());
    escapeByCreating("devshm", shm, createEmpty);
    {
        // A symlink inside (allowed to make) that points out.
        const std::string link = workspace + "/link-out";
        const bool made = ::symlink(outside.c_str(), link.c_str()) == 0;
        const bool wrote = made && createEmpty(link + "/through-symlink");
        line("symlink", exists(outside + "/through-symlink") ? "escaped" : "held",
             made ? (wrote ? "" : why()) : "could not make the link: " + why());
        ::unlink((outside + "/through-symlink").c_str());
        ::unlink(link.c_str());
    }
    {
        // A hard link inside to a file outside, then written through.
        const std::string before = contents(outside + "/victim");
        const std::string link = workspace + "/link-in";
        const bool linked = ::link((outside + "/victim").c_str(), link.c_str()) == 0;
        const std::string error = linked ? std::string() : why();
        if (linked)
            append(link, "escaped\n");
        line("hardlink-in", contents(outside + "/victim") != before ? "escaped" : "held", error);
        ::unlink(link.c_str());
    }
    {
        const std::string mine = workspace + "/mine";
        create(mine, "mine\n");
        const bool linked = ::link(mine.c_str(), (outside + "/hardlink-out").c_str()) == 0;
        line("hardlink-out", exists(outside + "/hardlink-out") ? "escaped" : "held",
             linked ? "" : why());
        ::unlink((outside + "/hardlink-out").c_str());
        const bool renamed = ::rename(mine.c_str(), (outside + "/renamed-out").c_str()) == 0;
        line("rename-out", exists(outside + "/renamed-out") ? "escaped" : "held",
             renamed ? "" : why());
        ::unlink((outside + "/renamed-out").c_str());
        ::unlink(mine.c_str());
    }
    inDescendant(1, outside + "/child");
    line("child", exists(outside + "/child") ? "escaped" : "held");
    ::unlink((outside + "/child").c_str());
    inDescendant(2, outside + "/grandchild");
    line("grandchild", exists(outside + "/grandchild") ? "escaped" : "held");
    ::unlink((outside + "/grandchild").c_str());
    {
        struct stat info
        {
        };
        ::stat((outside + "/victim-truncate").c_str(), &info);
        const off_t size = info.st_size;
        const bool done = ::truncate((outside + "/victim-truncate").c_str(), 0) == 0;
        ::stat((outside + "/victim-truncate").c_str(), &info);
        line("truncate", info.st_size != size ? "escaped" : "held", done ? "" : why());
    }
    {
        const bool done = ::unlink((outside + "/victim-delete").c_str()) == 0;
        line("delete", exists(outside + "/victim-delete") ? "held" : "escaped", done ? "" : why());
    }
    {
        const bool done = ::mkdir((outside + "/made-dir").c_str(), 0755) == 0;
        line("mkdir", exists(outside + "/made-dir") ? "escaped" : "held", done ? "" : why());
        ::rmdir((outside + "/made-dir").c_str());
    }
    if (argc == 6) {
        for (const auto &[name, path] :
             {std::pair{"read-secret", argv[4]}, {"read-other", argv[5]}}) {
            const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
            char c = 0;
            const bool read = fd >= 0 && ::read(fd, &c, 1) == 1;
            const std::string error = read ? std::string() : why();
            if (fd >= 0)
                ::close(fd);
            line(name, read ? "escaped" : "held", error);
        }
        const std::string home = std::string(argv[4]).substr(0, std::string(argv[4]).rfind('/'));
        DIR *dir = ::opendir(home.c_str());
        line("list-secret-folder", dir ? "escaped" : "held", dir ? "" : why());
        if (dir)
            ::closedir(dir);
    }

    // Work inside ---------------------------------------------------------------------------
    const auto done = [](const std::string &name, bool ok, const std::string &detail = {}) {
        line(name, ok ? "ok" : "failed", ok ? std::string() : detail + " " + why());
    };
    const std::string file = workspace + "/created.txt";
    done("create", create(file, "one\n") && contents(file) == "one\n");
    done("edit", append(file, "two\n") && contents(file) == "one\ntwo\n");
    const bool sub = ::mkdir((workspace + "/sub").c_str(), 0755) == 0;
    const bool moved = sub && ::rename(file.c_str(), (workspace + "/sub/moved.txt").c_str()) == 0;
    done("rename", moved && contents(workspace + "/sub/moved.txt") == "one\ntwo\n");
    done("delete-inside",
         ::unlink((workspace + "/sub/moved.txt").c_str()) == 0
             && ::rmdir((workspace + "/sub").c_str()) == 0);
    const char *tmp = std::getenv("TMPDIR");
    const std::string temporary = std::string(tmp ? tmp : "/tmp") + "/probe-temp";
    done("temporary", create(temporary, "t\n"), tmp ? tmp : "(no TMPDIR)");
    ::unlink(temporary.c_str());
    done("dev-null", create("/dev/null", "x"));
    if (run("command -v cc >/dev/null 2>&1") == 0) {
        create(workspace + "/hello.c", "#include <stdio.h>\nint main(void){puts(\"built\");}\n");
        const int built = run("cc -o '" + workspace + "/hello' '" + workspace + "/hello.c' 2>&1");
        const int ran = built == 0 ? run("'" + workspace + "/hello' >/dev/null") : -1;
        line("compile", built == 0 && ran == 0 ? "ok" : "failed",
             "cc " + std::to_string(built) + ", run " + std::to_string(ran));
        ::unlink((workspace + "/hello.c").c_str());
        ::unlink((workspace + "/hello").c_str());
    } else {
        line("compile", "skipped", "no cc");
    }

    return writeReport(report);
}
