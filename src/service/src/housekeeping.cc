#include "bangfu/service/housekeeping.h"

namespace bangfu::service {

RequestContext Housekeeper::SystemContext() {
  RequestContext ctx;
  ctx.principal.username = "system";
  ctx.principal.display_name = "定时任务";
  ctx.principal.role = Role::kAdmin;
  ctx.remote_addr = "timer";
  ctx.request_id = "housekeeping";
  return ctx;
}

Result<HousekeepingReport> Housekeeper::RunOnce() {
  std::lock_guard lock(mu_);
  HousekeepingReport report;
  std::optional<Error> first;
  const Date today = clock_.Today();
  if (!expired_on_ || *expired_on_ != today) {
    auto n = postings_.ExpireDue(SystemContext());
    auto refreshed = matches_.RefreshWarnings();
    if (n.ok() && refreshed.ok()) {
      report.expiry_ran = true;
      report.expired = *n;
      expired_on_ = today;
    } else {
      first = n.ok() ? refreshed.error() : n.error();
    }
  }
  auto refiled = matches_.CatchUp();
  if (refiled.ok()) {
    report.refiled = *refiled;
  } else if (!first) {
    first = refiled.error();
  }
  if (Status s = worklist_.KeepCurrent(); !s.ok() && !first) first = s.error();
  if (first) return *first;
  return report;
}

}  // namespace bangfu::service
