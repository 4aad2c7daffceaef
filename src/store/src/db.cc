#include "db.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "bangfu/base/log.h"
#include "sql_values.h"

namespace bangfu::store {
namespace {

// The transaction session of each thread, per Db (a process may hold several stores).
thread_local std::map<const Db*, soci::session*> tls_tx;
// What each thread's transaction wrote, per Db: its row of the change feed.
thread_local std::map<const Db*, LedgerChanges> tls_changes;

// unhex(X): the bytes X spells in hex as a BLOB, NULL for NULL or anything not hex — SQLite's
// own from 3.41 on (same results for these inputs); older libraries (Debian 12 has 3.40) get
// this one, so statements and migration 16 convert blind indexes the same way everywhere.
void SqliteUnhex(sqlite_api::sqlite3_context* ctx, int, sqlite_api::sqlite3_value** argv) {
  if (sqlite_api::sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite_api::sqlite3_result_null(ctx);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite_api::sqlite3_value_text(argv[0]));
  const int n = sqlite_api::sqlite3_value_bytes(argv[0]);
  auto bytes = BytesOfHex(std::string_view(text ? text : "", static_cast<size_t>(n)));
  if (!bytes) {
    sqlite_api::sqlite3_result_null(ctx);
    return;
  }
  // SQLITE_TRANSIENT: SQLite copies the bytes before `bytes` goes away. A non-null pointer
  // even for zero bytes, so that unhex('') is an empty BLOB as in SQLite's own.
  sqlite_api::sqlite3_result_blob(ctx, bytes->data(), static_cast<int>(bytes->size()),
                                  reinterpret_cast<sqlite_api::sqlite3_destructor_type>(-1));
}

bool Contains(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }

// The first column of a unique violation, for Error::field. SQLite says
// "UNIQUE constraint failed: users.username"; PostgreSQL's DETAIL says
// "Key (username)=(x) already exists". Empty when the message has neither.
std::string ConflictColumn(const std::string& msg) {
  auto is_name = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (auto p = msg.find("UNIQUE constraint failed: "); p != std::string::npos) {
    size_t b = p + 26, e = b;
    while (e < msg.size() && (is_name(msg[e]) || msg[e] == '.')) ++e;
    std::string col = msg.substr(b, e - b);
    if (auto dot = col.rfind('.'); dot != std::string::npos) col = col.substr(dot + 1);
    return col;
  }
  if (auto p = msg.find("Key ("); p != std::string::npos) {
    size_t b = p + 5, e = b;
    while (e < msg.size() && is_name(msg[e])) ++e;
    return msg.substr(b, e - b);
  }
  return {};
}

// WAL is a property of the file, set once by whoever opens it first. Switching needs an
// exclusive lock, and SQLite does not run the busy handler for it: when several processes
// (or pools) open a new file at the same moment, the losers get SQLITE_BUSY at once, so retry
// for as long as busy_timeout would have waited.
void EnableWal(soci::session& s) {
  constexpr int kAttempts = 1500;  // 10 ms apart: the 15 s of busy_timeout.
  std::string mode;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    try {
      s << "PRAGMA journal_mode", soci::into(mode);
      if (mode == "wal") return;
      // Answers the old mode instead of failing when the switch was not possible right now.
      s << "PRAGMA journal_mode=WAL", soci::into(mode);
      if (mode == "wal") return;
    } catch (const soci::sqlite3_soci_error& e) {
      const std::string msg = e.what();
      if (!Contains(msg, "locked") && !Contains(msg, "busy")) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw soci::soci_error("数据库繁忙: SQLite 无法切换到 WAL 模式 (journal_mode=" + mode + ")");
}

// SQLite's defaults lock a mutex on every call (each sqlite3_step, each sqlite3_column_*) and a
// global one on every allocation, for connections shared between threads. A session of this
// pool is used by one thread at a time (Acquire/Release), which is SQLite's multi-thread mode;
// bulk reads of a million rows spent a fifth of their time in those locks. The configuration
// is process-wide and only possible before SQLite initialises: if something in this process
// already used SQLite, the defaults stay (slower, still correct).
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    // Statement and savepoint journals in memory whatever temp_store says: a bulk load
    // switches its connection to temp_store=FILE while it builds its indexes (LargeLoad in
    // ledger_repos.cc) and must not move its savepoint journal to a temporary file with it;
    // every other connection has temp_store=MEMORY, which keeps them in memory anyway.
    sqlite_api::sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
  });
}

}  // namespace

