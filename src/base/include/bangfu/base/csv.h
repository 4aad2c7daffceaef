// RFC 4180 CSV reading with line numbers, for every importer of outside files.
//
// Accepts: a UTF-8 byte-order mark, CRLF or LF line ends, quoted fields containing commas,
// quotes ("") and line breaks, a final line without a line end. Rejects with the line and
// column: a quote inside an unquoted field, text after a closing quote, an unterminated quote.
// Encoding conversion (GB18030) happens before this reader; it sees UTF-8 only.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/result.h"

namespace bangfu::csv {

struct Row {
  int64_t line = 0;                 // 1-based line where the record starts.
  std::vector<std::string> fields;
};

class Reader {
 public:
  // `text` must outlive the reader.
  explicit Reader(std::string_view text, char separator = ',');
  // Reads the next record into `row`. Returns false at the end of input. An error stops the
  // reader: every later call returns the same error.
  Result<bool> Next(Row& row);
  // The same without copying: appends the record's fields to `fields` as views into the text,
  // except a quoted field with doubled quotes, which is unescaped into a new string at the back
  // of `unescaped` (a deque: the strings already there stay put) and viewed there. `line` gets
  // the line where the record starts.
  Result<bool> Next(std::vector<std::string_view>& fields, int64_t& line,
                    std::deque<std::string>& unescaped);

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  char sep_;
  std::optional<Error> error_;
  std::vector<std::string_view> views_;  // Next(Row&)'s scratch.
  std::deque<std::string> unescaped_;
};

// Whole-text convenience: all records, or the first error.
Result<std::vector<Row>> ParseAll(std::string_view text, char separator = ',');

// Index of each wanted column in a header row (matched after trimming spaces and a BOM);
// kInvalidArgument naming the first missing column.
Result<std::vector<int>> MapHeader(const Row& header, const std::vector<std::string>& wanted);

}  // namespace bangfu::csv
