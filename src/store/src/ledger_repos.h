// SQL repositories of the real-name ledger.
#pragma once

#include <memory>

#include "bangfu/service/ledger.h"
#include "db.h"

namespace bangfu::store {

std::unique_ptr<service::PersonRepository> MakePersonRepository(Db& db);
std::unique_ptr<service::HouseholdRepository> MakeHouseholdRepository(Db& db);
std::unique_ptr<service::CalendarRepository> MakeCalendarRepository(Db& db);
std::unique_ptr<service::RegistrationRepository> MakeRegistrationRepository(Db& db);

}  // namespace bangfu::store
