// The built web UI: files under one directory, index.html for client-side routes.
#pragma once

#include <filesystem>
#include <string>

#include "router.h"

namespace bangfu::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  // GET of `path`: the file when it exists under the root; index.html for paths without a file
  // extension (vue-router history mode); 404 JSON for missing assets. Never leaves the root.
  Response Serve(const std::string& path) const;

 private:
  std::filesystem::path root_;
};

}  // namespace bangfu::http
