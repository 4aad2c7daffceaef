// The built web UI: files under one directory, index.html for client-side routes.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "router.h"

namespace bangfu::http {

// True when an Accept-Encoding header value allows gzip ("gzip", "x-gzip" or "*", without q=0).
bool AcceptsGzip(std::string_view accept_encoding);

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  // GET of `path`: the file when it exists under the root; index.html for paths without a file
  // extension (vue-router history mode); 404 JSON for missing assets. Never leaves the root.
  // With `accept_encoding` allowing gzip and a `<file>.gz` beside the file (written by the web
  // build), the compressed copy is sent with Content-Encoding: gzip — a phone on mobile data
  // downloads about a third of the bytes.
  Response Serve(const std::string& path, std::string_view accept_encoding = {}) const;

 private:
  std::filesystem::path root_;
};

}  // namespace bangfu::http
