// bangfu bench policy: the default pack over a synthetic population, engine only; then the
// same data in a temporary SQLite database with ordinary indexes, and RC-HIRE-GRAD,
// RC-HIRE-HARDSHIP and RC-INTERN written as plain SQL (the way OpenSPP/OpenG2P compile
// eligibility), side by side with the engine, with the counts checked to agree.
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bangfu/policy/pack.h"
#include "bangfu/policy/synthetic.h"
#include "bench_policy_sql.h"
#include "commands.h"

namespace bangfu::cli {
namespace {

namespace fs = std::filesystem;
using policy::Outcome;

struct PolicyBenchFlags {
  int64_t persons = 1'000'000;
  int threads = 0;
  std::string pack = "policies/cq-rongchang-2022.yaml";
  bool sql = true;
  bool end_to_end = false;
  std::string data_dir;  // --end-to-end: the store to generate or reuse ("": temporary)
  std::string policies = "policies";
};

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Resident and peak resident memory of this process in MB, from /proc.
std::pair<double, double> MemoryMb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  double rss = 0, hwm = 0;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) rss = std::stod(line.substr(6)) / 1024;
    if (line.rfind("VmHWM:", 0) == 0) hwm = std::stod(line.substr(6)) / 1024;
  }
  return {rss, hwm};
}

// A small RAII wrapper: every call that fails prints the SQLite message and returns false.
class Db {
 public:
  explicit Db(const std::string& path) { ok_ = sqlite3_open(path.c_str(), &db_) == SQLITE_OK; }
  ~Db() { sqlite3_close(db_); }
  bool ok() const { return ok_; }
  bool Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return true;
    std::fprintf(stderr, "sqlite: %s\n", err ? err : "?");
    sqlite3_free(err);
    return false;
  }
  sqlite3_stmt* Prepare(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db_));
    return st;
  }

 private:
  sqlite3* db_ = nullptr;
  bool ok_ = false;
};

// Binds one row of values (NULL for std::nullopt-like sentinels) and steps an insert.
struct Inserter {
  sqlite3_stmt* st;
  int col = 0;
  void Int(int64_t v) { sqlite3_bind_int64(st, ++col, v); }
  void Null() { sqlite3_bind_null(st, ++col); }
  void IntOrNull(bool known, int64_t v) { known ? Int(v) : Null(); }
  void Text(const std::string& s) { sqlite3_bind_text(st, ++col, s.c_str(), -1, SQLITE_TRANSIENT); }
  bool Step() {
    col = 0;
    const bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
    return ok;
  }
};

int64_t Ymd(Date d) { return int64_t{d.year()} * 10000 + d.month() * 100 + d.day(); }
bool Known(Date d) { return d.days() != policy::kNoDay; }

