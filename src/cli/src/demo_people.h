// A synthetic 荣昌区 ledger for the demo: plausible people with valid ID numbers, households,
// graduates of the last three years, hardship categories in realistic shares, status histories
// and contacts. Deterministic: the same seed and date give the same people.
#pragma once

#include <cstdint>

#include "bangfu/base/result.h"
#include "bangfu/service/app.h"
#include "demo_cases.h"
#include "demo_policy_data.h"

namespace bangfu::cli {

struct DemoPeopleOptions {
  int64_t persons = 2000;
  uint64_t seed = 20220720;  // The date of the Rongchang plan.
  std::string district = "500153";
};

// Adds the people to the ledger (one transaction); returns how many were added, and the people
// as stored in `created` when given. Among them, whenever the date allows, two scripted cases
// the subsidy rules must find: a graduate of this year who signed with a small employer in May
// before leaving school, and a 低保 member hired straight out of registered unemployment more
// than a year ago.
Result<int64_t> GenerateDemoPeople(service::App& app, const DemoPeopleOptions& options,
                                   std::vector<DemoPerson>* created = nullptr);

struct DemoDataSummary {
  int64_t persons = 0;
  DemoDataCounts records;
  DemoCaseCounts cases;
  std::string ToString() const;  // One line for the console and the log.
};

// The whole synthetic district: the people, then the records about them and their employers.
Result<DemoDataSummary> GenerateDemoData(service::App& app, const DemoPeopleOptions& options);

}  // namespace bangfu::cli
