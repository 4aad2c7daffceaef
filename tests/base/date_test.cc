#include "bangfu/base/date.h"

#include <gtest/gtest.h>

#include "bangfu/base/clock.h"

namespace bangfu {
namespace {

TEST(DateTest, RoundTripsAcrossCenturies) {
  for (int32_t d = -200000; d < 200000; d += 37) {
    Date date = Date::FromDays(d);
    auto again = Date::FromYmd(date.year(), date.month(), date.day());
    if (date.year() < 1800) continue;
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, date);
  }
  EXPECT_EQ(Date::FromYmdUnchecked(1970, 1, 1).days(), 0);
  EXPECT_EQ(Date::FromYmdUnchecked(2000, 3, 1).ToString(), "2000-03-01");
}

TEST(DateTest, RejectsImpossibleDates) {
  EXPECT_FALSE(Date::FromYmd(2023, 2, 29).ok());
  EXPECT_TRUE(Date::FromYmd(2024, 2, 29).ok());
  EXPECT_FALSE(Date::FromYmd(1900, 2, 29).ok());
  EXPECT_TRUE(Date::FromYmd(2000, 2, 29).ok());
  EXPECT_FALSE(Date::FromYmd(2024, 13, 1).ok());
  EXPECT_FALSE(Date::FromYmd(2024, 4, 31).ok());
}

TEST(DateTest, ParsesCommonOfficeFormats) {
  EXPECT_EQ(Date::Parse("2024-07-01")->ToString(), "2024-07-01");
  EXPECT_EQ(Date::Parse("2024/7/1")->ToString(), "2024-07-01");
  EXPECT_EQ(Date::Parse("20240701")->ToString(), "2024-07-01");
  EXPECT_EQ(Date::Parse(" 2024.07.01 ")->ToString(), "2024-07-01");
  auto bad = Date::Parse("2024-02-30", "graduation_date");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "graduation_date");
  EXPECT_FALSE(Date::Parse("24-07-01").ok());
  EXPECT_FALSE(Date::Parse("").ok());
  EXPECT_FALSE(Date::Parse("2024-07-01x").ok());
}

TEST(DateTest, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(Date::Parse("2024-08-31")->AddMonths(6).ToString(), "2025-02-28");
  EXPECT_EQ(Date::Parse("2023-08-31")->AddMonths(6).ToString(), "2024-02-29");
  EXPECT_EQ(Date::Parse("2024-01-15")->AddMonths(-1).ToString(), "2023-12-15");
  EXPECT_EQ(Date::Parse("2024-02-29")->AddYears(1).ToString(), "2025-02-28");
  EXPECT_EQ(Date::Parse("2024-02-29")->AddYears(4).ToString(), "2028-02-29");
}

TEST(DateTest, MonthsUntilIsInverseOfAddMonths) {
  Date start = *Date::Parse("2024-01-31");
  EXPECT_EQ(start.MonthsUntil(*Date::Parse("2024-02-29")), 1);
  EXPECT_EQ(start.MonthsUntil(*Date::Parse("2024-07-30")), 5);
  EXPECT_EQ(start.MonthsUntil(*Date::Parse("2024-07-31")), 6);
  EXPECT_EQ(start.MonthsUntil(*Date::Parse("2023-07-31")), 0);
}

TEST(DateTest, Weekday) {
  EXPECT_EQ(Date::Parse("2026-11-24")->weekday(), 1);  // Tuesday
  EXPECT_EQ(Date::Parse("1970-01-01")->weekday(), 3);  // Thursday
}

TEST(TimestampTest, FormatsAndParses) {
  auto t = Timestamp::Parse("2026-11-24T08:00:00.250+08:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ToString(), "2026-11-24T00:00:00.250Z");
  EXPECT_EQ(t->ChinaDate().ToString(), "2026-11-24");
  auto late = Timestamp::Parse("2026-11-24T17:30:00Z");
  EXPECT_EQ(late->ChinaDate().ToString(), "2026-11-25");
  EXPECT_FALSE(Timestamp::Parse("2026-11-24T25:00:00Z").ok());
  EXPECT_FALSE(Timestamp::Parse("2026-11-24T10:00:00").ok());
}

TEST(ClockTest, FixedClockAdvances) {
  FixedClock clock(*Timestamp::Parse("2026-11-24T00:00:00Z"));
  clock.Advance(3600);
  EXPECT_EQ(clock.Now().ToString(), "2026-11-24T01:00:00.000Z");
  EXPECT_EQ(clock.Today().ToString(), "2026-11-24");
}

}  // namespace
}  // namespace bangfu
