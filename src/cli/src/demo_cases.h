// Case work for the synthetic 荣昌区: assignment rules (the demo town to zhen_staff, the demo
// community to she_staff), and for the people of that town plausible service records,
// assistance plans with steps in every state, revisions, and closed plans with follow-ups.
// Deterministic for a seed and a date.
#pragma once

#include <cstdint>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/service/app.h"
#include "demo_policy_data.h"

namespace bangfu::cli {

struct DemoCaseCounts {
  int64_t services = 0, plans = 0;
};

// Writes through the store in one transaction, audited as one case.demo entry. Does nothing
// when the demo staff accounts do not exist.
Result<DemoCaseCounts> GenerateDemoCases(service::App& app, const std::vector<DemoPerson>& people, uint64_t seed);

}  // namespace bangfu::cli