Error TranslateException(const std::string& what) {
  try {
    throw;
  } catch (const soci::postgresql_soci_error& e) {
    const std::string state = e.sqlstate();
    if (state == "23505") return Error::Conflict(what + ": 记录已存在", ConflictColumn(e.what()));
    if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P03")
      return Error::Unavailable(what + ": 数据库连接失败: " + e.what());
    if (state == "40001" || state == "40P01")
      return Error::Unavailable(what + ": 数据库繁忙，请重试");
    return Error::Internal(what + ": " + e.what());
  } catch (const soci::sqlite3_soci_error& e) {
    const std::string msg = e.what();
    if (Contains(msg, "UNIQUE constraint failed") || Contains(msg, "PRIMARY KEY must be unique"))
      return Error::Conflict(what + ": 记录已存在", ConflictColumn(msg));
    if (Contains(msg, "database is locked") || Contains(msg, "busy"))
      return Error::Unavailable(what + ": 数据库繁忙，请重试");
    return Error::Internal(what + ": " + msg);
  } catch (const soci::soci_error& e) {
    if (e.get_error_category() == soci::soci_error::connection_error)
      return Error::Unavailable(what + ": 数据库连接失败: " + e.what());
    if (e.get_error_category() == soci::soci_error::constraint_violation)
      return Error::Conflict(what + ": 记录已存在");
    return Error::Internal(what + ": " + e.what());
  } catch (const std::exception& e) {
    return Error::Internal(what + ": " + e.what());
  } catch (...) {
    return Error::Internal(what + ": unknown exception");
  }
}

void AppendCopyField(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out.push_back(c);
    }
  }
  out.push_back('\t');
}

void AppendCopyField(std::string& out, long long value) {
  out += std::to_string(value);
  out.push_back('\t');
}

void AppendCopyNull(std::string& out) { out += "\\N\t"; }

void CopyRowEnd(std::string& out) {
  if (!out.empty() && out.back() == '\t') out.back() = '\n';
}

void CopyIn(soci::session& s, const std::string& table_and_columns, const std::string& data) {
  // The backend's typeinfo is not exported by libsoci_postgresql, so check by name.
  if (s.get_backend_name() != "postgresql") throw soci::soci_error("COPY 只适用于 PostgreSQL");
  auto* backend = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  PGconn* conn = backend->conn_;
  auto fail = [](PGresult* res, const std::string& fallback) {
    std::string msg = res ? PQresultErrorMessage(res) : fallback;
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string st = state ? state : "XX000";
    if (res) PQclear(res);
    throw soci::postgresql_soci_error(msg.empty() ? fallback : msg, st.c_str());
  };
  PGresult* res = PQexec(conn, ("COPY " + table_and_columns + " FROM STDIN").c_str());
  if (PQresultStatus(res) != PGRES_COPY_IN) fail(res, PQerrorMessage(conn));
  PQclear(res);
  constexpr size_t kChunk = 1 << 20;
  for (size_t pos = 0; pos < data.size(); pos += kChunk) {
    const int n = static_cast<int>(std::min(kChunk, data.size() - pos));
    if (PQputCopyData(conn, data.data() + pos, n) != 1) {
      PQputCopyEnd(conn, "client failed");
      while (PGresult* r = PQgetResult(conn)) PQclear(r);
      fail(nullptr, PQerrorMessage(conn));
    }
  }
  if (PQputCopyEnd(conn, nullptr) != 1) fail(nullptr, PQerrorMessage(conn));
  PGresult* done = PQgetResult(conn);
  const bool ok = PQresultStatus(done) == PGRES_COMMAND_OK;
  // Drain: libpq wants the NULL result before the connection is usable again.
  while (PGresult* r = PQgetResult(conn)) PQclear(r);
  if (!ok) fail(done, "COPY 失败");
  PQclear(done);
}

