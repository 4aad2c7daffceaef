// SQL repositories of the entitlement workflow: policy runs, entitlements, payment batches and
// the notice outbox.
#include "entitlement_repos.h"

#include "sql_values.h"
#include "sqlite_bulk.h"
#include "stmt.h"

namespace bangfu::store {
namespace {

using service::BatchStatus;
using service::Entitlement;
using service::EntitlementFilter;
using service::EntitlementPage;
using service::EntitlementStatus;
using service::Notice;
using service::PaymentBatch;
using service::PolicyRun;

long long LL(int64_t v) { return static_cast<long long>(v); }
std::optional<long long> OptMicros(const std::optional<Timestamp>& t) {
  return t ? std::optional<long long>(t->micros) : std::nullopt;
}

// Appends "AND region_code >= :a AND region_code < :b" for a non-empty prefix.
void AddPrefix(Stmt& st, const std::string& column, const std::string& prefix) {
  if (prefix.empty()) return;
  st.Add(" AND " + column + " >= :pa", prefix).Add(" AND " + column + " < :pb", PrefixEnd(prefix));
}

constexpr char kEntColumns[] =
    "id, run_id, pack_id, rule_id, rule_name, clause, subject_kind, subject_id, period, person_id, "
    "person_name, payee_kind, payee_id, payee_name, amount_fen, region_code, as_of, explanation, "
    "status, reason, decided_by, decided_by_name, decided_at, batch_id, created_at, kind";

struct EntRow {
  long long id = 0, run = 0, subject = 0, person = 0, payee = 0, amount = 0, decided_by = 0,
            decided_at = 0, batch = 0, created = 0;
  soci::indicator decided_ind = soci::i_null;
  std::string pack, rule, rule_name, clause, subject_kind, period, person_name, payee_kind,
      payee_name, region, as_of, explanation, status, reason, decided_by_name, kind;
  void Bind(Stmt& st) {
    st.Into(id).Into(run).Into(pack).Into(rule).Into(rule_name).Into(clause).Into(subject_kind)
        .Into(subject).Into(period).Into(person).Into(person_name).Into(payee_kind).Into(payee)
        .Into(payee_name).Into(amount).Into(region).Into(as_of).Into(explanation).Into(status)
        .Into(reason).Into(decided_by).Into(decided_by_name).Into(decided_at, decided_ind)
        .Into(batch).Into(created).Into(kind);
  }
  Entitlement Get() const {
    Entitlement e;
    e.id = id;
    e.run_id = run;
    e.pack_id = pack;
    e.rule_id = rule;
    e.rule_name = rule_name;
    e.clause = clause;
    e.subject_kind = subject_kind;
    e.subject_id = subject;
    e.period = period;
    e.person_id = person;
    e.person_name = person_name;
    e.payee_kind = payee_kind;
    e.payee_id = payee;
    e.payee_name = payee_name;
    e.amount_fen = amount;
    e.region_code = region;
    e.as_of = TextDate(as_of).value_or(Date());
    e.explanation = explanation;
    e.status = service::ParseEntitlementStatus(status).value_or(EntitlementStatus::kPending);
    e.reason = reason;
    e.decided_by = decided_by;
    e.decided_by_name = decided_by_name;
    if (decided_ind == soci::i_ok) e.decided_at = Timestamp{decided_at};
    e.batch_id = batch;
    e.created_at = Timestamp{created};
    e.kind = kind;
    return e;
  }
};

class SqlEntitlements final : public service::EntitlementRepository {
 public:
  explicit SqlEntitlements(Db& db) : db_(db) {}

