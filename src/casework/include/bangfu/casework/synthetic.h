// Deterministic synthetic case work for benchmarks and tests, over facts from
// policy::SyntheticFacts: for every person an intention, needs and a registration date in the
// 180 days before `as_of`, and `records_per_person` service records of mixed kinds dated
// between registration and as_of. Same inputs → same output.
#pragma once

#include <cstdint>

#include "bangfu/casework/compliance.h"
#include "bangfu/policy/facts.h"

namespace bangfu::casework {

struct SyntheticCasework {
  CaseInputs cases;
  ServiceRecords records;
};

SyntheticCasework SyntheticCases(const policy::Facts& facts, int records_per_person, Date as_of,
                                 uint64_t seed);

}  // namespace bangfu::casework
