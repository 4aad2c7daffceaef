// SQL repository of the job side (migration 12): occupations, employer warnings, job
// postings, match runs and results.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>

#include "job_repos.h"
#include "bulk.h"
#include "category_text.h"
#include "change_feed.h"
#include "sql_values.h"
#include "stmt.h"

namespace bangfu::store {
namespace {

using service::EmployerWarning;
using service::JobPosting;
using service::MatchResultRow;
using service::OccupationRow;
using service::Person;
using service::PostingCheck;

using ll = long long;

std::string ChecksJson(const std::vector<PostingCheck>& checks) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& c : checks) a.push_back({{"code", c.code}, {"message", c.message}});
  return a.dump();
}
std::vector<PostingCheck> ParseChecks(const std::string& text) {
  std::vector<PostingCheck> out;
  auto a = nlohmann::json::parse(text, nullptr, false);
  if (!a.is_array()) return out;
  for (const auto& c : a)
    if (c.is_object()) out.push_back({c.value("code", ""), c.value("message", "")});
  return out;
}

constexpr char kWarningColumns[] =
    "id, employer_id, kind, evidence, from_date, to_date, recorded_by, recorded_by_name, recorded_at";

struct WarningRow {
  ll id = 0, employer = 0, by = 0, at = 0;
  std::string kind, evidence, from, to, by_name;
  void Bind(Stmt& st) {
    st.Into(id).Into(employer).Into(kind).Into(evidence).Into(from).Into(to).Into(by).Into(by_name).Into(at);
  }
  EmployerWarning Get() const {
    EmployerWarning w;
    w.id = id;
    w.employer_id = employer;
    w.kind = kind;
    w.evidence = evidence;
    w.from = TextDate(from).value_or(Date());
    w.to = TextDate(to);
    w.recorded_by = by;
    w.recorded_by_name = by_name;
    w.recorded_at = {at};
    return w;
  }
};

constexpr char kPostingColumns[] =
    "j.id, j.employer_id, e.name, j.title, j.occupation_code, j.occupation_from_title, j.openings, "
    "j.education, j.majors, j.skills, j.salary_min, j.salary_max, j.region_code, j.address, "
    "j.work_kind, j.description, j.valid_until, j.status, j.reject_reason, j.close_reason, j.checks, "
    "j.source, j.external_key, j.created_by, j.reviewed_by, j.created_at, j.updated_at, "
    "j.reviewed_at, j.version";
constexpr char kPostingFrom[] = " FROM job_postings j JOIN employers e ON e.id = j.employer_id";

struct PostingRow {
  ll id = 0, employer = 0, salary_min = 0, salary_max = 0, created_by = 0, reviewed_by = 0,
     created_at = 0, updated_at = 0, reviewed_at = 0, version = 0;
  int from_title = 0, openings = 0;
  std::string employer_name, title, occupation, education, majors, skills, region, address, kind,
      description, valid_until, status, reject_reason, close_reason, checks, source, key;
  void Bind(Stmt& st) {
    st.Into(id).Into(employer).Into(employer_name).Into(title).Into(occupation).Into(from_title)
        .Into(openings).Into(education).Into(majors).Into(skills).Into(salary_min).Into(salary_max)
        .Into(region).Into(address).Into(kind).Into(description).Into(valid_until).Into(status)
        .Into(reject_reason).Into(close_reason).Into(checks).Into(source).Into(key).Into(created_by)
        .Into(reviewed_by).Into(created_at).Into(updated_at).Into(reviewed_at).Into(version);
  }
  JobPosting Get() const {
    JobPosting p;
    p.id = id;
    p.employer_id = employer;
    p.employer_name = employer_name;
    p.title = title;
    p.occupation_code = occupation;
    p.occupation_from_title = from_title != 0;
    p.openings = openings;
    p.education = education;
    p.majors = Split(majors);
    p.skills = Split(skills);
    p.salary_min = salary_min;
    p.salary_max = salary_max;
    p.region_code = region;
    p.address = address;
    p.work_kind = kind;
    p.description = description;
    p.valid_until = TextDate(valid_until);
    p.status = status;
    p.reject_reason = reject_reason;
    p.close_reason = close_reason;
    p.checks = ParseChecks(checks);
    p.source = source;
    p.external_key = key;
    p.created_by = created_by;
    p.reviewed_by = reviewed_by;
    p.created_at = {created_at};
    p.updated_at = {updated_at};
    p.reviewed_at = {reviewed_at};
    p.version = version;
    return p;
  }
};

