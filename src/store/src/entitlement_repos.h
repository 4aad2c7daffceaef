// SQL repositories of the entitlement workflow.
#pragma once

#include <memory>

#include "bangfu/service/entitlement.h"
#include "bangfu/service/policy_param.h"
#include "db.h"

namespace bangfu::store {

std::unique_ptr<service::EntitlementRepository> MakeEntitlementRepository(Db& db);
std::unique_ptr<service::PolicyRunRepository> MakePolicyRunRepository(Db& db);
std::unique_ptr<service::PaymentBatchRepository> MakePaymentBatchRepository(Db& db);
std::unique_ptr<service::OutboxRepository> MakeOutboxRepository(Db& db);
std::unique_ptr<service::PolicyParamRepository> MakePolicyParamRepository(Db& db);

}  // namespace bangfu::store
