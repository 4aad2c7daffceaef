// A deterministic synthetic population for benchmarks and tests: for `persons` people about
// 0.3 employment records and 3.6 monthly contributions each, and the other tables in
// proportion, with a share of missing values and of people that meet each rule of the default
// pack around 2024-03-15. Same (persons, seed) → same facts.
#pragma once

#include <cstdint>

#include "bangfu/policy/facts.h"

namespace bangfu::policy {

Facts SyntheticFacts(int64_t persons, uint64_t seed);

}  // namespace bangfu::policy
