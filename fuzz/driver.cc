// A libFuzzer-compatible driver for builds without libFuzzer (g++): replays every file of the
// corpus directory, then feeds `--runs=N` deterministic mutations of them (byte flips,
// insertions, deletions, splices, truncations) to LLVMFuzzerTestOneInput. A crash, an
// assertion or a sanitizer report fails the test; the run is bounded in count and time.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  std::vector<std::string> corpus;
  long runs = 20000;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--runs=", 0) == 0) {
      runs = std::stol(arg.substr(7));
      continue;
    }
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(arg, ec)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      corpus.push_back(ss.str());
    }
  }
  if (corpus.empty()) corpus.push_back("");
  for (const auto& c : corpus) LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(c.data()), c.size());

  std::mt19937_64 rng(0xBA9F0);
  auto pick = [&](size_t n) { return n ? std::uniform_int_distribution<size_t>(0, n - 1)(rng) : 0; };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const char* interesting[] = {",", "\"", "\n", "\r\n", "\xEF\xBB\xBF", "\xE3\x80\x81", "X", "0", "9",
                               "-", "/", "\xFF", "\x81\x30", "{", "}", ":", "2024-02-29", "\0"};
  long done = 0;
  for (; done < runs && std::chrono::steady_clock::now() < deadline; ++done) {
    std::string s = corpus[pick(corpus.size())];
    const int edits = 1 + static_cast<int>(pick(4));
    for (int e = 0; e < edits; ++e) {
      switch (pick(6)) {
        case 0: if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1 << pick(8)); break;
        case 1: s.insert(pick(s.size() + 1), 1, static_cast<char>(pick(256))); break;
        case 2: if (!s.empty()) s.erase(pick(s.size()), 1 + pick(8)); break;
        case 3: { const char* t = interesting[pick(sizeof interesting / sizeof *interesting)];
                  s.insert(pick(s.size() + 1), t, std::max<size_t>(1, std::strlen(t))); break; }
        case 4: { const std::string& o = corpus[pick(corpus.size())];
                  if (!o.empty()) { size_t a = pick(o.size()); s.insert(pick(s.size() + 1), o.substr(a, pick(o.size() - a) + 1)); } break; }
        case 5: if (!s.empty()) s.resize(pick(s.size())); break;
      }
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
  std::printf("fuzz: %zu corpus inputs, %ld mutations, no failure\n", corpus.size(), done);
  return 0;
}
