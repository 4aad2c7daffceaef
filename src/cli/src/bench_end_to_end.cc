// bangfu bench policy --end-to-end: the whole 政策找人 run as staff start it — PolicyService::Run
// over a SQLite store holding the synthetic population (load the facts, evaluate the pack,
// build candidates with explanations, record them with their notices) — timed per phase, beside
// the same population run as plain SQL (the three rules of bench_policy_sql.h).
//
// The store is generated once into --data DIR and reused when it already holds the population
// (generation takes minutes at a million people); candidates recorded by an earlier run are
// deleted first, so every run writes them again.
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/domain/identity.h"
#include "bangfu/domain/org_types.h"
#include "bangfu/domain/person_types.h"
#include "bangfu/policy/synthetic.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/entitlement_service.h"
#include "bangfu/service/policy_service.h"
#include "bangfu/store/store.h"
#include "bench_policy_sql.h"
#include "commands.h"
#include "runtime.h"
#include "synthetic_codes.h"

namespace bangfu::cli {
namespace fs = std::filesystem;
namespace {

using Clk = std::chrono::steady_clock;
double Since(Clk::time_point t0) { return std::chrono::duration<double>(Clk::now() - t0).count(); }
// CPU seconds of this process, all threads: on a machine shared with other builds the wall time
// alone says little.
double CpuNow() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}
double LoadAverage() {
  double la[1] = {-1};
  return getloadavg(la, 1) == 1 ? la[0] : -1;
}

std::optional<Date> DateOf(Date d) {
  return d.days() == policy::kNoDay || d.days() == policy::kOpenDay ? std::nullopt
                                                                    : std::optional<Date>(d);
}
service::Flag FlagOf(policy::Tri t) {
  return t == policy::Tri::kTrue    ? service::Flag::kYes
         : t == policy::Tri::kFalse ? service::Flag::kNo
                                    : service::Flag::kUnknown;
}
// Policy enums are the domain enums shifted by one (0 = unknown): the stored id, "" unknown.
template <typename P, typename E>
std::string IdOf(const std::vector<domain::EnumInfo<E>>& all, P v) {
  const int i = static_cast<int>(v) - 1;
  return i >= 0 && i < static_cast<int>(all.size()) ? std::string(all[i].id) : std::string();
}
std::string RegionText(int64_t code) { return code ? std::to_string(code) : std::string(); }

// Writes `f` through the repositories, everyone served in 500153001001 (so that the district
// scope loads them all); store ids replace the synthetic rows' ids.
Status WriteFacts(service::Store& store, const policy::Facts& f) {
  auto& data = store.policy_data();
  return store.InTransaction([&]() -> Status {
    std::vector<int64_t> household_id(f.households.size());
    for (size_t h = 0; h < f.households.size(); ++h) {
      service::Household x;
      x.region_code = "500153001001";
      x.external_key = "BENCH-H" + std::to_string(h);
      x.zero_employment_since = DateOf(f.households.zero_employment_since[h]);
      x.zero_employment = x.zero_employment_since.has_value();
      BANGFU_ASSIGN_OR_RETURN(household_id[h], store.households().Insert(x));
    }
    const auto& P = f.persons;
    std::vector<int64_t> person_id(P.size());
    constexpr size_t kBatch = 50000;
    for (size_t start = 0; start < P.size(); start += kBatch) {
      std::vector<service::Person> people;
      for (size_t i = start; i < std::min(P.size(), start + kBatch); ++i) {
        service::Person p;
        p.id_number_cipher = "v1.bench";
        p.id_number_hash = "bench" + std::to_string(i);
        p.id_number_masked = "500153********0000";
        p.name = "基准" + std::to_string(i % 1000);
        p.birth_date = P.birth_date[i];
        p.sex = P.sex[i] == policy::Sex::kMale ? 'M' : P.sex[i] == policy::Sex::kFemale ? 'F' : 'U';
        p.hukou_region = RegionText(P.hukou_region[i]);
        p.residence_region = RegionText(P.residence_region[i]);
        p.region_code = "500153001001";
        if (P.education[i] < domain::Educations().size())
          p.education = domain::Educations()[P.education[i]].id;
        p.graduation_date = DateOf(P.graduation_date[i]);
        p.status = "unemployed";
        p.status_since = Date::FromYmdUnchecked(2023, 1, 1);
        if (P.household[i] != policy::kNoRow) p.household_id = household_id[P.household[i]];
        for (uint32_t k = P.category_offsets[i]; k < P.category_offsets[i + 1]; ++k) {
          const auto& c = P.categories[k];
          p.categories.push_back(
              {std::string(domain::Categories()[c.category].id), c.from, DateOf(c.to), "bench"});
        }
        p.created_at = p.updated_at = {1};
        people.push_back(std::move(p));
      }
      BANGFU_RETURN_IF_ERROR(store.persons().InsertMany(people));
      for (size_t k = 0; k < people.size(); ++k) person_id[start + k] = people[k].id;
    }
    const auto& E = f.employers;
    std::vector<service::Employer> employers(E.size());
    for (size_t i = 0; i < E.size(); ++i) {
      auto& e = employers[i];
      e.credit_code = SyntheticCreditCode('B', static_cast<int64_t>(i));
      e.name = E.name[i].empty() ? "基准企业" + std::to_string(i) : E.name[i];
      e.size_class = IdOf(domain::EmployerSizes(), E.size_class[i]);
      e.kind = IdOf(domain::OrgKinds(), E.kind[i]);
      e.region_code = RegionText(E.region[i]);
      e.base_recognised = DateOf(E.base_recognised[i]);
    }
    BANGFU_RETURN_IF_ERROR(data.UpsertEmployers(employers));
    auto employer = [&](policy::Row r) -> std::optional<int64_t> {
      return r == policy::kNoRow ? std::nullopt : std::optional<int64_t>(employers[r].id);
    };
    std::vector<service::Employment> jobs;
    for (size_t i = 0; i < f.employments.size(); ++i) {
      const auto& M = f.employments;
      jobs.push_back({0, person_id[M.person[i]], employer(M.employer[i]),
                      IdOf(domain::EmploymentKinds(), M.kind[i]), M.start[i], DateOf(M.end[i]),
                      M.contract_months[i] == policy::kOpenEndedContract
                          ? service::kOpenEndedContractMonths
                          : M.contract_months[i],
                      "bench", "BENCH-M" + std::to_string(i)});
    }
    BANGFU_RETURN_IF_ERROR(data.UpsertEmployments(jobs));
    {
      const auto& C = f.contributions;
      std::vector<service::Contribution> rows;
      for (size_t i = 0; i < C.size(); ++i) {
        const int y = C.month[i] / 12, m = C.month[i] % 12 + 1;
        rows.push_back({person_id[C.person[i]], employer(C.payer[i]).value_or(0),
                        Date::FromYmdUnchecked(y, m, 1), C.amount[i], "bench"});
        if (rows.size() == 500000 || i + 1 == C.size()) {
          BANGFU_RETURN_IF_ERROR(data.UpsertContributions(rows));
          rows.clear();
        }
      }
    }
    std::vector<service::Business> businesses;
    for (size_t i = 0; i < f.businesses.size(); ++i) {
      const auto& B = f.businesses;
      service::Business b;
      b.name = B.name[i].empty() ? "基准经营主体" + std::to_string(i) : B.name[i];
      b.kind = IdOf(domain::OrgKinds(), B.kind[i]);
      b.size_class = IdOf(domain::EmployerSizes(), B.size_class[i]);
      b.licence_date = DateOf(B.licence_date[i]);
      b.closed_date = DateOf(B.closed_date[i]);
      b.region_code = RegionText(B.region[i]);
      b.employees = B.employees[i];
      b.online = FlagOf(B.online[i]);
      b.return_home = FlagOf(B.return_home[i]);
      b.employer_id = employer(B.employer[i]);
      for (uint32_t k = B.founder_offsets[i]; k < B.founder_offsets[i + 1]; ++k)
        b.founder_ids.push_back(person_id[B.founders[k]]);
      b.source = "bench";
      b.external_key = "BENCH-B" + std::to_string(i);
      businesses.push_back(std::move(b));
    }
    BANGFU_RETURN_IF_ERROR(data.UpsertBusinesses(businesses));
    std::vector<service::Internship> internships;
    for (size_t i = 0; i < f.internships.size(); ++i) {
      const auto& I = f.internships;
      internships.push_back({0, person_id[I.person[i]], employer(I.base[i]).value_or(0),
                             I.start[i], DateOf(I.end[i]), FlagOf(I.finished[i]),
                             FlagOf(I.hired_after[i]), "bench", "BENCH-I" + std::to_string(i)});
    }
    BANGFU_RETURN_IF_ERROR(data.UpsertInternships(internships));
    std::vector<service::Training> trainings;
    for (size_t i = 0; i < f.trainings.size(); ++i) {
      const auto& T = f.trainings;
      service::Training t;
      t.person_id = person_id[T.person[i]];
      // The synthetic institution ids name no stored employer; rules group by them only.
      t.kind = IdOf(domain::TrainingKinds(), T.kind[i]);
      t.course_code = T.course[i];
      t.start = DateOf(T.start[i]);
      t.end = DateOf(T.end[i]);
      t.days_attended = T.days_attended[i];
      t.subsidised = FlagOf(T.subsidised[i]);
      t.completed = FlagOf(T.completed[i]);
      t.certificate = FlagOf(T.certificate[i]);
      t.source = "bench";
      t.external_key = "BENCH-T" + std::to_string(i);
      trainings.push_back(std::move(t));
    }
    BANGFU_RETURN_IF_ERROR(data.UpsertTrainings(trainings));
    std::vector<service::Placement> placements;
    for (size_t i = 0; i < f.placements.size(); ++i) {
      const auto& W = f.placements;
      placements.push_back({0, person_id[W.person[i]], employer(W.employer[i]), "公益性岗位",
                            W.start[i], DateOf(W.end[i]), "bench", "BENCH-W" + std::to_string(i)});
    }
    BANGFU_RETURN_IF_ERROR(data.UpsertPlacements(placements));
    std::vector<service::DibaoPayment> dibao;
    for (size_t i = 0; i < f.dibao_payments.size(); ++i) {
      const auto& D = f.dibao_payments;
      const int y = D.month[i] / 12, m = D.month[i] % 12 + 1;
      dibao.push_back({person_id[D.person[i]],
                       D.household[i] == policy::kNoRow
                           ? std::nullopt
                           : std::optional<int64_t>(household_id[D.household[i]]),
                       Date::FromYmdUnchecked(y, m, 1), D.amount[i], "bench"});
    }
    BANGFU_RETURN_IF_ERROR(data.UpsertDibaoPayments(dibao));
    std::vector<service::PaidSubsidy> paid;
    for (size_t i = 0; i < f.paid.size(); ++i) {
      const auto& S = f.paid;
      service::PaidSubsidy x;
      x.rule = S.rule[i];
      if (S.person[i] != policy::kNoRow) x.person_id = person_id[S.person[i]];
      x.employer_id = employer(S.employer[i]);
      x.paid_on = S.paid_on[i];
      x.amount = S.amount[i];
      x.source_system = "bench";
      x.external_ref = "BENCH-S" + std::to_string(i);
      paid.push_back(std::move(x));
    }
    return data.UpsertPaidSubsidies(paid);
  });
}

// Persons in the store's database; -1 (message on stderr) when it cannot be read.
int64_t CountPersons(const fs::path& db_file) {
  sqlite3* db = nullptr;
  sqlite3_stmt* st = nullptr;
  int64_t n = -1;
  if (sqlite3_open(db_file.c_str(), &db) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM persons", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  if (n < 0) std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// Forgets the candidates, notices and runs of earlier benchmark runs, so that this run records
// them anew (RecordRun leaves known candidates alone).
bool ForgetRuns(const fs::path& db_file) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open(db_file.c_str(), &db) == SQLITE_OK &&
            sqlite3_exec(db,
                         "BEGIN; DELETE FROM outbox; DELETE FROM entitlements; "
                         "DELETE FROM policy_runs; COMMIT;",
                         nullptr, nullptr, nullptr) == SQLITE_OK;
  if (!ok) std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
  sqlite3_close(db);
  return ok;
}

}  // namespace

int BenchEndToEnd(int64_t persons, const std::string& data_dir, const std::string& policies_dir,
                  bool sql_baseline) {
  spdlog::set_level(spdlog::level::warn);
  const Date as_of = Date::FromYmdUnchecked(2024, 3, 15);
  const bool temporary = data_dir.empty();
  const fs::path dir = temporary ? fs::temp_directory_path() /
                                       ("bangfu-bench-e2e-" + std::to_string(::getpid()))
                                 : fs::path(data_dir);
  fs::create_directories(dir);
  auto t0 = Clk::now();
  const policy::Facts facts = policy::SyntheticFacts(persons, 20240315);
  std::printf("bangfu bench policy --end-to-end — %lld persons, %zu employments, %zu "
              "contributions, as-of %s, store %s\n",
              static_cast<long long>(persons), facts.employments.size(),
              facts.contributions.size(), as_of.ToString().c_str(), dir.c_str());
  int rc = 0;
  {
    store::StoreOptions so;
    so.data_dir = dir.string();
    auto st = store::OpenStore(so);
    if (!st.ok()) return Fail(st.error());
    service::Store& store = **st;
    const int64_t have = CountPersons(dir / "bangfu.db");
    if (have < 0) return 1;
    if (have == 0) {
      t0 = Clk::now();
      if (Status s = WriteFacts(store, facts); !s.ok()) return Fail(s.error());
      std::printf("generated the store in %.1f s\n", Since(t0));
    } else if (have != persons) {
      std::fprintf(stderr, "%s holds %lld persons, not %lld: use another --data\n", dir.c_str(),
                   static_cast<long long>(have), static_cast<long long>(persons));
      return 1;
    } else {
      std::printf("reusing the store (%lld persons)\n", static_cast<long long>(have));
    }
  }
  if (!ForgetRuns(dir / "bangfu.db")) return 1;

  // A fresh process view of the store, as `bangfu policy run` has.
  store::StoreOptions so;
  so.data_dir = dir.string();
  auto st = store::OpenStore(so);
  if (!st.ok()) return Fail(st.error());
  service::Store& store = **st;
  FixedClock clock({1710460800000000});  // 2024-03-15
  service::AuditService audit(store, clock);
  service::LogNoticeSender sender;
  service::EntitlementService entitlements(store, audit, sender, clock);
  service::PolicyService policies(store, entitlements, audit, clock);
  if (Status s = policies.LoadPacks(policies_dir); !s.ok()) return Fail(s.error());
  service::RequestContext ctx;
  ctx.principal.user_id = 1;
  ctx.principal.username = "bench";
  ctx.principal.display_name = "基准测试";
  ctx.principal.role = service::Role::kAdmin;
  ctx.principal.scope = "500153";
  ctx.remote_addr = "cli";

  struct Phase {
    std::string name;
    double wall, cpu;
  };
  std::vector<Phase> phases;
  service::PolicyRunOptions o;
  o.as_of = as_of;
  o.pack_id = "cq-rongchang-2022";
  auto mark = Clk::now();
  double cpu_mark = CpuNow();
  o.on_phase = [&](std::string_view name) {
    const double cpu = CpuNow();
    phases.push_back({std::string(name), Since(mark), cpu - cpu_mark});
    mark = Clk::now();
    cpu_mark = cpu;
  };
  const double load_before = LoadAverage();
  t0 = mark = Clk::now();
  const double cpu0 = cpu_mark = CpuNow();
  auto run = policies.Run(ctx, o);
  const double total_s = Since(t0), total_cpu = CpuNow() - cpu0;
  const double load_after = LoadAverage();
  if (!run.ok()) return Fail(run.error());

  double sql_write_s = 0;
  std::vector<SqlRuleTiming> sql;
  if (sql_baseline) {
    sql = RunSqlBaseline(facts, as_of, dir / "sql-baseline.db", &sql_write_s);
    fs::remove(dir / "sql-baseline.db");
  }

  std::printf("eligible %lld, new candidates %lld (%.2f yuan)\n\n",
              static_cast<long long>(run->eligible), static_cast<long long>(run->new_candidates),
              run->new_amount_fen / 100.0);
  std::printf("load average (1 min) %.2f before the run, %.2f after, on %ld cores\n\n",
              load_before, load_after, sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("| %-52s | %10s | %10s |\n", "phase", "wall (s)", "CPU (s)");
  std::printf("|%s|%s|%s|\n", std::string(54, '-').c_str(), std::string(12, '-').c_str(),
              std::string(12, '-').c_str());
  static const std::pair<const char*, const char*> kLabels[] = {
      {"load", "load facts from SQLite (LoadFacts)"},
      {"evaluate", "evaluate the pack (all rules)"},
      {"explain", "build candidates and explanations"},
      {"write", "write candidates and notices (RecordRun)"}};
  for (const auto& p : phases) {
    const char* label = p.name.c_str();
    for (const auto& [k, v] : kLabels)
      if (p.name == k) label = v;
    std::printf("| %-52s | %10.3f | %10.3f |\n", label, p.wall, p.cpu);
  }
  std::printf("| %-52s | %10.3f | %10.3f |\n", "end to end (PolicyService::Run)", total_s,
              total_cpu);
  double sql_total = 0;
  for (const auto& q : sql) {
    std::printf("| %-52s | %10.3f | %10s |\n", ("SQL baseline " + q.rule_id).c_str(), q.seconds,
                "");
    sql_total += q.seconds;
    if (q.eligible < 0) rc = 1;
  }
  if (sql_baseline)
    std::printf("| %-52s | %10.3f | %10s |\n", "SQL baseline, these 3 of the pack's rules",
                sql_total, "");
  std::printf("\n(the SQL baseline evaluates 3 rules and writes and explains nothing; the engine "
              "run covers every rule of the pack)\n");
  if (temporary) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return rc;
}

}  // namespace bangfu::cli
