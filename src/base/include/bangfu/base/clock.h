// Clock: the only source of "now". Domain and service code take a Clock& and never call
// std::chrono::system_clock directly, so tests can fix time.
#pragma once

#include <atomic>

#include "bangfu/base/date.h"

namespace bangfu {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  // Today's date in China Standard Time.
  Date Today() const { return Now().ChinaDate(); }
};

// Wall clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that stands still until told to move. Thread-safe.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp t) : micros_(t.micros) {}
  Timestamp Now() const override { return {micros_.load()}; }
  void Set(Timestamp t) { micros_.store(t.micros); }
  void Advance(int64_t seconds) { micros_.fetch_add(seconds * kMicrosPerSecond); }

 private:
  std::atomic<int64_t> micros_;
};

}  // namespace bangfu
