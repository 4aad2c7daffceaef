// bangfu bench facts: how fast service::LoadFacts reads a district's population from the store
// into policy::Facts (persons, categories, employers, employments, monthly contributions,
// 低保 payments), and how much memory the result takes.
// With --worklist: the population is spread over communities of --community-size people, each
// person gets --services service records and a responsible community worker (by rule), and the
// benchmark times building the in-memory case-work state (WorklistService::WarmUp, as `serve`
// does at start), one worker's GET /api/v1/worklist (WorklistService::Worklist, catch-up of
// changes included; a service is written before every other request) and the whole district's
// compliance (WorklistService::Compliance).
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <ctime>
#include <memory>
#include <random>

#include "bangfu/domain/identity.h"
#include <algorithm>

#include "bangfu/base/clock.h"
#include "bangfu/service/app.h"
#include "bangfu/service/facts_loader.h"
#include "bangfu/store/store.h"
#include "commands.h"
#include "runtime.h"
#include "synthetic_codes.h"

namespace bangfu::cli {
namespace fs = std::filesystem;
namespace {

struct FactsBenchFlags {
  int64_t persons = 100000;
  std::string db_url;  // Empty: SQLite in a temporary directory.
  bool keep = false;
  // SQLite data directory to generate into and keep, or to reuse when a previous --dir run
  // finished generating there (marker file bench-ready): the timings then skip generation.
  std::string dir;
  bool worklist = false;
  int64_t community_size = 3300;  // ~300 communities in a 1,000,000-person district
  int services = 5;
  int samples = 30;
};

// Resident set of this process, from /proc (kB → bytes); `peak` for the high-water mark.
int64_t ResidentBytes(bool peak) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string key = peak ? "VmHWM:" : "VmRSS:";
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::stoll(line.substr(key.size())) * 1024;
  return 0;
}

// Generates the population straight through the repositories (fake ciphertexts: the loader
// never reads them): per person 0–2 categories; one in three employed with a contract and
// 12 monthly contributions (3.6 per person on average), one in twenty in a 低保 household.
std::string CommunityOf(int64_t i, int64_t community_size) {
  const int64_t c = community_size > 0 ? i / community_size : 0;
  // Towns of up to 100 communities: 500153 TTT CCC.
  return fmt::format("500153{:03d}{:03d}", 1 + c / 100, 1 + c % 100);
}

Status Generate(service::Store& store, int64_t n, int64_t community_size) {
  std::mt19937_64 rng(20220720);
  const int64_t employers_n = std::max<int64_t>(1, n / 50);
  std::vector<service::Employer> employers;
  for (int64_t i = 0; i < employers_n; ++i) {
    service::Employer e;
    e.credit_code = SyntheticCreditCode('A', i);
    e.name = "荣昌基准企业" + std::to_string(i);
    e.size_class = i % 10 == 0 ? "medium" : i % 3 == 0 ? "micro" : "small";
    e.kind = "enterprise";
    e.region_code = "500153001001";
    employers.push_back(std::move(e));
  }
  BANGFU_RETURN_IF_ERROR(store.policy_data().UpsertEmployers(employers));
  constexpr int64_t kBatch = 50000;
  static const char* kCats[] = {"graduate", "dibao", "poverty_alleviated", "registered_unemployed",
                                "disabled"};
  for (int64_t start = 0; start < n; start += kBatch) {
    const int64_t end = std::min(n, start + kBatch);
    std::vector<service::Person> people;
    people.reserve(end - start);
    for (int64_t i = start; i < end; ++i) {
      service::Person p;
      p.id_number_cipher = "v1.bench";
      p.id_number_hash = "bench" + std::to_string(i);
      p.id_number_masked = "500153********0000";
      p.name = "基准" + std::to_string(i % 1000);
      p.birth_date =
          Date::FromYmdUnchecked(1966, 1, 1).AddDays(static_cast<int32_t>(rng() % 15000));
      p.sex = rng() % 2 ? 'M' : 'F';
      p.region_code = p.residence_region = p.hukou_region = CommunityOf(i, community_size);
      p.education = i % 2 ? "bachelor" : "junior_or_below";
      if (i % 2) p.graduation_date = Date::FromYmdUnchecked(2024 + static_cast<int>(i % 3), 6, 30);
      p.status = i % 3 == 0 ? "employed_employer" : "unemployed";
      p.status_since = Date::FromYmdUnchecked(2025, 1, 1);
      for (int64_t c = 0; c < static_cast<int64_t>(rng() % 3); ++c)
        p.categories.push_back(
            {kCats[rng() % 5], Date::FromYmdUnchecked(2023, 1, 1), std::nullopt, "bench"});
      p.created_at = p.updated_at = {1};
      people.push_back(std::move(p));
    }
    BANGFU_RETURN_IF_ERROR(store.persons().InsertMany(people));
    std::vector<service::Employment> jobs;
    std::vector<service::Contribution> contributions;
    std::vector<service::DibaoPayment> dibao;
    for (const auto& p : people) {
      if (p.status == "employed_employer") {
        const int64_t employer = employers[rng() % employers.size()].id;
        const Date start = Date::FromYmdUnchecked(2024, 1 + static_cast<int>(rng() % 12), 1);
        jobs.push_back({0, p.id, employer, "labour_contract", start, std::nullopt, 24, "bench",
                        "bench-" + std::to_string(p.id)});
        for (int m = 1; m <= 12; ++m)
          contributions.push_back(
              {p.id, employer, Date::FromYmdUnchecked(2025, m, 1), 98765, "bench"});
      } else if (p.id % 20 == 0 && community_size == 0) {
        // Not in --worklist mode: these payments name no household, which LoadFacts keeps as
        // kNoRow and Facts::Validate refuses (dibao_payments.household is not nullable), so
        // ComplianceRun::Compute would fail on them.
        for (int m = 1; m <= 6; ++m)
          dibao.push_back({p.id, std::nullopt, Date::FromYmdUnchecked(2025, m, 1), 62000, "bench"});
      }
    }
    BANGFU_RETURN_IF_ERROR(store.InTransaction([&]() -> Status {
      BANGFU_RETURN_IF_ERROR(store.policy_data().UpsertEmployments(jobs));
      BANGFU_RETURN_IF_ERROR(store.policy_data().UpsertContributions(contributions));
      return store.policy_data().UpsertDibaoPayments(dibao);
    }));
  }
  return OkStatus();
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(q * (v.size() - 1) + 0.5))];
}

