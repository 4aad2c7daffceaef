#include "bulk.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <charconv>
#include <cstdio>
#include <deque>

#include "db.h"
#include "sql_values.h"

namespace bangfu::store {
namespace {

std::string JoinNames(const std::vector<std::string>& names, const char* prefix = "") {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + std::string(prefix) + names[i];
  return out;
}

std::vector<std::string> ColumnNames(const UpsertSpec& spec) {
  std::vector<std::string> out;
  for (const auto& c : spec.columns) out.push_back(c.name);
  return out;
}

// "ON CONFLICT (key) DO UPDATE SET c = excluded.c ..." (DO NOTHING when there is nothing to
// update and no id to report).
std::string OnConflict(const UpsertSpec& spec) {
  std::string sets;
  for (const auto& c : spec.columns) {
    bool skip = false;
    for (const auto& k : spec.key) skip = skip || k == c.name;
    for (const auto& k : spec.keep) skip = skip || k == c.name;
    if (!skip) sets += (sets.empty() ? "" : ", ") + c.name + " = excluded." + c.name;
  }
  // An id must come back for existing rows too: a no-op update makes RETURNING see them.
  if (sets.empty() && spec.returns_id) sets = spec.key.front() + " = excluded." + spec.key.front();
  return " ON CONFLICT (" + JoinNames(spec.key) + ")" +
         (sets.empty() ? std::string(" DO NOTHING") : " DO UPDATE SET " + sets);
}

std::vector<int64_t> UpsertSqlite(soci::session& s, const BulkRows& rows) {
  const UpsertSpec& spec = rows.spec();
  const size_t n = spec.columns.size();
  std::string values;
  for (size_t i = 0; i < n; ++i) values += (i ? ", :v" : ":v") + std::to_string(i);
  std::deque<long long> ints(n);
  std::deque<std::string> texts(n);
  std::deque<soci::indicator> inds(n, soci::i_ok);
  long long id = 0;
  soci::statement st(s);
  for (size_t i = 0; i < n; ++i) {
    if (spec.columns[i].type == ColumnType::kInt)
      st.exchange(soci::use(ints[i], inds[i]));
    else
      st.exchange(soci::use(texts[i], inds[i]));
  }
  if (spec.returns_id) st.exchange(soci::into(id));
  st.alloc();
  st.prepare("INSERT INTO " + spec.table + " (" + JoinNames(ColumnNames(spec)) + ") VALUES (" +
             values + ")" + OnConflict(spec) + (spec.returns_id ? " RETURNING id" : ""));
  st.define_and_bind();
  std::vector<int64_t> ids;
  if (spec.returns_id) ids.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < n; ++c) {
      const auto& v = rows.at(r, c);
      inds[c] = v.null ? soci::i_null : soci::i_ok;
      if (spec.columns[c].type == ColumnType::kInt)
        ints[c] = v.i;
      else
        texts[c] = v.s;
    }
    st.execute(true);
    if (spec.returns_id) ids.push_back(id);
  }
  return ids;
}

std::vector<int64_t> UpsertPostgres(soci::session& s, const BulkRows& rows) {
  const UpsertSpec& spec = rows.spec();
  const std::string tmp = "bulk_" + spec.table;
  const std::string cols = JoinNames(ColumnNames(spec));
  constexpr size_t kBatch = 20000;
  std::vector<int64_t> ids(spec.returns_id ? rows.size() : 0);
  std::string data;
  for (size_t start = 0; start < rows.size(); start += kBatch) {
    const size_t end = std::min(rows.size(), start + kBatch);
    s << "DROP TABLE IF EXISTS pg_temp." + tmp;
    s << "CREATE TEMP TABLE " + tmp + " AS SELECT " + cols + " FROM " + spec.table +
             " WITH NO DATA";
    s << "ALTER TABLE " + tmp + " ADD COLUMN bulk_ord BIGINT";
    data.clear();
    for (size_t r = start; r < end; ++r) {
      AppendCopyField(data, static_cast<long long>(r));
      for (size_t c = 0; c < spec.columns.size(); ++c) {
        const auto& v = rows.at(r, c);
        if (v.null)
          AppendCopyNull(data);
        else if (spec.columns[c].type == ColumnType::kInt)
          AppendCopyField(data, v.i);
        else
          AppendCopyField(data, v.s);
      }
      CopyRowEnd(data);
    }
    CopyIn(s, tmp + " (bulk_ord, " + cols + ")", data);
    const std::string insert = "INSERT INTO " + spec.table + " (" + cols + ") SELECT " + cols +
                               " FROM " + tmp + " ORDER BY bulk_ord" + OnConflict(spec);
    if (!spec.returns_id) {
      s << insert;
    } else {
      std::string join;
      for (const auto& k : spec.key)
        join += (join.empty() ? "" : " AND ") + ("b." + k + " = ins." + k);
      std::vector<long long> ord(end - start), got(end - start);
      s << "WITH ins AS (" + insert + " RETURNING id, " + JoinNames(spec.key) +
               ") SELECT b.bulk_ord, ins.id FROM ins JOIN " + tmp + " b ON " + join,
          soci::into(ord), soci::into(got);
      if (ord.size() != end - start)
        throw soci::soci_error("批量写入返回的编号数量不对: " + spec.table);
      for (size_t i = 0; i < ord.size(); ++i) ids[static_cast<size_t>(ord[i])] = got[i];
    }
    s << "DROP TABLE " + tmp;
  }
  return ids;
}

