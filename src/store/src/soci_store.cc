// service::Store over SOCI: SQLite (embedded) or PostgreSQL.
#include <soci/soci.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <optional>

#include "bangfu/base/log.h"
#include "bangfu/store/store.h"
#include "db.h"
#include "entitlement_repos.h"
#include "case_repos.h"
#include "job_repos.h"
#include "ledger_repos.h"
#include "migrations.h"
#include "stmt.h"

namespace bangfu::store {
namespace {

using service::AuditEntry;
using service::AuditFilter;
using service::Region;
using service::Session;
using service::User;

Status NotFoundIfNone(Result<long long> affected, const char* what) {
  if (!affected.ok()) return affected.error();
  if (*affected == 0) return Error::NotFound(what);
  return OkStatus();
}

// ---- users ----

class SqlUsers final : public service::UserRepository {
 public:
  explicit SqlUsers(Db& db) : db_(db) {}

  Result<int64_t> Insert(const User& u) override {
    auto r = db_.Run<int64_t>("保存账号", [&](soci::session& s) -> Result<int64_t> {
      long long id = 0;
      Stmt st(s,
              "INSERT INTO users (username, display_name, role, scope, org_id, person_id, password_hash, "
              "disabled, created_at, password_changed_at) VALUES (:u, :d, :r, :s, ");
      st.Use(u.username).Use(u.display_name).Use(std::string(service::RoleName(u.role))).Use(u.scope);
      if (u.org_id) st.Add(":o, ", static_cast<long long>(*u.org_id));
      else st.Text("NULL, ");
      if (u.person_id) st.Add(":q, ", static_cast<long long>(*u.person_id));
      else st.Text("NULL, ");
      st.Add(":p, ", u.password_hash)
          .Add(":x, ", static_cast<long long>(u.disabled ? 1 : 0))
          .Add(":c, ", static_cast<long long>(u.created_at.micros))
          .Add(":h) RETURNING id", static_cast<long long>(u.password_changed_at.micros))
          .Into(id);
      st.Execute();
      return static_cast<int64_t>(id);
    });
    if (!r.ok() && r.error().IsConflict()) return Error::Conflict("用户名已存在: " + u.username, "username");
    return r;
  }

  Result<User> FindById(int64_t id) override {
    return FindOne("id = :k", [&](Stmt& st) { st.Use(static_cast<long long>(id)); });
  }
  Result<User> FindByUsername(const std::string& username) override {
    return FindOne("username = :k", [&](Stmt& st) { st.Use(username); });
  }

  Status UpdatePassword(int64_t id, const std::string& hash, Timestamp at) override {
    return NotFoundIfNone(db_.Run<long long>("修改密码", [&](soci::session& s) -> Result<long long> {
      Stmt st(s, "UPDATE users SET password_hash = :h, password_changed_at = :t WHERE id = :i");
      st.Use(hash).Use(static_cast<long long>(at.micros)).Use(static_cast<long long>(id));
      st.Execute();
      return st.AffectedRows();
    }), "用户不存在");
  }

  Status SetLinks(int64_t id, std::optional<int64_t> org_id, std::optional<int64_t> person_id) override {
    return NotFoundIfNone(db_.Run<long long>("更新账号", [&](soci::session& s) -> Result<long long> {
      Stmt st(s, "UPDATE users SET org_id = :o, person_id = :p WHERE id = :i");
      auto ll = [](std::optional<int64_t> v) {
        return v ? std::optional<long long>(*v) : std::optional<long long>();
      };
      st.Use(ll(org_id)).Use(ll(person_id)).Use(static_cast<long long>(id));
      st.Execute();
      return st.AffectedRows();
    }), "用户不存在");
  }
  Status SetDisabled(int64_t id, bool disabled) override {
    return NotFoundIfNone(db_.Run<long long>("停用账号", [&](soci::session& s) -> Result<long long> {
      Stmt st(s, "UPDATE users SET disabled = :d WHERE id = :i");
      st.Use(static_cast<long long>(disabled ? 1 : 0)).Use(static_cast<long long>(id));
      st.Execute();
      return st.AffectedRows();
    }), "用户不存在");
  }

