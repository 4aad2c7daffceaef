// SQL repository of the job side (migration 12).
#pragma once

#include <memory>

#include "bangfu/service/jobs.h"
#include "db.h"

namespace bangfu::store {

std::unique_ptr<service::JobRepository> MakeJobRepository(Db& db);

}  // namespace bangfu::store
