#include "bangfu/service/region_service.h"

#include <algorithm>

#include "bangfu/base/csv.h"

namespace bangfu::service {

Result<Region> MakeRegion(const std::string& code, const std::string& name) {
  const size_t n = code.size();
  if (n != 2 && n != 4 && n != 6 && n != 9 && n != 12)
    return Error::InvalidArgument("行政区划代码应为 2、4、6、9 或 12 位数字: " + code, "code");
  for (char c : code)
    if (c < '0' || c > '9') return Error::InvalidArgument("行政区划代码只能包含数字: " + code, "code");
  Region r;
  r.code = code + std::string(12 - n, '0');
  r.name = name;
  // Level from the significant digits: province 2, city 4, county 6, town 9, village 12.
  auto all_zero = [&](size_t from, size_t to) {
    return r.code.find_first_not_of('0', from) >= to;
  };
  if (all_zero(2, 12)) r.level = 1;
  else if (all_zero(4, 12)) r.level = 2;
  else if (all_zero(6, 12)) r.level = 3;
  else if (all_zero(9, 12)) r.level = 4;
  else r.level = 5;
  static constexpr size_t kPrefix[] = {0, 0, 2, 4, 6, 9};
  if (r.level > 1) {
    r.parent_code = r.code.substr(0, kPrefix[r.level]) + std::string(12 - kPrefix[r.level], '0');
  }
  return r;
}

std::string ScopePrefix(const Region& region) {
  static constexpr size_t kDigits[] = {12, 2, 4, 6, 9, 12};
  return region.code.substr(0, kDigits[region.level < 0 || region.level > 5 ? 0 : region.level]);
}

Status RegionService::Import(const std::vector<Region>& regions) {
  return store_.regions().UpsertMany(regions);
}

Result<Region> RegionService::Get(const std::string& code) {
  BANGFU_ASSIGN_OR_RETURN(Region key, MakeRegion(code, ""));
  return store_.regions().Get(key.code);
}

Result<std::vector<Region>> RegionService::Children(const std::string& code) {
  if (code.empty()) return store_.regions().Children("");
  BANGFU_ASSIGN_OR_RETURN(Region key, MakeRegion(code, ""));
  return store_.regions().Children(key.code);
}

}  // namespace bangfu::service

namespace bangfu::service {

Result<std::vector<Region>> ParseDivisionCsv(std::string_view text, int level) {
  static constexpr size_t kDigits[] = {0, 2, 4, 6, 9, 12};
  if (level < 1 || level > 5) return Error::InvalidArgument("未知的区划级别", "level");
  csv::Reader reader(text);
  csv::Row row;
  BANGFU_ASSIGN_OR_RETURN(bool has_header, reader.Next(row));
  if (!has_header) return Error::InvalidArgument("文件为空");
  BANGFU_ASSIGN_OR_RETURN(auto cols, csv::MapHeader(row, {"code", "name"}));
  std::vector<Region> out;
  while (true) {
    BANGFU_ASSIGN_OR_RETURN(bool more, reader.Next(row));
    if (!more) break;
    const std::string where = "第 " + std::to_string(row.line) + " 行";
    if (row.fields.size() <= static_cast<size_t>(std::max(cols[0], cols[1])))
      return Error::InvalidArgument(where + ": 列数不足", "line " + std::to_string(row.line));
    const std::string& code = row.fields[cols[0]];
    const std::string& name = row.fields[cols[1]];
    if (code.size() != kDigits[level])
      return Error::InvalidArgument(where + ": 代码 " + code + " 与级别不符",
                                    "line " + std::to_string(row.line));
    if (name.empty())
      return Error::InvalidArgument(where + ": 名称为空", "line " + std::to_string(row.line));
    auto r = MakeRegion(code, name);
    if (!r.ok())
      return Error::InvalidArgument(where + ": " + r.error().message,
                                    "line " + std::to_string(row.line));
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace bangfu::service
