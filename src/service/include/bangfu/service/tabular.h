// Reading the tabular files offices hand over (CSV in UTF-8 or GB18030, and XLSX) into rows
// of text with the line or row number each came from. Every importer uses it.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/csv.h"
#include "bangfu/base/date.h"
#include "bangfu/base/result.h"

namespace bangfu::service {

// A data row: the file line (CSV) or sheet row number (XLSX) it starts at, and its cells,
// trimmed. A row may have fewer or more cells than the header.
struct TableRow {
  int64_t line = 0;
  std::span<const std::string_view> fields;
};

// The cells are views, not copies: into the bytes given to ReadTable where the text is there as
// is (UTF-8 CSV), else into text the table keeps (GB18030 decoded, quoted fields with doubled
// quotes, XLSX values). So the bytes must outlive the table. A table moves but never copies.
struct Table {
  std::vector<std::string> header;  // Trimmed column names of the header row.
  // Non-blank lines (rows) above the header: a title, "填报单位：…", a date line.
  std::vector<int64_t> title_lines;
  int64_t header_line = 0;
  std::vector<TableRow> rows;       // Data rows, blank ones left out.
  std::string format;               // "csv" or "xlsx".
  std::string encoding;             // "UTF-8" or "GB18030" (CSV); "UTF-8" for XLSX.

  Table() = default;
  Table(Table&&) = default;
  Table& operator=(Table&&) = default;
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  // What the rows view (a deque, whose strings never move).
  std::vector<std::string_view> cells;
  std::deque<std::string> text;
};

struct ReadTableOptions {
  int64_t max_bytes = 256LL << 20;  // Larger input → kTooLarge.
  int64_t max_rows = 5'000'000;
  // Column names the importer knows. When given, the header is the first of the first
  // kMaxTitleRows non-blank rows holding two of them (one, when only one name is known): the
  // rows above are titles, as offices put over their lists. When no row does (or no names are
  // given), the first non-blank row is the header and the importer reports what it lacks.
  std::vector<std::string_view> header_names;
  static constexpr int kMaxTitleRows = 10;
};

// Detects the format from the content (a ZIP signature means XLSX, anything else is CSV; a
// CSV whose bytes are not valid UTF-8 is decoded as GB18030 when that decodes cleanly).
// Errors name the line (CSV) or cell (XLSX): an unreadable encoding, an XLSX with merged cells
// in the header row (a merged title above it is fine), a sheet that is not there, a malformed
// archive.
// XLSX: the first worksheet; shared, inline and formula-result strings; numbers as written;
// cells formatted as dates become "YYYY-MM-DD". Empty rows are skipped.
Result<Table> ReadTable(std::string_view bytes, const ReadTableOptions& options = {});

// Column index of the first header among `names` (aliases of one column), or -1.
int FindColumn(const Table& table, std::initializer_list<std::string_view> names);

// A date as offices write it in a cell: 2026-06-30, 2026/6/30, 2026.6.30, 20260630 or
// 2026年6月30日. With `month_is_enough`, a month alone (2026-06, 2026.6, 2026/06, 202606,
// 2026年6月) stands for the month's last day — a graduation month, say; without it that is
// an error asking for the day. Errors name `field` and quote the cell.
Result<Date> ParseCellDate(std::string_view text, std::string_view field, bool month_is_enough = false);

// "缺少必需的列: NAME", saying which line was taken for the header (a title row, or a header
// further down than kMaxTitleRows, is the usual reason).
std::string MissingColumn(const Table& table, std::string_view name);

// The header's non-empty names at none of the positions in `used`, in file order: the columns
// an importer leaves out, for its report.
std::vector<std::string> UnusedColumns(const Table& table, const std::vector<int>& used);

// Splits a list cell ("低保、脱贫人口，残疾人") on the separators offices use (、，；,;|/),
// trimming spaces and dropping empty items.
std::vector<std::string> SplitList(std::string_view s);

}  // namespace bangfu::service