// Writes the tables the three rules read, then creates ordinary indexes.
bool Load(Db& db, const policy::Facts& f) {
  if (!db.Exec(
          "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
          "CREATE TABLE persons(row INTEGER PRIMARY KEY, birth_ymd INT, sex INT, hukou INT,"
          " education INT, grad_year INT, household INT);"
          "CREATE TABLE households(row INTEGER PRIMARY KEY, zero_since INT);"
          "CREATE TABLE categories(person INT, category INT, from_day INT, to_day INT);"
          "CREATE TABLE employers(row INTEGER PRIMARY KEY, size INT);"
          "CREATE TABLE employments(row INTEGER PRIMARY KEY, person INT, employer INT, kind INT,"
          " start_day INT, start_ymd INT, start_year INT, start_mi INT, start_d INT,"
          " end_day INT, contract INT);"
          "CREATE TABLE contributions(person INT, payer INT, month INT);"
          "CREATE TABLE internships(row INTEGER PRIMARY KEY, person INT, base INT,"
          " start_date TEXT, end_day INT, end_next TEXT, finished INT, hired_after INT);"
          "BEGIN"))
    return false;
  auto tri = [](policy::Tri t, Inserter& in) {
    t == policy::Tri::kUnknown ? in.Null() : in.Int(t == policy::Tri::kTrue);
  };
  const auto& p = f.persons;
  Inserter in{db.Prepare("INSERT INTO persons VALUES(?,?,?,?,?,?,?)")};
  for (size_t r = 0; r < p.size(); ++r) {
    in.Int(static_cast<int64_t>(r));
    in.IntOrNull(Known(p.birth_date[r]), Known(p.birth_date[r]) ? Ymd(p.birth_date[r]) : 0);
    in.IntOrNull(p.sex[r] != policy::Sex::kUnknown, static_cast<int>(p.sex[r]));
    in.IntOrNull(p.hukou_region[r] != 0, p.hukou_region[r]);
    in.IntOrNull(p.education[r] != 255, p.education[r]);
    in.IntOrNull(Known(p.graduation_date[r]),
                 Known(p.graduation_date[r]) ? p.graduation_date[r].year() : 0);
    in.IntOrNull(p.household[r] != policy::kNoRow, p.household[r]);
    if (!in.Step()) return false;
  }
  sqlite3_finalize(in.st);
  in = Inserter{db.Prepare("INSERT INTO households VALUES(?,?)")};
  for (size_t h = 0; h < f.households.size(); ++h) {
    in.Int(static_cast<int64_t>(h));
    const Date z = f.households.zero_employment_since[h];
    in.IntOrNull(Known(z), z.days());
    if (!in.Step()) return false;
  }
  sqlite3_finalize(in.st);
  in = Inserter{db.Prepare("INSERT INTO categories VALUES(?,?,?,?)")};
  for (size_t r = 0; r < p.size(); ++r) {
    for (uint32_t k = p.category_offsets[r]; k < p.category_offsets[r + 1]; ++k) {
      const auto& s = p.categories[k];
      in.Int(static_cast<int64_t>(r));
      in.Int(s.category);
      in.IntOrNull(Known(s.from), s.from.days());
      in.Int(s.to.days());
      if (!in.Step()) return false;
    }
  }
  sqlite3_finalize(in.st);
  in = Inserter{db.Prepare("INSERT INTO employers VALUES(?,?)")};
  for (size_t e = 0; e < f.employers.size(); ++e) {
    in.Int(static_cast<int64_t>(e));
    in.IntOrNull(f.employers.size_class[e] != policy::EmployerSize::kUnknown,
                 static_cast<int>(f.employers.size_class[e]));
    if (!in.Step()) return false;
  }
  sqlite3_finalize(in.st);
  const auto& m = f.employments;
  in = Inserter{db.Prepare("INSERT INTO employments VALUES(?,?,?,?,?,?,?,?,?,?,?)")};
  for (size_t r = 0; r < m.size(); ++r) {
    const Date s = m.start[r];
    in.Int(static_cast<int64_t>(r));
    in.Int(m.person[r]);
    in.IntOrNull(m.employer[r] != policy::kNoRow, m.employer[r]);
    in.IntOrNull(m.kind[r] != policy::EmploymentKind::kUnknown, static_cast<int>(m.kind[r]));
    in.Int(s.days());
    in.Int(Ymd(s));
    in.Int(s.year());
    in.Int(policy::MonthOf(s));
    in.Int(s.day());
    in.Int(m.end[r].days());
    in.IntOrNull(m.contract_months[r] >= 0, m.contract_months[r]);
    if (!in.Step()) return false;
  }
  sqlite3_finalize(in.st);
  const auto& k = f.contributions;
  in = Inserter{db.Prepare("INSERT INTO contributions VALUES(?,?,?)")};
  for (size_t r = 0; r < k.size(); ++r) {
    in.Int(k.person[r]);
    in.IntOrNull(k.payer[r] != policy::kNoRow, k.payer[r]);
    in.Int(k.month[r]);
    if (!in.Step()) return false;
  }
  sqlite3_finalize(in.st);
  const auto& t = f.internships;
  in = Inserter{db.Prepare("INSERT INTO internships VALUES(?,?,?,?,?,?,?,?)")};
  for (size_t r = 0; r < t.size(); ++r) {
    in.Int(static_cast<int64_t>(r));
    in.Int(t.person[r]);
    in.IntOrNull(t.base[r] != policy::kNoRow, t.base[r]);
    in.Text(t.start[r].ToString());
    in.Int(t.end[r].days());
    in.Text(t.end[r].AddDays(1).ToString());
    tri(t.finished[r], in);
    tri(t.hired_after[r], in);
    if (!in.Step()) return false;
  }
  sqlite3_finalize(in.st);
  return db.Exec(
      "COMMIT;"
      "CREATE INDEX categories_person ON categories(person, category);"
      "CREATE INDEX contributions_person ON contributions(person, payer, month);"
      "CREATE INDEX employments_person ON employments(person);"
      "CREATE INDEX internships_base ON internships(base);"
      "ANALYZE;");
}

