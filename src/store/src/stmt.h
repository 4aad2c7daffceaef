// A prepared statement with binds added one by one, for queries whose WHERE clause is built at
// run time. Placeholders are bound in the order they appear in the text, which is what both
// the SQLite and PostgreSQL backends of SOCI do with positional use().
#pragma once

#include <soci/soci.h>

#include <deque>
#include <optional>
#include <string>

namespace bangfu::store {

class Stmt {
 public:
  Stmt(soci::session& s, std::string sql) : st_(s), sql_(std::move(sql)) {}

  // Appends text containing exactly one placeholder and binds its value (copied, kept alive).
  Stmt& Add(const std::string& text, std::string value) {
    sql_ += text;
    st_.exchange(soci::use(strings_.emplace_back(std::move(value))));
    return *this;
  }
  Stmt& Add(const std::string& text, long long value) {
    sql_ += text;
    st_.exchange(soci::use(ints_.emplace_back(value)));
    return *this;
  }
  Stmt& Text(const std::string& text) {
    sql_ += text;
    return *this;
  }
  // Binds a value for a placeholder already in the text.
  Stmt& Use(const std::string& value) {
    st_.exchange(soci::use(strings_.emplace_back(value)));
    return *this;
  }
  Stmt& Use(long long value) {
    st_.exchange(soci::use(ints_.emplace_back(value)));
    return *this;
  }
  // Binds NULL when the optional is empty.
  Stmt& Use(std::optional<long long> value) {
    soci::indicator& ind = inds_.emplace_back(value ? soci::i_ok : soci::i_null);
    st_.exchange(soci::use(ints_.emplace_back(value.value_or(0)), ind));
    return *this;
  }
  template <typename T>
  Stmt& Into(T& target) {
    st_.exchange(soci::into(target));
    return *this;
  }
  template <typename T>
  Stmt& Into(T& target, soci::indicator& ind) {
    st_.exchange(soci::into(target, ind));
    return *this;
  }

  // Prepares and executes; true when a first row was fetched into the targets. A one-time
  // query: on PostgreSQL one PQexecParams round trip instead of PREPARE + EXECUTE + DEALLOCATE
  // (3 round trips); SQLite prepares either way. Loops that re-execute one statement many
  // times (bulk inserts) use a repeatable soci::statement instead.
  bool Execute() {
    st_.alloc();
    st_.prepare(sql_, soci::details::st_one_time_query);
    st_.define_and_bind();
    return st_.execute(true);
  }
  bool Fetch() { return st_.fetch(); }
  long long AffectedRows() { return st_.get_affected_rows(); }
  const std::string& sql() const { return sql_; }

 private:
  soci::statement st_;
  std::string sql_;
  std::deque<std::string> strings_;
  std::deque<long long> ints_;
  std::deque<soci::indicator> inds_;
};

// Executes `st` and appends row.Get() of every row to `out` (row is bound to st's targets).
template <typename RowT, typename Out>
void FetchAll(Stmt& st, RowT& row, Out& out) {
  if (st.Execute()) {
    do out.push_back(row.Get());
    while (st.Fetch());
  }
}

}  // namespace bangfu::store
