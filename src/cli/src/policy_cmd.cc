// bangfu policy check FILE… : type-check packs, report file:line:column: message.
// bangfu policy test PATH…  : run case files, end with "N passed, N failed".
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bangfu/policy/cases.h"
#include "bangfu/policy/pack.h"
#include "commands.h"

namespace bangfu::cli {
namespace {

int Check(const std::vector<std::string>& files) {
  int errors = 0, warnings = 0;
  for (const auto& file : files) {
    const policy::LoadResult r = policy::LoadPackFile(file);
    for (const auto& d : r.diagnostics) {
      std::fprintf(stderr, "%s\n", d.ToString().c_str());
      (d.severity == policy::Severity::kError ? errors : warnings)++;
    }
    if (r.ok())
      std::fprintf(stderr, "%s: %zu rules OK\n", file.c_str(), policy::Rules(*r.pack).size());
  }
  std::fprintf(stderr, "%d error(s), %d warning(s)\n", errors, warnings);
  return errors ? 1 : 0;
}

int Test(const std::vector<std::string>& paths, bool verbose) {
  std::vector<std::string> errors;
  const std::vector<std::string> files = policy::FindCaseFiles(paths, &errors);
  for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
  policy::CaseRunner runner;
  int passed = 0, failed = static_cast<int>(errors.size());
  for (const auto& f : files) {
    const policy::CaseResult r = runner.RunFile(f);
    if (r.passed) {
      ++passed;
      if (verbose) std::printf("PASS %s  %s\n", f.c_str(), r.name.c_str());
      continue;
    }
    ++failed;
    std::printf("FAIL %s  %s\n", f.c_str(), r.name.c_str());
    for (const auto& line : r.failures) std::printf("  %s\n", line.c_str());
  }
  if (files.empty() && errors.empty()) {
    std::fprintf(stderr, "no case files found\n");
    ++failed;
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}

}  // namespace

void AddPolicyCommands(CLI::App& root) {
  CLI::App* policy = root.add_subcommand("policy", "政策包 (rules language: check, test)");
  policy->require_subcommand(1);

  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* check = policy->add_subcommand("check", "检查政策包 (type-check packs)");
  check->add_option("files", *files, "pack files (.yaml)")->required();
  check->callback([files] {
    if (int rc = Check(*files)) throw CLI::RuntimeError(rc);
  });

  auto paths = std::make_shared<std::vector<std::string>>();
  auto verbose = std::make_shared<bool>(false);
  CLI::App* test = policy->add_subcommand("test", "运行政策用例 (run case files)");
  test->add_option("paths", *paths, "case files or directories")->required();
  test->add_flag("-v,--verbose", *verbose, "list passing cases too");
  test->callback([paths, verbose] {
    if (int rc = Test(*paths, *verbose)) throw CLI::RuntimeError(rc);
  });

  AddPolicyBenchCommand(root);
}

}  // namespace bangfu::cli
