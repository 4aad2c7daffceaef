// Loading the population a policy pack is evaluated over (policy::Facts) from the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/policy/facts.h"
#include "bangfu/service/ports.h"

namespace bangfu::service {

struct LoadFactsOptions {
  // Persons whose region_code starts with this prefix ("" = everyone), with every record about
  // them; employers and businesses in the region, plus those the loaded records refer to.
  std::string region_prefix;
  // Only persons with ids in this range (one person: both the same id).
  int64_t min_person_id = 0;
  int64_t max_person_id = INT64_MAX;
  // Only these persons, when not empty: sorted, unique and within the id range above (which
  // the caller sets to the first and last of them). Each table is still read in one statement.
  std::vector<int64_t> person_ids;
  // Only persons (with their categories) and their households: the other tables stay empty.
  // For conditions that read nothing else (policy::PersonConditionSet::ReadsPersonsOnly).
  bool persons_only = false;
  // The run's as-of date: employer recognitions and 帮扶车间 evaluations dated after it are left
  // out, as they were not known then (empty: every one). Other records are dated in their own
  // columns, which the rules compare with the as-of date themselves.
  std::optional<Date> as_of;
};

// Rows read per table, for logs and the benchmark.
struct LoadFactsCounts {
  int64_t persons = 0, categories = 0, households = 0, employers = 0, employments = 0,
          contributions = 0, businesses = 0, internships = 0, trainings = 0, placements = 0,
          dibao_payments = 0, paid = 0;
  // Records dropped because they refer to a person outside the scope.
  int64_t outside_scope = 0;
};

// Reads the whole population in scope into `facts` (replacing its content), in one store
// transaction so that the tables agree with each other. Rows are dense and ordered as
// policy/facts.h requires: persons by id, each person's categories by (category, from),
// contributions by (person, month, payer row) with CSR offsets, founders CSR by business.
// Missing values get the sentinels of facts.h, never a made-up value: an unknown category id
// or a record whose person is outside the scope is left out (and counted); the ledger has no
// rural-hukou column yet, so rural_hukou is Tri::kUnknown for everyone.
// Errors: kUnavailable/kInternal from the store.
Result<LoadFactsCounts> LoadFacts(Store& store, const LoadFactsOptions& options,
                                  policy::Facts& facts);

}  // namespace bangfu::service