// Binds the writable columns in the order of kPostingWritable.
constexpr char kPostingWritable[] =
    "employer_id, title, occupation_code, occupation_from_title, openings, education, majors, "
    "skills, salary_min, salary_max, region_code, address, work_kind, description, valid_until, "
    "status, reject_reason, close_reason, checks, source, external_key, created_by, reviewed_by, "
    "created_at, updated_at, reviewed_at, version";
void UsePosting(Stmt& st, const JobPosting& p) {
  st.Use(static_cast<ll>(p.employer_id)).Use(p.title).Use(p.occupation_code)
      .Use(static_cast<ll>(p.occupation_from_title)).Use(static_cast<ll>(p.openings)).Use(p.education)
      .Use(Join(p.majors)).Use(Join(p.skills)).Use(static_cast<ll>(p.salary_min))
      .Use(static_cast<ll>(p.salary_max)).Use(p.region_code).Use(p.address).Use(p.work_kind)
      .Use(p.description).Use(DateText(p.valid_until)).Use(p.status).Use(p.reject_reason)
      .Use(p.close_reason).Use(ChecksJson(p.checks)).Use(p.source).Use(p.external_key)
      .Use(static_cast<ll>(p.created_by)).Use(static_cast<ll>(p.reviewed_by))
      .Use(static_cast<ll>(p.created_at.micros)).Use(static_cast<ll>(p.updated_at.micros))
      .Use(static_cast<ll>(p.reviewed_at.micros)).Use(static_cast<ll>(p.version));
}

class SqlJobs final : public service::JobRepository {
 public:
  explicit SqlJobs(Db& db) : db_(db) {}

  Result<int64_t> UpsertOccupations(const std::vector<OccupationRow>& rows) override {
    int64_t created = 0;
    BANGFU_RETURN_IF_ERROR(db_.InTransaction([&]() -> Status {
      return db_.Exec("保存职业分类", [&](soci::session& s) {
        ll before = 0;
        s << "SELECT COUNT(*) FROM occupations", soci::into(before);
        for (const auto& r : rows) {
          s << "DELETE FROM occupations WHERE code = :c", soci::use(r.code);
          int digital = r.digital, green = r.green, level = r.level;
          std::string aliases = Join(r.aliases);
          s << "INSERT INTO occupations (code, level, name, definition, tasks, aliases, digital, green) "
               "VALUES (:c, :l, :n, :d, :t, :a, :dg, :g)",
              soci::use(r.code), soci::use(level), soci::use(r.name), soci::use(r.definition),
              soci::use(r.tasks), soci::use(aliases), soci::use(digital), soci::use(green);
        }
        ll after = 0;
        s << "SELECT COUNT(*) FROM occupations", soci::into(after);
        created = after - before;
      });
    }));
    return created;
  }

  Result<std::vector<OccupationRow>> Occupations() override {
    using Out = std::vector<OccupationRow>;
    return db_.Run<Out>("读取职业分类", [&](soci::session& s) -> Result<Out> {
      OccupationRow r;
      std::string aliases;
      int digital = 0, green = 0;
      Stmt st(s, "SELECT code, level, name, definition, tasks, aliases, digital, green FROM occupations ORDER BY code");
      st.Into(r.code).Into(r.level).Into(r.name).Into(r.definition).Into(r.tasks).Into(aliases)
          .Into(digital).Into(green);
      Out out;
      if (st.Execute()) {
        do {
          OccupationRow o = r;
          o.aliases = Split(aliases);
          o.digital = digital != 0;
          o.green = green != 0;
          out.push_back(std::move(o));
        } while (st.Fetch());
      }
      return out;
    });
  }

