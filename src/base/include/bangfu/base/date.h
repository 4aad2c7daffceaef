// Calendar dates and instants.
//
// Date is a proleptic Gregorian calendar date with no time zone, stored as days
// since 1970-01-01. Timestamp is an instant in microseconds since the Unix epoch
// (UTC). Both are cheap value types, totally ordered and hashable.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bangfu/base/result.h"

namespace bangfu {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }
  // Validated construction; kInvalidArgument for impossible dates (2023-02-29).
  static Result<Date> FromYmd(int year, int month, int day);
  // Unchecked: month in 1..12 and day valid for the month are the caller's promise.
  static Date FromYmdUnchecked(int year, int month, int day);
  // Parses "YYYY-MM-DD" (also "YYYY/MM/DD", "YYYYMMDD", "YYYY.MM.DD"). `field` names the
  // input in the error.
  static Result<Date> Parse(std::string_view text, std::string_view field = {});
  static bool IsLeapYear(int year);
  static int DaysInMonth(int year, int month);

  constexpr int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  void ToYmd(int* year, int* month, int* day) const;
  // 0 = Monday ... 6 = Sunday (ISO 8601 minus one).
  int weekday() const;

  Date AddDays(int32_t n) const { return Date(days_ + n); }
  // Adds calendar months; a day past the end of the target month is clamped to its last
  // day (2024-08-31 + 6 months = 2025-02-28).
  Date AddMonths(int n) const;
  Date AddYears(int n) const { return AddMonths(12 * n); }
  // Whole calendar months from this date to `later` (0 if later < this): the largest n
  // with AddMonths(n) <= later.
  int MonthsUntil(Date later) const;

  std::string ToString() const;  // "YYYY-MM-DD"

  friend constexpr auto operator<=>(Date a, Date b) = default;
  friend constexpr bool operator==(Date a, Date b) = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// Microseconds since the Unix epoch, UTC.
struct Timestamp {
  int64_t micros = 0;
  static Timestamp FromSeconds(int64_t s) { return {s * 1'000'000}; }
  int64_t seconds() const { return micros / 1'000'000; }
  // RFC 3339 in UTC with millisecond precision: "2026-11-24T08:00:00.000Z".
  std::string ToString() const;
  // Accepts RFC 3339 with Z or a numeric offset, or a plain date (midnight UTC+8).
  static Result<Timestamp> Parse(std::string_view text, std::string_view field = {});
  // The calendar date of this instant in China Standard Time (UTC+8, no DST), the zone
  // every deployment of bangfu works in.
  Date ChinaDate() const;
  friend constexpr auto operator<=>(Timestamp a, Timestamp b) = default;
  friend constexpr bool operator==(Timestamp a, Timestamp b) = default;
};

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kChinaUtcOffsetSeconds = 8 * 3600;

}  // namespace bangfu

template <>
struct std::hash<bangfu::Date> {
  size_t operator()(bangfu::Date d) const noexcept { return std::hash<int32_t>()(d.days()); }
};