// Service records and responsible workers (one per community, by rule) for everyone
// generated; `staff` receives the workers' ids by community.
Status GenerateCasework(service::Store& store, const FactsBenchFlags& f, Date today,
                        std::vector<int64_t>& staff, int64_t& records) {
  const int64_t communities = (f.persons + f.community_size - 1) / f.community_size;
  for (int64_t c = 0; c < communities; ++c) {
    service::User u;
    u.username = fmt::format("bench{}", c);
    u.display_name = fmt::format("基准社区专员{}", c);
    u.role = service::Role::kCommunityStaff;
    u.scope = CommunityOf(c * f.community_size, f.community_size);
    u.password_hash = "x";
    BANGFU_ASSIGN_OR_RETURN(const int64_t id, store.users().Insert(u));
    staff.push_back(id);
    const service::AssignmentRule rule{u.scope, id, ""};
    BANGFU_RETURN_IF_ERROR(store.cases().UpsertRule(rule));
    BANGFU_RETURN_IF_ERROR(store.cases().ApplyRule(rule, today, {1}));
  }
  static const char* kKinds[] = {"policy_briefing", "career_guidance", "job_referral", "training_offer",
                                 "follow_up"};
  std::mt19937_64 rng(7);
  records = 0;
  constexpr int64_t kBatch = 20000;
  for (int64_t start = 1; start <= f.persons; start += kBatch) {
    const int64_t end = std::min(f.persons, start + kBatch - 1);
    Status s = store.InTransaction([&]() -> Status {
      for (int64_t id = start; id <= end; ++id) {
        for (int k = 0; k < f.services; ++k) {
          service::ServiceRecord r;
          r.person_id = id;
          r.kind = kKinds[rng() % 5];
          r.service_date = today.AddDays(-static_cast<int32_t>(rng() % 180));
          r.staff_user_id = staff[std::min<int64_t>((id - 1) / f.community_size, communities - 1)];
          r.channel = "visit";
          if (r.kind == "job_referral") r.referral_job_title = "包装工";
          r.created_at = {1};
          BANGFU_RETURN_IF_ERROR(store.cases().InsertService(r));
          ++records;
        }
      }
      return OkStatus();
    });
    BANGFU_RETURN_IF_ERROR(s);
  }
  return OkStatus();
}

