// The cell parsers of the data imports (money in yuan, months, yes/no, contract kinds).
// Properties: no crash; accepted money is non-negative and formats back to an amount that
// parses to the same fen; an accepted month is the first day of a real month and re-parses from
// its own text; every refusal has a message.
#include <cstdint>
#include <cstdio>
#include <string>

#include "bangfu/domain/org_types.h"

using namespace bangfu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string s(reinterpret_cast<const char*>(data), size);
  auto yuan = domain::ParseYuan(s);
  if (yuan.ok()) {
    if (*yuan < 0) __builtin_trap();
    auto again = domain::ParseYuan(domain::FormatYuan(*yuan));
    if (!again.ok() || *again != *yuan) __builtin_trap();
  } else if (yuan.error().message.empty()) {
    __builtin_trap();
  }
  auto month = domain::ParseYearMonth(s);
  if (month.ok()) {
    if (month->day() != 1) __builtin_trap();
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d", month->year(), month->month());
    auto again = domain::ParseYearMonth(text);
    if (!again.ok() || *again != *month) __builtin_trap();
  } else if (month.error().message.empty()) {
    __builtin_trap();
  }
  auto yes = domain::ParseYesNo(s, "f");
  if (!yes.ok() && yes.error().field != "f") __builtin_trap();
  (void)domain::ParseEmployerSize(s);
  (void)domain::ParseOrgKind(s);
  (void)domain::ParseEmploymentKind(s);
  (void)domain::ParseTrainingKind(s);
  return 0;
}