  Result<int64_t> InsertWarning(const EmployerWarning& w) override {
    return db_.Run<int64_t>("保存警示记录", [&](soci::session& s) -> Result<int64_t> {
      ll id = 0;
      Stmt st(s,
              "INSERT INTO employer_warnings (employer_id, kind, evidence, from_date, to_date, recorded_by, "
              "recorded_by_name, recorded_at) VALUES (:e, :k, :ev, :f, :t, :b, :bn, :a) RETURNING id");
      st.Use(static_cast<ll>(w.employer_id)).Use(w.kind).Use(w.evidence).Use(w.from.ToString())
          .Use(DateText(w.to)).Use(static_cast<ll>(w.recorded_by)).Use(w.recorded_by_name)
          .Use(static_cast<ll>(w.recorded_at.micros)).Into(id);
      st.Execute();
      return static_cast<int64_t>(id);
    });
  }

  Status UpdateWarning(const EmployerWarning& w) override {
    return db_.Exec("更新警示记录", [&](soci::session& s) {
      Stmt st(s, "UPDATE employer_warnings SET kind = :k, evidence = :e, from_date = :f, to_date = :t WHERE id = :i");
      st.Use(w.kind).Use(w.evidence).Use(w.from.ToString()).Use(DateText(w.to)).Use(static_cast<ll>(w.id));
      st.Execute();
    });
  }

  Status DeleteWarning(int64_t id) override {
    return db_.Exec("删除警示记录", [&](soci::session& s) {
      ll i = id;
      s << "DELETE FROM employer_warnings WHERE id = :i", soci::use(i);
    });
  }

  Result<EmployerWarning> GetWarning(int64_t id) override {
    return db_.Run<EmployerWarning>("读取警示记录", [&](soci::session& s) -> Result<EmployerWarning> {
      WarningRow row;
      Stmt st(s, std::string("SELECT ") + kWarningColumns + " FROM employer_warnings WHERE id = :i");
      st.Use(static_cast<ll>(id));
      row.Bind(st);
      if (!st.Execute()) return Error::NotFound("警示记录不存在");
      return row.Get();
    });
  }

  Result<std::vector<EmployerWarning>> Warnings(const std::vector<int64_t>& ids) override {
    using Out = std::vector<EmployerWarning>;
    return db_.Run<Out>("读取警示记录", [&](soci::session& s) -> Result<Out> {
      WarningRow row;
      Stmt st(s, std::string("SELECT ") + kWarningColumns + " FROM employer_warnings");
      if (!ids.empty()) {
        st.Text(" WHERE employer_id IN (");
        for (size_t i = 0; i < ids.size(); ++i)
          st.Add((i ? ", :e" : ":e") + std::to_string(i), static_cast<ll>(ids[i]));
        st.Text(")");
      }
      st.Text(" ORDER BY employer_id, from_date, id");
      row.Bind(st);
      Out out;
      FetchAll(st, row, out);
      return out;
    });
  }

  Result<int64_t> InsertPosting(const JobPosting& p) override {
    return db_.Run<int64_t>("保存岗位", [&](soci::session& s) -> Result<int64_t> {
      ll id = 0;
      Stmt st(s, std::string("INSERT INTO job_postings (") + kPostingWritable +
                     ") VALUES (:a1, :a2, :a3, :a4, :a5, :a6, :a7, :a8, :a9, :a10, :a11, :a12, :a13, "
                     ":a14, :a15, :a16, :a17, :a18, :a19, :a20, :a21, :a22, :a23, :a24, :a25, :a26, "
                     ":a27) RETURNING id");
      UsePosting(st, p);
      st.Into(id);
      st.Execute();
      return static_cast<int64_t>(id);
    });
  }

  Status UpdatePosting(const JobPosting& p) override {
    auto updated = db_.Run<bool>("更新岗位", [&](soci::session& s) -> Result<bool> {
      std::string sql = "UPDATE job_postings SET ";
      std::string cols = kPostingWritable;
      int n = 0;
      for (size_t start = 0; start <= cols.size();) {
        size_t comma = cols.find(',', start);
        if (comma == std::string::npos) comma = cols.size();
        std::string c = cols.substr(start, comma - start);
        while (!c.empty() && c.front() == ' ') c.erase(0, 1);
        sql += (n ? ", " : "") + c + " = :v" + std::to_string(n);
        ++n;
        start = comma + 1;
      }
      Stmt st(s, sql + " WHERE id = :i AND version = :ver");
      UsePosting(st, p);
      st.Use(static_cast<ll>(p.id)).Use(static_cast<ll>(p.version - 1));
      st.Execute();
      if (st.AffectedRows() == 1) return true;
      ll exists = 0;
      ll id = p.id;
      s << "SELECT COUNT(*) FROM job_postings WHERE id = :i", soci::use(id), soci::into(exists);
      if (!exists) return Error::NotFound("岗位不存在");
      return Error::Conflict("岗位已被他人修改，请刷新后重试", "version");
    });
    if (!updated.ok()) return updated.error();
    return OkStatus();
  }

