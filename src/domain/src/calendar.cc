#include "bangfu/domain/calendar.h"

#include <nlohmann/json.hpp>

namespace bangfu::domain {

void WorkCalendar::AddHoliday(Date d, std::string name) {
  holidays_[d] = std::move(name);
  last_year_ = std::max(last_year_, d.year());
}

void WorkCalendar::AddMakeUpWorkday(Date d, std::string name) {
  workdays_[d] = std::move(name);
  last_year_ = std::max(last_year_, d.year());
}

bool WorkCalendar::IsWorkingDay(Date d) const {
  if (holidays_.count(d)) return false;
  if (workdays_.count(d)) return true;
  return d.weekday() < 5;
}

std::optional<std::string> WorkCalendar::HolidayName(Date d) const {
  auto it = holidays_.find(d);
  if (it == holidays_.end()) return std::nullopt;
  return it->second;
}

Date WorkCalendar::AddWorkingDays(Date start, int n) const {
  Date d = start;
  while (n > 0) {
    d = d.AddDays(1);
    if (IsWorkingDay(d)) --n;
  }
  return d;
}

int WorkCalendar::WorkingDaysBetween(Date from, Date to) const {
  int n = 0;
  for (Date d = from.AddDays(1); !(to < d); d = d.AddDays(1)) n += IsWorkingDay(d);
  return n;
}

Result<WorkCalendar> WorkCalendar::FromChineseDaysJson(std::string_view text, Date from) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::InvalidArgument("节假日数据不是有效的 JSON", "file");
  WorkCalendar cal;
  for (const char* section : {"holidays", "workdays"}) {
    if (!j.contains(section) || !j[section].is_object())
      return Error::InvalidArgument(std::string("节假日数据缺少 ") + section, section);
    for (const auto& [key, value] : j[section].items()) {
      auto d = Date::Parse(key, key);
      if (!d.ok()) return Error::InvalidArgument("节假日数据中的日期无效: " + key, section);
      if (*d < from) continue;
      // "Spring Festival,春节,4": the Chinese name is the second part.
      std::string name = value.is_string() ? value.get<std::string>() : std::string();
      size_t c1 = name.find(',');
      size_t c2 = c1 == std::string::npos ? std::string::npos : name.find(',', c1 + 1);
      if (c1 != std::string::npos) name = name.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1);
      if (std::string(section) == "holidays") cal.AddHoliday(*d, name);
      else cal.AddMakeUpWorkday(*d, name);
    }
  }
  return cal;
}

}  // namespace bangfu::domain
