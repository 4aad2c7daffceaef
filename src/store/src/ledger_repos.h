// SQL repositories of the real-name ledger.
#pragma once

#include <memory>

#include "bangfu/service/ledger.h"
#include "bangfu/service/policy_data.h"
#include "db.h"

namespace bangfu::store {

std::unique_ptr<service::PersonRepository> MakePersonRepository(Db& db);
std::unique_ptr<service::HouseholdRepository> MakeHouseholdRepository(Db& db);
std::unique_ptr<service::CalendarRepository> MakeCalendarRepository(Db& db);
std::unique_ptr<service::RegistrationRepository> MakeRegistrationRepository(Db& db);
// Employers and the records the policy rules read (policy_data_repos.cc).
std::unique_ptr<service::PolicyDataRepository> MakePolicyDataRepository(Db& db);

}  // namespace bangfu::store