// SQLITE_TRANSIENT, whose macro names a type SOCI wraps in its own namespace.
const sqlite_api::sqlite3_destructor_type kTransient =
    reinterpret_cast<sqlite_api::sqlite3_destructor_type>(-1);

class SqliteCursor final : public Cursor {
 public:
  SqliteCursor(soci::session& s, const std::string& sql, const std::vector<std::string>& params) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
    db_ = backend->conn_;
    if (sqlite_api::sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st_,
                                       nullptr) != SQLITE_OK)
      throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(db_), 1);
    for (size_t i = 0; i < params.size(); ++i)
      sqlite_api::sqlite3_bind_text(st_, static_cast<int>(i + 1), params[i].data(),
                                    static_cast<int>(params[i].size()), kTransient);
  }
  ~SqliteCursor() override { sqlite_api::sqlite3_finalize(st_); }
  bool Next() override {
    const int rc = sqlite_api::sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(db_), rc);
  }
  bool IsNull(int c) const override {
    return sqlite_api::sqlite3_column_type(st_, c) == SQLITE_NULL;
  }
  int64_t Int(int c) const override { return sqlite_api::sqlite3_column_int64(st_, c); }
  std::string_view Text(int c) const override {
    const auto* p = sqlite_api::sqlite3_column_text(st_, c);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<size_t>(sqlite_api::sqlite3_column_bytes(st_, c))};
  }

 private:
  sqlite_api::sqlite3* db_ = nullptr;
  sqlite_api::sqlite3_stmt* st_ = nullptr;
};

// COPY (query) TO STDOUT, text format: one line per row, tab-separated, \N for NULL.
class PostgresCursor final : public Cursor {
 public:
  PostgresCursor(soci::session& s, const std::string& sql, const std::vector<std::string>& params) {
    conn_ = static_cast<soci::postgresql_session_backend*>(s.get_backend())->conn_;
    std::string q;
    size_t p = 0;
    for (char c : sql) {
      if (c != '?') {
        q.push_back(c);
        continue;
      }
      if (p >= params.size()) throw soci::soci_error("参数数量不对");
      char* lit = PQescapeLiteral(conn_, params[p].data(), params[p].size());
      if (!lit) throw soci::postgresql_soci_error(PQerrorMessage(conn_), "XX000");
      q += lit;
      PQfreemem(lit);
      ++p;
    }
    PGresult* res = PQexec(conn_, ("COPY (" + q + ") TO STDOUT").c_str());
    const bool ok = PQresultStatus(res) == PGRES_COPY_OUT;
    if (!ok) {
      std::string msg = PQresultErrorMessage(res);
      const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
      std::string st = state ? state : "XX000";
      PQclear(res);
      throw soci::postgresql_soci_error(msg, st.c_str());
    }
    PQclear(res);
    active_ = true;
  }
  ~PostgresCursor() override {
    if (line_) PQfreemem(line_);
    if (active_) {
      // Abandoned early (an error in the caller): read the rest so the connection is usable.
      char* buf = nullptr;
      while (PQgetCopyData(conn_, &buf, 0) > 0) PQfreemem(buf);
      while (PGresult* r = PQgetResult(conn_)) PQclear(r);
    }
  }
  bool Next() override {
    if (line_) {
      PQfreemem(line_);
      line_ = nullptr;
    }
    if (!active_) return false;
    const int n = PQgetCopyData(conn_, &line_, 0);
    if (n == -1) {
      active_ = false;
      PGresult* done = PQgetResult(conn_);
      const bool ok = PQresultStatus(done) == PGRES_COMMAND_OK;
      std::string msg = ok ? "" : PQresultErrorMessage(done);
      PQclear(done);
      while (PGresult* r = PQgetResult(conn_)) PQclear(r);
      if (!ok) throw soci::postgresql_soci_error(msg, "XX000");
      return false;
    }
    if (n < 0) {
      active_ = false;
      throw soci::postgresql_soci_error(PQerrorMessage(conn_), "08000");
    }
    Split(std::string_view(line_, static_cast<size_t>(n)));
    return true;
  }
  bool IsNull(int c) const override { return null_[c]; }
  int64_t Int(int c) const override {
    int64_t v = 0;
    const auto f = fields_[c];
    std::from_chars(f.data(), f.data() + f.size(), v);
    return v;
  }
  std::string_view Text(int c) const override { return fields_[c]; }

