// Connection pool, per-thread transactions and error translation shared by the repositories.
#pragma once

#include <soci/soci.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/result.h"
#include "change_feed.h"
#include "migrations.h"

namespace bangfu::store {

// Turns whatever SOCI or the driver threw into an Error: unique violations → kConflict,
// connection failures → kUnavailable, the rest → kInternal. `what` says what was attempted.
Error TranslateException(const std::string& what);

// PostgreSQL COPY ... FROM STDIN in text format, the bulk path for imports (one round trip per
// batch instead of one per row). Build `data` with AppendCopyField/AppendCopyNull, ending each
// field with '\t' and each row with '\n' (CopyRowEnd replaces the last tab). Throws like SOCI
// (postgresql_soci_error with the SQLSTATE), so Db::Run translates failures as usual.
void CopyIn(soci::session& s, const std::string& table_and_columns, const std::string& data);
void AppendCopyField(std::string& out, std::string_view value);
void AppendCopyField(std::string& out, long long value);
void AppendCopyNull(std::string& out);
void CopyRowEnd(std::string& out);

class Db {
 public:
  Db(Dialect dialect, std::string connect_string, int pool_size);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Opens every pooled connection and applies connection settings.
  Status Connect();
  Dialect dialect() const { return dialect_; }

  // Runs `fn(session)` on this thread's transaction session when inside InTransaction, else on
  // a pooled session (autocommit). Exceptions from `fn` become errors via TranslateException.
  template <typename T>
  Result<T> Run(const std::string& what, const std::function<Result<T>(soci::session&)>& fn);
  Status Exec(const std::string& what, const std::function<void(soci::session&)>& fn);
  // As Run, but always on a pooled session of its own, never on this thread's transaction: for
  // reads that must see only what is committed (PersonIndex catching up with the change feed
  // while its caller is in the middle of writing).
  template <typename T>
  Result<T> RunApart(const std::string& what, const std::function<Result<T>(soci::session&)>& fn);

  // The change feed (change_feed.h): this thread's transaction wrote persons (or households)
  // `first`..`last`. Written as one ledger_changes row right before the transaction commits,
  // dropped if it rolls back. Throws std::logic_error outside InTransaction, where a write would
  // commit without its feed row (callers run inside Run, which turns it into an error).
  enum class Changed { kPersons, kHouseholds };
  // Whether this thread is inside InTransaction.
  bool InTransactionNow() const { return CurrentTransactionSession() != nullptr; }
  void NoteChanged(Changed what, int64_t first, int64_t last);
  void NoteChanged(Changed what, int64_t id) { NoteChanged(what, id, id); }

  Status InTransaction(const std::function<Status()>& work);
  // service::Store::InReadSnapshot. SQLite (WAL): each part on its own pooled connection and
  // thread; their read transactions are begun while a momentary write lock keeps commits out,
  // so they all see the same snapshot, and writers wait only for that moment. PostgreSQL,
  // inside a transaction, or when the pool has fewer free sessions than parts + 1 (taken all
  // at once, never one by one, so concurrent callers cannot deadlock on the pool): one after
  // another in one transaction (REPEATABLE READ READ ONLY on PostgreSQL).
  Status InReadSnapshot(const std::vector<std::function<Status()>>& parts);

 private:
  struct Lease;
  soci::session* Acquire();
  // `n` free sessions at once, or none (empty) without waiting.
  std::vector<soci::session*> TryAcquire(size_t n);
  // `failed`: the last use of `s` raised an error; a PostgreSQL session whose server
  // connection broke (server restart, failover, idle kill) is reconnected before reuse.
  void Release(soci::session* s, bool failed = false);
  void ApplySettings(soci::session& s);
  soci::session* CurrentTransactionSession() const;
  // Run and RunApart: `fn` on `tx`, or on a pooled session taken and given back when null.
  template <typename T>
  Result<T> RunOn(soci::session* tx, const std::string& what,
                  const std::function<Result<T>(soci::session&)>& fn);
  // InTransaction with the given BEGIN statement.
  Status InTransactionWith(const char* begin, const std::function<Status()>& work);

  Dialect dialect_;
  std::string connect_string_;
  int pool_size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<soci::session>> all_;
  std::vector<soci::session*> free_;
  // SQLite: checkpoints of the write-ahead log on a thread of their own (db.cc). Declared last,
  // so that it stops before the sessions close.
  class Checkpointer;
  std::unique_ptr<Checkpointer> checkpointer_;
};

template <typename T>
Result<T> Db::RunOn(soci::session* tx, const std::string& what,
                    const std::function<Result<T>(soci::session&)>& fn) {
  soci::session* s = tx ? tx : Acquire();
  Result<T> result = Error::Internal("unreachable");
  try {
    result = fn(*s);
  } catch (...) {
    result = TranslateException(what);
  }
  if (!tx) Release(s, !result.ok());
  return result;
}

template <typename T>
Result<T> Db::RunApart(const std::string& what, const std::function<Result<T>(soci::session&)>& fn) {
  return RunOn<T>(nullptr, what, fn);
}

template <typename T>
Result<T> Db::Run(const std::string& what, const std::function<Result<T>(soci::session&)>& fn) {
  return RunOn<T>(CurrentTransactionSession(), what, fn);
}

}  // namespace bangfu::store