  Result<std::vector<size_t>> InsertNew(std::vector<Entitlement>& candidates) override {
    using Out = std::vector<size_t>;
    static constexpr char kInsert[] =
        "INSERT INTO entitlements (run_id, pack_id, rule_id, rule_name, clause, subject_kind, "
        "subject_id, period, person_id, person_name, payee_kind, payee_id, payee_name, "
        "amount_fen, region_code, as_of, explanation, status, created_at, kind) VALUES (?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
        "(rule_id, subject_kind, subject_id, period) DO NOTHING RETURNING id";
    if (db_.dialect() == Dialect::kSqlite)
      return db_.Run<Out>("保存待遇资格", [&](soci::session& s) -> Result<Out> {
        // One prepared statement for the whole run (tens of thousands of candidates).
        SqliteBulkStatement st(s, kInsert);
        Out fresh;
        for (size_t i = 0; i < candidates.size(); ++i) {
          auto& e = candidates[i];
          const std::string as_of = e.as_of.ToString();
          const std::string_view status = service::EntitlementStatusName(e.status);
          st.Int(1, e.run_id).Text(2, e.pack_id).Text(3, e.rule_id).Text(4, e.rule_name)
              .Text(5, e.clause).Text(6, e.subject_kind).Int(7, e.subject_id).Text(8, e.period)
              .Int(9, e.person_id).Text(10, e.person_name).Text(11, e.payee_kind)
              .Int(12, e.payee_id).Text(13, e.payee_name).Int(14, e.amount_fen)
              .Text(15, e.region_code).Text(16, as_of).Text(17, e.explanation).Text(18, status)
              .Int(19, e.created_at.micros).Text(20, e.kind);
          if (auto id = st.StepReturning()) {
            e.id = *id;
            fresh.push_back(i);
          }
        }
        return fresh;
      });
    return db_.Run<Out>("保存待遇资格", [&](soci::session& s) -> Result<Out> {
      Out fresh;
      for (size_t i = 0; i < candidates.size(); ++i) {
        auto& e = candidates[i];
        long long id = 0;
        Stmt st(s,
                "INSERT INTO entitlements (run_id, pack_id, rule_id, rule_name, clause, subject_kind, "
                "subject_id, period, person_id, person_name, payee_kind, payee_id, payee_name, "
                "amount_fen, region_code, as_of, explanation, status, created_at, kind) VALUES (:a, :b, "
                ":c, :d, :e, :f, :g, :h, :i, :j, :k, :l, :m, :n, :o, :p, :q, :r, :s, :t) ON CONFLICT "
                "(rule_id, subject_kind, subject_id, period) DO NOTHING RETURNING id");
        st.Use(LL(e.run_id)).Use(e.pack_id).Use(e.rule_id).Use(e.rule_name).Use(e.clause)
            .Use(e.subject_kind).Use(LL(e.subject_id)).Use(e.period).Use(LL(e.person_id))
            .Use(e.person_name).Use(e.payee_kind).Use(LL(e.payee_id)).Use(e.payee_name)
            .Use(LL(e.amount_fen)).Use(e.region_code).Use(e.as_of.ToString()).Use(e.explanation)
            .Use(std::string(service::EntitlementStatusName(e.status))).Use(LL(e.created_at.micros))
            .Use(e.kind).Into(id);
        if (st.Execute()) {
          e.id = id;
          fresh.push_back(i);
        }
      }
      return fresh;
    });
  }

  Result<Entitlement> Get(int64_t id) override {
    return db_.Run<Entitlement>("读取待遇资格", [&](soci::session& s) -> Result<Entitlement> {
      EntRow row;
      Stmt st(s, std::string("SELECT ") + kEntColumns + " FROM entitlements WHERE id = :i");
      st.Use(LL(id));
      row.Bind(st);
      if (!st.Execute()) return Error::NotFound("待遇资格不存在");
      return row.Get();
    });
  }

