// Reading YAML documents with positions: the pack loader, the case-file reader and the service
// standards of casework/ share this.
// yaml-cpp exceptions never leave these functions. Users link yaml-cpp themselves.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "bangfu/policy/pack.h"

namespace bangfu::policy {

class YamlDoc {
 public:
  YamlDoc(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

  // Parses the text; false after reporting a syntax error.
  bool Load(std::vector<Diagnostic>* diags);
  const YAML::Node& root() const { return root_; }
  const std::string& file() const { return file_; }

  SourcePos Pos(const YAML::Node& n) const;
  // The position of byte `offset` inside the scalar n, when n sits on one line as written.
  SourcePos PosIn(const YAML::Node& n, int offset) const;

  // Scalar accessors: false after reporting when the node is missing or of the wrong shape.
  bool Str(const YAML::Node& map, const char* key, std::string* out, std::vector<Diagnostic>* d,
           bool required = true) const;
  bool DateAt(const YAML::Node& n, Date* out, std::vector<Diagnostic>* d) const;
  // Reports every key of `map` not in `known`.
  void OnlyKeys(const YAML::Node& map, std::initializer_list<std::string_view> known,
                std::string_view what, std::vector<Diagnostic>* d) const;
  void Error(const YAML::Node& n, std::string msg, std::vector<Diagnostic>* d) const;

 private:
  std::string_view text_;
  std::string file_;
  YAML::Node root_;
};

// Reads a whole file; kNotFound / kInvalidArgument naming it.
Result<std::string> ReadTextFile(const std::string& path);

}  // namespace bangfu::policy
