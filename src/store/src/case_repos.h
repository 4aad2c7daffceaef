// SQL repository of case work (migration 7).
#pragma once

#include <memory>

#include "bangfu/service/casework.h"
#include "db.h"

namespace bangfu::store {

std::unique_ptr<service::CaseRepository> MakeCaseRepository(Db& db);

}  // namespace bangfu::store
