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
  std::vector<std::string> header;  // Trimmed column names of the first row.
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
};

// Detects the format from the content (a ZIP signature means XLSX, anything else is CSV; a
// CSV whose bytes are not valid UTF-8 is decoded as GB18030 when that decodes cleanly).
// Errors name the line (CSV) or cell (XLSX): an unreadable encoding, an XLSX with merged cells
// in the header row, a sheet that is not there, a malformed archive.
// XLSX: the first worksheet; shared, inline and formula-result strings; numbers as written;
// cells formatted as dates become "YYYY-MM-DD". Empty rows are skipped.
Result<Table> ReadTable(std::string_view bytes, const ReadTableOptions& options = {});

// Column index of the first header among `names` (aliases of one column), or -1.
int FindColumn(const Table& table, std::initializer_list<std::string_view> names);

// Splits a list cell ("低保、脱贫人口，残疾人") on the separators offices use (、，；,;|/),
// trimming spaces and dropping empty items.
std::vector<std::string> SplitList(std::string_view s);

}  // namespace bangfu::service
