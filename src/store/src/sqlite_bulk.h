// A prepared SQLite statement on a SOCI session's own connection, bound by position without
// copies, for the bulk paths (imports of up to millions of rows) where SOCI's per-row
// conversions of every bound value cost more than SQLite's own work. Failures throw
// soci::sqlite3_soci_error with SQLite's message, so Db::Run translates them like any other
// SOCI error (unique violations → kConflict). Not thread-safe, like the session.
#pragma once

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// Many-row INSERTs for the bulk paths: rows are collected and written `rows_per_statement` at a
// time by one prepared `INSERT INTO table (columns) VALUES (…), (…), …`, so SQLite's fixed cost
// of a statement (the AUTOINCREMENT counter read and written back, the statement's start and
// reset) is paid once per batch instead of once per row. Values bound with Text/Blob are only
// referenced and must stay alive and unchanged until the batch is written (Flush, or the EndRow
// that fills a batch); Copy keeps its own copy. Failures throw like SqliteBulkStatement.
//
// Rows of one batch get consecutive rowids in an INTEGER PRIMARY KEY table that has no rows
// above them, which holds within a write transaction for AUTOINCREMENT tables ("one larger
// than the largest ROWID that has ever before existed in that same table"); LastRowId() is the
// last one, so row i of a batch of n has LastRowId() - n + 1 + i.
class SqliteBatchInsert {
 public:
  SqliteBatchInsert(soci::session& s, std::string insert_head, int columns, int rows_per_statement)
      : s_(s), head_(std::move(insert_head)), columns_(columns), batch_(rows_per_statement) {
    values_.reserve(static_cast<size_t>(columns_ * batch_));
  }

  SqliteBatchInsert& Text(std::string_view v) { return Push({Kind::kText, 0, v}); }
  SqliteBatchInsert& Blob(std::string_view v) { return Push({Kind::kBlob, 0, v}); }
  SqliteBatchInsert& Copy(std::string_view v) {
    // Where the copy starts in copies_ and its length: resolved when bound (copies_ may grow).
    Push({Kind::kCopy, static_cast<long long>(copies_.size()), {}, v.size()});
    copies_.append(v);
    return *this;
  }
  SqliteBatchInsert& Int(long long v) { return Push({Kind::kInt, v, {}}); }
  SqliteBatchInsert& Null() { return Push({Kind::kNull, 0, {}}); }
  SqliteBatchInsert& OptInt(const std::optional<int64_t>& v) { return v ? Int(*v) : Null(); }

  // Ends the current row (exactly `columns` values pushed); writes the batch when it is full.
  // Returns the number of rows written by this call (0 or rows_per_statement).
  int EndRow() {
    if (values_.size() % static_cast<size_t>(columns_) != 0) throw soci::soci_error("批量写入的列数不对");
    return Rows() == batch_ ? Flush() : 0;
  }
  // Writes the rows collected so far; returns how many.
  int Flush() {
    const int rows = Rows();
    if (rows == 0) return 0;
    // A full batch reuses its statement; a short one (the last) is prepared for its size.
    std::unique_ptr<SqliteBulkStatement>& st = rows == batch_ ? full_ : tail_;
    if (!st || (rows != batch_ && tail_rows_ != rows)) {
      st = std::make_unique<SqliteBulkStatement>(s_, Sql(rows));
      if (rows != batch_) tail_rows_ = rows;
    }
    for (size_t i = 0; i < values_.size(); ++i) {
      const Value& v = values_[i];
      const int at = static_cast<int>(i) + 1;
      switch (v.kind) {
        case Kind::kText: st->Text(at, v.view); break;
        case Kind::kBlob: st->Blob(at, v.view); break;
        case Kind::kCopy: st->Text(at, std::string_view(copies_).substr(static_cast<size_t>(v.i), v.copied)); break;
        case Kind::kInt: st->Int(at, v.i); break;
        case Kind::kNull: st->Null(at); break;
      }
    }
    st->Step();
    last_rowid_ = st->LastRowId();
    values_.clear();
    copies_.clear();
    return rows;
  }
  long long LastRowId() const { return last_rowid_; }

 private:
  enum class Kind { kText, kBlob, kCopy, kInt, kNull };
  struct Value {
    Kind kind;
    long long i;  // kInt: the value; kCopy: the offset of the copy in copies_.
    std::string_view view;  // kText, kBlob.
    size_t copied = 0;  // kCopy: its length.
  };
  SqliteBatchInsert& Push(Value v) {
    values_.push_back(v);
    return *this;
  }
  int Rows() const { return static_cast<int>(values_.size()) / columns_; }
  std::string Sql(int rows) const {
    std::string sql = head_ + " VALUES ";
    for (int r = 0; r < rows; ++r) {
      sql += r ? ", (" : "(";
      for (int c = 0; c < columns_; ++c) sql += c ? ", ?" : "?";
      sql += ')';
    }
    return sql;
  }

  soci::session& s_;
  std::string head_;  // "INSERT INTO table (columns)"
  int columns_, batch_;
  std::vector<Value> values_;
  std::string copies_;
  std::unique_ptr<SqliteBulkStatement> full_, tail_;
  int tail_rows_ = 0;
  long long last_rowid_ = 0;
};

}  // namespace bangfu::store
