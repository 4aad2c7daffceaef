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
// Opens the store and loads the packs from `policies` (default: the policies/ directory).
Result<std::unique_ptr<Runtime>> OpenWithPacks(const StoreFlags& store, const std::string& policies) {
  BANGFU_ASSIGN_OR_RETURN(auto rt, Runtime::Open(store));
  const std::string dir = policies.empty() ? FindPolicyDir().string() : policies;
  if (dir.empty()) return Error::NotFound("找不到政策包目录，请用 --policies DIR 指定", "policies");
  BANGFU_RETURN_IF_ERROR(rt->app().policies().LoadPacks(dir));
  return rt;
}

int Run(const RunFlags& f) {
  auto rt = OpenWithPacks(f.store, f.policies);
  if (!rt.ok()) return Fail(rt.error());
  service::App& app = (*rt)->app();
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

struct ParamFlags {
  StoreFlags store;
  std::string policies, pack, from, source, assignment;
};

// bangfu policy param set: NAME=VALUE (or NAME[COURSE]=VALUE) from a date, with its source.
int ParamSet(const ParamFlags& f) {
  auto rt = OpenWithPacks(f.store, f.policies);
  if (!rt.ok()) return Fail(rt.error());
  auto w = service::ParseWhatIfSet(f.assignment);
  if (!w.ok()) return Fail(w.error());
  service::ParamSetRequest r{f.pack, w->name, w->key, w->value, f.source, std::nullopt};
  if (!f.from.empty()) {
    auto d = Date::Parse(f.from, "from");
    if (!d.ok()) return Fail(d.error());
    r.effective_from = *d;
  }
  auto v = (*rt)->app().policies().SetParam(CliContext(), r);
  if (!v.ok()) return Fail(v.error());
  std::printf("%s %s%s = %s from %s (%s)\n", v->pack_id.c_str(), v->param.c_str(),
              v->key.empty() ? "" : ("[" + v->key + "]").c_str(), v->value.c_str(),
              v->effective_from.ToString().c_str(), v->source.c_str());
  return 0;
}

// bangfu policy param list: every parameter, its values by date, 未配置 when it has none today.
int ParamList(const ParamFlags& f) {
  auto rt = OpenWithPacks(f.store, f.policies);
  if (!rt.ok()) return Fail(rt.error());
  service::App& app = (*rt)->app();
  auto packs = app.policies().Params(CliContext());
  if (!packs.ok()) return Fail(packs.error());
  const Date today = app.clock().Today();
  for (const auto& p : *packs) {
    if (!f.pack.empty() && p.pack_id != f.pack) continue;
    std::printf("%s %s\n", p.pack_id.c_str(), p.pack_name.c_str());
    for (const auto& x : p.params) {
      std::printf("  %-28s %-7s %s  rules: ", x.name.c_str(), x.type.c_str(),
                  x.ConfiguredAt(today) ? "" : "未配置");
      for (const auto& r : x.rules) std::printf("%s ", r.c_str());
      std::printf("\n");
      for (const auto& v : x.values)
        std::printf("    from %s %s%s%s  %s\n", v.from.ToString().c_str(),
                    v.key.empty() ? "" : (v.key + ": ").c_str(), v.text.c_str(),
                    v.stored ? " (set)" : "", v.source.c_str());
    }
  }
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

  auto pf = std::make_shared<ParamFlags>();
  CLI::App* param = policy->add_subcommand("param", "政策参数设置 (parameter values: set, list)");
  param->require_subcommand(1);
  CLI::App* set = param->add_subcommand("set", "设置参数值 (NAME=VALUE from a date, with its source)");
  pf->store.Add(*set);
  set->add_option("--policies", pf->policies, "政策包目录 (default policies/)");
  set->add_option("--pack", pf->pack, "政策包编号")->required();
  set->add_option("--from", pf->from, "生效日期 YYYY-MM-DD")->required();
  set->add_option("--source", pf->source, "依据：文件名称和条款")->required();
  set->add_option("assignment", pf->assignment, "NAME=VALUE 或 NAME[课程]=VALUE")->required();
  set->callback([pf] {
    if (int rc = ParamSet(*pf)) throw CLI::RuntimeError(rc);
  });
  CLI::App* list = param->add_subcommand("list", "列出参数及其历史 (parameters and their values)");
  pf->store.Add(*list);
  list->add_option("--policies", pf->policies, "政策包目录 (default policies/)");
  list->add_option("--pack", pf->pack, "政策包编号 (default: every pack)");
  list->callback([pf] {
    if (int rc = ParamList(*pf)) throw CLI::RuntimeError(rc);
  });

  AddPolicyBenchCommand(root);
}

}  // namespace bangfu::cli