  Result<EntitlementPage> List(const EntitlementFilter& f) override {
    return db_.Run<EntitlementPage>("读取待遇资格", [&](soci::session& s) -> Result<EntitlementPage> {
      const auto where = [&](Stmt& st) {
        st.Text(" WHERE 1 = 1");
        AddPrefix(st, "region_code", f.region_prefix);
        if (f.status) st.Add(" AND status = :st", std::string(service::EntitlementStatusName(*f.status)));
        if (!f.rule_id.empty()) st.Add(" AND rule_id = :ru", f.rule_id);
        if (f.run_id) st.Add(" AND run_id = :rn", LL(f.run_id));
        if (f.batch_id) st.Add(" AND batch_id = :ba", LL(f.batch_id));
        if (f.person_id) st.Add(" AND person_id = :pe", LL(f.person_id));
        if (!f.payee_kind.empty()) st.Add(" AND payee_kind = :pk", f.payee_kind);
        if (f.payee_id) st.Add(" AND payee_id = :pi", LL(f.payee_id));
      };
      EntitlementPage page;
      {
        long long total = 0, sum = 0;
        soci::indicator sum_ind = soci::i_null;
        Stmt st(s,
                "SELECT COUNT(*), SUM(CASE WHEN kind = 'loan-limit' THEN 0 ELSE amount_fen END) "
                "FROM entitlements");
        where(st);
        st.Into(total).Into(sum, sum_ind);
        st.Execute();
        page.total = total;
        page.total_fen = sum_ind == soci::i_ok ? sum : 0;
      }
      EntRow row;
      Stmt st(s, std::string("SELECT ") + kEntColumns + " FROM entitlements");
      where(st);
      st.Add(" ORDER BY id LIMIT :lim", LL(f.size))
          .Add(" OFFSET :off", LL(static_cast<int64_t>(f.page - 1) * f.size));
      row.Bind(st);
      FetchAll(st, row, page.items);
      return page;
    });
  }

  Status UpdateState(const Entitlement& e) override {
    return db_.Exec("更新待遇资格", [&](soci::session& s) {
      Stmt st(s,
              "UPDATE entitlements SET status = :s, reason = :r, decided_by = :d, decided_by_name = :n, "
              "decided_at = :t, batch_id = :b WHERE id = :i");
      st.Use(std::string(service::EntitlementStatusName(e.status))).Use(e.reason).Use(LL(e.decided_by))
          .Use(e.decided_by_name).Use(OptMicros(e.decided_at)).Use(LL(e.batch_id)).Use(LL(e.id));
      st.Execute();
    });
  }

 private:
  Db& db_;
};

constexpr char kRunColumns[] =
    "id, pack_id, as_of, scope, started_by, started_by_name, started_at, finished_at, subjects, "
    "eligible, undecidable, not_configured, new_candidates, new_amount_fen, summary";

struct RunRow {
  long long id = 0, by = 0, started = 0, finished = 0, subjects = 0, eligible = 0, undecidable = 0,
            not_configured = 0, fresh = 0, fresh_fen = 0;
  std::string pack, as_of, scope, by_name, summary;
  void Bind(Stmt& st) {
    st.Into(id).Into(pack).Into(as_of).Into(scope).Into(by).Into(by_name).Into(started).Into(finished)
        .Into(subjects).Into(eligible).Into(undecidable).Into(not_configured).Into(fresh)
        .Into(fresh_fen).Into(summary);
  }
  PolicyRun Get() const {
    PolicyRun r;
    r.id = id;
    r.pack_id = pack;
    r.as_of = TextDate(as_of).value_or(Date());
    r.scope = scope;
    r.started_by = by;
    r.started_by_name = by_name;
    r.started_at = Timestamp{started};
    r.finished_at = Timestamp{finished};
    r.subjects = subjects;
    r.eligible = eligible;
    r.undecidable = undecidable;
    r.not_configured = not_configured;
    r.new_candidates = fresh;
    r.new_amount_fen = fresh_fen;
    r.summary = summary;
    return r;
  }
};

class SqlPolicyRuns final : public service::PolicyRunRepository {
 public:
  explicit SqlPolicyRuns(Db& db) : db_(db) {}

  Result<int64_t> Insert(const PolicyRun& r) override {
    return db_.Run<int64_t>("保存政策运行记录", [&](soci::session& s) -> Result<int64_t> {
      long long id = 0;
      Stmt st(s,
              "INSERT INTO policy_runs (pack_id, as_of, scope, started_by, started_by_name, started_at, "
              "finished_at) VALUES (:p, :a, :s, :b, :n, :t, :f) RETURNING id");
      st.Use(r.pack_id).Use(r.as_of.ToString()).Use(r.scope).Use(LL(r.started_by)).Use(r.started_by_name)
          .Use(LL(r.started_at.micros)).Use(LL(r.finished_at.micros)).Into(id);
      st.Execute();
      return static_cast<int64_t>(id);
    });
  }