  Result<std::vector<User>> List() override {
    return db_.Run<std::vector<User>>("读取账号", [&](soci::session& s) -> Result<std::vector<User>> {
      Row r;
      Stmt st(s, std::string(kSelect) + " ORDER BY id");
      r.Bind(st);
      std::vector<User> out;
      if (st.Execute()) {
        do out.push_back(r.ToUser());
        while (st.Fetch());
      }
      return out;
    });
  }

  Result<int64_t> Count() override {
    return db_.Run<int64_t>("统计账号", [&](soci::session& s) -> Result<int64_t> {
      long long n = 0;
      s << "SELECT COUNT(*) FROM users", soci::into(n);
      return static_cast<int64_t>(n);
    });
  }

 private:
  static constexpr const char* kSelect =
      "SELECT id, username, display_name, role, scope, org_id, person_id, password_hash, disabled, "
      "created_at, password_changed_at FROM users";

  struct Row {
    long long id = 0, org_id = 0, person_id = 0, created = 0, changed = 0, disabled = 0;
    soci::indicator org_ind = soci::i_null, person_ind = soci::i_null;
    std::string username, display_name, role, scope, hash;
    void Bind(Stmt& st) {
      st.Into(id).Into(username).Into(display_name).Into(role).Into(scope).Into(org_id, org_ind)
          .Into(person_id, person_ind).Into(hash).Into(disabled).Into(created).Into(changed);
    }
    User ToUser() const {
      User u;
      u.id = id;
      u.username = username;
      u.display_name = display_name;
      u.role = service::ParseRole(role).value_or(service::Role::kJobSeeker);
      u.scope = scope;
      if (org_ind == soci::i_ok) u.org_id = org_id;
      if (person_ind == soci::i_ok) u.person_id = person_id;
      u.password_hash = hash;
      u.disabled = disabled != 0;
      u.created_at = {created};
      u.password_changed_at = {changed};
      return u;
    }
  };

  Result<User> FindOne(const std::string& where, const std::function<void(Stmt&)>& bind) {
    return db_.Run<User>("读取账号", [&](soci::session& s) -> Result<User> {
      Row r;
      Stmt st(s, std::string(kSelect) + " WHERE " + where);
      bind(st);
      r.Bind(st);
      if (!st.Execute()) return Error::NotFound("用户不存在");
      return r.ToUser();
    });
  }

  Db& db_;
};

// ---- sessions ----

class SqlSessions final : public service::SessionRepository {
 public:
  explicit SqlSessions(Db& db) : db_(db) {}

  Status Insert(const Session& x) override {
    return db_.Exec("保存会话", [&](soci::session& s) {
      Stmt st(s,
              "INSERT INTO sessions (token_hash, csrf_token, user_id, remote_addr, created_at, "
              "last_seen_at) VALUES (:t, :c, :u, :a, :cr, :l)");
      st.Use(x.token_hash).Use(x.csrf_token).Use(static_cast<long long>(x.user_id)).Use(x.remote_addr)
          .Use(static_cast<long long>(x.created_at.micros))
          .Use(static_cast<long long>(x.last_seen_at.micros));
      st.Execute();
    });
  }

  Result<Session> Find(const std::string& token_hash) override {
    return db_.Run<Session>("读取会话", [&](soci::session& s) -> Result<Session> {
      Session x;
      long long user = 0, created = 0, seen = 0;
      Stmt st(s,
              "SELECT token_hash, csrf_token, user_id, remote_addr, created_at, last_seen_at "
              "FROM sessions WHERE token_hash = :t");
      st.Use(token_hash).Into(x.token_hash).Into(x.csrf_token).Into(user).Into(x.remote_addr)
          .Into(created).Into(seen);
      if (!st.Execute()) return Error::NotFound("会话不存在");
      x.user_id = user;
      x.created_at = {created};
      x.last_seen_at = {seen};
      return x;
    });
  }

  Status Touch(const std::string& token_hash, Timestamp at) override {
    return db_.Exec("更新会话", [&](soci::session& s) {
      Stmt st(s, "UPDATE sessions SET last_seen_at = :l WHERE token_hash = :t AND last_seen_at < :l2");
      st.Use(static_cast<long long>(at.micros)).Use(token_hash).Use(static_cast<long long>(at.micros));
      st.Execute();
    });
  }

  Status Delete(const std::string& token_hash) override {
    return db_.Exec("删除会话", [&](soci::session& s) {
      Stmt st(s, "DELETE FROM sessions WHERE token_hash = :t");
      st.Use(token_hash);
      st.Execute();
    });
  }

