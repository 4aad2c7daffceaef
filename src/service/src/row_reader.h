// Reading one row of an import file with typed getters that record every bad cell (line,
// column as written, field, reason) in the report. Shared by the importers of service/.
#pragma once

#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "bangfu/domain/identity.h"
#include "bangfu/domain/org_types.h"
#include "bangfu/service/data_import.h"
#include "bangfu/service/person_import.h"
#include "bangfu/service/policy_data.h"

namespace bangfu::service {

inline std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// One row being read: typed getters that record every bad cell and return a neutral value.
class RowReader {
 public:
  RowReader(const std::map<std::string, std::pair<int, std::string>>& col, const TableRow& row,
            ImportReport& report)
      : col_(col), row_(row), report_(report) {}

  bool ok() const { return issues_ == 0; }
  bool Has(const std::string& f) const { return col_.count(f) > 0; }
  std::string Text(const std::string& f) const {
    auto it = col_.find(f);
    if (it == col_.end() || it->second.first >= static_cast<int>(row_.fields.size())) return {};
    return Trimmed(row_.fields[it->second.first]);
  }
  void Fail(const std::string& f, std::string message) {
    auto it = col_.find(f);
    report_.errors.push_back(
        {row_.line, it == col_.end() ? f : it->second.second, f, std::move(message)});
    ++issues_;
  }
  // A non-empty cell; "" (and an issue) when empty.
  std::string Required(const std::string& f, const char* what) {
    std::string v = Text(f);
    if (v.empty()) Fail(f, std::string("请填写") + what);
    return v;
  }
  std::optional<Date> OptDate(const std::string& f) {
    std::string v = Text(f);
    if (v.empty()) return std::nullopt;
    auto d = ParseCellDate(v, f);
    if (!d.ok()) {
      Fail(f, d.error().message);
      return std::nullopt;
    }
    return *d;
  }
  Date ReqDate(const std::string& f, const char* what) {
    if (Text(f).empty()) {
      Fail(f, std::string("请填写") + what);
      return Date();
    }
    return OptDate(f).value_or(Date());
  }
  Date Month(const std::string& f) {
    auto m = domain::ParseYearMonth(Required(f, "年月"), f);
    if (!m.ok() && !Text(f).empty()) Fail(f, m.error().message);
    return m.ok() ? *m : Date();
  }
  int64_t Yuan(const std::string& f) {
    std::string v = Required(f, "金额");
    if (v.empty()) return 0;
    auto a = domain::ParseYuan(v, f);
    if (!a.ok()) Fail(f, a.error().message);
    return a.ok() ? *a : 0;
  }
  // A whole number ≥ 0; -1 when empty.
  int32_t Count(const std::string& f) {
    std::string v = Text(f);
    if (v.empty()) return -1;
    int32_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n < 0) {
      Fail(f, "应为不小于 0 的整数: " + v);
      return -1;
    }
    return n;
  }
  Flag YesNo(const std::string& f) {
    auto b = domain::ParseYesNo(Text(f), f);
    if (!b.ok()) {
      Fail(f, b.error().message);
      return Flag::kUnknown;
    }
    return !*b ? Flag::kUnknown : **b ? Flag::kYes : Flag::kNo;
  }
  // The id of a stable enumeration, "" when empty; an issue listing the choices when unknown.
  template <typename E>
  std::string Enum(const std::string& f, std::optional<E> (*parse)(std::string_view),
                   const std::vector<domain::EnumInfo<E>>& all, bool required = false) {
    std::string v = Text(f);
    if (v.empty()) {
      if (required) Fail(f, "请填写");
      return {};
    }
    if (auto e = parse(v)) return std::string(domain::Id(*e));
    std::string choices;
    for (const auto& i : all) choices += (choices.empty() ? "" : "、") + std::string(i.label);
    Fail(f, "无法识别: " + v + "（可填 " + choices + "）");
    return {};
  }

 private:
  const std::map<std::string, std::pair<int, std::string>>& col_;
  const TableRow& row_;
  ImportReport& report_;
  int issues_ = 0;
};

// Every header a layout knows (ReadTableOptions::header_names: the header row is found below
// any title rows by them).
inline ReadTableOptions WithHeaders(ReadTableOptions options, const std::vector<DataColumn>& layout) {
  for (const auto& c : layout) options.header_names.insert(options.header_names.end(), c.headers.begin(), c.headers.end());
  return options;
}

// field → (column index, header as written) of the layout's columns found in `table`;
// kInvalidArgument naming the first required column that is missing. The header's other
// columns go to report.ignored_columns.
inline Result<std::map<std::string, std::pair<int, std::string>>> MapColumns(
    const Table& table, const std::vector<DataColumn>& layout, ImportReport& report) {
  std::map<std::string, std::pair<int, std::string>> col;
  std::vector<int> used;
  for (const auto& c : layout) {
    for (const auto& h : c.headers) {
      if (int i = FindColumn(table, {h}); i >= 0) {
        col[c.field] = {i, h};
        used.push_back(i);
        break;
      }
    }
    if (c.required && !col.count(c.field))
      return Error::InvalidArgument(MissingColumn(table, c.headers.front()), c.headers.front());
  }
  report.ignored_columns = UnusedColumns(table, used);
  return col;
}

}  // namespace bangfu::service
