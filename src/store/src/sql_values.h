// How the store writes values as SQL text (both backends): dates as 'YYYY-MM-DD', '' for none,
// and region-prefix ranges for index-friendly scope filters.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/date.h"

namespace bangfu::store {

// "1,2,3": ids for an IN list. Only for integers we hold (never text from outside), which is
// why they may be inlined instead of bound.
inline std::string IdList(std::span<const int64_t> ids) {
  std::string list;
  list.reserve(ids.size() * 8);
  for (const int64_t id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  return list;
}

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

// Blind indexes (keyed hashes) are opaque bytes, stored as BLOB (SQLite) / BYTEA (PostgreSQL).
// Statements that go through SOCI carry them as hex text and convert in SQL (unhex/hex,
// decode/encode): SOCI binds and reads std::string as text on both backends. HexText gives
// lowercase hex; BytesOfHex accepts either case and returns nullopt for anything not hex.
inline std::string HexText(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 15];
  }
  return out;
}
inline std::optional<std::string> BytesOfHex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  return out;
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