  Status DeleteForUser(int64_t user_id) override {
    return db_.Exec("删除会话", [&](soci::session& s) {
      Stmt st(s, "DELETE FROM sessions WHERE user_id = :u");
      st.Use(static_cast<long long>(user_id));
      st.Execute();
    });
  }

  Result<int64_t> DeleteIdle(Timestamp idle_before) override {
    return db_.Run<int64_t>("清理会话", [&](soci::session& s) -> Result<int64_t> {
      Stmt st(s, "DELETE FROM sessions WHERE last_seen_at < :l");
      st.Use(static_cast<long long>(idle_before.micros));
      st.Execute();
      return static_cast<int64_t>(st.AffectedRows());
    });
  }

 private:
  Db& db_;
};

// ---- audit ----

class SqlAudit final : public service::AuditRepository {
 public:
  explicit SqlAudit(Db& db) : db_(db) {}

  Result<int64_t> Append(const AuditEntry& e) override {
    return db_.Run<int64_t>("写审计日志", [&](soci::session& s) -> Result<int64_t> {
      long long id = 0;
      Stmt st(s,
              "INSERT INTO audit_log (at, user_id, username, remote_addr, request_id, action, "
              "object_type, object_id, region_code, detail) VALUES (:a, :u, :n, :r, :q, :x, :t, "
              ":o, :g, :d) RETURNING id");
      st.Use(static_cast<long long>(e.at.micros)).Use(static_cast<long long>(e.user_id)).Use(e.username)
          .Use(e.remote_addr).Use(e.request_id).Use(e.action).Use(e.object_type).Use(e.object_id)
          .Use(e.region_code).Use(e.detail).Into(id);
      st.Execute();
      return static_cast<int64_t>(id);
    });
  }

  Result<std::vector<AuditEntry>> Query(const AuditFilter& f) override {
    return db_.Run<std::vector<AuditEntry>>(
        "读取审计日志", [&](soci::session& s) -> Result<std::vector<AuditEntry>> {
          AuditEntry e;
          long long id = 0, at = 0, user = 0;
          Stmt st(s,
                  "SELECT id, at, user_id, username, remote_addr, request_id, action, object_type, "
                  "object_id, region_code, detail FROM audit_log WHERE 1 = 1");
          if (f.before_id > 0) st.Add(" AND id < :b", static_cast<long long>(f.before_id));
          if (f.from) st.Add(" AND at >= :f", static_cast<long long>(f.from->micros));
          if (f.to) st.Add(" AND at < :t", static_cast<long long>(f.to->micros));
          if (!f.username.empty()) st.Add(" AND username = :u", f.username);
          if (!f.action.empty()) {
            st.Add(" AND substr(action, 1, length(CAST(:a1 AS TEXT))) = ", f.action).Add(":a2", f.action);
          }
          if (!f.object_type.empty()) st.Add(" AND object_type = :ot", f.object_type);
          if (!f.object_id.empty()) st.Add(" AND object_id = :oi", f.object_id);
          if (!f.region_prefix.empty()) {
            st.Add(" AND (region_code = '' OR substr(region_code, 1, length(CAST(:p1 AS TEXT))) = ",
                   f.region_prefix)
                .Add(":p2)", f.region_prefix);
          }
          st.Add(" ORDER BY id DESC LIMIT :l", static_cast<long long>(std::clamp(f.limit, 1, 500)));
          st.Into(id).Into(at).Into(user).Into(e.username).Into(e.remote_addr).Into(e.request_id)
              .Into(e.action).Into(e.object_type).Into(e.object_id).Into(e.region_code).Into(e.detail);
          std::vector<AuditEntry> out;
          if (st.Execute()) {
            do {
              e.id = id;
              e.at = {at};
              e.user_id = user;
              out.push_back(e);
            } while (st.Fetch());
          }
          return out;
        });
  }

