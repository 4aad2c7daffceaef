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

std::string RegionNameOrCode(RegionRepository& regions, const std::string& code) {
  auto r = regions.Get(code);
  return r.ok() ? r->name : code;
}

std::string ScopePrefix(const Region& region) {
  static constexpr size_t kDigits[] = {12, 2, 4, 6, 9, 12};
  return region.code.substr(0, kDigits[region.level < 0 || region.level > 5 ? 0 : region.level]);
}

namespace {

// Suffixes a region's name may be written without, longest first.
constexpr std::string_view kRegionSuffixes[] = {
    "社区居民委员会", "村民委员会", "居民委员会", "街道办事处", "特别行政区", "自治县", "自治州",
    "自治区", "自治旗", "办事处", "居委会", "村委会", "街道", "地区", "社区", "新区", "省", "市",
    "区", "县", "旗", "镇", "乡", "村", "盟"};

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Committees are written by the place they serve: 石河村委会 as 石河村, 桂花社区居民委员会 as
// 桂花社区.
constexpr std::pair<std::string_view, std::string_view> kCommitteeSuffixes[] = {
    {"社区居民委员会", "社区"}, {"村民委员会", "村"}, {"居民委员会", "社区"}, {"街道办事处", "街道"},
    {"村委会", "村"},           {"居委会", "社区"}};

// The other ways a region's name is written: without its suffix (when at least two characters
// remain), and a committee by its place.
std::vector<std::string> OtherNames(std::string_view name) {
  std::vector<std::string> out;
  for (std::string_view suffix : kRegionSuffixes) {
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix &&
        CodePoints(name.substr(0, name.size() - suffix.size())) >= 2) {
      out.emplace_back(name.substr(0, name.size() - suffix.size()));
      break;
    }
  }
  for (auto [suffix, place] : kCommitteeSuffixes) {
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      out.push_back(std::string(name.substr(0, name.size() - suffix.size())).append(place));
      break;
    }
  }
  return out;
}

// Level-2 rows of the municipalities and of directly administered counties: not written.
bool Placeholder(const Region& r) {
  return r.level == 2 && (r.name == "市辖区" || r.name == "县" || r.name == "省直辖县级行政区划" ||
                          r.name == "自治区直辖县级行政区划");
}

}  // namespace

RegionNameIndex::RegionNameIndex(std::vector<Region> regions, std::string home)
    : regions_(std::move(regions)), home_(std::move(home)) {
  names_.resize(regions_.size());
  for (size_t i = 0; i < regions_.size(); ++i) {
    const Region& r = regions_[i];
    by_code_.emplace(r.code, i);
    if (Placeholder(r)) continue;
    names_[i] = OtherNames(r.name);
    names_[i].insert(names_[i].begin(), r.name);
    for (const auto& name : names_[i]) by_name_.emplace(name, i);
  }
}

Result<RegionNameIndex> RegionNameIndex::Load(RegionRepository& regions, const std::string& scope) {
  BANGFU_ASSIGN_OR_RETURN(auto all, regions.Within("", 4));
  BANGFU_ASSIGN_OR_RETURN(auto villages, regions.Within(scope, 5));
  for (auto& v : villages)
    if (v.level == 5) all.push_back(std::move(v));
  return RegionNameIndex(std::move(all), scope);
}

// Whether `prefix` is some of the region's ancestors' names (whole or short), top down, in
// order, nothing else.
bool RegionNameIndex::AncestorsSpell(size_t region, std::string_view prefix) const {
  std::vector<size_t> up;  // Top down.
  for (auto it = by_code_.find(regions_[region].parent_code); it != by_code_.end();
       it = by_code_.find(regions_[it->second].parent_code))
    up.insert(up.begin(), it->second);
  // Positions of prefix reachable after the first j ancestors were considered.
  std::vector<bool> at(prefix.size() + 1, false);
  at[0] = true;
  for (size_t a : up) {
    std::vector<bool> next = at;  // Each ancestor may be left out (placeholders always are).
    for (size_t pos = 0; pos < prefix.size(); ++pos) {
      if (!at[pos]) continue;
      for (const std::string& name : names_[a])
        if (prefix.substr(pos, name.size()) == name) next[pos + name.size()] = true;
    }
    at = std::move(next);
  }
  return at[prefix.size()];
}

Result<std::string> RegionNameIndex::Resolve(std::string_view text, std::string_view field) const {
  std::string t;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == ' ' || text[i] == '\t') { ++i; continue; }
    if (text.substr(i, 3) == "\xE3\x80\x80") { i += 3; continue; }  // Full-width space.
    t += text[i++];
  }
  std::vector<size_t> found;
  for (size_t p = 0; p < t.size(); ++p) {
    if ((t[p] & 0xC0) == 0x80) continue;  // Inside a character.
    const std::string_view prefix = std::string_view(t).substr(0, p);
    auto [begin, end] = by_name_.equal_range(t.substr(p));
    for (auto it = begin; it != end; ++it)
      if (std::find(found.begin(), found.end(), it->second) == found.end() && AncestorsSpell(it->second, prefix))
        found.push_back(it->second);
  }
  if (found.size() > 1 && !home_.empty()) {
    std::vector<size_t> home;
    for (size_t i : found)
      if (regions_[i].code.compare(0, home_.size(), home_) == 0) home.push_back(i);
    if (home.size() == 1) found = home;
  }
  if (found.size() == 1) return regions_[found[0]].code;
  if (found.empty())
    return Error::InvalidArgument("无法识别的地区: " + std::string(text) +
                                      "（请填写行政区划代码，或完整地名如 重庆市荣昌区昌元街道；村、社区只认您管辖范围内的）",
                                  std::string(field));
  std::sort(found.begin(), found.end(), [&](size_t a, size_t b) { return regions_[a].code < regions_[b].code; });
  std::string which;
  for (size_t k = 0; k < found.size() && k < 3; ++k) which += (k ? "、" : "") + Path(regions_[found[k]].code);
  if (found.size() > 3) which += " 等 " + std::to_string(found.size()) + " 处";
  return Error::InvalidArgument("地区名称不唯一: " + std::string(text) + "（可能是 " + which + "），请写上所属的区县或镇街",
                                std::string(field));
}

std::string RegionNameIndex::Path(const std::string& code) const {
  std::string path;
  for (auto it = by_code_.find(code); it != by_code_.end(); it = by_code_.find(regions_[it->second].parent_code))
    if (!Placeholder(regions_[it->second])) path.insert(0, regions_[it->second].name);
  return path;
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