  Result<JobPosting> GetPosting(int64_t id) override {
    return db_.Run<JobPosting>("读取岗位", [&](soci::session& s) -> Result<JobPosting> {
      PostingRow row;
      Stmt st(s, std::string("SELECT ") + kPostingColumns + kPostingFrom + " WHERE j.id = :i");
      st.Use(static_cast<ll>(id));
      row.Bind(st);
      if (!st.Execute()) return Error::NotFound("岗位不存在");
      return row.Get();
    });
  }

  Result<std::optional<JobPosting>> FindPostingByKey(const std::string& key) override {
    using Out = std::optional<JobPosting>;
    return db_.Run<Out>("读取岗位", [&](soci::session& s) -> Result<Out> {
      PostingRow row;
      // "<> ''": so that the partial unique index job_postings_key serves it (see
      // SqlHouseholds::FindByKey).
      Stmt st(s, std::string("SELECT ") + kPostingColumns + kPostingFrom +
                     " WHERE j.external_key = :k AND j.external_key <> ''");
      st.Use(key);
      row.Bind(st);
      if (key.empty() || !st.Execute()) return Out();
      return Out(row.Get());
    });
  }

  Result<service::PostingPage> ListPostings(const service::PostingFilter& f) override {
    using Out = service::PostingPage;
    return db_.Run<Out>("读取岗位", [&](soci::session& s) -> Result<Out> {
      auto where = [&](Stmt& st) {
        st.Text(" WHERE 1 = 1");
        if (!f.region_prefix.empty())
          st.Add(" AND j.region_code >= :r1", f.region_prefix).Add(" AND j.region_code < :r2", PrefixEnd(f.region_prefix));
        if (f.employer_id) st.Add(" AND j.employer_id = :e", static_cast<ll>(*f.employer_id));
        if (!f.status.empty()) st.Add(" AND j.status = :s", f.status);
        if (!f.query.empty())
          st.Add(" AND (j.title LIKE :q1", "%" + f.query + "%").Add(" OR e.name LIKE :q2)", "%" + f.query + "%");
      };
      Out out;
      ll total = 0;
      Stmt count(s, std::string("SELECT COUNT(*)") + kPostingFrom);
      where(count);
      count.Into(total);
      count.Execute();
      out.total = total;
      PostingRow row;
      Stmt st(s, std::string("SELECT ") + kPostingColumns + kPostingFrom);
      where(st);
      const int size = std::clamp(f.size, 1, 200);
      st.Text(" ORDER BY j.id DESC LIMIT " + std::to_string(size) + " OFFSET " +
              std::to_string(static_cast<ll>(std::max(f.page, 1) - 1) * size));
      row.Bind(st);
      FetchAll(st, row, out.items);
      return out;
    });
  }

  Result<std::vector<JobPosting>> PostingsWithStatus(const std::string& prefix, const std::string& status) override {
    using Out = std::vector<JobPosting>;
    return db_.Run<Out>("读取岗位", [&](soci::session& s) -> Result<Out> {
      PostingRow row;
      Stmt st(s, std::string("SELECT ") + kPostingColumns + kPostingFrom);
      st.Add(" WHERE j.status = :s", status);
      if (!prefix.empty())
        st.Add(" AND j.region_code >= :r1", prefix).Add(" AND j.region_code < :r2", PrefixEnd(prefix));
      st.Text(" ORDER BY j.id");
      row.Bind(st);
      Out out;
      FetchAll(st, row, out);
      return out;
    });
  }