  Result<int64_t> CountFailedSignIns(const std::string& username, const std::string& addr,
                                     Timestamp since) override {
    return db_.Run<int64_t>("统计登录失败", [&](soci::session& s) -> Result<int64_t> {
      // Two index range scans (username/action/at and addr/action/at) instead of an OR.
      long long a = 0, b = 0, both = 0;
      const long long t = since.micros;
      {
        Stmt st(s, "SELECT COUNT(*) FROM audit_log WHERE username = :u AND action = 'session.sign_in_failed' AND at >= :t");
        st.Use(username).Use(t).Into(a);
        st.Execute();
      }
      {
        Stmt st(s, "SELECT COUNT(*) FROM audit_log WHERE remote_addr = :r AND action = 'session.sign_in_failed' AND at >= :t");
        st.Use(addr).Use(t).Into(b);
        st.Execute();
      }
      {
        Stmt st(s, "SELECT COUNT(*) FROM audit_log WHERE username = :u AND remote_addr = :r AND action = 'session.sign_in_failed' AND at >= :t");
        st.Use(username).Use(addr).Use(t).Into(both);
        st.Execute();
      }
      return static_cast<int64_t>(a + b - both);
    });
  }

 private:
  Db& db_;
};

// ---- regions ----

class SqlRegions final : public service::RegionRepository {
 public:
  explicit SqlRegions(Db& db) : db_(db) {}

  Status UpsertMany(const std::vector<Region>& regions) override {
    return db_.InTransaction([&]() -> Status {
      return db_.Exec("保存行政区划", [&](soci::session& s) {
        constexpr size_t kBatch = 5000;
        std::vector<std::string> codes, names, parents;
        std::vector<int> levels;
        for (size_t start = 0; start < regions.size(); start += kBatch) {
          const size_t end = std::min(regions.size(), start + kBatch);
          codes.clear(); names.clear(); parents.clear(); levels.clear();
          for (size_t i = start; i < end; ++i) {
            codes.push_back(regions[i].code);
            names.push_back(regions[i].name);
            parents.push_back(regions[i].parent_code);
            levels.push_back(regions[i].level);
          }
          s << "INSERT INTO regions (code, name, parent_code, level) VALUES (:c, :n, :p, :l) "
               "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
               "parent_code = excluded.parent_code, level = excluded.level",
              soci::use(codes), soci::use(names), soci::use(parents), soci::use(levels);
        }
      });
    });
  }

  Result<Region> Get(const std::string& code) override {
    return db_.Run<Region>("读取行政区划", [&](soci::session& s) -> Result<Region> {
      Region r;
      int level = 0;
      Stmt st(s, "SELECT code, name, parent_code, level FROM regions WHERE code = :c");
      st.Use(code).Into(r.code).Into(r.name).Into(r.parent_code).Into(level);
      if (!st.Execute()) return Error::NotFound("行政区划不存在: " + code, "code");
      r.level = level;
      return r;
    });
  }

  Result<std::vector<Region>> Children(const std::string& parent) override {
    return db_.Run<std::vector<Region>>("读取行政区划", [&](soci::session& s) -> Result<std::vector<Region>> {
      Region r;
      int level = 0;
      Stmt st(s, "SELECT code, name, parent_code, level FROM regions WHERE parent_code = :p ORDER BY code");
      st.Use(parent).Into(r.code).Into(r.name).Into(r.parent_code).Into(level);
      std::vector<Region> out;
      if (st.Execute()) {
        do {
          r.level = level;
          out.push_back(r);
        } while (st.Fetch());
      }
      return out;
    });
  }

  Result<std::vector<Region>> Within(const std::string& prefix, int max_level) override {
    return db_.Run<std::vector<Region>>("读取行政区划", [&](soci::session& s) -> Result<std::vector<Region>> {
      Region r;
      int level = 0;
      // Codes are digits: every code with the prefix sorts below prefix + ":".
      Stmt st(s, "SELECT code, name, parent_code, level FROM regions WHERE code >= :a AND code < :b AND "
                 "level <= :l");
      st.Use(prefix).Use(prefix + ":").Use(static_cast<long long>(max_level)).Into(r.code).Into(r.name).Into(r.parent_code).Into(level);
      std::vector<Region> out;
      for (bool row = st.Execute(); row; row = st.Fetch()) {
        r.level = level;
        out.push_back(r);
      }
      return out;
    });
  }

  Result<int64_t> Count() override {
    return db_.Run<int64_t>("统计行政区划", [&](soci::session& s) -> Result<int64_t> {
      long long n = 0;
      s << "SELECT COUNT(*) FROM regions", soci::into(n);
      return static_cast<int64_t>(n);
    });
  }