  Status Update(const PolicyRun& r) override {
    return db_.Exec("更新政策运行记录", [&](soci::session& s) {
      Stmt st(s,
              "UPDATE policy_runs SET finished_at = :f, subjects = :s, eligible = :e, undecidable = :u, "
              "not_configured = :n, new_candidates = :c, new_amount_fen = :m, summary = :y WHERE id = :i");
      st.Use(LL(r.finished_at.micros)).Use(LL(r.subjects)).Use(LL(r.eligible)).Use(LL(r.undecidable))
          .Use(LL(r.not_configured)).Use(LL(r.new_candidates)).Use(LL(r.new_amount_fen)).Use(r.summary)
          .Use(LL(r.id));
      st.Execute();
    });
  }

  Result<PolicyRun> Get(int64_t id) override {
    return db_.Run<PolicyRun>("读取政策运行记录", [&](soci::session& s) -> Result<PolicyRun> {
      RunRow row;
      Stmt st(s, std::string("SELECT ") + kRunColumns + " FROM policy_runs WHERE id = :i");
      st.Use(LL(id));
      row.Bind(st);
      if (!st.Execute()) return Error::NotFound("政策运行记录不存在");
      return row.Get();
    });
  }

  Result<std::vector<PolicyRun>> List(const std::string& prefix, int limit) override {
    using Out = std::vector<PolicyRun>;
    return db_.Run<Out>("读取政策运行记录", [&](soci::session& s) -> Result<Out> {
      RunRow row;
      // A run is visible to a user whose scope is a prefix of the run's scope.
      Stmt st(s, std::string("SELECT ") + kRunColumns + " FROM policy_runs WHERE 1 = 1");
      AddPrefix(st, "scope", prefix);
      st.Add(" ORDER BY id DESC LIMIT :l", LL(limit));
      row.Bind(st);
      Out out;
      FetchAll(st, row, out);
      return out;
    });
  }

 private:
  Db& db_;
};

constexpr char kBatchColumns[] =
    "id, name, scope, status, created_by, created_by_name, created_at, paid_at, count, total_fen";

struct BatchRow {
  long long id = 0, by = 0, created = 0, paid = 0, count = 0, total = 0;
  soci::indicator paid_ind = soci::i_null;
  std::string name, scope, status, by_name;
  void Bind(Stmt& st) {
    st.Into(id).Into(name).Into(scope).Into(status).Into(by).Into(by_name).Into(created)
        .Into(paid, paid_ind).Into(count).Into(total);
  }
  PaymentBatch Get() const {
    PaymentBatch b;
    b.id = id;
    b.name = name;
    b.scope = scope;
    b.status = status == "paid" ? BatchStatus::kPaid : BatchStatus::kOpen;
    b.created_by = by;
    b.created_by_name = by_name;
    b.created_at = Timestamp{created};
    if (paid_ind == soci::i_ok) b.paid_at = Timestamp{paid};
    b.count = count;
    b.total_fen = total;
    return b;
  }
};

std::string BatchStatusText(BatchStatus s) { return s == BatchStatus::kPaid ? "paid" : "open"; }

class SqlPaymentBatches final : public service::PaymentBatchRepository {
 public:
  explicit SqlPaymentBatches(Db& db) : db_(db) {}

  Result<int64_t> Insert(const PaymentBatch& b) override {
    return db_.Run<int64_t>("保存发放批次", [&](soci::session& s) -> Result<int64_t> {
      long long id = 0;
      Stmt st(s,
              "INSERT INTO payment_batches (name, scope, status, created_by, created_by_name, created_at, "
              "paid_at, count, total_fen) VALUES (:n, :s, :t, :b, :bn, :c, :p, :k, :f) RETURNING id");
      st.Use(b.name).Use(b.scope).Use(BatchStatusText(b.status)).Use(LL(b.created_by)).Use(b.created_by_name)
          .Use(LL(b.created_at.micros)).Use(OptMicros(b.paid_at)).Use(LL(b.count)).Use(LL(b.total_fen))
          .Into(id);
      st.Execute();
      return static_cast<int64_t>(id);
    });
  }

