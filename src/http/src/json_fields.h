// Readers of JSON request members shared by the API handlers: each turns a wrong type into
// kInvalidArgument naming the member, and an absent or null member into the fallback.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"
#include "router.h"

namespace bangfu::http {

// Reads a string member; absent or null → empty; wrong type → kInvalidArgument naming it.
inline Result<std::string> Str(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::string();
  if (!j[key].is_string()) return Error::InvalidArgument(std::string(key) + " 应为字符串", key);
  return j[key].get<std::string>();
}
inline Result<std::optional<Date>> OptDate(const nlohmann::json& j, const char* key) {
  BANGFU_ASSIGN_OR_RETURN(std::string s, Str(j, key));
  if (s.empty()) return std::optional<Date>();
  BANGFU_ASSIGN_OR_RETURN(Date d, Date::Parse(s, key));
  return std::optional<Date>(d);
}
inline Result<int64_t> Int(const nlohmann::json& j, const char* key, int64_t fallback) {
  if (!j.contains(key) || j[key].is_null()) return fallback;
  if (!j[key].is_number_integer()) return Error::InvalidArgument(std::string(key) + " 应为整数", key);
  return j[key].get<int64_t>();
}
inline Result<bool> Bool(const nlohmann::json& j, const char* key, bool fallback) {
  if (!j.contains(key) || j[key].is_null()) return fallback;
  if (!j[key].is_boolean()) return Error::InvalidArgument(std::string(key) + " 应为 true 或 false", key);
  return j[key].get<bool>();
}

// A query parameter as an integer; absent → fallback; not an integer → kInvalidArgument.
inline Result<int64_t> IntParam(const Request& req, const std::string& name, int64_t fallback) {
  std::string v = req.Query(name);
  if (v.empty()) return fallback;
  try {
    size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
    return static_cast<int64_t>(n);
  } catch (...) {
    return Error::InvalidArgument("参数应为整数: " + name, name);
  }
}

// The {id} segment of the route as a positive integer of decimal digits; anything else is
// kNotFound ("<what>不存在"), exactly like a record that does not exist.
inline Result<int64_t> PathId(const Request& req, const std::string& what) {
  auto it = req.params.find("id");
  int64_t id = 0;
  if (it == req.params.end() || it->second.empty() || it->second.size() > 15)
    return Error::NotFound(what + "不存在");
  for (char c : it->second) {
    if (c < '0' || c > '9') return Error::NotFound(what + "不存在");
    id = id * 10 + (c - '0');
  }
  if (id <= 0) return Error::NotFound(what + "不存在");
  return id;
}

}  // namespace bangfu::http
