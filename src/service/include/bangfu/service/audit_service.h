// The audit log: who did what, when, from where, to which record.
#pragma once

#include <string>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/base/result.h"
#include "bangfu/service/ports.h"
#include "bangfu/service/principal.h"

namespace bangfu::service {

class AuditService {
 public:
  AuditService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Appends an entry stamped with now and the context's user, address and request id.
  // Joins the caller's transaction when called inside Store::InTransaction, so a change and
  // its audit entry commit together.
  Status Record(const RequestContext& ctx, std::string action, std::string object_type = {},
                std::string object_id = {}, std::string region_code = {},
                std::string detail = {});
  // For events without a signed-in user (failed sign-in): username as typed.
  Status RecordAnonymous(const std::string& username, const std::string& remote_addr,
                         const std::string& request_id, std::string action,
                         std::string detail = {});

  // Administrators only (kPermissionDenied otherwise); entries limited to the caller's scope.
  Result<std::vector<AuditEntry>> List(const RequestContext& ctx, AuditFilter filter);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace bangfu::service
