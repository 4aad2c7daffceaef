// Who is asking: roles, data scope and the per-request context every use case takes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bangfu::service {

// The roles of DESIGN.md "Who uses it". Stored by name (RoleName), never by number.
enum class Role {
  kAdmin,           // 系统管理员: district administrator; users, audit, everything in scope.
  kDistrictStaff,   // 区就业人才中心工作人员
  kTownStaff,       // 镇街工作人员
  kCommunityStaff,  // 社区/村就业服务专员
  kEmployer,        // 用人单位
  kJobSeeker,       // 求职者
  kTrainer,         // 培训机构
  kLeader,          // 领导（只读）
};

const char* RoleName(Role role);             // "admin", "district_staff", ...
const char* RoleLabel(Role role);            // Chinese label for the UI: "系统管理员", ...
std::optional<Role> ParseRole(std::string_view name);
const std::vector<Role>& AllRoles();
// Staff roles see records by region scope; the others see only what is theirs.
bool IsStaffRole(Role role);

// Data scope: a region-code prefix. A record is visible exactly when its 12-digit region
// code starts with the prefix. The one place that rule is written.
inline bool InScope(std::string_view scope, std::string_view region_code) {
  return region_code.substr(0, scope.size()) == scope;
}

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kJobSeeker;
  std::string scope;  // Region-code prefix ("500153" = 荣昌区); empty for non-staff roles.
  std::optional<int64_t> org_id;  // Employer / training institution the user acts for.
  std::optional<int64_t> person_id;  // For job seekers: the ledger person they are.
};

// Per-request context: built by http/ (or cli/) and passed to every use case.
struct RequestContext {
  Principal principal;
  std::string remote_addr;  // Client address for the audit log ("cli" on the command line).
  std::string request_id;   // Correlates the access log, audit log and error responses.
};

}  // namespace bangfu::service
