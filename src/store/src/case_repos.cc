// SQL repository of case work: service records, assistance plans, steps, revisions,
// assignments and assignment rules.
#include "case_repos.h"

#include "sql_values.h"
#include "sqlite_bulk.h"
#include "stmt.h"

namespace bangfu::store {
namespace {

using service::AssignmentRule;
using service::AssistancePlan;
using service::CaseAssignment;
using service::CaseChange;
using service::PlanRevision;
using service::PlanStep;
using service::ServiceRecord;

long long L(int64_t v) { return static_cast<long long>(v); }
std::optional<long long> L(std::optional<int64_t> v) {
  return v ? std::optional<long long>(*v) : std::nullopt;
}
std::optional<int64_t> Opt(long long v, soci::indicator ind) {
  return ind == soci::i_ok ? std::optional<int64_t>(v) : std::nullopt;
}

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}
std::vector<std::string> SplitCodes(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

constexpr char kServiceColumns[] =
    "r.id, r.person_id, r.kind, r.service_date, r.staff_user_id, COALESCE(u.display_name, ''), r.channel, "
    "r.notes, r.outcome, r.plan_id, r.referral_employer_id, r.referral_job_title, r.follow_up_of, r.created_at, "
    "r.referral_posting_id, r.referral_employer_name, r.referral_contact "
    "FROM service_records r LEFT JOIN users u ON u.id = r.staff_user_id";

struct ServiceRow {
  long long id = 0, person = 0, staff = 0, plan = 0, employer = 0, follows = 0, created = 0, posting = 0;
  soci::indicator plan_ind = soci::i_null, employer_ind = soci::i_null, follows_ind = soci::i_null,
                  posting_ind = soci::i_null;
  std::string kind, date, staff_name, channel, notes, outcome, title, employer_name, contact;
  void Bind(Stmt& st) {
    st.Into(id).Into(person).Into(kind).Into(date).Into(staff).Into(staff_name).Into(channel).Into(notes)
        .Into(outcome).Into(plan, plan_ind).Into(employer, employer_ind).Into(title).Into(follows, follows_ind)
        .Into(created).Into(posting, posting_ind).Into(employer_name).Into(contact);
  }
  ServiceRecord Get() const {
    ServiceRecord r;
    r.id = id;
    r.person_id = person;
    r.kind = kind;
    r.service_date = TextDate(date).value_or(Date());
    r.staff_user_id = staff;
    r.staff_name = staff_name;
    r.channel = channel;
    r.notes = notes;
    r.outcome = outcome;
    r.plan_id = Opt(plan, plan_ind);
    r.referral_employer_id = Opt(employer, employer_ind);
    r.referral_job_title = title;
    r.follow_up_of = Opt(follows, follows_ind);
    r.created_at = {created};
    r.referral_posting_id = Opt(posting, posting_ind);
    r.referral_employer_name = employer_name;
    r.referral_contact = contact;
    return r;
  }
};

constexpr char kPlanColumns[] =
    "id, person_id, status, responsible_user_id, opened_on, closed_on, close_outcome, causes, cause_notes, "
    "goals, revision, updated_at FROM assistance_plans";

struct PlanRow {
  long long id = 0, person = 0, responsible = 0, updated = 0;
  int revision = 0;
  std::string status, opened, closed, outcome, causes, cause_notes, goals;
  void Bind(Stmt& st) {
    st.Into(id).Into(person).Into(status).Into(responsible).Into(opened).Into(closed).Into(outcome)
        .Into(causes).Into(cause_notes).Into(goals).Into(revision).Into(updated);
  }
  AssistancePlan Get() const {
    AssistancePlan p;
    p.id = id;
    p.person_id = person;
    p.status = status;
    p.responsible_user_id = responsible;
    p.opened_on = TextDate(opened).value_or(Date());
    p.closed_on = TextDate(closed);
    p.close_outcome = outcome;
    p.causes = SplitCodes(causes);
    p.cause_notes = cause_notes;
    p.goals = goals;
    p.revision = revision;
    p.updated_at = {updated};
    return p;
  }
};

struct StepRow {
  long long id = 0, plan = 0, person = 0, owner = 0;
  std::string title, kind, due, status, done;
  void Bind(Stmt& st) {
    st.Into(id).Into(plan).Into(person).Into(title).Into(kind).Into(owner).Into(due).Into(status).Into(done);
  }
  PlanStep Get() const {
    PlanStep s;
    s.id = id;
    s.plan_id = plan;
    s.person_id = person;
    s.title = title;
    s.service_kind = kind;
    s.owner_user_id = owner;
    s.due_date = TextDate(due).value_or(Date());
    s.status = status;
    s.done_on = TextDate(done);
    return s;
  }
};

class SqlCases final : public service::CaseRepository {
 public:
  explicit SqlCases(Db& db) : db_(db) {}

  Result<int64_t> InsertService(const ServiceRecord& r) override {
    return db_.Run<int64_t>("保存服务记录", [&](soci::session& s) -> Result<int64_t> {
      long long id = 0;
      Stmt st(s,
              "INSERT INTO service_records (person_id, kind, service_date, staff_user_id, channel, notes, outcome, "
              "plan_id, referral_employer_id, referral_job_title, follow_up_of, created_at, referral_posting_id, "
              "updated_at, referral_employer_name, referral_contact) "
              "VALUES (:p, :k, :d, :s, :c, :n, :o, :pl, :e, :t, :f, :at, :jp, :u, :en, :ec) RETURNING id");
      st.Use(L(r.person_id)).Use(r.kind).Use(r.service_date.ToString()).Use(L(r.staff_user_id)).Use(r.channel)
          .Use(r.notes).Use(r.outcome).Use(L(r.plan_id)).Use(L(r.referral_employer_id)).Use(r.referral_job_title)
          .Use(L(r.follow_up_of)).Use(L(r.created_at.micros)).Use(L(r.referral_posting_id))
          .Use(L(r.created_at.micros)).Use(r.referral_employer_name).Use(r.referral_contact).Into(id);
      st.Execute();
      return static_cast<int64_t>(id);
    });
  }

  Result<ServiceRecord> GetService(int64_t id) override {
    return db_.Run<ServiceRecord>("读取服务记录", [&](soci::session& s) -> Result<ServiceRecord> {
      ServiceRow row;
      Stmt st(s, std::string("SELECT ") + kServiceColumns + " WHERE r.id = :i");
      st.Use(L(id));
      row.Bind(st);
      if (!st.Execute()) return Error::NotFound("服务记录不存在");
      return row.Get();
    });
  }

  Status SetServiceOutcome(int64_t id, const std::string& outcome, Timestamp at) override {
    return db_.Exec("更新服务结果", [&](soci::session& s) {
      Stmt st(s, "UPDATE service_records SET outcome = :o, updated_at = :u WHERE id = :i");
      st.Use(outcome).Use(L(at.micros)).Use(L(id));
      st.Execute();
    });
  }

  Result<std::vector<ServiceRecord>> ServicesForPerson(int64_t person_id) override {
    using Out = std::vector<ServiceRecord>;
    return db_.Run<Out>("读取服务记录", [&](soci::session& s) -> Result<Out> {
      ServiceRow row;
      Stmt st(s, std::string("SELECT ") + kServiceColumns +
                     " WHERE r.person_id = :p ORDER BY r.service_date DESC, r.id DESC");
      st.Use(L(person_id));
      row.Bind(st);
      Out out;
      FetchAll(st, row, out);
      return out;
    });
  }

  Result<std::optional<ServiceRecord>> FindReferral(int64_t person_id, int64_t posting_id, Date on) override {
    using Out = std::optional<ServiceRecord>;
    return db_.Run<Out>("读取岗位推荐", [&](soci::session& s) -> Result<Out> {
      ServiceRow row;
      Stmt st(s, std::string("SELECT ") + kServiceColumns +
                     " WHERE r.person_id = :p AND r.referral_posting_id = :j AND r.service_date = :d");
      st.Use(L(person_id)).Use(L(posting_id)).Use(on.ToString());
      row.Bind(st);
      if (!st.Execute()) return Out();
      return Out(row.Get());
    });
  }

  Result<std::vector<ServiceRecord>> ReferralsToEmployer(int64_t employer_id, int limit) override {
    using Out = std::vector<ServiceRecord>;
    return db_.Run<Out>("读取岗位推荐", [&](soci::session& s) -> Result<Out> {
      ServiceRow row;
      Stmt st(s, std::string("SELECT ") + kServiceColumns +
                     " WHERE r.referral_employer_id = :e AND r.kind = 'job_referral' "
                     "ORDER BY r.service_date DESC, r.id DESC LIMIT :n");
      st.Use(L(employer_id)).Use(static_cast<long long>(limit));
      row.Bind(st);
      Out out;
      FetchAll(st, row, out);
      return out;
    });
  }

  Result<std::optional<AssistancePlan>> CurrentPlan(int64_t person_id) override {
    using Out = std::optional<AssistancePlan>;
    return db_.Run<Out>("读取帮扶计划", [&](soci::session& s) -> Result<Out> {
      PlanRow row;
      Stmt st(s, std::string("SELECT ") + kPlanColumns +
                     " WHERE person_id = :p ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, id DESC LIMIT 1");
      st.Use(L(person_id));
      row.Bind(st);
      if (!st.Execute()) return Out();
      AssistancePlan plan = row.Get();
      StepRow step;
      Stmt steps(s, "SELECT id, plan_id, person_id, title, service_kind, owner_user_id, due_date, status, done_on "
                    "FROM plan_steps WHERE plan_id = :p ORDER BY due_date, id");
      steps.Use(L(plan.id));
      step.Bind(steps);
      FetchAll(steps, step, plan.steps);
      return Out(std::move(plan));
    });
  }

  Result<std::vector<AssistancePlan>> PlansForPerson(int64_t person_id) override {
    using Out = std::vector<AssistancePlan>;
    return db_.Run<Out>("读取帮扶计划", [&](soci::session& s) -> Result<Out> {
      PlanRow row;
      Stmt st(s, std::string("SELECT ") + kPlanColumns + " WHERE person_id = :p ORDER BY opened_on DESC, id DESC");
      st.Use(L(person_id));
      row.Bind(st);
      Out out;
      FetchAll(st, row, out);
      return out;
    });
  }

  Status InsertPlan(AssistancePlan& p) override {
    return db_.InTransaction([&]() -> Status {
      return db_.Exec("保存帮扶计划", [&](soci::session& s) {
        long long id = 0;
        Stmt st(s,
                "INSERT INTO assistance_plans (person_id, status, responsible_user_id, opened_on, closed_on, "
                "close_outcome, causes, cause_notes, goals, revision, updated_at) VALUES "
                "(:p, :s, :r, :o, :c, :co, :ca, :cn, :g, :rv, :u) RETURNING id");
        st.Use(L(p.person_id)).Use(p.status).Use(L(p.responsible_user_id)).Use(p.opened_on.ToString())
            .Use(DateText(p.closed_on)).Use(p.close_outcome).Use(JoinCodes(p.causes)).Use(p.cause_notes)
            .Use(p.goals).Use(static_cast<long long>(p.revision)).Use(L(p.updated_at.micros)).Into(id);
        st.Execute();
        p.id = id;
        SaveSteps(s, p);
      });
    });
  }

  Status UpdatePlan(AssistancePlan& p) override {
    return db_.InTransaction([&]() -> Status {
      return db_.Exec("更新帮扶计划", [&](soci::session& s) {
        Stmt st(s,
                "UPDATE assistance_plans SET status = :s, responsible_user_id = :r, closed_on = :c, "
                "close_outcome = :co, causes = :ca, cause_notes = :cn, goals = :g, revision = :rv, "
                "updated_at = :u WHERE id = :i");
        st.Use(p.status).Use(L(p.responsible_user_id)).Use(DateText(p.closed_on)).Use(p.close_outcome)
            .Use(JoinCodes(p.causes)).Use(p.cause_notes).Use(p.goals).Use(static_cast<long long>(p.revision))
            .Use(L(p.updated_at.micros)).Use(L(p.id));
        st.Execute();
        SaveSteps(s, p);
      });
    });
  }

  Status InsertRevision(const PlanRevision& r) override {
    return db_.Exec("保存计划修订", [&](soci::session& s) {
      Stmt st(s, "INSERT INTO plan_revisions (plan_id, revision, snapshot, changed_by, changed_at, reason) "
                 "VALUES (:p, :r, :s, :b, :a, :why)");
      st.Use(L(r.plan_id)).Use(static_cast<long long>(r.revision)).Use(r.snapshot).Use(L(r.changed_by))
          .Use(L(r.changed_at.micros)).Use(r.reason);
      st.Execute();
    });
  }

  Result<std::vector<PlanRevision>> Revisions(int64_t plan_id) override {
    using Out = std::vector<PlanRevision>;
    return db_.Run<Out>("读取计划修订", [&](soci::session& s) -> Result<Out> {
      long long id = 0, plan = 0, by = 0, at = 0;
      int revision = 0;
      std::string snapshot, name, reason;
      Stmt st(s, "SELECT v.id, v.plan_id, v.revision, v.snapshot, v.changed_by, COALESCE(u.display_name, ''), "
                 "v.changed_at, v.reason FROM plan_revisions v LEFT JOIN users u ON u.id = v.changed_by "
                 "WHERE v.plan_id = :p ORDER BY v.revision DESC");
      st.Use(L(plan_id));
      st.Into(id).Into(plan).Into(revision).Into(snapshot).Into(by).Into(name).Into(at).Into(reason);
      Out out;
      if (st.Execute()) {
        do out.push_back({id, plan, revision, snapshot, by, name, {at}, reason});
        while (st.Fetch());
      }
      return out;
    });
  }

  Result<std::optional<service::PersonNeeds>> GetNeeds(int64_t person_id) override {
    using Out = std::optional<service::PersonNeeds>;
    return db_.Run<Out>("读取人员需求", [&](soci::session& s) -> Result<Out> {
      service::PersonNeeds n;
      n.person_id = person_id;
      long long training = 0, startup = 0, by = 0, at = 0;
      std::string on;
      Stmt st(s, "SELECT n.training_need, n.training_wish, n.startup_intention, n.channel, "
                 "n.recorded_on, n.recorded_by, COALESCE(u.display_name, ''), n.updated_at "
                 "FROM person_needs n LEFT JOIN users u ON u.id = n.recorded_by WHERE n.person_id = :p");
      st.Use(L(person_id));
      st.Into(training).Into(n.training_wish).Into(startup).Into(n.channel).Into(on).Into(by)
          .Into(n.recorded_by_name).Into(at);
      if (!st.Execute()) return Out();
      n.training_need = training != 0;
      n.startup_intention = startup != 0;
      n.recorded_on = TextDate(on).value_or(Date());
      n.recorded_by = by;
      n.updated_at = {at};
      return Out(std::move(n));
    });
  }

  Status UpsertNeeds(const service::PersonNeeds& n) override {
    return db_.Exec("保存人员需求", [&](soci::session& s) {
      Stmt st(s, "INSERT INTO person_needs (person_id, training_need, training_wish, startup_intention, "
                 "channel, recorded_on, recorded_by, updated_at) VALUES (:p, :t, :w, :s, :c, :o, :b, :u) "
                 "ON CONFLICT (person_id) DO UPDATE SET training_need = excluded.training_need, "
                 "training_wish = excluded.training_wish, startup_intention = excluded.startup_intention, "
                 "channel = excluded.channel, recorded_on = excluded.recorded_on, "
                 "recorded_by = excluded.recorded_by, updated_at = excluded.updated_at");
      st.Use(L(n.person_id)).Use(static_cast<long long>(n.training_need)).Use(n.training_wish)
          .Use(static_cast<long long>(n.startup_intention)).Use(n.channel).Use(n.recorded_on.ToString())
          .Use(L(n.recorded_by)).Use(static_cast<long long>(n.updated_at.micros));
      st.Execute();
    });
  }

  Result<std::optional<CaseAssignment>> GetAssignment(int64_t person_id) override {
    using Out = std::optional<CaseAssignment>;
    return db_.Run<Out>("读取责任人", [&](soci::session& s) -> Result<Out> {
      long long staff = 0, by = 0;
      std::string name, on, rule;
      Stmt st(s, "SELECT a.staff_user_id, COALESCE(u.display_name, ''), a.assigned_on, a.assigned_by, a.rule "
                 "FROM case_assignments a LEFT JOIN users u ON u.id = a.staff_user_id WHERE a.person_id = :p");
      st.Use(L(person_id));
      st.Into(staff).Into(name).Into(on).Into(by).Into(rule);
      if (!st.Execute()) return Out();
      return Out(CaseAssignment{person_id, staff, name, TextDate(on).value_or(Date()), by, rule, {}});
    });
  }

  Status UpsertAssignment(const CaseAssignment& a) override {
    // A transaction of its own when called alone: the person's row and its change-feed row
    // commit together.
    return db_.InTransaction([&] {
      return db_.Exec("保存责任人", [&](soci::session& s) {
        Stmt st(s, "INSERT INTO case_assignments (person_id, staff_user_id, assigned_on, assigned_by, rule) "
                   "VALUES (:p, :s, :o, :b, :r) ON CONFLICT (person_id) DO UPDATE SET "
                   "staff_user_id = excluded.staff_user_id, assigned_on = excluded.assigned_on, "
                   "assigned_by = excluded.assigned_by, rule = excluded.rule");
        st.Use(L(a.person_id)).Use(L(a.staff_user_id)).Use(a.assigned_on.ToString()).Use(L(a.assigned_by))
            .Use(a.rule);
        st.Execute();
        // The person's column is a copy of the assignment, written in the same transaction, so
        // the ledger's filter and the worklist read the same responsible staff member.
        Stmt person(s, "UPDATE persons SET responsible_user_id = :s, updated_at = :u WHERE id = :p");
        person.Use(L(a.staff_user_id)).Use(L(a.written_at.micros)).Use(L(a.person_id));
        person.Execute();
        db_.NoteChanged(Db::Changed::kPersons, a.person_id);
      });
    });
  }

  Result<int64_t> ApplyRule(const AssignmentRule& rule, Date on, Timestamp at) override {
    Result<int64_t> out = int64_t{0};
    BANGFU_RETURN_IF_ERROR(db_.InTransaction([&]() -> Status {
      out = ApplyRuleIn(rule, on, at);
      return out.ok() ? OkStatus() : Status(out.error());
    }));
    return out;
  }

 private:
  Result<int64_t> ApplyRuleIn(const AssignmentRule& rule, Date on, Timestamp at) {
    return db_.Run<int64_t>("按规则分配责任人", [&](soci::session& s) -> Result<int64_t> {
      Stmt st(s, "INSERT INTO case_assignments (person_id, staff_user_id, assigned_on, assigned_by, rule) "
                 "SELECT p.id, :s, :o, 0, :r FROM persons p WHERE p.region_code >= :a AND p.region_code < :b "
                 "AND NOT EXISTS (SELECT 1 FROM case_assignments a WHERE a.person_id = p.id) "
                 "AND NOT EXISTS (SELECT 1 FROM assignment_rules x WHERE LENGTH(x.region_code) > :n "
                 "AND SUBSTR(p.region_code, 1, LENGTH(x.region_code)) = x.region_code)");
      st.Use(L(rule.staff_user_id)).Use(on.ToString()).Use(rule.region_code).Use(rule.region_code)
          .Use(PrefixEnd(rule.region_code)).Use(static_cast<long long>(rule.region_code.size()));
      st.Execute();
      const auto assigned = static_cast<int64_t>(st.AffectedRows());
      // As UpsertAssignment: the persons just assigned get the copy in their own column.
      Stmt person(s, "UPDATE persons SET responsible_user_id = :s, updated_at = :u WHERE region_code >= :a AND "
                     "region_code < :b AND id IN (SELECT a.person_id FROM case_assignments a WHERE "
                     "a.staff_user_id = :s2 AND a.rule = :r AND a.assigned_by = 0) AND "
                     "COALESCE(responsible_user_id, 0) <> :s3 RETURNING id");
      long long changed = 0;
      person.Use(L(rule.staff_user_id)).Use(L(at.micros)).Use(rule.region_code).Use(PrefixEnd(rule.region_code))
          .Use(L(rule.staff_user_id)).Use(rule.region_code).Use(L(rule.staff_user_id)).Into(changed);
      for (bool row = person.Execute(); row; row = person.Fetch()) db_.NoteChanged(Db::Changed::kPersons, changed);
      return assigned;
    });
  }

 public:

  Status InsertAssignments(const std::vector<CaseAssignment>& assignments) override {
    if (assignments.empty()) return OkStatus();
    return db_.Exec("保存责任人", [&](soci::session& s) {
      if (db_.dialect() == Dialect::kPostgres) {
        std::string rows;
        for (const auto& a : assignments) {
          AppendCopyField(rows, L(a.person_id));
          AppendCopyField(rows, L(a.staff_user_id));
          AppendCopyField(rows, a.assigned_on.ToString());
          AppendCopyField(rows, L(a.assigned_by));
          AppendCopyField(rows, a.rule);
          CopyRowEnd(rows);
        }
        CopyIn(s, "case_assignments (person_id, staff_user_id, assigned_on, assigned_by, rule)", rows);
        return;
      }
      SqliteBatchInsert st(s, "INSERT INTO case_assignments (person_id, staff_user_id, assigned_on, assigned_by, rule)",
                           5, 128);
      for (const auto& a : assignments) {
        st.Int(a.person_id).Int(a.staff_user_id).Copy(a.assigned_on.ToString()).Int(a.assigned_by).Text(a.rule);
        st.EndRow();
      }
      st.Flush();
    });
  }

  Result<std::vector<AssignmentRule>> Rules() override {
    using Out = std::vector<AssignmentRule>;
    return db_.Run<Out>("读取分配规则", [&](soci::session& s) -> Result<Out> {
      long long staff = 0;
      std::string code, name;
      Stmt st(s, "SELECT r.region_code, r.staff_user_id, COALESCE(u.display_name, '') FROM assignment_rules r "
                 "LEFT JOIN users u ON u.id = r.staff_user_id ORDER BY r.region_code");
      st.Into(code).Into(staff).Into(name);
      Out out;
      if (st.Execute()) {
        do out.push_back({code, staff, name});
        while (st.Fetch());
      }
      return out;
    });
  }

  Status UpsertRule(const AssignmentRule& rule) override {
    return db_.Exec("保存分配规则", [&](soci::session& s) {
      Stmt st(s, "INSERT INTO assignment_rules (region_code, staff_user_id) VALUES (:r, :s) "
                 "ON CONFLICT (region_code) DO UPDATE SET staff_user_id = excluded.staff_user_id");
      st.Use(rule.region_code).Use(L(rule.staff_user_id));
      st.Execute();
    });
  }

  Status DeleteRule(const std::string& region_code) override {
    return db_.Exec("删除分配规则", [&](soci::session& s) {
      Stmt st(s, "DELETE FROM assignment_rules WHERE region_code = :r");
      st.Use(region_code);
      st.Execute();
    });
  }

  Status SyncResponsible(int64_t min_person_id, int64_t max_person_id, Timestamp at) override {
    return db_.InTransaction([&] {
      return db_.Exec("同步责任人", [&](soci::session& s) {
        Sync(s, min_person_id, max_person_id, at);
        db_.NoteChanged(Db::Changed::kPersons, min_person_id, max_person_id);
      });
    });
  }

  Result<std::vector<CaseChange>> ChangedAfter(int64_t micros, int64_t limit) override {
    using Out = std::vector<CaseChange>;
    return db_.Run<Out>("读取帮扶变更", [&](soci::session& s) -> Result<Out> {
      long long person = 0, at = 0;
      Stmt st(s,
              "SELECT person_id, updated_at FROM service_records WHERE updated_at > :t1 "
              "UNION ALL SELECT person_id, updated_at FROM assistance_plans WHERE updated_at > :t2 "
              "UNION ALL SELECT person_id, updated_at FROM unemployment_registrations WHERE updated_at > :t3 "
              "UNION ALL SELECT person_id, updated_at FROM person_needs WHERE updated_at > :t4 LIMIT :n");
      for (int i = 0; i < 4; ++i) st.Use(L(micros));
      st.Use(L(limit + 1)).Into(person).Into(at);
      Out out;
      for (bool row = st.Execute(); row; row = st.Fetch()) out.push_back({person, at});
      return out;
    });
  }

 private:
  static void Sync(soci::session& s, int64_t min_person_id, int64_t max_person_id, Timestamp at) {
    const char* assigned = "(SELECT a.staff_user_id FROM case_assignments a WHERE a.person_id = persons.id)";
    Stmt st(s, std::string("UPDATE persons SET responsible_user_id = ") + assigned +
                   ", updated_at = :u WHERE id BETWEEN :a AND :b AND COALESCE(responsible_user_id, 0) <> "
                   "COALESCE(" + assigned + ", 0)");
    st.Use(L(at.micros)).Use(L(min_person_id)).Use(L(max_person_id));
    st.Execute();
  }

  static void SaveSteps(soci::session& s, AssistancePlan& p) {
    for (auto& step : p.steps) {
      step.plan_id = p.id;
      step.person_id = p.person_id;
      if (step.id == 0) {
        long long id = 0;
        Stmt st(s, "INSERT INTO plan_steps (plan_id, person_id, title, service_kind, owner_user_id, due_date, "
                   "status, done_on) VALUES (:p, :pe, :t, :k, :o, :d, :s, :dn) RETURNING id");
        st.Use(L(step.plan_id)).Use(L(step.person_id)).Use(step.title).Use(step.service_kind)
            .Use(L(step.owner_user_id)).Use(step.due_date.ToString()).Use(step.status).Use(DateText(step.done_on))
            .Into(id);
        st.Execute();
        step.id = id;
      } else {
        Stmt st(s, "UPDATE plan_steps SET title = :t, service_kind = :k, owner_user_id = :o, due_date = :d, "
                   "status = :s, done_on = :dn WHERE id = :i AND plan_id = :p");
        st.Use(step.title).Use(step.service_kind).Use(L(step.owner_user_id)).Use(step.due_date.ToString())
            .Use(step.status).Use(DateText(step.done_on)).Use(L(step.id)).Use(L(step.plan_id));
        st.Execute();
      }
    }
  }

  Db& db_;
};

}  // namespace

std::unique_ptr<service::CaseRepository> MakeCaseRepository(Db& db) { return std::make_unique<SqlCases>(db); }

}  // namespace bangfu::store
