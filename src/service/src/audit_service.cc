#include "bangfu/service/audit_service.h"

#include <algorithm>

namespace bangfu::service {

Status AuditService::Record(const RequestContext& ctx, std::string action, std::string object_type,
                            std::string object_id, std::string region_code, std::string detail) {
  AuditEntry e;
  e.at = clock_.Now();
  e.user_id = ctx.principal.user_id;
  e.username = ctx.principal.username;
  e.remote_addr = ctx.remote_addr;
  e.request_id = ctx.request_id;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.region_code = std::move(region_code);
  e.detail = std::move(detail);
  auto r = store_.audit().Append(e);
  if (!r.ok()) return r.error();
  return OkStatus();
}

Status AuditService::RecordAnonymous(const std::string& username, const std::string& remote_addr,
                                     const std::string& request_id, std::string action,
                                     std::string detail) {
  RequestContext ctx;
  ctx.principal.username = username;
  ctx.remote_addr = remote_addr;
  ctx.request_id = request_id;
  return Record(ctx, std::move(action), {}, {}, {}, std::move(detail));
}

Result<std::vector<AuditEntry>> AuditService::List(const RequestContext& ctx, AuditFilter filter) {
  if (ctx.principal.role != Role::kAdmin) return Error::PermissionDenied("只有系统管理员可以查看审计日志");
  if (filter.limit < 1 || filter.limit > 500)
    return Error::InvalidArgument("每页条数应在 1 到 500 之间", "limit");
  // An administrator sees entries about records in their scope, and entries with no region
  // (sign-ins, user management) — the store query implements exactly that.
  filter.region_prefix = ctx.principal.scope;
  return store_.audit().Query(filter);
}

}  // namespace bangfu::service
