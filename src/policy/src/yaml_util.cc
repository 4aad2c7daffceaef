#include "bangfu/policy/yaml_doc.h"

#include <fstream>
#include <sstream>

namespace bangfu::policy {

std::string Diagnostic::ToString() const {
  std::string s = pos.file;
  if (pos.line > 0) s += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
  s += severity == Severity::kError ? ": error: " : ": warning: ";
  return s + message;
}

bool YamlDoc::Load(std::vector<Diagnostic>* diags) {
  try {
    root_ = YAML::Load(std::string(text_));
  } catch (const YAML::Exception& e) {
    diags->push_back(
        {Severity::kError, {file_, e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + e.msg});
    return false;
  }
  if (!root_.IsMap()) {
    diags->push_back({Severity::kError, {file_, 1, 1}, "the file must be a YAML mapping"});
    return false;
  }
  return true;
}

SourcePos YamlDoc::Pos(const YAML::Node& n) const {
  if (!n.IsDefined()) return {file_, 0, 0};
  const YAML::Mark m = n.Mark();
  if (m.line < 0) return {file_, 0, 0};
  return {file_, m.line + 1, m.column + 1};
}

SourcePos YamlDoc::PosIn(const YAML::Node& n, int offset) const {
  SourcePos p = Pos(n);
  if (p.line == 0 || !n.IsScalar()) return p;
  const std::string& value = n.Scalar();
  // Find the line as written and check that the value sits on it verbatim.
  size_t line_start = 0;
  for (int l = 1; l < p.line && line_start != std::string_view::npos; ++l) {
    line_start = text_.find('\n', line_start);
    if (line_start != std::string_view::npos) ++line_start;
  }
  if (line_start == std::string_view::npos) return p;
  const size_t at = line_start + p.column - 1;
  const size_t quote = (at < text_.size() && (text_[at] == '"' || text_[at] == '\'')) ? 1 : 0;
  if (text_.substr(at + quote, value.size()) != value) return p;
  p.column += static_cast<int>(quote) + offset;
  return p;
}

void YamlDoc::Error(const YAML::Node& n, std::string msg, std::vector<Diagnostic>* d) const {
  d->push_back({Severity::kError, Pos(n), std::move(msg)});
}

bool YamlDoc::Str(const YAML::Node& map, const char* key, std::string* out,
                  std::vector<Diagnostic>* d, bool required) const {
  const YAML::Node n = map[key];
  if (!n) {
    if (required) Error(map, std::string("missing '") + key + "'", d);
    return false;
  }
  if (!n.IsScalar()) {
    Error(n, std::string("'") + key + "' must be a single value", d);
    return false;
  }
  *out = n.Scalar();
  return true;
}

bool YamlDoc::DateAt(const YAML::Node& n, Date* out, std::vector<Diagnostic>* d) const {
  if (!n || !n.IsScalar()) {
    Error(n, "a date YYYY-MM-DD is needed here", d);
    return false;
  }
  auto r = Date::Parse(n.Scalar());
  if (!r.ok()) {
    Error(n, r.error().message, d);
    return false;
  }
  *out = *r;
  return true;
}

void YamlDoc::OnlyKeys(const YAML::Node& map, std::initializer_list<std::string_view> known,
                       std::string_view what, std::vector<Diagnostic>* d) const {
  if (!map.IsMap()) return;
  for (const auto& kv : map) {
    const std::string k = kv.first.Scalar();
    bool ok = false;
    for (auto x : known) ok |= x == k;
    if (!ok) {
      std::string list;
      for (auto x : known) list += (list.empty() ? "" : ", ") + std::string(x);
      Error(kv.first,
            "unknown field '" + k + "' in " + std::string(what) + " (expected: " + list + ")", d);
    }
  }
}

Result<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("cannot open " + path, path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error::InvalidArgument("cannot read " + path, path);
  return ss.str();
}

}  // namespace bangfu::policy
