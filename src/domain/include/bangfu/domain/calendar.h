// The statutory working-day calendar: weekends, public holidays (法定节假日) and make-up
// working days (调休上班日) as the State Council publishes them each year.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"

namespace bangfu::domain {

class WorkCalendar {
 public:
  WorkCalendar() = default;
  // Reads the data of the npm package chinese-days (dist/chinese-days.json:
  // {"holidays": {"YYYY-MM-DD": "English,中文,n"}, "workdays": {...}, "inLieuDays": {...}}).
  // Days before `from` are dropped. Errors name the offending key.
  static Result<WorkCalendar> FromChineseDaysJson(std::string_view json,
                                                  Date from = Date::FromYmdUnchecked(2020, 1, 1));

  void AddHoliday(Date d, std::string name);
  void AddMakeUpWorkday(Date d, std::string name);

  // Monday–Friday unless a holiday; Saturday/Sunday only when a make-up working day.
  bool IsWorkingDay(Date d) const;
  // The holiday's Chinese name ("春节"), if `d` is one.
  std::optional<std::string> HolidayName(Date d) const;
  // The date `n` working days after `start`, counting from the day after `start` (the usual
  // administrative reading of "在 N 个工作日内办结": the day of application is day 0).
  Date AddWorkingDays(Date start, int n) const;
  // Working days in (from, to]: 0 when to <= from.
  int WorkingDaysBetween(Date from, Date to) const;
  // The last year with any holiday data: counting past it uses weekends only.
  int LastYearCovered() const { return last_year_; }
  size_t holiday_count() const { return holidays_.size(); }
  size_t workday_count() const { return workdays_.size(); }

 private:
  std::unordered_map<Date, std::string> holidays_;
  std::unordered_map<Date, std::string> workdays_;
  int last_year_ = 0;
};

}  // namespace bangfu::domain
