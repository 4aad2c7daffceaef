// The chinese-days JSON reader: no crash on any input; an accepted calendar answers queries.
#include <cstdint>
#include <string>

#include "bangfu/domain/calendar.h"

using namespace bangfu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  auto cal = domain::WorkCalendar::FromChineseDaysJson(s);
  if (cal.ok()) {
    const Date d = Date::FromYmdUnchecked(2024, 2, 8);
    const Date due = cal->AddWorkingDays(d, 7);
    if (due < d || cal->WorkingDaysBetween(d, due) != 7) __builtin_trap();
  }
  return 0;
}