  Result<std::vector<std::pair<int64_t, int64_t>>> PublishedSalaries(const std::string& code_prefix,
                                                                     int64_t except_id) override {
    using Out = std::vector<std::pair<int64_t, int64_t>>;
    return db_.Run<Out>("读取岗位薪资", [&](soci::session& s) -> Result<Out> {
      ll lo = 0, hi = 0;
      Stmt st(s, "SELECT salary_min, salary_max FROM job_postings WHERE status IN ('published', 'closed')");
      st.Add(" AND occupation_code >= :c1", code_prefix).Add(" AND occupation_code < :c2", PrefixEnd(code_prefix));
      st.Add(" AND id <> :i", static_cast<ll>(except_id));
      st.Text(" AND salary_min > 0 AND salary_max > 0");
      st.Into(lo).Into(hi);
      Out out;
      if (st.Execute()) {
        do out.emplace_back(lo, hi);
        while (st.Fetch());
      }
      return out;
    });
  }

  Result<std::vector<Person>> MatchPersons(const std::string& prefix) override {
    return ReadMatchPersons(prefix, nullptr);
  }

  Result<std::vector<Person>> MatchPersonsIn(const IdRanges& ranges) override {
    if (ranges.empty()) return std::vector<Person>();
    return ReadMatchPersons("", &ranges);
  }

  Result<std::vector<JobPosting>> PostingsUpdatedAfter(int64_t micros) override {
    using Out = std::vector<JobPosting>;
    return db_.Run<Out>("读取岗位", [&](soci::session& s) -> Result<Out> {
      PostingRow row;
      Stmt st(s, std::string("SELECT ") + kPostingColumns + kPostingFrom);
      st.Add(" WHERE j.updated_at > :t", static_cast<ll>(micros));  // Any order (see ReadMatchPersons).
      row.Bind(st);
      Out out;
      FetchAll(st, row, out);
      return out;
    });
  }

  Result<int64_t> SaveMatchRun(service::MatchRun run, const std::vector<MatchResultRow>& rows) override {
    int64_t run_id = 0;
    BANGFU_RETURN_IF_ERROR(db_.InTransaction([&]() -> Status {
      return db_.Exec("保存匹配结果", [&](soci::session& s) {
        ll id = 0;
        Stmt st(s,
                "INSERT INTO match_runs (scope, persons, postings, results, started_by, started_at, finished_at) "
                "VALUES (:s, :p, :j, :r, :b, :a, :f) RETURNING id");
        st.Use(run.scope).Use(static_cast<ll>(run.persons)).Use(static_cast<ll>(run.postings))
            .Use(static_cast<ll>(rows.size())).Use(static_cast<ll>(run.started_by))
            .Use(static_cast<ll>(run.started_at.micros)).Use(static_cast<ll>(run.finished_at.micros))
            .Into(id);
        st.Execute();
        run_id = id;
        Stmt del(s, "DELETE FROM match_results");
        if (!run.scope.empty())
          del.Add(" WHERE region_code >= :r1", run.scope).Add(" AND region_code < :r2", PrefixEnd(run.scope));
        del.Execute();
        if (rows.empty()) return;
        std::string kind, reasons, region;
        ll subject = 0, other = 0;
        int rank = 0;
        double score = 0;
        soci::statement ins = (s.prepare << "INSERT INTO match_results (subject_kind, subject_id, rank, run_id, "
                                            "other_id, score, reasons, region_code) VALUES (:k, :s, :r, :run, :o, "
                                            ":sc, :re, :rg)",
                               soci::use(kind), soci::use(subject), soci::use(rank), soci::use(id),
                               soci::use(other), soci::use(score), soci::use(reasons), soci::use(region));
        for (const auto& r : rows) {
          kind = r.subject_kind;
          subject = r.subject_id;
          rank = r.rank;
          other = r.other_id;
          score = r.score;
          reasons = r.reasons_json;
          region = r.region_code;
          ins.execute(true);
        }
      });
    }));
    return run_id;
  }