// CPU time of this process (all threads), seconds.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

// The timings, on data GenerateCasework made (now or in an earlier --dir run).
int BenchWorklist(service::Store& store, const FactsBenchFlags& f, bool generate) {
  SystemClock clock;
  service::App app(store, clock);
  const fs::path standards = FindStandardDir();
  if (standards.empty()) return Fail(Error::NotFound("找不到 standards/ 目录", "standards"));
  if (auto s = app.worklist().LoadStandards(standards.string()); !s.ok()) return Fail(s.error());
  const Date today = clock.Today();
  const int64_t communities = (f.persons + f.community_size - 1) / f.community_size;
  std::vector<int64_t> staff;
  int64_t records = 0;
  auto t0 = std::chrono::steady_clock::now();
  if (generate) {
    if (Status s = GenerateCasework(store, f, today, staff, records); !s.ok()) return Fail(s.error());
  } else {
    auto users = store.users().List();
    if (!users.ok()) return Fail(users.error());
    std::map<std::string, int64_t> by_name;
    for (const auto& u : *users) by_name[u.username] = u.id;
    for (int64_t c = 0; c < communities; ++c) {
      auto it = by_name.find(fmt::format("bench{}", c));
      if (it == by_name.end())
        return Fail(Error::FailedPrecondition("--dir 中的数据与 --persons/--community-size 不符", "dir"));
      staff.push_back(it->second);
    }
    records = f.persons * f.services;
  }
  const double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  service::RequestContext worker;
  worker.principal.role = service::Role::kCommunityStaff;
  worker.principal.user_id = staff[communities / 2];
  worker.principal.scope = CommunityOf((communities / 2) * f.community_size, f.community_size);
  service::RequestContext leader;
  leader.principal.role = service::Role::kLeader;
  leader.principal.scope = "500153";

  // The in-memory state, built as `serve` builds it at start.
  double cpu0 = CpuSeconds();
  auto t = std::chrono::steady_clock::now();
  if (Status s = app.worklist().WarmUp(); !s.ok()) return Fail(s.error());
  const double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  const double build_cpu_s = CpuSeconds() - cpu0;

  // Worklist requests; before every other one a service is recorded for someone in the
  // worker's community (through the repository, as another process would), so that half the
  // requests first catch up a change.
  const int64_t first_person = (communities / 2) * f.community_size + 1;
  std::mt19937_64 rng(11);
  std::vector<double> ms, ms_after_write;
  size_t items = 0;
  double request_cpu = 0;
  for (int i = 0; i < f.samples; ++i) {
    const bool write = i % 2 == 1;
    if (write) {
      service::ServiceRecord r;
      r.person_id = first_person + static_cast<int64_t>(rng() % f.community_size);
      r.kind = "career_guidance";
      r.service_date = today;
      r.staff_user_id = worker.principal.user_id;
      r.channel = "phone";
      r.created_at = clock.Now();
      if (auto id = store.cases().InsertService(r); !id.ok()) return Fail(id.error());
    }
    cpu0 = CpuSeconds();
    t = std::chrono::steady_clock::now();
    auto v = app.worklist().Worklist(worker);
    const double took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
    request_cpu += CpuSeconds() - cpu0;
    if (!v.ok()) return Fail(v.error());
    (write ? ms_after_write : ms).push_back(took);
    items = v->items.size();
  }
  std::vector<double> all = ms;
  all.insert(all.end(), ms_after_write.begin(), ms_after_write.end());
  const double worklist_cpu_ms = request_cpu * 1000 / std::max(1, f.samples);

  cpu0 = CpuSeconds();
  t = std::chrono::steady_clock::now();
  auto c = app.worklist().Compliance(leader, "");
  const double compliance_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  const double compliance_cpu_s = CpuSeconds() - cpu0;
  if (!c.ok()) return Fail(c.error());
  // The district leader's worklist: every item of the district rolled up.
  cpu0 = CpuSeconds();
  t = std::chrono::steady_clock::now();
  auto lw = app.worklist().Worklist(leader);
  const double leader_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  const double leader_cpu_ms = (CpuSeconds() - cpu0) * 1000;
  if (!lw.ok()) return Fail(lw.error());
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) < 0) load[0] = -1;
  std::printf("bangfu worklist benchmark: %s, %lld persons in %lld communities of %lld, %lld service records\n",
              store.BackendName().c_str(), static_cast<long long>(f.persons), static_cast<long long>(communities),
              static_cast<long long>(f.community_size), static_cast<long long>(records));
  std::printf("| %-56s | %12s |\n", "measure", "value");
  std::printf("| %-56s | %10.1f s |\n",
              generate ? "generate service records and assignments" : "reused data (--dir), lookup",
              gen_s);
  std::printf("| %-56s | %10.2f s |\n", "build the in-memory state (serve start), wall", build_s);
  std::printf("| %-56s | %10.2f s |\n", "  CPU time of the build", build_cpu_s);
  std::printf("| %-56s | %9.1f ms |\n", "one worker's worklist, p50 (all requests)", Percentile(all, 0.5));
  std::printf("| %-56s | %9.1f ms |\n", "one worker's worklist, p99 (all requests)", Percentile(all, 0.99));
  std::printf("| %-56s | %9.1f ms |\n", "  p99 of requests with no write before", Percentile(ms, 0.99));
  std::printf("| %-56s | %9.1f ms |\n", "  p99 of requests right after another write", Percentile(ms_after_write, 0.99));
  std::printf("| %-56s | %9.2f ms |\n", "  CPU time per worklist request (mean)", worklist_cpu_ms);
  std::printf("| %-56s | %12zu |\n", "items on that worklist (capped 200 per kind)", items);
  std::printf("| %-56s | %10.3f s |\n", "district compliance (after catch-up), wall", compliance_s);
  std::printf("| %-56s | %10.3f s |\n", "  CPU time of the compliance request", compliance_cpu_s);
  std::printf("| %-56s | %12lld |\n", "  covered by a standard", static_cast<long long>(c->total.covered()));
  std::printf("| %-56s | %9.1f ms |\n", "district leader's worklist with roll-ups, wall", leader_ms);
  std::printf("| %-56s | %9.1f ms |\n", "  CPU time", leader_cpu_ms);
  std::printf("| %-56s | %12.2f |\n", "load average (1 min) at the end", load[0]);
  return 0;
}

