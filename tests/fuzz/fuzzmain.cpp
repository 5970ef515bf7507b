// The replay driver: without libFuzzer (gcc builds, the sanitizer CI build), every fuzz target
// is this main() running LLVMFuzzerTestOneInput once per file named on the command line (or
// per file inside a named folder). ctest runs each target over its committed corpus, so the
// seeds and every reproducer of a crash once found stay regression tests.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv);

namespace {

int runFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        return 1;
    }
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int inputs = 0;
    int errors = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path path(argv[i]);
        if (std::filesystem::is_directory(path)) {
            for (const auto &entry : std::filesystem::directory_iterator(path)) {
                if (entry.is_regular_file()) {
                    errors += runFile(entry.path());
                    ++inputs;
                }
            }
        } else {
            errors += runFile(path);
            ++inputs;
        }
    }
    std::printf("%d inputs ran without a finding\n", inputs - errors);
    return errors == 0 && inputs > 0 ? 0 : 1;
}
