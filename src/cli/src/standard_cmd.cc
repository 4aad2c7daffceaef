// bangfu standard check FILE…  : check service standards, report file:line:column: message.
// bangfu standard test PATH…   : run standard case files, end with "N passed, N failed".
// bangfu bench casework        : whole-district compliance and staff worklists over a synthetic
//                                district (docs/service-standards.md, "Performance").
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bangfu/casework/cases.h"
#include "bangfu/casework/compliance.h"
#include "bangfu/casework/standard.h"
#include "bangfu/casework/synthetic.h"
#include "bangfu/casework/worklist.h"
#include "bangfu/policy/cases.h"
#include "bangfu/policy/synthetic.h"
#include "commands.h"

namespace bangfu::cli {
namespace {

using Clock = std::chrono::steady_clock;
double Ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

int Check(const std::vector<std::string>& paths) {
  std::vector<std::string> errors;
  const auto files = casework::FindStandardFiles(paths, &errors);
  for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
  const casework::LoadedStandards r = casework::LoadStandards(files);
  int n_errors = static_cast<int>(errors.size()), warnings = 0;
  for (const auto& d : r.diagnostics) {
    std::fprintf(stderr, "%s\n", d.ToString().c_str());
    (d.severity == policy::Severity::kError ? n_errors : warnings)++;
  }
  if (r.ok())
    for (const auto& s : r.set->standards())
      std::fprintf(stderr, "%s: %s, priority %d, %zu requirements OK\n", s.file.c_str(),
                   s.id.c_str(), s.priority, s.requirements.size());
  std::fprintf(stderr, "%d error(s), %d warning(s)\n", n_errors, warnings);
  return n_errors ? 1 : 0;
}

int Test(const std::vector<std::string>& paths, bool verbose) {
  std::vector<std::string> errors;
  const std::vector<std::string> files = policy::FindCaseFiles(paths, &errors);
  casework::StandardCaseRunner runner;
  return RunCaseFiles(files, errors, verbose,
                      [&](const std::string& f) { return runner.RunFile(f); });
}

struct BenchFlags {
  int64_t persons = 1'000'000;
  int records = 5;
  int threads = 0;
  int staff_samples = 300;
  std::string standards = "standards";
};

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

int Bench(const BenchFlags& f) {
  std::vector<std::string> errors;
  const auto files = casework::FindStandardFiles({f.standards}, &errors);
  const auto loaded = casework::LoadStandards(files);
  if (!loaded.ok() || !errors.empty()) {
    for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", d.ToString().c_str());
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 1;
  }
  // The synthetic population lives around this date (policy/synthetic.h).
  const Date as_of = Date::FromYmdUnchecked(2024, 3, 15);
  auto t = Clock::now();
  const policy::Facts facts = policy::SyntheticFacts(f.persons, 7);
  const auto cw = casework::SyntheticCases(facts, f.records, as_of, 11);
  const double gen_ms = Ms(t);

  std::printf("bangfu bench casework — %lld persons × %d service records, %zu standards, as-of %s\n",
              static_cast<long long>(f.persons), f.records, loaded.set->standards().size(),
              as_of.ToString().c_str());
  std::printf("synthetic data generated in %.0f ms (not measured below)\n\n", gen_ms);
  std::printf("%-48s %10s %10s %10s\n", "step", "min ms", "median ms", "max ms");

  // Whole-district compliance: coverage for everyone, standard choice, every requirement, and
  // the roll-up by town and community.
  std::vector<double> runs;
  std::map<int64_t, casework::StatusCounts> by_town, by_community;
  casework::StatusCounts total;
  std::unique_ptr<casework::ComplianceRun> kept;
  for (int rep = 0; rep < 3; ++rep) {
    t = Clock::now();
    auto run = casework::ComplianceRun::Compute(*loaded.set, facts, cw.cases, cw.records, as_of,
                                                f.threads);
    if (!run.ok()) {
      std::fprintf(stderr, "%s\n", run.error().message.c_str());
      return 1;
    }
    by_town.clear();
    by_community.clear();
    const auto& region = facts.persons.residence_region;
    for (size_t i = 0; i < run->size(); ++i) {
      const int s = static_cast<int>(run->status(static_cast<policy::Row>(i)));
      ++by_community[region[i]].n[s];
    }
    for (const auto& [code, c] : by_community) by_town[code / 1000].Add(c);
    runs.push_back(Ms(t));
    total = run->total();
    kept = std::make_unique<casework::ComplianceRun>(std::move(*run));
  }
  std::sort(runs.begin(), runs.end());
  std::printf("%-48s %10.0f %10.0f %10.0f\n", "district compliance + roll-up (target ≤ 5000)",
              runs.front(), runs[1], runs.back());

  // Staff worklists: one community staff member per community, the index a database would
  // use (staff → persons), and for each sampled staff member the worklist of their people.
  const auto& region = facts.persons.residence_region;
  std::map<int64_t, std::vector<policy::Row>> by_staff;
  for (size_t i = 0; i < facts.persons.size(); ++i)
    by_staff[region[i]].push_back(static_cast<policy::Row>(i));
  std::vector<int64_t> staff;
  for (const auto& [k, v] : by_staff) staff.push_back(k);
  const domain::WorkCalendar calendar;  // weekends only: enough to time the arithmetic
  std::vector<double> lists;
  size_t items = 0, people = 0;
  for (int s = 0; s < f.staff_samples && !staff.empty(); ++s) {
    const int64_t who = staff[(static_cast<size_t>(s) * 7919) % staff.size()];
    t = Clock::now();
    std::vector<casework::WorkPerson> ps;
    std::vector<casework::WorkStep> steps;
    std::vector<casework::WorkReferral> refs;
    std::vector<casework::WorkRegistration> regs;
    for (policy::Row r : by_staff[who]) {
      casework::WorkPerson p;
      p.id = facts.persons.id[r];
      p.region = region[r];
      p.staff = who;
      p.employed = cw.cases.intention[r] == casework::Intention::kEmployed;
      p.first_seen = cw.cases.registered[r];
      p.missing_services = kept->missing(r);
      p.next_deadline = kept->next_deadline(r);
      for (uint32_t k = cw.records.offsets[r]; k < cw.records.offsets[r + 1]; ++k) {
        p.last_contact = std::max(p.last_contact, cw.records.date[k]);
        if (cw.records.kind[k] == casework::ServiceKind::kJobReferral)
          refs.push_back({int64_t{k}, p.id, who, cw.records.date[k], (k % 3) != 0, "岗位"});
      }
      if (cw.cases.plan_opened[r] != policy::kNoDate)
        steps.push_back({p.id * 10, p.id, who, "推荐岗位", cw.cases.plan_opened[r].AddDays(30), true});
      if (cw.cases.registered[r] != policy::kNoDate && cw.cases.registered[r] > as_of.AddDays(-10))
        regs.push_back({p.id, p.id, cw.cases.registered[r]});
      ps.push_back(std::move(p));
    }
    const auto list = casework::BuildWorklist(ps, steps, refs, regs, calendar, as_of);
    lists.push_back(Ms(t));
    items += list.size();
    people += ps.size();
  }
  std::printf("%-48s %10.2f %10.2f %10.2f\n", "staff worklist, in memory (p99 below)",
              Pct(lists, 0), Pct(lists, 0.5), Pct(lists, 1));
  std::printf("\nstaff worklist: %zu samples, %.0f people and %.0f items each; p50 %.2f ms, "
              "p99 %.2f ms (target ≤ 100 ms)\n",
              lists.size(), lists.empty() ? 0.0 : double(people) / lists.size(),
              lists.empty() ? 0.0 : double(items) / lists.size(), Pct(lists, 0.5),
              Pct(lists, 0.99));
  std::printf("compliance: %lld covered (%lld closed, %lld complete, %lld on track, %lld overdue), "
              "%lld undecidable, %lld not covered; %zu towns, %zu communities\n",
              static_cast<long long>(total.covered()),
              static_cast<long long>(total.n[int(casework::Status::kClosed)]),
              static_cast<long long>(total.n[int(casework::Status::kComplete)]),
              static_cast<long long>(total.n[int(casework::Status::kOnTrack)]),
              static_cast<long long>(total.n[int(casework::Status::kOverdue)]),
              static_cast<long long>(total.n[int(casework::Status::kUndecidable)]),
              static_cast<long long>(total.n[int(casework::Status::kNotCovered)]), by_town.size(),
              by_community.size());
  return 0;
}

}  // namespace

void AddStandardCommands(CLI::App& root) {
  CLI::App* st = root.add_subcommand("standard", "服务标准 (service standards: check, test)");
  st->require_subcommand(1);

  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* check = st->add_subcommand("check", "检查服务标准 (check standard files)");
  check->add_option("files", *files, "standard files (.yaml) or directories")->required();
  check->callback([files] {
    if (int rc = Check(*files)) throw CLI::RuntimeError(rc);
  });

  auto paths = std::make_shared<std::vector<std::string>>();
  auto verbose = std::make_shared<bool>(false);
  CLI::App* test = st->add_subcommand("test", "运行服务标准用例 (run standard case files)");
  test->add_option("paths", *paths, "case files or directories")->required();
  test->add_flag("-v,--verbose", *verbose, "list passing cases too");
  test->callback([paths, verbose] {
    if (int rc = Test(*paths, *verbose)) throw CLI::RuntimeError(rc);
  });

  CLI::App* bench = root.get_subcommand("bench");
  auto f = std::make_shared<BenchFlags>();
  CLI::App* cmd = bench->add_subcommand(
      "casework", "服务标准达标计算与工作台 (compliance and worklists over a synthetic district)");
  cmd->add_option("--persons", f->persons, "人员数")->capture_default_str();
  cmd->add_option("--records", f->records, "service records per person")->capture_default_str();
  cmd->add_option("--threads", f->threads, "threads (0: all cores)")->capture_default_str();
  cmd->add_option("--staff", f->staff_samples, "staff worklists sampled")->capture_default_str();
  cmd->add_option("--standards", f->standards, "standards directory")->capture_default_str();
  cmd->callback([f] {
    if (int rc = Bench(*f)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace bangfu::cli
