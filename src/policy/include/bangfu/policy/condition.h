// Person conditions outside a pack: lists of conditions in the rules language
// (docs/rules-language.md), each list holding when all of its conditions hold, evaluated for
// every person of a population at an as-of date. The service standards of casework/ use this
// for their coverage (`covers:`), so that there is one language, one type checker and one
// evaluator.
//
// The conditions are checked as if they were the `when:` of a rule `for: person`: names
// reachable are `person`, `household` and `as_of`; there are no parameters.
//
// Thread-safety: build on one thread; after that Evaluate may be called from any number.
#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"
#include "bangfu/policy/facts.h"
#include "bangfu/policy/pack.h"
#include "bangfu/policy/yaml_doc.h"

namespace bangfu::policy {

class PersonConditionSet {
 public:
  explicit PersonConditionSet(std::string name);
  ~PersonConditionSet();
  PersonConditionSet(PersonConditionSet&&) noexcept;
  PersonConditionSet& operator=(PersonConditionSet&&) noexcept;

  // Adds the YAML list `list` of doc (a non-empty sequence of condition scalars) under `id`.
  // Returns its index, or -1 after reporting every problem at its file:line:column.
  int Add(const YamlDoc& doc, const YAML::Node& list, const std::string& id,
          std::vector<Diagnostic>* diags);
  int size() const;

  // True when every condition reads only the person's own columns, categories and household
  // (person and household fields; age, is_4050, has_category, registered_unemployed,
  // zero_employment, graduate_of_year, left_school_within, in_region and the arithmetic
  // helpers): then Facts holding just persons, categories and households give the same values
  // as the full Facts, and a loader may skip the other tables. False when anything else is read.
  bool ReadsPersonsOnly() const;

  // For each list, one value per person row of `facts`: kTrue when every condition holds,
  // kFalse when one fails, kUnknown when none fails but one cannot be judged (missing data).
  // kInvalidArgument when the facts break their invariants. `threads` 0: all cores.
  Result<std::vector<std::vector<Tri>>> Evaluate(const Facts& facts, Date as_of,
                                                 int threads = 0) const;

 private:
  std::shared_ptr<Pack> pack_;
};

}  // namespace bangfu::policy
