// bangfu bench match-store: matching as `serve` runs it — MatchService over a SQLite (or
// PostgreSQL) store holding the generated district: time to load the matcher from the store,
// one-person recommendations and one-posting candidates through the service (scope checks,
// store reads and all), what the candidates endpoint read per request before it was served
// from the matcher's person index, and the housekeeping catch-up with nothing new and after a
// bulk write by another process.
//
// The store is generated once into --data DIR and reused when it already holds postings
// (writing a million people takes minutes).
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/domain/identity.h"
#include "bangfu/domain/person_types.h"
#include "bangfu/match/dataset.h"
#include "bangfu/service/app.h"
#include "bangfu/store/store.h"
#include "bench_timing.h"
#include "commands.h"
#include "runtime.h"
#include "synthetic_codes.h"
#include "taxonomy_file.h"

namespace bangfu::cli {
namespace fs = std::filesystem;
namespace {

struct Flags {
  std::string taxonomy;
  std::string data;    // Empty: a temporary directory, removed afterwards.
  std::string db_url;  // postgresql://… instead of SQLite in --data.
  int64_t postings = 100000;
  int64_t persons = 1000000;
  int64_t queries = 2000;
  int64_t added = 10000;  // People written "by another process" before the timed catch-up.
  uint64_t seed = 1;
};

using Clk = bench::Clock;
using bench::CpuSeconds;
using bench::Pct;
using bench::Since;
using bench::ThreadCpuSeconds;

long MaxRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// The person as the ledger holds it: the desired occupations as the names people write,
// joined with 、, so that loading normalises them as it does for real data.
service::Person LedgerPerson(const match::Person& a, const match::Taxonomy& tax, int64_t n,
                             Timestamp now) {
  service::Person p;
  p.id_number_cipher = "v1.bench";
  p.id_number_hash = "bench-match-" + std::to_string(n);
  p.id_number_masked = "500153********0000";
  p.name = "匹配" + std::to_string(n % 1000);
  p.birth_date = Date::FromYmdUnchecked(1995, 1, 1);
  p.region_code = p.residence_region = p.hukou_region = std::to_string(a.region);
  p.education = std::string(domain::Id(a.education));
  p.major = a.major;
  p.skills = a.skills;
  for (size_t i = 0; i < a.desired.size(); ++i)
    if (const auto* o = tax.Get(a.desired[i])) p.desired_occupation += (i ? "、" : "") + o->name;
  p.expected_salary_min = a.expected_salary_yuan;
  p.status = std::string(domain::Id(domain::EmploymentStatus::kUnemployed));
  p.status_since = Date::FromYmdUnchecked(2026, 1, 1);
  for (const auto& c : domain::Categories())
    if (a.categories & match::CategoryBit(c.value))
      p.categories.push_back({std::string(c.id), Date::FromYmdUnchecked(2025, 1, 1), std::nullopt, "bench"});
  p.created_at = p.updated_at = now;
  return p;
}

Status WritePeople(service::Store& store, const std::vector<match::Person>& people,
                   const match::Taxonomy& tax, int64_t first_n, Timestamp now) {
  return store.InTransaction([&]() -> Status {
    constexpr size_t kBatch = 50000;
    for (size_t start = 0; start < people.size(); start += kBatch) {
      std::vector<service::Person> rows;
      for (size_t i = start; i < std::min(people.size(), start + kBatch); ++i)
        rows.push_back(LedgerPerson(people[i], tax, first_n + static_cast<int64_t>(i), now));
      BANGFU_RETURN_IF_ERROR(store.persons().InsertMany(rows));
    }
    return OkStatus();
  });
}

Status WriteDistrict(service::Store& store, const match::Dataset& d, const match::Taxonomy& tax,
                     Timestamp now) {
  std::vector<service::Employer> employers((d.postings.size() + 9) / 10);
  for (size_t i = 0; i < employers.size(); ++i) {
    employers[i].credit_code = SyntheticCreditCode('C', static_cast<int64_t>(i));
    employers[i].name = "匹配基准企业" + std::to_string(i);
    employers[i].region_code = std::to_string(d.postings[i * 10].region);
  }
  BANGFU_RETURN_IF_ERROR(store.policy_data().UpsertEmployers(employers));
  BANGFU_RETURN_IF_ERROR(store.InTransaction([&]() -> Status {
    for (size_t i = 0; i < d.postings.size(); ++i) {
      const auto& m = d.postings[i];
      service::JobPosting p;
      p.employer_id = employers[i / 10].id;
      const auto* o = tax.Get(m.occupation);
      p.title = o ? o->name : "岗位";
      p.occupation_code = match::FormatOccCode(m.occupation);
      p.openings = m.openings;
      p.education = std::string(domain::Id(m.education_min));
      p.majors = m.majors;
      p.skills = m.skills;
      p.salary_min = m.salary_min_yuan;
      p.salary_max = m.salary_max_yuan;
      p.region_code = std::to_string(m.region);
      p.work_kind = std::string(match::WorkKindId(m.kind));
      p.status = "published";
      p.source = "bench";
      p.external_key = "BENCH-J" + std::to_string(i);
      p.created_at = p.updated_at = p.reviewed_at = now;
      BANGFU_ASSIGN_OR_RETURN(int64_t id, store.jobs().InsertPosting(p));
      (void)id;
    }
    return OkStatus();
  }));
  return WritePeople(store, d.persons, tax, 0, now);
}

int Run(const Flags& f) {
  spdlog::set_level(spdlog::level::warn);
  std::string tax_source;
  auto tax = LoadTaxonomy(f.taxonomy, &tax_source);
  if (!tax.ok()) return Fail(tax.error());
  auto tax_csv = ReadWholeFile(tax_source);
  if (!tax_csv.ok()) return Fail(tax_csv.error());

  const bool temp = f.data.empty();
  const fs::path dir = temp ? fs::temp_directory_path() / ("bangfu-bench-match-" + std::to_string(::getpid()))
                            : fs::path(f.data);
  fs::create_directories(dir);
  store::StoreOptions so;
  so.data_dir = dir.string();
  so.url = f.db_url;
  auto st = store::OpenStore(so);
  if (!st.ok()) return Fail(st.error());
  service::Store& store = **st;
  SystemClock clock;

  std::printf("bangfu match-store benchmark: %lld postings, %lld people, taxonomy %s, %s in %s\n",
              static_cast<long long>(f.postings), static_cast<long long>(f.persons), tax_source.c_str(),
              store.BackendName().c_str(), dir.c_str());
  double write_s = 0;
  service::PostingFilter any;
  any.size = 1;
  auto existing = store.jobs().ListPostings(any);
  if (!existing.ok()) return Fail(existing.error());
  if (existing->total == 0) {
    match::Dataset d = match::Generate(*tax, {f.postings, f.persons, f.seed});
    const auto t = Clk::now();
    if (auto s = WriteDistrict(store, d, *tax, clock.Now()); !s.ok()) return Fail(s.error());
    write_s = Since(t);
  } else {
    std::printf("(reusing the %lld postings already in %s)\n", static_cast<long long>(existing->total), dir.c_str());
  }

  service::AppOptions ao;
  ao.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
  service::App app(store, clock, std::move(ao));
  auto& matches = app.matches();
  double cpu0 = CpuSeconds();
  auto t = Clk::now();
  if (auto s = matches.Load(*tax_csv); !s.ok()) return Fail(s.error());
  const double load_s = Since(t), load_cpu = CpuSeconds() - cpu0;

  // Ids to query: people and postings as stored.
  auto people = store.jobs().MatchPersons("");
  if (!people.ok()) return Fail(people.error());
  auto published = store.jobs().PostingsWithStatus("", "published");
  if (!published.ok()) return Fail(published.error());
  std::vector<int64_t> person_ids;
  for (const auto& p : *people) person_ids.push_back(p.id);
  std::vector<std::pair<int64_t, std::string>> postings;
  for (const auto& p : *published) postings.emplace_back(p.id, p.region_code);
  people->clear();
  people->shrink_to_fit();
  published->clear();
  if (person_ids.empty() || postings.empty()) return Fail(Error::FailedPrecondition("store holds no people or postings"));

  service::RequestContext admin;
  admin.principal.user_id = 1;
  admin.principal.username = "bench";
  admin.principal.role = service::Role::kAdmin;
  std::mt19937_64 rng(f.seed);
  std::vector<double> rec_ms, rec_cpu, cand_ms, cand_cpu, old_read_ms;
  int64_t rec_results = 0, cand_results = 0;
  for (int64_t q = 0; q < f.queries; ++q) {
    const int64_t id = person_ids[rng() % person_ids.size()];
    t = Clk::now();
    const double c0 = ThreadCpuSeconds();
    auto r = matches.Recommendations(admin, id, 20);
    rec_cpu.push_back((ThreadCpuSeconds() - c0) * 1e3);
    rec_ms.push_back(Since(t) * 1e3);
    if (!r.ok()) return Fail(r.error());
    rec_results += static_cast<int64_t>(r->size());
  }
  // Candidates as a district's staff ask: scope = the posting's county.
  const int64_t cand_queries = std::min<int64_t>(f.queries, 500);
  for (int64_t q = 0; q < cand_queries; ++q) {
    const auto& [id, region] = postings[rng() % postings.size()];
    service::RequestContext staff = admin;
    staff.principal.role = service::Role::kDistrictStaff;
    staff.principal.scope = region.substr(0, 6);
    t = Clk::now();
    const double c0 = ThreadCpuSeconds();
    auto r = matches.Candidates(staff, id, 20);
    cand_cpu.push_back((ThreadCpuSeconds() - c0) * 1e3);
    cand_ms.push_back(Since(t) * 1e3);
    if (!r.ok()) return Fail(r.error());
    cand_results += static_cast<int64_t>(r->size());
  }
  // What every candidates request read before: all matchable people of the caller's scope.
  for (int q = 0; q < 20; ++q) {
    const auto& region = postings[rng() % postings.size()].second;
    t = Clk::now();
    auto r = store.jobs().MatchPersons(region.substr(0, 6));
    old_read_ms.push_back(Since(t) * 1e3);
    if (!r.ok()) return Fail(r.error());
  }

  // Housekeeping: the catch-up with nothing new, then after another process wrote people.
  t = Clk::now();
  auto idle = matches.CatchUp();
  if (!idle.ok()) return Fail(idle.error());
  const double idle_ms = Since(t) * 1e3;
  match::Dataset extra = match::Generate(*tax, {1, f.added, f.seed + 1});
  // Keys after every person stored so far, so that a reused --data directory takes them too.
  const int64_t first_key = 100000000 + static_cast<int64_t>(person_ids.size());
  if (auto s = WritePeople(store, extra.persons, *tax, first_key, clock.Now()); !s.ok())
    return Fail(s.error());
  cpu0 = CpuSeconds();
  t = Clk::now();
  auto caught = matches.CatchUp();
  if (!caught.ok()) return Fail(caught.error());
  const double catch_s = Since(t), catch_cpu = CpuSeconds() - cpu0;

  double la[3] = {0, 0, 0};
  (void)getloadavg(la, 3);
  std::printf("\n%-58s %14s\n", "measure", "value");
  auto row = [](const char* what, double v, const char* fmt) {
    char b[64];
    std::snprintf(b, sizeof b, fmt, v);
    std::printf("%-58s %14s\n", what, b);
  };
  if (write_s > 0) row("write the district to the store (s)", write_s, "%.1f");
  row("MatchService::Load from the store (s)", load_s, "%.1f");
  row("  same, CPU seconds", load_cpu, "%.1f");
  std::printf("%-58s %14s\n", "people in the store / published postings",
              (std::to_string(person_ids.size()) + " / " + std::to_string(postings.size())).c_str());
  row("max resident memory after load (MB)", static_cast<double>(MaxRssMb()), "%.0f");
  row("recommendations (top 20) for one person p50 (ms)", Pct(rec_ms, 0.5), "%.3f");
  row("recommendations (top 20) for one person p99 (ms)", Pct(rec_ms, 0.99), "%.3f");
  row("  same, CPU p50 (ms)", Pct(rec_cpu, 0.5), "%.3f");
  row("  same, CPU p99 (ms)", Pct(rec_cpu, 0.99), "%.3f");
  row("  mean results", person_ids.empty() ? 0 : double(rec_results) / f.queries, "%.1f");
  row("candidates (top 20, county scope) p50 (ms)", Pct(cand_ms, 0.5), "%.3f");
  row("candidates (top 20, county scope) p99 (ms)", Pct(cand_ms, 0.99), "%.3f");
  row("  same, CPU p50 (ms)", Pct(cand_cpu, 0.5), "%.3f");
  row("  same, CPU p99 (ms)", Pct(cand_cpu, 0.99), "%.3f");
  row("  mean results", cand_queries ? double(cand_results) / cand_queries : 0, "%.1f");
  row("before: read of the county's people per request p50 (ms)", Pct(old_read_ms, 0.5), "%.1f");
  row("housekeeping catch-up, nothing new (ms)", idle_ms, "%.1f");
  row("catch-up after another process wrote people: people", static_cast<double>(f.added), "%.0f");
  row("  wall (s)", catch_s, "%.2f");
  row("  CPU (s)", catch_cpu, "%.2f");
  row("  records re-read", static_cast<double>(*caught), "%.0f");
  row("load average (1 min) at the end", la[0], "%.1f");
  if (temp) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return 0;
}

}  // namespace

void AddBenchMatchStoreCommand(CLI::App* bench) {
  auto f = std::make_shared<Flags>();
  CLI::App* cmd = bench->add_subcommand("match-store", "从数据库加载的人岗匹配 (MatchService over a store)");
  cmd->add_option("--taxonomy", f->taxonomy, "职业分类 CSV (default: the demo taxonomy)");
  cmd->add_option("--postings", f->postings, "岗位数")->capture_default_str();
  cmd->add_option("--persons", f->persons, "人员数")->capture_default_str();
  cmd->add_option("--queries", f->queries, "单人查询计时次数")->capture_default_str();
  cmd->add_option("--added", f->added, "另一进程写入后由定时任务读入的人数")->capture_default_str();
  cmd->add_option("--data", f->data, "数据目录 (kept and reused; default: a temporary one)");
  cmd->add_option("--db", f->db_url, "postgresql://… (default: SQLite in the data directory)");
  cmd->add_option("--seed", f->seed, "随机种子")->capture_default_str();
  cmd->callback([f] {
    if (int rc = Run(*f)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace bangfu::cli