  Status Update(const PaymentBatch& b) override {
    return db_.Exec("更新发放批次", [&](soci::session& s) {
      Stmt st(s, "UPDATE payment_batches SET status = :s, paid_at = :p, count = :c, total_fen = :t WHERE id = :i");
      st.Use(BatchStatusText(b.status)).Use(OptMicros(b.paid_at)).Use(LL(b.count)).Use(LL(b.total_fen))
          .Use(LL(b.id));
      st.Execute();
    });
  }

  Result<PaymentBatch> Get(int64_t id) override {
    return db_.Run<PaymentBatch>("读取发放批次", [&](soci::session& s) -> Result<PaymentBatch> {
      BatchRow row;
      Stmt st(s, std::string("SELECT ") + kBatchColumns + " FROM payment_batches WHERE id = :i");
      st.Use(LL(id));
      row.Bind(st);
      if (!st.Execute()) return Error::NotFound("发放批次不存在");
      return row.Get();
    });
  }

  Result<std::vector<PaymentBatch>> List(const std::string& prefix) override {
    using Out = std::vector<PaymentBatch>;
    return db_.Run<Out>("读取发放批次", [&](soci::session& s) -> Result<Out> {
      BatchRow row;
      Stmt st(s, std::string("SELECT ") + kBatchColumns + " FROM payment_batches WHERE 1 = 1");
      AddPrefix(st, "scope", prefix);
      st.Text(" ORDER BY id DESC LIMIT 500");
      row.Bind(st);
      Out out;
      FetchAll(st, row, out);
      return out;
    });
  }

 private:
  Db& db_;
};

constexpr char kNoticeColumns[] =
    "id, recipient_kind, recipient_id, entitlement_id, title, body, created_at, sent_at, channel";

struct NoticeRow {
  long long id = 0, recipient = 0, entitlement = 0, created = 0, sent = 0;
  soci::indicator sent_ind = soci::i_null;
  std::string kind, title, body, channel;
  void Bind(Stmt& st) {
    st.Into(id).Into(kind).Into(recipient).Into(entitlement).Into(title).Into(body).Into(created)
        .Into(sent, sent_ind).Into(channel);
  }
  Notice Get() const {
    Notice n;
    n.id = id;
    n.recipient_kind = kind;
    n.recipient_id = recipient;
    n.entitlement_id = entitlement;
    n.title = title;
    n.body = body;
    n.created_at = Timestamp{created};
    if (sent_ind == soci::i_ok) n.sent_at = Timestamp{sent};
    n.channel = channel;
    return n;
  }
};

class SqlOutbox final : public service::OutboxRepository {
 public:
  explicit SqlOutbox(Db& db) : db_(db) {}

  Result<int64_t> Insert(const Notice& n) override {
    return db_.Run<int64_t>("保存消息", [&](soci::session& s) -> Result<int64_t> {
      long long id = 0;
      Stmt st(s,
              "INSERT INTO outbox (recipient_kind, recipient_id, entitlement_id, title, body, created_at) "
              "VALUES (:k, :r, :e, :t, :b, :c) RETURNING id");
      st.Use(n.recipient_kind).Use(LL(n.recipient_id)).Use(LL(n.entitlement_id)).Use(n.title).Use(n.body)
          .Use(LL(n.created_at.micros)).Into(id);
      st.Execute();
      return static_cast<int64_t>(id);
    });
  }

  Status InsertMany(const std::vector<Notice>& notices) override {
    if (db_.dialect() != Dialect::kSqlite) return OutboxRepository::InsertMany(notices);
    return db_.Exec("保存消息", [&](soci::session& s) {
      SqliteBulkStatement st(s,
                             "INSERT INTO outbox (recipient_kind, recipient_id, entitlement_id, "
                             "title, body, created_at) VALUES (?, ?, ?, ?, ?, ?)");
      for (const auto& n : notices) {
        st.Text(1, n.recipient_kind).Int(2, n.recipient_id).Int(3, n.entitlement_id)
            .Text(4, n.title).Text(5, n.body).Int(6, n.created_at.micros);
        st.Step();
      }
    });
  }

  Status MarkSent(int64_t id, Timestamp at, const std::string& channel) override {
    return db_.Exec("更新消息", [&](soci::session& s) {
      Stmt st(s, "UPDATE outbox SET sent_at = :t, channel = :c WHERE id = :i");
      st.Use(LL(at.micros)).Use(channel).Use(LL(id));
      st.Execute();
    });
  }

