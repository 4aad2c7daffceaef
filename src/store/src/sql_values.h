// How the store writes values as SQL text (both backends): dates as 'YYYY-MM-DD', '' for none,
// and region-prefix ranges for index-friendly scope filters.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/date.h"

namespace bangfu::store {

inline std::string DateText(const std::optional<Date>& d) { return d ? d->ToString() : std::string(); }

inline std::optional<Date> TextDate(const std::string& s) {
  if (s.empty()) return std::nullopt;
  auto d = Date::Parse(s);
  return d.ok() ? std::optional<Date>(*d) : std::nullopt;
}

// "500153" → "500154": the exclusive upper bound of codes starting with the prefix (digits
// only, so incrementing the last character — '9' becomes ':' — keeps the order).
inline std::string PrefixEnd(std::string p) {
  p.back() = static_cast<char>(p.back() + 1);
  return p;
}

// Lists in one column (skills, majors, aliases): items joined with '\x1f'.
constexpr char kSep = '\x1f';

inline std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out.push_back(kSep);
    out += v[i];
  }
  return out;
}
inline std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(kSep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

}  // namespace bangfu::store