 private:
  Db& db_;
};

// ---- the store ----

class SociStore final : public service::Store {
 public:
  SociStore(std::unique_ptr<Db> db, std::string backend)
      : db_(std::move(db)), backend_(std::move(backend)), users_(*db_), sessions_(*db_),
        audit_(*db_), regions_(*db_), persons_(MakePersonRepository(*db_)),
        households_(MakeHouseholdRepository(*db_)), calendar_(MakeCalendarRepository(*db_)),
        registrations_(MakeRegistrationRepository(*db_)),
        entitlements_(MakeEntitlementRepository(*db_)), policy_runs_(MakePolicyRunRepository(*db_)),
        payment_batches_(MakePaymentBatchRepository(*db_)), outbox_(MakeOutboxRepository(*db_)),
        policy_data_(MakePolicyDataRepository(*db_)), cases_(MakeCaseRepository(*db_)),
        policy_params_(MakePolicyParamRepository(*db_)),
        jobs_(MakeJobRepository(*db_)) {}

  service::UserRepository& users() override { return users_; }
  service::SessionRepository& sessions() override { return sessions_; }
  service::AuditRepository& audit() override { return audit_; }
  service::RegionRepository& regions() override { return regions_; }
  service::PersonRepository& persons() override { return *persons_; }
  service::HouseholdRepository& households() override { return *households_; }
  service::CalendarRepository& calendar() override { return *calendar_; }
  service::RegistrationRepository& registrations() override { return *registrations_; }
  service::EntitlementRepository& entitlements() override { return *entitlements_; }
  service::PolicyRunRepository& policy_runs() override { return *policy_runs_; }
  service::PaymentBatchRepository& payment_batches() override { return *payment_batches_; }
  service::OutboxRepository& outbox() override { return *outbox_; }
  service::PolicyDataRepository& policy_data() override { return *policy_data_; }
  service::CaseRepository& cases() override { return *cases_; }
  service::PolicyParamRepository& policy_params() override { return *policy_params_; }
  service::JobRepository& jobs() override { return *jobs_; }
  Status InTransaction(const std::function<Status()>& work) override {
    return db_->InTransaction(work);
  }
  Status InReadSnapshot(const std::vector<std::function<Status()>>& parts) override {
    return db_->InReadSnapshot(parts);
  }
  std::string BackendName() const override { return backend_; }
  Result<int> SchemaVersion() override {
    return db_->Run<int>("读取结构版本", [](soci::session& s) -> Result<int> {
      int v = 0;
      soci::indicator ind = soci::i_null;
      s << "SELECT MAX(version) FROM schema_migrations", soci::into(v, ind);
      return ind == soci::i_ok ? v : 0;
    });
  }

  Db& db() { return *db_; }

