// Result<T>: the value of an operation that may fail in an expected way.
//
// Expected failures (bad input, not found, forbidden, ...) are values, never
// exceptions. Exceptions are for bugs and broken environments only, and never
// cross a module boundary. Shaped like std::expected (C++23), which g++ 12 lacks.
#pragma once

#include <cassert>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace bangfu {

enum class ErrorCode {
  kInvalidArgument,     // 400: the caller sent something wrong; `field` names it.
  kUnauthenticated,     // 401
  kPermissionDenied,    // 403
  kNotFound,            // 404 (also for records outside the caller's data scope)
  kMethodNotAllowed,    // 405: the resource exists but not for this method.
  kConflict,            // 409
  kFailedPrecondition,  // 409/422: the state does not allow the operation now.
  kTooLarge,            // 413
  kResourceExhausted,   // 429: rate limited.
  kUnavailable,         // 503
  kInternal,            // 500
};

// Stable lower-case name of a code, as it appears in API error bodies.
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // Human-readable, may be shown to users (Chinese allowed).
  std::string field;    // The input field, column or line the error is about; may be empty.

  static Error InvalidArgument(std::string message, std::string field = {}) {
    return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
  }
  static Error Unauthenticated(std::string message) {
    return {ErrorCode::kUnauthenticated, std::move(message), {}};
  }
  static Error PermissionDenied(std::string message) {
    return {ErrorCode::kPermissionDenied, std::move(message), {}};
  }
  static Error NotFound(std::string message, std::string field = {}) {
    return {ErrorCode::kNotFound, std::move(message), std::move(field)};
  }
  static Error Conflict(std::string message, std::string field = {}) {
    return {ErrorCode::kConflict, std::move(message), std::move(field)};
  }
  static Error FailedPrecondition(std::string message, std::string field = {}) {
    return {ErrorCode::kFailedPrecondition, std::move(message), std::move(field)};
  }
  static Error TooLarge(std::string message) { return {ErrorCode::kTooLarge, std::move(message), {}}; }
  static Error ResourceExhausted(std::string message) {
    return {ErrorCode::kResourceExhausted, std::move(message), {}};
  }
  static Error Unavailable(std::string message) {
    return {ErrorCode::kUnavailable, std::move(message), {}};
  }
  static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}}; }

  bool IsNotFound() const { return code == ErrorCode::kNotFound; }
  bool IsInvalidArgument() const { return code == ErrorCode::kInvalidArgument; }
  bool IsConflict() const { return code == ErrorCode::kConflict; }

  // "code: message (field)" for logs and CLI output.
  std::string ToString() const;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  Result(const T& value) : v_(value) {}                       // NOLINT: implicit by design
  Result(T&& value) : v_(std::move(value)) {}                 // NOLINT
  Result(const Error& error) : v_(error) {}                   // NOLINT
  Result(Error&& error) : v_(std::move(error)) {}             // NOLINT
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, Error> &&
                                                    !std::is_same_v<std::decay_t<U>, Result>>>
  Result(U&& value) : v_(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  bool has_value() const { return ok(); }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(const Error& error) : error_(error), ok_(false) {}        // NOLINT
  Result(Error&& error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { assert(ok_); }
  const Error& error() const& { assert(!ok_); return error_; }
  Error&& error() && { assert(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;
inline Status OkStatus() { return {}; }

}  // namespace bangfu

// Propagate an error from an expression returning Result/Status.
#define BANGFU_CONCAT_INNER(a, b) a##b
#define BANGFU_CONCAT(a, b) BANGFU_CONCAT_INNER(a, b)
#define BANGFU_RETURN_IF_ERROR(expr)                       \
  do {                                                     \
    auto&& bangfu_status_ = (expr);                        \
    if (!bangfu_status_.ok()) return bangfu_status_.error(); \
  } while (0)
#define BANGFU_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).error();      \
  lhs = std::move(tmp).value()
// BANGFU_ASSIGN_OR_RETURN(auto x, F()); declares x or returns F()'s error.
#define BANGFU_ASSIGN_OR_RETURN(lhs, expr) \
  BANGFU_ASSIGN_OR_RETURN_IMPL(BANGFU_CONCAT(bangfu_result_, __LINE__), lhs, expr)
