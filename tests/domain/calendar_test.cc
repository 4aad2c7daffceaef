#include "bangfu/domain/calendar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace bangfu::domain {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

// 2024 Spring Festival: holidays 02-10..02-17, make-up working days Sun 02-04 and Sat 02-18.
constexpr char kExcerpt[] = R"({
  "holidays": {
    "2024-02-10": "Spring Festival,春节,4", "2024-02-11": "Spring Festival,春节,4",
    "2024-02-12": "Spring Festival,春节,4", "2024-02-13": "Spring Festival,春节,4",
    "2024-02-14": "Spring Festival,春节,4", "2024-02-15": "Spring Festival,春节,4",
    "2024-02-16": "Spring Festival,春节,4", "2024-02-17": "Spring Festival,春节,4",
    "2025-10-01": "National Day,国庆节,3", "2025-10-02": "National Day,国庆节,3",
    "2025-10-03": "National Day,国庆节,3", "2025-10-06": "National Day,国庆节,3",
    "2025-10-07": "National Day,国庆节,3", "2025-10-08": "National Day,国庆节,3",
    "2019-10-01": "National Day,国庆节,3"
  },
  "workdays": {
    "2024-02-04": "Spring Festival,春节,4", "2024-02-18": "Spring Festival,春节,4",
    "2025-09-28": "National Day,国庆节,3", "2025-10-11": "National Day,国庆节,3"
  },
  "inLieuDays": {}
})";

TEST(WorkCalendarTest, ReadsChineseDaysData) {
  auto cal = WorkCalendar::FromChineseDaysJson(kExcerpt);
  ASSERT_TRUE(cal.ok()) << cal.error().ToString();
  EXPECT_EQ(cal->holiday_count(), 14u);  // 2019 dropped: before 2020.
  EXPECT_EQ(*cal->HolidayName(D("2024-02-12")), "春节");
  EXPECT_FALSE(cal->IsWorkingDay(D("2024-02-12")));  // Monday, holiday.
  EXPECT_TRUE(cal->IsWorkingDay(D("2024-02-04")));   // Sunday, make-up day.
  EXPECT_TRUE(cal->IsWorkingDay(D("2024-02-18")));   // Sunday, make-up day.
  EXPECT_FALSE(cal->IsWorkingDay(D("2024-02-03")));  // Ordinary Saturday.
  EXPECT_TRUE(cal->IsWorkingDay(D("2024-02-08")));   // Ordinary Thursday.
}

TEST(WorkCalendarTest, SevenWorkingDaysAcrossSpringFestival) {
  auto cal = *WorkCalendar::FromChineseDaysJson(kExcerpt);
  // Registered Thursday 2024-02-08: working days 02-09 (Fri), 02-18 (Sun make-up), 02-19..02-23.
  EXPECT_EQ(cal.AddWorkingDays(D("2024-02-08"), 7).ToString(), "2024-02-23");
  EXPECT_EQ(cal.WorkingDaysBetween(D("2024-02-08"), D("2024-02-23")), 7);
  // Across National Day 2025: registered Friday 09-26. Working days: 09-28 (Sun make-up),
  // 09-29, 09-30, [10-01..10-08 off], 10-09, 10-10, 10-11 (Sat make-up), 10-13.
  EXPECT_EQ(cal.AddWorkingDays(D("2025-09-26"), 7).ToString(), "2025-10-13");
  // Without holidays: a plain week.
  EXPECT_EQ(cal.AddWorkingDays(D("2026-11-24"), 7).ToString(), "2026-12-03");
  EXPECT_EQ(cal.WorkingDaysBetween(D("2026-11-24"), D("2026-11-24")), 0);
}

TEST(WorkCalendarTest, RefusesBrokenData) {
  EXPECT_FALSE(WorkCalendar::FromChineseDaysJson("not json").ok());
  EXPECT_EQ(WorkCalendar::FromChineseDaysJson(R"({"holidays": {}})").error().field, "workdays");
  EXPECT_FALSE(WorkCalendar::FromChineseDaysJson(R"({"holidays": {"2024-02-30": "x"}, "workdays": {}})").ok());
}

TEST(WorkCalendarTest, ThePackagedDataLoadsWhenInstalled) {
  std::ifstream in(std::string(BANGFU_SOURCE_DIR) + "/share/npm/node_modules/chinese-days/dist/chinese-days.json");
  if (!in) GTEST_SKIP() << "share/npm not installed";
  std::stringstream ss;
  ss << in.rdbuf();
  auto cal = WorkCalendar::FromChineseDaysJson(ss.str());
  ASSERT_TRUE(cal.ok()) << cal.error().ToString();
  EXPECT_GE(cal->LastYearCovered(), 2026);
  EXPECT_FALSE(cal->IsWorkingDay(D("2026-10-01")));
  EXPECT_EQ(*cal->HolidayName(D("2026-10-01")), "国庆节");
}

}  // namespace
}  // namespace bangfu::domain