// SQLite copies the write-ahead log back into the database file (a checkpoint) in the commit
// that takes the log past 1000 pages, by default, and that commit's caller waits for it: after
// a million-person import about 2 s of its 18 (docs/operations.md §8). Here a commit only notes
// that a checkpoint is due (sqlite3_wal_hook on each pooled connection, which replaces the
// automatic checkpoint) and a thread of the Db runs it on a connection of its own, PASSIVE like
// the automatic one: it copies what no reader still needs and blocks neither readers nor
// writers. Stopping runs a due checkpoint first; the last connection to close a database
// checkpoints it anyway.
class Db::Checkpointer {
 public:
  explicit Checkpointer(const std::string& connect) {
    session_.open(soci::sqlite3, connect);
    // A connection learns that the database is in WAL mode when it first reads it; until then
    // its checkpoints do nothing (and report -1 frames).
    std::string mode;
    session_ << "PRAGMA journal_mode", soci::into(mode);
    thread_ = std::thread([this] { Loop(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Commits on `s` tell this checkpointer when the log has grown past kPages.
  void Watch(soci::session& s) { sqlite_api::sqlite3_wal_hook(Conn(s), &Checkpointer::Committed, this); }

  // SQLite's default for its automatic checkpoint (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT).
  static constexpr int kPages = 1000;

 private:
  static sqlite_api::sqlite3* Conn(soci::session& s) {
    return static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
  }
  // Called by SQLite on the committing thread, after the commit released its lock.
  static int Committed(void* self, sqlite_api::sqlite3*, const char*, int pages) {
    if (pages >= kPages) {
      auto* c = static_cast<Checkpointer*>(self);
      {
        std::lock_guard lock(c->mu_);
        c->due_ = true;
      }
      c->cv_.notify_one();
    }
    return SQLITE_OK;
  }
  void Loop() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return due_ || stop_; });
      if (!due_) return;  // Stopping, nothing due.
      due_ = false;
      lock.unlock();
      int logged = 0, copied = 0;
      const int rc = sqlite_api::sqlite3_wal_checkpoint_v2(Conn(session_), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                                           &logged, &copied);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        log::Warn("SQLite 检查点失败: {}", sqlite_api::sqlite3_errmsg(Conn(session_)));
      lock.lock();
    }
  }

  soci::session session_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false, stop_ = false;
  std::thread thread_;  // Last: started once the members above exist.
};

Db::Db(Dialect dialect, std::string connect_string, int pool_size)
    : dialect_(dialect), connect_string_(std::move(connect_string)), pool_size_(pool_size) {}

Db::~Db() = default;

void Db::ApplySettings(soci::session& s) {
  if (dialect_ == Dialect::kSqlite) {
    s << "PRAGMA busy_timeout=15000";  // First, so the pragmas below wait for locks too.
    EnableWal(s);
    s << "PRAGMA foreign_keys=ON";
    s << "PRAGMA synchronous=NORMAL";
    s << "PRAGMA temp_store=MEMORY";
    // Bulk imports maintain several indexes on random keys (the blind index above all): a
    // larger page cache and memory-mapped reads keep them off the pread/pwrite path. The
    // cache grows only as it is used, so a resting server stays small.
    s << "PRAGMA cache_size=-8192";
    s << "PRAGMA mmap_size=1073741824";
    // A bulk import writes every page it touches to the write-ahead log (about 1 KB per person)
    // and SQLite never shrinks that file by itself: cut it back to 64 MB when the log restarts.
    s << "PRAGMA journal_size_limit=67108864";
    if (sqlite_api::sqlite3_libversion_number() < 3041000) {
      auto* conn = static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
      if (sqlite_api::sqlite3_create_function(conn, "unhex", 1,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                              SqliteUnhex, nullptr, nullptr) != SQLITE_OK)
        throw soci::soci_error("SQLite: 无法注册 unhex 函数");
    }
  } else {
    // libpq prints NOTICEs (e.g. "already exists, skipping") to stderr; keep only warnings.
    s << "SET client_min_messages = warning";
  }
}