// Counts rows (and sums an amount) with one query; -1 on error.
std::pair<int64_t, int64_t> Query(Db& db, const std::string& sql) {
  sqlite3_stmt* st = db.Prepare(sql);
  if (!st) return {-1, 0};
  std::pair<int64_t, int64_t> out{-1, 0};
  if (sqlite3_step(st) == SQLITE_ROW) {
    out.first = sqlite3_column_int64(st, 0);
    if (sqlite3_column_count(st) > 1) out.second = sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  return out;
}

// The three rules as an eligibility SQL query each, with as-of constants inlined.
struct SqlRule {
  std::string id;
  std::string sql;
};
std::vector<SqlRule> SqlRules(Date as_of) {
  const std::string a = std::to_string(as_of.days());
  const std::string am = std::to_string(policy::MonthOf(as_of));
  const bool a_last = as_of.day() == Date::DaysInMonth(as_of.year(), as_of.month());
  const std::string ad = std::to_string(as_of.day());
  auto has = [](const std::string& cats, const std::string& at) {
    return "EXISTS(SELECT 1 FROM categories c WHERE c.person = m.person AND c.category IN (" +
           cats + ") AND c.from_day <= " + at + " AND c.to_day >= " + at + ")";
  };
  const std::string at = "m.start_day";
  return {
      {"RC-HIRE-GRAD",
       "SELECT COUNT(*) FROM employments m JOIN employers e ON e.row = m.employer"
       " JOIN persons p ON p.row = m.person"
       " WHERE e.size IN (1, 2, 3) AND m.kind = 1 AND p.education >= 2"
       " AND p.grad_year = m.start_year"
       " AND m.start_day <= " +
           a + " AND m.end_day >= " + a + " AND (" + am + " - m.start_mi) - (CASE WHEN " + ad +
           " < m.start_d AND " + (a_last ? "0" : "1") +
           " THEN 1 ELSE 0 END) >= 6 AND m.contract >= 12"},
      {"RC-HIRE-HARDSHIP",
       "SELECT COUNT(*) FROM employments m JOIN persons p ON p.row = m.person"
       " LEFT JOIN households h ON h.row = p.household"
       " WHERE m.kind = 1 AND p.hukou / 10000000000 = 50 AND " +
           has("9", at) + " AND (" + has("1, 3, 5", at) + " OR " + has("2", at) +
           " OR h.zero_since <= " + at + " OR (" + has("4", at) +
           " AND ((p.sex = 2 AND (m.start_ymd - p.birth_ymd) / 10000 >= 40)"
           " OR (p.sex = 1 AND (m.start_ymd - p.birth_ymd) / 10000 >= 50))))"
           " AND m.start_day <= " +
           a + " AND m.end_day >= " + a +
           " AND (SELECT COUNT(DISTINCT k.month) FROM contributions k WHERE k.person = m.person"
           " AND k.payer = m.employer AND k.month BETWEEN " +
           am + " - 12 AND " + am + " - 1) = 12"},
      {"RC-INTERN",
       "WITH stats AS (SELECT base, COUNT(*) AS fin, SUM(hired_after = 1) AS hired,"
       " SUM(hired_after IS NULL) AS unknown FROM internships"
       " WHERE finished = 1 AND end_day <= " +
           a +
           " GROUP BY base),"
           " months AS (SELECT row, (CAST(strftime('%Y', end_next) AS INT) * 12 +"
           " CAST(strftime('%m', end_next) AS INT)) - (CAST(strftime('%Y', start_date) AS INT) * "
           "12 +"
           " CAST(strftime('%m', start_date) AS INT)) - (CASE WHEN CAST(strftime('%d', end_next) "
           "AS INT)"
           " < CAST(strftime('%d', start_date) AS INT) AND strftime('%m', end_next, '+1 day') ="
           " strftime('%m', end_next) THEN 1 ELSE 0 END) AS n FROM internships)"
           " SELECT COUNT(*), SUM((CASE WHEN s.hired * 100 >= s.fin * 50 THEN 150000 ELSE 130000 "
           "END)"
           " * mo.n) FROM internships i JOIN persons p ON p.row = i.person"
           " JOIN stats s ON s.base = i.base JOIN months mo ON mo.row = i.row"
           " WHERE p.education >= 2 AND i.finished = 1 AND i.end_day <= " +
           a + " AND s.unknown = 0 AND mo.n >= 1"},
  };
}

int BenchPolicy(const PolicyBenchFlags& fl) {
  const Date as_of = Date::FromYmdUnchecked(2024, 3, 15);
  std::printf("bangfu bench policy — %lld persons, pack %s, as-of %s\n",
              static_cast<long long>(fl.persons), fl.pack.c_str(), as_of.ToString().c_str());
  auto t0 = std::chrono::steady_clock::now();
  const policy::Facts facts = policy::SyntheticFacts(fl.persons, 20240315);
  const double gen_s = Since(t0);
  std::printf(
      "population: %zu persons, %zu employments, %zu contributions, %zu businesses, "
      "%zu internships, %zu trainings, %zu employers (generated in %.2f s, %.0f MB)\n",
      facts.persons.size(), facts.employments.size(), facts.contributions.size(),
      facts.businesses.size(), facts.internships.size(), facts.trainings.size(),
      facts.employers.size(), gen_s, facts.MemoryBytes() / 1048576.0);
  const policy::LoadResult loaded = policy::LoadPackFile(fl.pack);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", d.ToString().c_str());
    return 1;
  }
  t0 = std::chrono::steady_clock::now();
  auto engine = policy::Engine::Create(loaded.pack, facts);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.error().ToString().c_str());
    return 1;
  }
  const double create_s = Since(t0);
  const auto rules = policy::Rules(*loaded.pack);
  // Best of three runs of the whole pack.
  double run_s = 1e9;
  policy::RunResult run;
  for (int i = 0; i < 3; ++i) {
    t0 = std::chrono::steady_clock::now();
    run = (*engine)->Run(as_of, fl.threads);
    run_s = std::min(run_s, Since(t0));
  }
  int64_t rows = 0;
  for (int r = 0; r < run.rules(); ++r) rows += static_cast<int64_t>(run.rows(r));
  const auto [rss, hwm] = MemoryMb();
  std::printf(
      "\nengine: validate + indexes %.3f s; all %zu rules %.3f s on %d thread(s) = %.1f M "
      "decisions/s; resident %.0f MB (peak %.0f MB)\n\n",
      create_s, rules.size(), run_s,
      fl.threads > 0 ? fl.threads : static_cast<int>(std::thread::hardware_concurrency()),
      rows / run_s / 1e6, rss, hwm);
  std::printf("%-18s %-11s %10s %10s %10s %12s %14s %16s\n", "rule", "for", "rows", "eligible",
              "not elig.", "undecidable", "not config.", "amount (yuan)");
  for (int r = 0; r < run.rules(); ++r) {
    std::printf("%-18s %-11s %10zu %10lld %10lld %12lld %14lld %16.2f\n", rules[r].id.c_str(),
                std::string(policy::Name(rules[r].subject)).c_str(), run.rows(r),
                static_cast<long long>(run.count(r, Outcome::kEligible)),
                static_cast<long long>(run.count(r, Outcome::kNotEligible)),
                static_cast<long long>(run.count(r, Outcome::kUndecidable)),
                static_cast<long long>(run.count(r, Outcome::kNotConfigured)),
                run.total_amount(r) / 100.0);
  }
  if (!fl.sql) return 0;

  const fs::path dir =
      fs::temp_directory_path() / ("bangfu-bench-policy-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  int rc = 0;
  double write_s = 0;
  const auto sql = RunSqlBaseline(facts, as_of, dir / "bench.db", &write_s);
  if (sql.empty()) {
    std::fprintf(stderr, "could not write the SQLite database in %s\n", dir.c_str());
    rc = 1;
  } else {
    std::printf("\nSQLite: the same data written with ordinary indexes in %.1f s\n\n", write_s);
    std::printf("%-18s %12s %12s %10s %10s %8s %s\n", "rule", "engine (s)", "SQL (s)", "engine #",
                "SQL #", "ratio", "agree");
    for (const auto& q : sql) {
      int index = -1;
      for (size_t r = 0; r < rules.size(); ++r)
        if (rules[r].id == q.rule_id) index = static_cast<int>(r);
      if (index < 0) continue;
      double engine_s = 1e9;
      policy::RunResult one;
      for (int i = 0; i < 3; ++i) {
        t0 = std::chrono::steady_clock::now();
        one = (*engine)->Run(as_of, fl.threads, {}, {index});
        engine_s = std::min(engine_s, Since(t0));
      }
      const int64_t mine = one.eligible_before_limits(index);
      // The SQL sums amounts only for RC-INTERN, which has no once-group to lower them.
      const bool agree = q.eligible == mine &&
                         (q.rule_id != "RC-INTERN" || q.amount_fen == one.total_amount(index));
      rc |= agree ? 0 : 1;
      std::printf("%-18s %12.4f %12.4f %10lld %10lld %7.0fx %s\n", q.rule_id.c_str(), engine_s,
                  q.seconds, static_cast<long long>(mine), static_cast<long long>(q.eligible),
                  q.seconds / engine_s, agree ? "yes" : "NO");
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return rc;
}

}  // namespace

std::vector<SqlRuleTiming> RunSqlBaseline(const policy::Facts& facts, Date as_of,
                                          const fs::path& db_path, double* write_seconds) {
  Db db(db_path.string());
  auto t0 = std::chrono::steady_clock::now();
  if (!db.ok() || !Load(db, facts)) return {};
  if (write_seconds) *write_seconds = Since(t0);
  std::vector<SqlRuleTiming> out;
  for (const auto& q : SqlRules(as_of)) {
    t0 = std::chrono::steady_clock::now();
    const auto [count, amount] = Query(db, q.sql);
    out.push_back({q.id, Since(t0), count, amount});
  }
  return out;
}

void AddPolicyBenchCommand(CLI::App& root) {
  CLI::App* bench = root.get_subcommand("bench");
  auto f = std::make_shared<PolicyBenchFlags>();
  CLI::App* cmd = bench->add_subcommand(
      "policy",
      "政策引擎批量评估 vs SQL (rules engine over a synthetic population, beside SQLite)");
  cmd->add_option("--persons", f->persons, "人员数")->capture_default_str();
  cmd->add_option("--threads", f->threads, "threads (0: all cores)")->capture_default_str();
  cmd->add_option("--pack", f->pack, "pack file")->capture_default_str();
  cmd->add_flag("!--no-sql", f->sql, "skip the SQLite comparison");
  cmd->add_flag("--end-to-end", f->end_to_end,
                "PolicyService::Run over a SQLite store: load, evaluate, write candidates");
  cmd->add_option("--data", f->data_dir,
                  "--end-to-end: data directory to generate the store in, or reuse");
  cmd->add_option("--policies", f->policies, "--end-to-end: directory of packs")
      ->capture_default_str();
  cmd->callback([f] {
    const int rc = f->end_to_end ? BenchEndToEnd(f->persons, f->data_dir, f->policies, f->sql)
                                 : BenchPolicy(*f);
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace bangfu::cli
