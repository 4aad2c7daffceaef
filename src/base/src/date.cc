#include "bangfu/base/date.h"

#include <chrono>
#include <cstdio>

#include "bangfu/base/clock.h"

namespace bangfu {
namespace {

// Howard Hinnant's civil-date algorithms (public domain, chrono-compatible).
constexpr int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

constexpr void CivilFromDays(int32_t z, int* y, int* m, int* d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int yy = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yy + (*m <= 2);
}

bool ParseDigits(std::string_view s, int* out) {
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

bool Date::IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int Date::DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeapYear(y)) return 29;
  return kDays[m - 1];
}

Result<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1800 || year > 9999) return Error::InvalidArgument("年份超出范围");
  if (month < 1 || month > 12) return Error::InvalidArgument("月份无效");
  if (day < 1 || day > DaysInMonth(year, month)) return Error::InvalidArgument("日期不存在");
  return FromYmdUnchecked(year, month, day);
}

Date Date::FromYmdUnchecked(int year, int month, int day) {
  return Date(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

Result<Date> Date::Parse(std::string_view text, std::string_view field) {
  auto fail = [&] {
    return Error::InvalidArgument("日期格式应为 YYYY-MM-DD: \"" + std::string(text) + "\"",
                                  std::string(field));
  };
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  int y = 0, m = 0, d = 0;
  if (text.size() == 8 && ParseDigits(text, &y)) {
    y = 0;
    if (!ParseDigits(text.substr(0, 4), &y) || !ParseDigits(text.substr(4, 2), &m) ||
        !ParseDigits(text.substr(6, 2), &d))
      return fail();
  } else {
    size_t p1 = text.find_first_of("-/.");
    if (p1 == std::string_view::npos) return fail();
    char sep = text[p1];
    size_t p2 = text.find(sep, p1 + 1);
    if (p2 == std::string_view::npos) return fail();
    if (!ParseDigits(text.substr(0, p1), &y) || p1 != 4 ||
        !ParseDigits(text.substr(p1 + 1, p2 - p1 - 1), &m) || p2 - p1 - 1 > 2 ||
        !ParseDigits(text.substr(p2 + 1), &d) || text.size() - p2 - 1 > 2)
      return fail();
  }
  auto r = FromYmd(y, m, d);
  if (!r.ok()) {
    return Error::InvalidArgument(r.error().message + ": \"" + std::string(text) + "\"",
                                  std::string(field));
  }
  return r;
}

void Date::ToYmd(int* y, int* m, int* d) const { CivilFromDays(days_, y, m, d); }
int Date::year() const { int y, m, d; ToYmd(&y, &m, &d); return y; }
int Date::month() const { int y, m, d; ToYmd(&y, &m, &d); return m; }
int Date::day() const { int y, m, d; ToYmd(&y, &m, &d); return d; }

int Date::weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  int w = (days_ + 3) % 7;
  return w < 0 ? w + 7 : w;
}

Date Date::AddMonths(int n) const {
  int y, m, d;
  ToYmd(&y, &m, &d);
  int total = y * 12 + (m - 1) + n;
  int ny = total >= 0 ? total / 12 : (total - 11) / 12;
  int nm = total - ny * 12 + 1;
  int nd = std::min(d, DaysInMonth(ny, nm));
  return FromYmdUnchecked(ny, nm, nd);
}

int Date::MonthsUntil(Date later) const {
  if (later < *this) return 0;
  int y1, m1, d1, y2, m2, d2;
  ToYmd(&y1, &m1, &d1);
  later.ToYmd(&y2, &m2, &d2);
  int n = (y2 - y1) * 12 + (m2 - m1);
  while (n > 0 && AddMonths(n) > later) --n;
  return n;
}

std::string Date::ToString() const {
  int y, m, d;
  ToYmd(&y, &m, &d);
  char buf[32];  // room for any int, so the output is never cut
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string Timestamp::ToString() const {
  int64_t secs = micros >= 0 ? micros / kMicrosPerSecond : (micros - 999999) / kMicrosPerSecond;
  int64_t ms = (micros - secs * kMicrosPerSecond) / 1000;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t sod = secs - days * 86400;
  int y, m, d;
  CivilFromDays(static_cast<int32_t>(days), &y, &m, &d);
  char buf[64];  // room for any int, so the output is never cut
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d,
                static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                static_cast<int>(sod % 60), static_cast<int>(ms));
  return buf;
}

Result<Timestamp> Timestamp::Parse(std::string_view text, std::string_view field) {
  auto fail = [&] {
    return Error::InvalidArgument("时间格式应为 RFC 3339: \"" + std::string(text) + "\"",
                                  std::string(field));
  };
  if (text.size() == 10) {
    auto d = Date::Parse(text, field);
    if (!d.ok()) return d.error();
    return Timestamp{(static_cast<int64_t>(d->days()) * 86400 - kChinaUtcOffsetSeconds) *
                     kMicrosPerSecond};
  }
  if (text.size() < 20 || (text[10] != 'T' && text[10] != ' ')) return fail();
  auto d = Date::Parse(text.substr(0, 10), field);
  if (!d.ok()) return fail();
  int hh, mm, ss;
  if (text[13] != ':' || text[16] != ':' || !ParseDigits(text.substr(11, 2), &hh) ||
      !ParseDigits(text.substr(14, 2), &mm) || !ParseDigits(text.substr(17, 2), &ss) || hh > 23 ||
      mm > 59 || ss > 60)
    return fail();
  size_t pos = 19;
  int64_t frac_us = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) frac_us = frac_us * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return fail();
    for (int i = digits; i < 6; ++i) frac_us *= 10;
  }
  int64_t offset = 0;
  std::string_view tz = text.substr(pos);
  if (tz == "Z" || tz == "z") {
    offset = 0;
  } else if (tz.size() == 6 && (tz[0] == '+' || tz[0] == '-') && tz[3] == ':') {
    int oh, om;
    if (!ParseDigits(tz.substr(1, 2), &oh) || !ParseDigits(tz.substr(4, 2), &om)) return fail();
    offset = (oh * 3600 + om * 60) * (tz[0] == '-' ? -1 : 1);
  } else {
    return fail();
  }
  int64_t secs = static_cast<int64_t>(d->days()) * 86400 + hh * 3600 + mm * 60 + ss - offset;
  return Timestamp{secs * kMicrosPerSecond + frac_us};
}

Date Timestamp::ChinaDate() const {
  int64_t secs = micros / kMicrosPerSecond + kChinaUtcOffsetSeconds;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  return Date::FromDays(static_cast<int32_t>(days));
}

Timestamp SystemClock::Now() const {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return {std::chrono::duration_cast<std::chrono::microseconds>(now).count()};
}

}  // namespace bangfu