Status Db::Connect() {
  if (dialect_ == Dialect::kSqlite) ConfigureSqliteOnce();
  try {
    for (int i = 0; i < pool_size_; ++i) {
      auto s = std::make_unique<soci::session>();
      if (dialect_ == Dialect::kSqlite) s->open(soci::sqlite3, connect_string_);
      else s->open(soci::postgresql, connect_string_);
      ApplySettings(*s);
      free_.push_back(s.get());
      all_.push_back(std::move(s));
    }
    if (dialect_ == Dialect::kSqlite) {
      checkpointer_ = std::make_unique<Checkpointer>(connect_string_);
      for (auto& s : all_) checkpointer_->Watch(*s);
    }
  } catch (...) {
    Error e = TranslateException("打开数据库");
    if (e.code == ErrorCode::kInternal) e.code = ErrorCode::kUnavailable;
    return e;
  }
  return OkStatus();
}

soci::session* Db::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !free_.empty(); });
  soci::session* s = free_.back();
  free_.pop_back();
  return s;
}

std::vector<soci::session*> Db::TryAcquire(size_t n) {
  std::lock_guard lock(mu_);
  if (free_.size() < n) return {};
  std::vector<soci::session*> out(free_.end() - static_cast<std::ptrdiff_t>(n), free_.end());
  free_.resize(free_.size() - n);
  return out;
}

void Db::Release(soci::session* s, bool failed) {
  if (failed && dialect_ == Dialect::kPostgres && !s->is_connected()) {
    try {
      s->reconnect();
      ApplySettings(*s);
      log::Warn("数据库连接已断开，已重新连接");
    } catch (...) {
      // Still down: the next user of this session gets kUnavailable and tries again.
      log::Warn("数据库重新连接失败: {}", TranslateException("重新连接").message);
    }
  }
  {
    std::lock_guard lock(mu_);
    free_.push_back(s);
  }
  cv_.notify_one();
}

soci::session* Db::CurrentTransactionSession() const {
  auto it = tls_tx.find(this);
  return it == tls_tx.end() ? nullptr : it->second;
}

void Db::NoteChanged(Changed what, int64_t first, int64_t last) {
  if (!CurrentTransactionSession())
    throw std::logic_error("ledger rows written outside a transaction (Db::NoteChanged)");
  LedgerChanges& c = tls_changes[this];
  IdRanges& ranges = what == Changed::kPersons ? c.persons : c.households;
  // Consecutive notes (a bulk insert's rows) extend the last range instead of adding one each.
  if (!ranges.empty() && first >= ranges.back().first && first <= ranges.back().second + 1) {
    ranges.back().second = std::max(ranges.back().second, last);
  } else {
    ranges.emplace_back(first, last);
    if (ranges.size() >= 4096) NormalizeRanges(ranges);
  }
}

Status Db::Exec(const std::string& what, const std::function<void(soci::session&)>& fn) {
  auto r = Run<bool>(what, [&](soci::session& s) -> Result<bool> {
    fn(s);
    return true;
  });
  if (!r.ok()) return r.error();
  return OkStatus();
}

