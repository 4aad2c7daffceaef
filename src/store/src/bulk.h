// Bulk writes and fast bulk reads shared by the repositories, on both backends.
//
// Upsert: rows appended to BulkRows are inserted, or update the row with the same natural key
// (the columns of a unique index). SQLite: one prepared INSERT ... ON CONFLICT re-executed per
// row. PostgreSQL: COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT.
// Both throw like SOCI; callers run them inside Db::Run.
//
// Cursor: a forward-only read of one query without per-row allocation — raw sqlite3_step on
// SQLite, COPY (query) TO STDOUT on PostgreSQL. Values are valid until the next Next().
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/date.h"
#include "migrations.h"

namespace bangfu::store {

enum class ColumnType { kInt, kText };

struct BulkColumn {
  std::string name;
  ColumnType type;
};

struct UpsertSpec {
  std::string table;
  std::vector<BulkColumn> columns;  // In the order BulkRows receives values.
  std::vector<std::string> key;     // The natural key: columns of a unique index.
  std::vector<std::string> keep;    // Columns an update leaves alone (created_at ...).
  bool returns_id = false;          // The table has an id column to report per row.
};

// Row-major values for one UpsertSpec. Append exactly columns.size() values per row.
class BulkRows {
 public:
  explicit BulkRows(const UpsertSpec& spec) : spec_(spec) {}
  BulkRows& Int(long long v) { return Push({false, v, {}}); }
  BulkRows& Text(std::string_view v) { return Push({false, 0, std::string(v)}); }
  BulkRows& Null() { return Push({true, 0, {}}); }
  BulkRows& OptInt(const std::optional<int64_t>& v) { return v ? Int(*v) : Null(); }
  // 'YYYY-MM-DD', or '' for none.
  BulkRows& DateOrEmpty(const std::optional<Date>& d) { return Text(d ? d->ToString() : ""); }
  size_t size() const { return spec_.columns.empty() ? 0 : values_.size() / spec_.columns.size(); }
  const UpsertSpec& spec() const { return spec_; }

  struct Value {
    bool null;
    long long i;
    std::string s;
  };
  const Value& at(size_t row, size_t col) const {
    return values_[row * spec_.columns.size() + col];
  }

 private:
  BulkRows& Push(Value v) {
    values_.push_back(std::move(v));
    return *this;
  }
  const UpsertSpec& spec_;
  std::vector<Value> values_;
};

// Writes the rows; when spec.returns_id, returns the id of each row in row order.
std::vector<int64_t> Upsert(soci::session& s, Dialect dialect, const BulkRows& rows);

class Cursor {
 public:
  virtual ~Cursor() = default;
  // `sql` uses '?' for parameters, bound in order as text (SQLite binds them; PostgreSQL gets
  // them as escaped literals, since COPY takes no parameters).
  static std::unique_ptr<Cursor> Open(soci::session& s, Dialect dialect, const std::string& sql,
                                      const std::vector<std::string>& params);
  virtual bool Next() = 0;
  virtual bool IsNull(int col) const = 0;
  virtual int64_t Int(int col) const = 0;            // 0 for NULL.
  virtual std::string_view Text(int col) const = 0;  // "" for NULL.
};

// Fast parsers of the store's own date text: 'YYYY-MM-DD' → date, 'YYYY-MM' → first day of the
// month; nullopt for '' or anything else.
std::optional<Date> FastDate(std::string_view s);
std::optional<Date> FastMonth(std::string_view s);
// Month text of a date: 'YYYY-MM'.
std::string MonthText(Date d);

// " AND <column> >= ? AND <column> < ?" for a region prefix (nothing for ""), parameters
// appended. On SQLite the column is written `+column` when `no_index` and the prefix is wider
// than a town (kNarrowRegionDigits), so that the planner keeps the scan in primary-key order
// instead of sorting a region-index range that is most of the table; a town's or community's
// few thousand rows are read through the region index.
std::string RegionRange(Dialect dialect, const std::string& column, const std::string& prefix,
                        std::vector<std::string>& params, bool no_index = false);

// A prefix of at least this many digits (a town, 9, or a community, 12) is a small part of a
// district: scans read it through indexes rather than the whole table.
inline constexpr size_t kNarrowRegionDigits = 9;

// " AND <person_column> IN (SELECT id FROM persons WHERE region_code in the prefix)" for a
// town or community prefix, parameters appended; nothing for a wider prefix or "", whose
// person-keyed scans read their id range whole (most of it is in the region anyway) and leave
// dropping the others to the caller.
std::string PersonsInRegion(const std::string& person_column, const std::string& prefix,
                            std::vector<std::string>& params);

}  // namespace bangfu::store