  Result<std::vector<MatchResultRow>> MatchResults(const std::string& kind, int64_t subject) override {
    using Out = std::vector<MatchResultRow>;
    return db_.Run<Out>("读取匹配结果", [&](soci::session& s) -> Result<Out> {
      MatchResultRow r;
      ll run = 0, subject_id = 0, other = 0;
      int rank = 0;
      Stmt st(s, "SELECT run_id, subject_kind, subject_id, rank, other_id, score, reasons, region_code "
                 "FROM match_results WHERE subject_kind = :k AND subject_id = :s ORDER BY rank");
      st.Use(kind).Use(static_cast<ll>(subject));
      st.Into(run).Into(r.subject_kind).Into(subject_id).Into(rank).Into(other).Into(r.score)
          .Into(r.reasons_json).Into(r.region_code);
      Out out;
      if (st.Execute()) {
        do {
          MatchResultRow x = r;
          x.run_id = run;
          x.subject_id = subject_id;
          x.rank = rank;
          x.other_id = other;
          out.push_back(std::move(x));
        } while (st.Fetch());
      }
      return out;
    });
  }

 private:
  // People of the region ("" = all) looking for work, or with `ranges` every one whose id is in
  // them, whatever their status.
  Result<std::vector<Person>> ReadMatchPersons(const std::string& prefix, const IdRanges* ranges) {
    using Out = std::vector<Person>;
    return db_.Run<Out>("读取匹配人员", [&](soci::session& s) -> Result<Out> {
      // The whole read (Load, a batch run) takes only people looking for work, the ones the
      // matcher files (MatchService::ToMatchPerson): a third of a district is employed, and
      // reading them was a third of serve's matcher step. The catch-up reads everyone changed,
      // so that those who stopped looking leave the matcher. "status || ''" keeps SQLite on the
      // table in id order rather than on an index of the status.
      std::vector<std::string> clauses;
      if (ranges) {
        clauses = RangeClauses("id", *ranges);
      } else {
        std::string w = "status || '' = 'unemployed' AND wants_work <> 0 AND able_to_work <> 0";
        if (!prefix.empty()) w += " AND region_code >= :r1 AND region_code < :r2";
        clauses.push_back(std::move(w));
      }
      auto bind_prefix = [&](Stmt& q) {
        if (!ranges && !prefix.empty()) q.Use(prefix).Use(PrefixEnd(prefix));
      };
      // Counted first so the answer is allocated once: a vector of Person (680 bytes each) grown
      // row by row moves every one to fresh memory at each reallocation, which was a third of
      // the read at a million people (page faults and memmove in the profile).
      Out out;
      ll count = 0;
      for (const auto& where : clauses) {
        ll n = 0;
        Stmt counted(s, "SELECT COUNT(*) FROM persons WHERE " + where);
        bind_prefix(counted);
        counted.Into(n);
        counted.Execute();
        count += n;
      }
      out.reserve(static_cast<size_t>(count));
      for (const auto& where : clauses) {
        ll id = 0, salary = 0, updated = 0;
        int wants = 1, able = 1;
        std::string region, education, major, skills, desired, graduation, status, categories;
        Stmt st(s,
                "SELECT id, region_code, education, major, skills, desired_occupation, expected_salary_min, "
                "graduation_date, status, wants_work, able_to_work, updated_at, categories FROM persons WHERE " +
                    where + " ORDER BY id");
        bind_prefix(st);
        st.Into(id).Into(region).Into(education).Into(major).Into(skills).Into(desired).Into(salary)
            .Into(graduation).Into(status).Into(wants).Into(able).Into(updated).Into(categories);
        if (st.Execute()) {
          do {
            Person& p = out.emplace_back();
            p.id = id;
            p.region_code = region;
            p.education = education;
            p.major = major;
            p.skills = Split(skills);
            p.desired_occupation = desired;
            p.expected_salary_min = salary;
            p.graduation_date = TextDate(graduation);
            p.status = status;
            p.wants_work = wants != 0;
            p.able_to_work = able != 0;
            p.updated_at = {updated};
            // The matcher reads categories and their dates, not their sources.
            ForEachStoredPeriod(categories, [&](const StoredPeriod& c) {
              p.categories.push_back({std::string(c.category), FastDate(c.valid_from).value_or(Date()),
                                      FastDate(c.valid_to), ""});
            });
          } while (st.Fetch());
        }
      }
      return out;
    });
  }

  Db& db_;
};

}  // namespace

std::unique_ptr<service::JobRepository> MakeJobRepository(Db& db) { return std::make_unique<SqlJobs>(db); }

}  // namespace bangfu::store