 private:
  void Split(std::string_view line) {
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    fields_.clear();
    null_.clear();
    unescaped_.clear();
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      std::string_view f =
          line.substr(start, tab == std::string_view::npos ? line.size() - start : tab - start);
      null_.push_back(f == "\\N");
      if (null_.back())
        f = {};
      else if (f.find('\\') != std::string_view::npos)
        f = Unescape(f);
      fields_.push_back(f);
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
  }
  std::string_view Unescape(std::string_view f) {
    std::string& out = unescaped_.emplace_back();
    for (size_t i = 0; i < f.size(); ++i) {
      if (f[i] != '\\' || i + 1 == f.size()) {
        out.push_back(f[i]);
        continue;
      }
      const char c = f[++i];
      out.push_back(c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c);
    }
    return out;
  }

  PGconn* conn_ = nullptr;
  char* line_ = nullptr;
  bool active_ = false;
  std::vector<std::string_view> fields_;
  std::vector<bool> null_;
  std::deque<std::string> unescaped_;  // Stable addresses for the views of escaped fields.
};

bool Digits(std::string_view s, size_t from, size_t n, int& out) {
  out = 0;
  for (size_t i = from; i < from + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

std::vector<int64_t> Upsert(soci::session& s, Dialect dialect, const BulkRows& rows) {
  if (rows.size() == 0) return {};
  return dialect == Dialect::kSqlite ? UpsertSqlite(s, rows) : UpsertPostgres(s, rows);
}

std::unique_ptr<Cursor> Cursor::Open(soci::session& s, Dialect dialect, const std::string& sql,
                                     const std::vector<std::string>& params) {
  if (dialect == Dialect::kSqlite) return std::make_unique<SqliteCursor>(s, sql, params);
  return std::make_unique<PostgresCursor>(s, sql, params);
}

std::optional<Date> FastDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4, y) || !Digits(s, 5, 2, m) ||
      !Digits(s, 8, 2, d) || m < 1 || m > 12 || d < 1 || d > Date::DaysInMonth(y, m))
    return std::nullopt;
  return Date::FromYmdUnchecked(y, m, d);
}

std::optional<Date> FastMonth(std::string_view s) {
  int y, m;
  if (s.size() != 7 || s[4] != '-' || !Digits(s, 0, 4, y) || !Digits(s, 5, 2, m) || m < 1 || m > 12)
    return std::nullopt;
  return Date::FromYmdUnchecked(y, m, 1);
}

std::string MonthText(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", d.year(), d.month());
  return buf;
}

std::string RegionRange(Dialect dialect, const std::string& column, const std::string& prefix,
                        std::vector<std::string>& params, bool no_index) {
  if (prefix.empty()) return {};
  const bool wide = prefix.size() < kNarrowRegionDigits;
  const std::string col = (no_index && wide && dialect == Dialect::kSqlite ? "+" : "") + column;
  params.push_back(prefix);
  params.push_back(PrefixEnd(prefix));
  return " AND " + col + " >= ? AND " + col + " < ?";
}

std::string PersonsInRegion(const std::string& person_column, const std::string& prefix,
                            std::vector<std::string>& params) {
  if (prefix.size() < kNarrowRegionDigits) return {};
  params.push_back(prefix);
  params.push_back(PrefixEnd(prefix));
  return " AND " + person_column +
         " IN (SELECT id FROM persons WHERE region_code >= ? AND region_code < ?)";
}

}  // namespace bangfu::store
