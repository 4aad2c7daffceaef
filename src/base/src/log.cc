#include "bangfu/base/log.h"

#include <cstdio>

namespace bangfu::log {
namespace {
Sink& CurrentSink() {
  static Sink sink;
  return sink;
}
}  // namespace

void SetSink(Sink sink) { CurrentSink() = std::move(sink); }

void Write(Level level, std::string_view message) {
  if (auto& sink = CurrentSink()) {
    sink(level, message);
    return;
  }
  static const char* kNames[] = {"debug", "info", "warn", "error"};
  std::fprintf(stderr, "[%s] %.*s\n", kNames[static_cast<int>(level)],
               static_cast<int>(message.size()), message.data());
}

}  // namespace bangfu::log
