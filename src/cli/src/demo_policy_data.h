// The synthetic 荣昌区's records beside the ledger: employers, employment records consistent
// with each person's status history, monthly social-insurance contributions, businesses
// founded by ledger people, internships, trainings, public-welfare placements, 低保 payments
// and a few subsidies already paid. Deterministic for a seed and a date.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/service/app.h"

namespace bangfu::cli {

struct DemoEmployer {
  const char* name;
  const char* size_class;  // domain::EmployerSize id.
  const char* kind;        // domain::OrgKind id.
  const char* industry;
};
// The organisations of the demo district; the people generator names them in status history.
const std::vector<DemoEmployer>& DemoEmployers();
// Indexes into DemoEmployers() of the small and micro enterprises (for scripted hires).
const std::vector<size_t>& DemoSmallEmployers();

// A generated person as stored, with the employer named in their status history ("" if none).
struct DemoPerson {
  service::Person person;
  std::string employer;
};

struct DemoDataCounts {
  int64_t employers = 0, employments = 0, contributions = 0, businesses = 0, internships = 0,
          trainings = 0, placements = 0, dibao_payments = 0, paid = 0, recognitions = 0;
};

// Writes the records for `people` (one transaction). `seed` as for the people.
Result<DemoDataCounts> GenerateDemoPolicyData(service::App& app,
                                              const std::vector<DemoPerson>& people, uint64_t seed,
                                              const std::string& district);

}  // namespace bangfu::cli
