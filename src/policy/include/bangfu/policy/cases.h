// Case files: a small population written readably in YAML, an as-of date, and the decisions
// expected of a pack (docs/rules-language.md, "Case files"). `bangfu policy test` runs them.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bangfu/policy/pack.h"

namespace bangfu::policy {

struct CaseResult {
  std::string file;
  std::string name;
  bool passed = false;
  // One line per expectation that did not hold, or per problem reading the file
  // ("file:line:column: …"); each failed expectation is followed by the explanation.
  std::vector<std::string> failures;
};

// Runs case files; packs are loaded once per path and reused. Not thread-safe.
class CaseRunner {
 public:
  CaseResult RunFile(const std::string& path);

 private:
  std::map<std::string, LoadResult> packs_;
};

// The case files under `paths` (files as given; directories searched recursively for .yaml
// files that have an `expect:` key), sorted.
std::vector<std::string> FindCaseFiles(const std::vector<std::string>& paths,
                                       std::vector<std::string>* errors);
// The same walk for any kind of YAML file: files as given, and the .yaml files under the
// directories (recursively) with a top-level `key:`, sorted. Missing paths go to *errors.
std::vector<std::string> FindYamlFilesWithKey(const std::vector<std::string>& paths,
                                              std::string_view key,
                                              std::vector<std::string>* errors);

// Builds facts from the YAML text of a case file's population (the keys persons, households,
// employers, …). `names` receives, per table, the row → name map. Exposed for tests.
struct CaseFacts {
  Facts facts;
  std::map<std::string, std::vector<std::string>> names;  // table → name per row
};
// kInvalidArgument with every problem as "file:line:column: message" lines.
Result<CaseFacts> ReadCaseFacts(std::string_view yaml_text, std::string_view file_name);

}  // namespace bangfu::policy
