#include "static_files.h"

#include <cctype>
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
std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// Quality value of one "coding;q=x" element: 1 without a q parameter, 0 for q=0, 0.000 etc.
bool QualityIsZero(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view p = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      std::string_view v = p.substr(2);
      return !v.empty() && v.find_first_not_of("0.") == std::string_view::npos;
    }
  }
  return false;
}
}  // namespace

bool AcceptsGzip(std::string_view header) {
  bool star = false, gzip = false, gzip_listed = false;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    size_t semi = item.find(';');
    std::string_view coding = Trim(item.substr(0, semi));
    bool ok = !QualityIsZero(semi == std::string_view::npos ? std::string_view() : item.substr(semi + 1));
    if (IEquals(coding, "gzip") || IEquals(coding, "x-gzip")) {
      gzip_listed = true;
      gzip = gzip || ok;
    } else if (coding == "*") {
      star = ok;
    }
  }
  return gzip_listed ? gzip : star;
}

StaticFiles::StaticFiles(fs::path root) {
  std::error_code ec;
  root_ = fs::weakly_canonical(root, ec);
  if (ec) root_ = root;
}

Response StaticFiles::Serve(const std::string& path, std::string_view accept_encoding) const {
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
  fs::path gz = canon;
  gz += ".gz";
  if (AcceptsGzip(accept_encoding) && fs::is_regular_file(gz, ec) && ReadFile(gz, &r.body)) {
    r.headers.emplace_back("Content-Encoding", "gzip");
  } else if (!ReadFile(canon, &r.body)) {
    return ErrorResponse(Error::NotFound("文件不存在"));
  }
  // Caches must keep the plain and the compressed copy apart.
  r.headers.emplace_back("Vary", "Accept-Encoding");
  r.content_type = ContentType(canon.extension().string());
  // Vite puts content-hashed files under assets/: cache them for good; never cache the page.
  if (rel.string().rfind("assets/", 0) == 0 && is_file)
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  else
    r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace bangfu::http
