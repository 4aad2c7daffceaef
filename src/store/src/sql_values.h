// How the store writes values as SQL text (both backends): dates as 'YYYY-MM-DD', '' for none,
// and region-prefix ranges for index-friendly scope filters.
#pragma once

#include <optional>
#include <string>

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

}  // namespace bangfu::store
