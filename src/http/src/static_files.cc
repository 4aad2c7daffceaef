#include "static_files.h"

#include <fstream>
#include <sstream>

namespace bangfu::http {
namespace fs = std::filesystem;

namespace {
const char* ContentType(const std::string& ext) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
      {".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
      {".gif", "image/gif"}, {".ico", "image/x-icon"}, {".woff", "font/woff"},
      {".woff2", "font/woff2"}, {".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"}, {".webp", "image/webp"},
  };
  for (auto [e, t] : kTypes)
    if (ext == e) return t;
  return "application/octet-stream";
}

bool ReadFile(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}
}  // namespace

StaticFiles::StaticFiles(fs::path root) {
  std::error_code ec;
  root_ = fs::weakly_canonical(root, ec);
  if (ec) root_ = root;
}

Response StaticFiles::Serve(const std::string& path) const {
  // Reject anything that could climb out: "..", backslashes, NUL.
  if (path.find("..") != std::string::npos || path.find('\\') != std::string::npos ||
      path.find('\0') != std::string::npos || path.empty() || path[0] != '/')
    return ErrorResponse(Error::NotFound("文件不存在"));
  fs::path rel = fs::path(path.substr(1)).lexically_normal();
  fs::path file = root_ / rel;
  std::error_code ec;
  const bool is_file = !rel.empty() && fs::is_regular_file(file, ec);
  if (!is_file) {
    // A path with an extension is a missing asset; anything else is a page of the SPA.
    if (rel.has_extension() && rel.extension() != ".html") return ErrorResponse(Error::NotFound("文件不存在"));
    file = root_ / "index.html";
  }
  fs::path canon = fs::weakly_canonical(file, ec);
  if (ec || canon.string().rfind(root_.string(), 0) != 0) return ErrorResponse(Error::NotFound("文件不存在"));
  Response r;
  if (!ReadFile(canon, &r.body)) return ErrorResponse(Error::NotFound("文件不存在"));
  r.content_type = ContentType(canon.extension().string());
  // Vite puts content-hashed files under assets/: cache them for good; never cache the page.
  if (rel.string().rfind("assets/", 0) == 0 && is_file)
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  else
    r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace bangfu::http
