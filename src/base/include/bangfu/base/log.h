// Logging facade. base/ depends on std and fmt only, so the sink is installed by main()
// (which routes it to spdlog); until then messages go to stderr.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <string_view>

namespace bangfu::log {

enum class Level { kDebug, kInfo, kWarn, kError };

using Sink = std::function<void(Level, std::string_view)>;
// Not thread-safe with concurrent logging: call once at start-up.
void SetSink(Sink sink);
void Write(Level level, std::string_view message);

template <typename... Args>
void Debug(fmt::format_string<Args...> f, Args&&... args) {
  Write(Level::kDebug, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void Info(fmt::format_string<Args...> f, Args&&... args) {
  Write(Level::kInfo, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void Warn(fmt::format_string<Args...> f, Args&&... args) {
  Write(Level::kWarn, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void Error(fmt::format_string<Args...> f, Args&&... args) {
  Write(Level::kError, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace bangfu::log