 private:
  std::unique_ptr<Db> db_;
  std::string backend_;
  SqlUsers users_;
  SqlSessions sessions_;
  SqlAudit audit_;
  SqlRegions regions_;
  std::unique_ptr<service::PersonRepository> persons_;
  std::unique_ptr<service::HouseholdRepository> households_;
  std::unique_ptr<service::CalendarRepository> calendar_;
  std::unique_ptr<service::RegistrationRepository> registrations_;
  std::unique_ptr<service::EntitlementRepository> entitlements_;
  std::unique_ptr<service::PolicyRunRepository> policy_runs_;
  std::unique_ptr<service::PaymentBatchRepository> payment_batches_;
  std::unique_ptr<service::OutboxRepository> outbox_;
  std::unique_ptr<service::PolicyDataRepository> policy_data_;
  std::unique_ptr<service::CaseRepository> cases_;
  std::unique_ptr<service::PolicyParamRepository> policy_params_;
  std::unique_ptr<service::JobRepository> jobs_;
};

bool HasVersionTable(soci::session& s, Dialect dialect) {
  long long n = 0;
  if (dialect == Dialect::kSqlite) {
    s << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        soci::into(n);
  } else {
    s << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
         "AND table_name = 'schema_migrations'",
        soci::into(n);
  }
  return n > 0;
}

int ReadVersion(soci::session& s) {
  int v = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT MAX(version) FROM schema_migrations", soci::into(v, ind);
  return ind == soci::i_ok ? v : 0;
}

Error NewerSchema(int current, int latest) {
  return Error::FailedPrecondition("数据库结构版本 " + std::to_string(current) + " 比本程序支持的 " +
                                   std::to_string(latest) + " 新，请升级程序");
}

}  // namespace

// Applies pending migrations one transaction each, so a failing migration leaves the database
// at the last good version. Each round re-reads the version under the lock (BEGIN IMMEDIATE on
// SQLite, an advisory lock on PostgreSQL), so processes starting together apply each
// migration exactly once. Returns how many this call applied.

Result<int> ApplyMigrations(Db& db, const std::vector<Migration>& migrations, bool allowed) {
  const int latest = migrations.back().version;
  int applied = 0;
  for (;;) {
    bool done = false;
    Status round = db.InTransaction([&]() -> Status {
      auto r = db.Run<bool>("升级数据库结构", [&](soci::session& s) -> Result<bool> {
        if (db.dialect() == Dialect::kPostgres) s << "SELECT pg_advisory_xact_lock(7240513)";
        int current = 0;
        if (allowed) {
          s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
               "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
          current = ReadVersion(s);
        } else if (HasVersionTable(s, db.dialect())) {
          current = ReadVersion(s);
        }
        if (current > latest) return NewerSchema(current, latest);
        if (current == latest) {
          done = true;
          return true;
        }
        if (!allowed) {
          return Error::FailedPrecondition("数据库结构版本 " + std::to_string(current) +
                                           " 落后于本程序的 " + std::to_string(latest) +
                                           "，请先运行 bangfu migrate");
        }
        auto next = std::find_if(migrations.begin(), migrations.end(),
                                 [&](const Migration& m) { return m.version > current; });
        const auto& statements = db.dialect() == Dialect::kSqlite ? next->sqlite : next->postgres;
        for (const auto& sql : statements) s << sql;
        long long now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
        std::string name = next->name;
        s << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
            soci::use(next->version), soci::use(name), soci::use(now);
        log::Info("数据库结构已升级到版本 {} ({})", next->version, next->name);
        ++applied;
        return true;
      });
      if (!r.ok()) return r.error();
      return OkStatus();
    });
    if (!round.ok()) return round.error();
    if (done) return applied;
  }
}

namespace {

Result<int> MigrateDb(Db& db, bool allowed) { return ApplyMigrations(db, Migrations(), allowed); }

struct Target {
  Dialect dialect = Dialect::kSqlite;
  std::string connect;
};

// SOCI's sqlite3 backend splits its connect string at spaces; a double-quoted value may hold
// them (a data directory such as "/srv/帮扶 数据").
std::string SqliteConnect(const std::string& path) {
  if (path.find(' ') == std::string::npos) return "db=" + path;
  return "db=\"" + path + "\"";
}

Result<Target> ResolveTarget(const StoreOptions& options) {
  Target t;
  const std::string& url = options.url;
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    t.dialect = Dialect::kPostgres;
    BANGFU_ASSIGN_OR_RETURN(t.connect, PostgresConnectString(url));
    return t;
  }
  std::string path;
  if (url.rfind("sqlite://", 0) == 0) {
    path = url.substr(9);
    if (path.empty()) return Error::InvalidArgument("sqlite:// 后缺少数据库文件路径", "db");
  } else if (!url.empty()) {
    return Error::InvalidArgument("不支持的数据库连接串（应以 postgresql:// 或 sqlite:// 开头）", "db");
  } else {
    if (options.data_dir.empty()) return Error::InvalidArgument("未指定数据目录", "data");
    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    if (ec) return Error::Unavailable("无法创建数据目录 " + options.data_dir + ": " + ec.message());
    path = (std::filesystem::path(options.data_dir) / "bangfu.db").string();
  }
  if (path.find('"') != std::string::npos)
    return Error::InvalidArgument("数据库文件路径不能包含双引号", "db");
  t.connect = SqliteConnect(path) + " timeout=15 shared_cache=false";
  return t;
}

Result<std::unique_ptr<Db>> OpenDb(const StoreOptions& options, int pool) {
  BANGFU_ASSIGN_OR_RETURN(Target t, ResolveTarget(options));
  auto db = std::make_unique<Db>(t.dialect, t.connect, pool);
  BANGFU_RETURN_IF_ERROR(db->Connect());
  return db;
}

}  // namespace

int LatestSchemaVersion() { return Migrations().back().version; }

