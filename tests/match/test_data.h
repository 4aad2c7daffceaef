// Paths to test data: this module's files and the shared reference classification.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace bangfu::match::testing {

inline std::filesystem::path SourceDir() { return BANGFU_SOURCE_DIR; }

// The full 2022 classification beside the repository (../shared/data/csco22.csv); nullopt
// when this checkout has no shared/ folder next to it.
inline std::optional<std::string> ReadCsco22() {
  const auto path = SourceDir() / ".." / "shared" / "data" / "csco22.csv";
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace bangfu::match::testing
