// Case files of the service standards (docs/service-standards.md, "Case files"): a small
// population in the policy case-file format, the case-work facts of each person (intention,
// needs, anchor dates), their service records, an as-of date, and the compliance expected.
// `bangfu standard test` runs them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bangfu/casework/standard.h"
#include "bangfu/policy/cases.h"

namespace bangfu::casework {

// Same shape as a policy case's result: file, name, passed, and one line per expectation that
// did not hold or per problem reading the file ("file:line:column: …").
using StandardCaseResult = policy::CaseResult;

// Runs case files; standard sets are loaded once per list of paths. Not thread-safe.
class StandardCaseRunner {
 public:
  StandardCaseResult RunFile(const std::string& path);

 private:
  std::map<std::vector<std::string>, LoadedStandards> sets_;
};

}  // namespace bangfu::casework