Status Db::InTransaction(const std::function<Status()>& work) {
  // IMMEDIATE takes SQLite's write lock up front, so two writers queue on busy_timeout
  // instead of deadlocking when both upgrade from read to write.
  return InTransactionWith(dialect_ == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN", work);
}

Status Db::InReadSnapshot(const std::vector<std::function<Status()>>& parts) {
  auto in_order = [&]() -> Status {
    for (const auto& part : parts) BANGFU_RETURN_IF_ERROR(part());
    return OkStatus();
  };
  if (CurrentTransactionSession()) return in_order();
  // All sessions at once or none: taking them one by one while others do the same could leave
  // every caller holding some and waiting for more. When the pool is short, one after another.
  std::vector<soci::session*> sessions;
  if (dialect_ == Dialect::kSqlite && parts.size() >= 2) sessions = TryAcquire(parts.size() + 1);
  if (sessions.empty())
    return InTransactionWith(
        dialect_ == Dialect::kSqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        in_order);
  soci::session* locker = sessions.back();
  sessions.pop_back();
  std::vector<soci::session*> readers = std::move(sessions);
  size_t begun = 0;
  Status out = [&]() -> Status {
    try {
      *locker << "BEGIN IMMEDIATE";  // No commit can happen until the readers are pinned.
      for (; begun < readers.size(); ++begun) {
        *readers[begun] << "BEGIN";
        int n = 0;
        *readers[begun] << "SELECT COUNT(*) FROM sqlite_schema", soci::into(n);  // Pins it.
      }
      *locker << "ROLLBACK";
      return OkStatus();
    } catch (...) {
      Error e = TranslateException("开始读取事务");
      try {
        *locker << "ROLLBACK";
      } catch (...) {
      }
      return e;
    }
  }();
  Release(locker, !out.ok());
  std::vector<Status> results(parts.size(), OkStatus());
  if (out.ok()) {
    std::vector<std::thread> threads;
    for (size_t i = 0; i < parts.size(); ++i)
      threads.emplace_back([&, i] {
        tls_tx[this] = readers[i];
        try {
          results[i] = parts[i]();
        } catch (...) {
          results[i] = TranslateException("读取");
        }
        tls_tx.erase(this);
      });
    for (auto& t : threads) t.join();
  }
  for (size_t i = 0; i < readers.size(); ++i) {
    bool failed = false;
    if (i < begun) {
      try {
        *readers[i] << "COMMIT";
      } catch (...) {
        Error e = TranslateException("结束读取事务");
        if (out.ok()) out = e;
        failed = true;
      }
    }
    if (out.ok() && !results[i].ok()) out = results[i];
    Release(readers[i], failed);
  }
  return out;
}

Status Db::InTransactionWith(const char* begin, const std::function<Status()>& work) {
  if (CurrentTransactionSession()) return work();  // Nested: join the outer transaction.
  soci::session* s = Acquire();
  bool failed = false;
  auto finish = [&] {
    tls_tx.erase(this);
    tls_changes.erase(this);
    Release(s, failed);
  };
  try {
    *s << begin;
  } catch (...) {
    Error e = TranslateException("开始事务");
    failed = true;
    finish();
    return e;
  }
  tls_tx[this] = s;
  Status result = [&]() -> Status {
    try {
      BANGFU_RETURN_IF_ERROR(work());
      // The feed row goes last, so that no write of this transaction comes after it.
      if (auto it = tls_changes.find(this); it != tls_changes.end() && !it->second.empty())
        WriteLedgerChanges(*s, dialect_, it->second);
      return OkStatus();
    } catch (...) {
      return TranslateException("事务");
    }
  }();
  try {
    *s << (result.ok() ? "COMMIT" : "ROLLBACK");
  } catch (...) {
    Error e = TranslateException(result.ok() ? "提交事务" : "回滚事务");
    try {
      *s << "ROLLBACK";
    } catch (...) {
    }
    failed = true;
    finish();
    return result.ok() ? Status(e) : result;
  }
  failed = !result.ok();
  finish();
  return result;
}

}  // namespace bangfu::store
