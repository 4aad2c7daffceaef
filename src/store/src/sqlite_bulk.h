// A prepared SQLite statement on a SOCI session's own connection, bound by position without
// copies, for the bulk paths (imports of up to millions of rows) where SOCI's per-row
// conversions of every bound value cost more than SQLite's own work. Failures throw
// soci::sqlite3_soci_error with SQLite's message, so Db::Run translates them like any other
// SOCI error (unique violations → kConflict). Not thread-safe, like the session.
#pragma once

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <optional>
#include <string>
#include <string_view>

namespace bangfu::store {

class SqliteBulkStatement {
 public:
  SqliteBulkStatement(soci::session& s, const std::string& sql) : db_(Connection(s)) {
    Check(sqlite_api::sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st_,
                                         nullptr));
  }
  ~SqliteBulkStatement() { sqlite_api::sqlite3_finalize(st_); }
  SqliteBulkStatement(const SqliteBulkStatement&) = delete;
  SqliteBulkStatement& operator=(const SqliteBulkStatement&) = delete;

  // Binds parameter `i` (1-based). The text must stay alive and unchanged until Step().
  SqliteBulkStatement& Text(int i, std::string_view v) {
    Check(
        sqlite_api::sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
    return *this;
  }
  // Binds bytes as a BLOB (zero bytes: the empty BLOB, not NULL); alive until Step() like Text.
  SqliteBulkStatement& Blob(int i, std::string_view v) {
    static constexpr char kNone = 0;
    Check(sqlite_api::sqlite3_bind_blob(st_, i, v.empty() ? &kNone : v.data(),
                                        static_cast<int>(v.size()), SQLITE_STATIC));
    return *this;
  }
  SqliteBulkStatement& Int(int i, long long v) {
    Check(sqlite_api::sqlite3_bind_int64(st_, i, v));
    return *this;
  }
  SqliteBulkStatement& Null(int i) {
    Check(sqlite_api::sqlite3_bind_null(st_, i));
    return *this;
  }
  // Executes a statement that returns no rows and resets it for the next set of values.
  void Step() {
    const int rc = sqlite_api::sqlite3_step(st_);
    sqlite_api::sqlite3_reset(st_);
    if (rc != SQLITE_DONE) Fail(rc);
  }
  // Executes an INSERT … RETURNING id and resets the statement: the id, or nullopt when no row
  // came back (ON CONFLICT DO NOTHING skipped it).
  std::optional<long long> StepReturning() {
    int rc = sqlite_api::sqlite3_step(st_);
    std::optional<long long> id;
    if (rc == SQLITE_ROW) {
      id = sqlite_api::sqlite3_column_int64(st_, 0);
      rc = sqlite_api::sqlite3_step(st_);
    }
    sqlite_api::sqlite3_reset(st_);
    if (rc != SQLITE_DONE) Fail(rc);
    return id;
  }
  // The rowid the last successful INSERT on this connection produced.
  long long LastRowId() const { return sqlite_api::sqlite3_last_insert_rowid(db_); }

 private:
  static sqlite_api::sqlite3* Connection(soci::session& s) {
    if (s.get_backend_name() != "sqlite3") throw soci::soci_error("只适用于 SQLite");
    return static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
  }
  void Check(int rc) const {
    if (rc != SQLITE_OK) Fail(rc);
  }
  [[noreturn]] void Fail(int rc) const {
    throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(db_), rc);
  }

  sqlite_api::sqlite3* db_;
  sqlite_api::sqlite3_stmt* st_ = nullptr;
};

}  // namespace bangfu::store