int BenchFacts(const FactsBenchFlags& f) {
  spdlog::set_level(spdlog::level::warn);
  const fs::path dir = !f.dir.empty() ? fs::path(f.dir)
                                       : fs::temp_directory_path() /
                                             ("bangfu-bench-facts-" + std::to_string(::getpid()));
  const fs::path ready = dir / "bench-ready";
  const bool reuse = !f.dir.empty() && fs::exists(ready);
  const bool keep = f.keep || !f.dir.empty();
  fs::create_directories(dir);
  store::StoreOptions so;
  so.data_dir = dir.string();
  so.url = f.db_url;
  auto st = store::OpenStore(so);
  if (!st.ok()) return Fail(st.error());
  service::Store& store = **st;
  auto seconds = [](std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  auto t0 = std::chrono::steady_clock::now();
  if (!reuse) {
    if (Status s = Generate(store, f.persons, f.worklist ? f.community_size : 0); !s.ok())
      return Fail(s.error());
  }
  const double gen_s = seconds(t0);

  if (f.worklist) {
    const int rc = BenchWorklist(store, f, !reuse);
    if (rc == 0 && !f.dir.empty()) std::ofstream(ready) << "worklist\n";
    if (!keep) fs::remove_all(dir);
    else std::printf("kept: %s\n", dir.c_str());
    return rc;
  }
  if (!f.dir.empty() && !reuse) std::ofstream(ready) << "facts\n";
  const int64_t rss_before = ResidentBytes(false);
  policy::Facts facts;
  t0 = std::chrono::steady_clock::now();
  auto n = service::LoadFacts(store, {"500153"}, facts);
  const double load_s = seconds(t0);
  if (!n.ok()) return Fail(n.error());
  const int64_t rss_after = ResidentBytes(false);
  const int64_t rows = n->persons + n->categories + n->households + n->employers + n->employments +
                       n->contributions + n->businesses + n->internships + n->trainings +
                       n->placements + n->dibao_payments + n->paid;
  // A second load: the database pages are now in the OS cache either way.
  t0 = std::chrono::steady_clock::now();
  auto again = service::LoadFacts(store, {"500153"}, facts);
  const double warm_s = seconds(t0);
  if (!again.ok()) return Fail(again.error());

  std::printf(
      "bangfu facts benchmark: %s, %lld persons, %lld categories, %lld employers, %lld "
      "employments, "
      "%lld contributions, %lld 低保 payments\n",
      store.BackendName().c_str(), static_cast<long long>(n->persons),
      static_cast<long long>(n->categories), static_cast<long long>(n->employers),
      static_cast<long long>(n->employments), static_cast<long long>(n->contributions),
      static_cast<long long>(n->dibao_payments));
  std::printf("| %-44s | %14s |\n", "measure", "value");
  std::printf("|%s|%s|\n", std::string(46, '-').c_str(), std::string(16, '-').c_str());
  std::printf("| %-44s | %12.1f s |\n", "generate and store (repositories)", gen_s);
  std::printf("| %-44s | %12.2f s |\n", "LoadFacts, first", load_s);
  std::printf("| %-44s | %12.2f s |\n", "LoadFacts, again", warm_s);
  std::printf("| %-44s | %12.0f/s |\n", "rows read (first load)", rows / load_s);
  std::printf("| %-44s | %11.0f MB |\n", "resident memory added by the Facts",
              (rss_after - rss_before) / 1048576.0);
  std::printf("| %-44s | %11.0f MB |\n", "peak resident memory of the process",
              ResidentBytes(true) / 1048576.0);
  if (!keep)
    fs::remove_all(dir);
  else
    std::printf("kept: %s\n", dir.c_str());
  return 0;
}

}  // namespace

void AddBenchFactsCommand(CLI::App* bench) {
  auto f = std::make_shared<FactsBenchFlags>();
  CLI::App* cmd =
      bench->add_subcommand("facts", "政策计算数据装载 (load policy::Facts from the store)");
  cmd->add_option("--persons", f->persons, "人员数")->capture_default_str();
  cmd->add_option("--db", f->db_url,
                  "postgresql://… to measure PostgreSQL (default: SQLite in a temp dir)");
  cmd->add_flag("--keep", f->keep, "保留生成的数据目录");
  cmd->add_option("--dir", f->dir,
                  "数据目录 (SQLite): 首次生成并保留，再次运行时复用 (reuse when bench-ready is there)");
  cmd->add_flag("--worklist", f->worklist, "测量工作台与达标情况 (staff worklist p50/p99, district compliance)");
  cmd->add_option("--community-size", f->community_size, "persons per community (--worklist)")->capture_default_str();
  cmd->add_option("--services", f->services, "service records per person (--worklist)")->capture_default_str();
  cmd->add_option("--samples", f->samples, "worklist requests timed (--worklist)")->capture_default_str();
  cmd->callback([f] {
    if (int rc = BenchFacts(*f)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace bangfu::cli
