#include "bangfu/base/csv.h"

namespace bangfu::csv {

Reader::Reader(std::string_view text, char separator) : text_(text), sep_(separator) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

Result<bool> Reader::Next(Row& row) {
  row.fields.clear();
  views_.clear();
  unescaped_.clear();
  BANGFU_ASSIGN_OR_RETURN(bool more, Next(views_, row.line, unescaped_));
  row.fields.assign(views_.begin(), views_.end());
  return more;
}

Result<bool> Reader::Next(std::vector<std::string_view>& fields, int64_t& line,
                          std::deque<std::string>& unescaped) {
  if (error_) return *error_;
  if (pos_ >= text_.size()) return false;
  line = line_;
  const char* const text = text_.data();
  const size_t size = text_.size();
  size_t col = 1;  // 1-based column (field index) for messages.
  auto fail = [&](const std::string& what) -> Result<bool> {
    error_ = Error::InvalidArgument("第 " + std::to_string(line_) + " 行第 " + std::to_string(col) +
                                        " 列: " + what,
                                    "line " + std::to_string(line_));
    return *error_;
  };
  while (true) {
    // Start of a field.
    if (pos_ < size && text[pos_] == '"') {
      ++pos_;
      const int64_t start_line = line_;
      const size_t start = pos_;
      std::string* copy = nullptr;  // Set once a doubled quote makes the field differ from the text.
      while (true) {
        if (pos_ >= size) {
          line_ = start_line;
          if (copy) unescaped.pop_back();
          return fail("引号未闭合");
        }
        const char c = text[pos_++];
        if (c == '"') {
          if (pos_ < size && text[pos_] == '"') {
            if (!copy) copy = &unescaped.emplace_back(text + start, pos_ - start);
            else copy->push_back('"');
            ++pos_;
          } else {
            break;
          }
        } else {
          if (c == '\n') ++line_;
          if (copy) copy->push_back(c);
        }
      }
      fields.push_back(copy ? std::string_view(*copy) : std::string_view(text + start, pos_ - 1 - start));
      if (pos_ < size && text[pos_] != sep_ && text[pos_] != '\n' && text[pos_] != '\r')
        return fail("闭合引号后还有多余字符");
    } else {
      const size_t start = pos_;
      while (pos_ < size) {
        const char c = text[pos_];
        if (c == sep_ || c == '\n' || c == '\r') break;
        if (c == '"') return fail("未加引号的字段中出现引号");
        ++pos_;
      }
      fields.emplace_back(text + start, pos_ - start);
    }
    if (pos_ >= size) return true;
    const char c = text[pos_];
    if (c == sep_) {
      ++pos_;
      ++col;
      continue;
    }
    // Line end: CRLF, LF or a lone CR.
    if (c == '\r') ++pos_;
    if (pos_ < size && text[pos_] == '\n') ++pos_;
    ++line_;
    return true;
  }
}

Result<std::vector<Row>> ParseAll(std::string_view text, char separator) {
  Reader reader(text, separator);
  std::vector<Row> rows;
  Row row;
  while (true) {
    BANGFU_ASSIGN_OR_RETURN(bool more, reader.Next(row));
    if (!more) break;
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<int>> MapHeader(const Row& header, const std::vector<std::string>& wanted) {
  auto trim = [](std::string_view s) {
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  std::vector<int> out;
  for (const auto& name : wanted) {
    int found = -1;
    for (size_t i = 0; i < header.fields.size(); ++i) {
      if (trim(header.fields[i]) == name) {
        found = static_cast<int>(i);
        break;
      }
    }
    if (found < 0) return Error::InvalidArgument("缺少列: " + name, name);
    out.push_back(found);
  }
  return out;
}

}  // namespace bangfu::csv