  Result<std::vector<Notice>> ForRecipient(const std::string& kind, int64_t id, int limit) override {
    return Query(" WHERE recipient_kind = :k AND recipient_id = :r ORDER BY id DESC LIMIT :l",
                 [&](Stmt& st) { st.Use(kind).Use(LL(id)).Use(LL(limit)); });
  }

  Result<std::vector<Notice>> Unsent(int limit) override {
    return Query(" WHERE sent_at IS NULL ORDER BY id LIMIT :l", [&](Stmt& st) { st.Use(LL(limit)); });
  }

 private:
  Result<std::vector<Notice>> Query(const std::string& tail, const std::function<void(Stmt&)>& bind) {
    using Out = std::vector<Notice>;
    return db_.Run<Out>("读取消息", [&](soci::session& s) -> Result<Out> {
      NoticeRow row;
      Stmt st(s, std::string("SELECT ") + kNoticeColumns + " FROM outbox" + tail);
      bind(st);
      row.Bind(st);
      Out out;
      FetchAll(st, row, out);
      return out;
    });
  }

  Db& db_;
};

class SqlPolicyParams final : public service::PolicyParamRepository {
 public:
  explicit SqlPolicyParams(Db& db) : db_(db) {}

  Result<int64_t> Insert(const service::PolicyParamValue& v) override {
    return db_.Run<int64_t>("保存政策参数", [&](soci::session& s) -> Result<int64_t> {
      long long id = 0;
      Stmt st(s,
              "INSERT INTO policy_param_values (pack_id, param, param_key, value, effective_from, "
              "source, set_by, set_by_name, set_at) VALUES (:p, :n, :k, :v, :f, :s, :b, :bn, :t) "
              "RETURNING id");
      st.Use(v.pack_id).Use(v.param).Use(v.key).Use(v.value).Use(v.effective_from.ToString())
          .Use(v.source).Use(LL(v.set_by)).Use(v.set_by_name).Use(LL(v.set_at.micros)).Into(id);
      st.Execute();
      return static_cast<int64_t>(id);
    });
  }

  Result<std::vector<service::PolicyParamValue>> List(const std::string& pack_id) override {
    using Out = std::vector<service::PolicyParamValue>;
    return db_.Run<Out>("读取政策参数", [&](soci::session& s) -> Result<Out> {
      struct Row {
        long long id = 0, by = 0, at = 0;
        std::string pack, param, key, value, from, source, by_name;
        void Bind(Stmt& st) {
          st.Into(id).Into(pack).Into(param).Into(key).Into(value).Into(from).Into(source).Into(by)
              .Into(by_name).Into(at);
        }
        service::PolicyParamValue Get() const {
          return {id,  pack,   param, key, value, TextDate(from).value_or(Date()), source,
                  by,  by_name, Timestamp{at}};
        }
      } row;
      Stmt st(s,
              "SELECT id, pack_id, param, param_key, value, effective_from, source, set_by, "
              "set_by_name, set_at FROM policy_param_values WHERE 1 = 1");
      if (!pack_id.empty()) st.Add(" AND pack_id = :p", pack_id);
      st.Text(" ORDER BY id");
      row.Bind(st);
      Out out;
      FetchAll(st, row, out);
      return out;
    });
  }

 private:
  Db& db_;
};

}  // namespace

std::unique_ptr<service::EntitlementRepository> MakeEntitlementRepository(Db& db) {
  return std::make_unique<SqlEntitlements>(db);
}
std::unique_ptr<service::PolicyRunRepository> MakePolicyRunRepository(Db& db) {
  return std::make_unique<SqlPolicyRuns>(db);
}
std::unique_ptr<service::PaymentBatchRepository> MakePaymentBatchRepository(Db& db) {
  return std::make_unique<SqlPaymentBatches>(db);
}
std::unique_ptr<service::OutboxRepository> MakeOutboxRepository(Db& db) {
  return std::make_unique<SqlOutbox>(db);
}
std::unique_ptr<service::PolicyParamRepository> MakePolicyParamRepository(Db& db) {
  return std::make_unique<SqlPolicyParams>(db);
}

}  // namespace bangfu::store
