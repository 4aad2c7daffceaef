// bangfu policy check FILE… : type-check packs, report file:line:column: message.
// bangfu policy test PATH…  : run case files, end with "N passed, N failed".
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bangfu/domain/org_types.h"
#include "bangfu/policy/cases.h"
#include "bangfu/policy/pack.h"
#include "commands.h"
#include "runtime.h"

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
  policy::CaseRunner runner;
  return RunCaseFiles(files, errors, verbose,
                      [&](const std::string& f) { return runner.RunFile(f); });
}

struct RunFlags {
  StoreFlags store;
  std::string as_of, pack, policies, scope;
  bool what_if = false;
  std::vector<std::string> sets;
};

// bangfu policy run: evaluate the packs over the ledger and record candidate entitlements, or
// with --what-if compare against parameter overrides and write nothing.
int Run(const RunFlags& f) {
  auto rt = Runtime::Open(f.store);
  if (!rt.ok()) return Fail(rt.error());
  service::App& app = (*rt)->app();
  const std::string dir = f.policies.empty() ? FindPolicyDir().string() : f.policies;
  if (dir.empty()) return Fail(Error::NotFound("找不到政策包目录，请用 --policies DIR 指定", "policies"));
  if (auto s = app.policies().LoadPacks(dir); !s.ok()) return Fail(s.error());
  service::PolicyRunOptions o;
  o.pack_id = f.pack;
  if (f.as_of.empty()) {
    o.as_of = app.clock().Today();
  } else {
    auto d = Date::Parse(f.as_of, "as-of");
    if (!d.ok()) return Fail(d.error());
    o.as_of = *d;
  }
  service::RequestContext ctx = CliContext();
  ctx.principal.scope = f.scope;
  if (f.what_if) {
    std::vector<service::WhatIfSet> sets;
    for (const auto& s : f.sets) {
      auto w = service::ParseWhatIfSet(s);
      if (!w.ok()) return Fail(w.error());
      sets.push_back(*w);
    }
    auto r = app.policies().WhatIf(ctx, o, sets);
    if (!r.ok()) return Fail(r.error());
    std::printf("%-20s %10s %10s %8s %8s %16s %16s\n", "rule", "eligible", "what-if", "gained", "lost",
                "amount", "what-if amount");
    for (const auto& w : r->rules)
      std::printf("%-20s %10lld %10lld %8lld %8lld %16s %16s\n", w.rule_id.c_str(),
                  static_cast<long long>(w.base_eligible), static_cast<long long>(w.new_eligible),
                  static_cast<long long>(w.gained), static_cast<long long>(w.lost), domain::FormatYuan(w.base_fen).c_str(),
                  domain::FormatYuan(w.new_fen).c_str());
    std::printf("gained %lld, lost %lld, change %s yuan (nothing written)\n",
                static_cast<long long>(r->gained), static_cast<long long>(r->lost), domain::FormatYuan(r->delta_fen).c_str());
    return 0;
  }
  if (!f.sets.empty()) return Fail(Error::InvalidArgument("--set 只用于 --what-if", "set"));
  auto run = app.policies().Run(ctx, o);
  if (!run.ok()) return Fail(run.error());
  std::printf("run %lld of %s at %s: %lld subjects, %lld eligible, %lld undecidable, %lld rules not "
              "configured; %lld new candidates (%s yuan)\n",
              static_cast<long long>(run->id), run->pack_id.c_str(), run->as_of.ToString().c_str(),
              static_cast<long long>(run->subjects), static_cast<long long>(run->eligible),
              static_cast<long long>(run->undecidable), static_cast<long long>(run->not_configured),
              static_cast<long long>(run->new_candidates), domain::FormatYuan(run->new_amount_fen).c_str());
  return 0;
}

}  // namespace

int RunCaseFiles(const std::vector<std::string>& files, const std::vector<std::string>& errors,
                 bool verbose, const std::function<policy::CaseResult(const std::string&)>& run) {
  for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
  int passed = 0, failed = static_cast<int>(errors.size());
  for (const auto& f : files) {
    const policy::CaseResult r = run(f);
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

  auto rf = std::make_shared<RunFlags>();
  CLI::App* run = policy->add_subcommand(
      "run", "运行政策：比对台账找出符合条件的人员和单位 (evaluate packs, record candidates)");
  rf->store.Add(*run);
  run->add_option("--as-of", rf->as_of, "认定日期 YYYY-MM-DD (default today)");
  run->add_option("--pack", rf->pack, "政策包编号 (default: every pack)");
  run->add_option("--policies", rf->policies, "政策包目录 (default policies/)");
  run->add_option("--scope", rf->scope, "行政区划代码前缀 (default: everyone)");
  run->add_flag("--what-if", rf->what_if, "政策模拟：只比较，不写入 (compare, write nothing)");
  run->add_option("--set", rf->sets, "模拟参数 NAME=VALUE (with --what-if; repeatable)");
  run->callback([rf] {
    if (int rc = Run(*rf)) throw CLI::RuntimeError(rc);
  });

  AddPolicyBenchCommand(root);
}

}  // namespace bangfu::cli
