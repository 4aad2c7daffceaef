// Loading the inputs of case work (service standards, worklists, zero-employment households)
// from the store: the facts the standards' coverage conditions read (LoadFacts) plus the
// case-work tables, for a region scope, one query per table and no per-person queries.
// docs/service-standards.md, "From the store", states the mapping.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/casework/compliance.h"
#include "bangfu/casework/standard.h"
#include "bangfu/casework/worklist.h"
#include "bangfu/domain/calendar.h"
#include "bangfu/policy/facts.h"
#include "bangfu/service/facts_loader.h"
#include "bangfu/service/ports.h"

namespace bangfu::service {

// Everything aligned with the person rows of `facts` (persons by id): cases, records and
// persons have one entry (or CSR range) per row; region_codes holds each person's code as text.
struct CaseWorkData {
  policy::Facts facts;
  casework::CaseInputs cases;
  casework::ServiceRecords records;
  std::vector<casework::WorkPerson> persons;
  std::vector<std::string> region_codes;
  std::vector<casework::WorkStep> steps;
  std::vector<casework::WorkReferral> referrals;
  std::vector<casework::WorkRegistration> registrations;  // pending ones
  // Households with a member in scope; members outside the scope are not loaded.
  std::vector<casework::HouseholdCase> households;
  // Row of a person id, policy::kNoRow when not loaded.
  policy::Row RowOf(int64_t person_id) const;
};

struct CaseWorkCounts {
  LoadFactsCounts facts;
  int64_t services = 0, plans = 0, steps = 0, registrations = 0;
};

// Reads the scope into `data` (replacing it) in one store transaction. `as_of` decides which
// members count as of working age (16–60) for households. Records about persons outside the
// scope are dropped. Errors: kUnavailable/kInternal from the store.
Result<CaseWorkCounts> LoadCaseWork(Store& store, const LoadFactsOptions& options, Date as_of,
                                    CaseWorkData& data);

// The case work of the persons loaded in `d` at `as_of`: the one computation that the
// in-memory state (CaseWorkCache) and the worklist's store fallback share. With `standards`,
// each person's compliance (`run`, which refers to `d` and `standards`: keep both alive while
// using it) and, written into d.persons, their missing services and next deadline; then their
// worklist items, grouped by row (casework::WorkItemsByPerson). `threads` as for
// casework::ComplianceRun::Compute (0: every core). Errors from the computation.
struct CaseWork {
  std::optional<casework::ComplianceRun> run;  // empty without standards
  casework::PersonItems work;
};
Result<CaseWork> ComputeCaseWork(const casework::StandardSet* standards, CaseWorkData& d,
                                 const domain::WorkCalendar& calendar, Date as_of, int threads = 0);

// The intention the ledger's employment status implies (docs/service-standards.md).
casework::Intention IntentionOfStatus(std::string_view status);

}  // namespace bangfu::service
