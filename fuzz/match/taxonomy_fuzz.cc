// The occupation taxonomy CSV parser: no crash; on success every parent index points at an
// occupation whose code is an ancestor by shape, and every code formats and parses back.
#include <cstdint>
#include <string>

#include "bangfu/match/taxonomy.h"

using namespace bangfu::match;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  std::vector<RowIssue> issues;
  auto tax = Taxonomy::FromCsv(s, &issues);
  if (!tax.ok()) return 0;
  for (const auto& i : issues)
    if (i.line < 2 || i.column.empty()) __builtin_trap();
  const auto& occs = tax->occupations();
  for (const auto& o : occs) {
    if (ParseOccCode(FormatOccCode(o.code)) != o.code) __builtin_trap();
    if (o.name.empty()) __builtin_trap();
    if (o.parent >= static_cast<int32_t>(occs.size())) __builtin_trap();
    if (o.parent >= 0) {
      const OccCode p = occs[o.parent].code;
      if (AncestorAt(o.code, ShapeLevel(p)) != p || p == o.code) __builtin_trap();
    }
  }
  return 0;
}
