// A synthetic 荣昌区 ledger for the demo: plausible people with valid ID numbers, households,
// graduates of the last three years, hardship categories in realistic shares, status histories
// and contacts. Deterministic: the same seed and date give the same people.
#pragma once

#include <cstdint>

#include "bangfu/base/result.h"
#include "bangfu/service/app.h"

namespace bangfu::cli {

struct DemoPeopleOptions {
  int64_t persons = 2000;
  uint64_t seed = 20220720;  // The date of the Rongchang plan.
  std::string district = "500153";
};

// Adds the people to the ledger (one transaction); returns how many were added.
Result<int64_t> GenerateDemoPeople(service::App& app, const DemoPeopleOptions& options);

}  // namespace bangfu::cli