Result<std::string> PostgresConnectString(const std::string& url) {
  auto bad = [&] { return Error::InvalidArgument("PostgreSQL 连接串格式不正确: " + url, "db"); };
  std::string rest;
  if (url.rfind("postgresql://", 0) == 0) rest = url.substr(13);
  else if (url.rfind("postgres://", 0) == 0) rest = url.substr(11);
  else return bad();
  auto decode = [](std::string_view in) -> std::optional<std::string> {
    std::string out;
    for (size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '%') {
        if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(in[i + 2])))
          return std::nullopt;
        out.push_back(static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(in[i]);
      }
    }
    return out;
  };
  // libpq key=value values are quoted with single quotes; escape backslash and quote.
  auto quote = [](const std::string& v) {
    std::string out = "'";
    for (char c : v) {
      if (c == '\\' || c == '\'') out.push_back('\\');
      out.push_back(c);
    }
    return out + "'";
  };
  std::string query;
  if (auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string dbname;
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    dbname = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::string userinfo, hostport = rest;
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    userinfo = rest.substr(0, at);
    hostport = rest.substr(at + 1);
  }
  std::string out;
  auto add = [&](const char* key, std::string_view raw) -> bool {
    if (raw.empty()) return true;
    auto v = decode(raw);
    if (!v) return false;
    out += std::string(out.empty() ? "" : " ") + key + "=" + quote(*v);
    return true;
  };
  std::string host = hostport, port;
  if (!hostport.empty() && hostport.front() == '[') {  // [::1]:5432
    auto close = hostport.find(']');
    if (close == std::string::npos) return bad();
    host = hostport.substr(1, close - 1);
    if (close + 1 < hostport.size()) {
      if (hostport[close + 1] != ':') return bad();
      port = hostport.substr(close + 2);
    }
  } else if (auto colon = hostport.rfind(':'); colon != std::string::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
  }
  std::string user = userinfo, password;
  if (auto colon = userinfo.find(':'); colon != std::string::npos) {
    user = userinfo.substr(0, colon);
    password = userinfo.substr(colon + 1);
  }
  if (!add("host", host) || !add("port", port) || !add("user", user) ||
      !add("password", password) || !add("dbname", dbname))
    return bad();
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    std::string kv = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    pos = amp == std::string::npos ? query.size() : amp + 1;
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return bad();
    const std::string key = kv.substr(0, eq);
    for (char c : key)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return bad();
    if (!add(key.c_str(), kv.substr(eq + 1))) return bad();
  }
  return out;
}

Result<std::unique_ptr<service::Store>> OpenStore(const StoreOptions& options) {
  const int pool = options.pool_size > 0 ? options.pool_size : 8;
  BANGFU_ASSIGN_OR_RETURN(auto db, OpenDb(options, pool));
  BANGFU_RETURN_IF_ERROR(MigrateDb(*db, options.migrate));
  const Dialect dialect = db->dialect();
  return std::unique_ptr<service::Store>(
      new SociStore(std::move(db), dialect == Dialect::kSqlite ? "sqlite" : "postgresql"));
}

Result<int> Migrate(const StoreOptions& options) {
  BANGFU_ASSIGN_OR_RETURN(auto db, OpenDb(options, 1));
  return MigrateDb(*db, true);
}

Result<MigrationStatus> GetMigrationStatus(const StoreOptions& options) {
  BANGFU_ASSIGN_OR_RETURN(auto db, OpenDb(options, 1));
  return db->Run<MigrationStatus>("读取结构版本", [&](soci::session& s) -> Result<MigrationStatus> {
    MigrationStatus st;
    st.backend = db->dialect() == Dialect::kSqlite ? "sqlite" : "postgresql";
    st.latest = LatestSchemaVersion();
    if (HasVersionTable(s, db->dialect())) {
      AppliedMigration m;
      long long at = 0;
      soci::statement q = (s.prepare << "SELECT version, name, applied_at FROM schema_migrations "
                                        "ORDER BY version",
                           soci::into(m.version), soci::into(m.name), soci::into(at));
      q.execute();
      while (q.fetch()) {
        m.applied_at = {at};
        st.current = std::max(st.current, m.version);
        st.applied.push_back(m);
      }
    }
    for (const auto& m : Migrations()) {
      if (m.version > st.current) st.pending.push_back({m.version, m.name});
    }
    return st;
  });
}

}  // namespace bangfu::store
