#include "bangfu/service/principal.h"

namespace bangfu::service {
namespace {
struct RoleInfo {
  Role role;
  const char* name;
  const char* label;
  bool staff;
};
constexpr RoleInfo kRoles[] = {
    {Role::kAdmin, "admin", "系统管理员", true},
    {Role::kDistrictStaff, "district_staff", "区就业人才中心", true},
    {Role::kTownStaff, "town_staff", "镇街工作人员", true},
    {Role::kCommunityStaff, "community_staff", "社区就业服务专员", true},
    {Role::kEmployer, "employer", "用人单位", false},
    {Role::kJobSeeker, "job_seeker", "求职者", false},
    {Role::kTrainer, "trainer", "培训机构", false},
    {Role::kLeader, "leader", "领导", true},
};
const RoleInfo& Info(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r;
  return kRoles[0];
}
}  // namespace

const char* RoleName(Role role) { return Info(role).name; }
const char* RoleLabel(Role role) { return Info(role).label; }
bool IsStaffRole(Role role) { return Info(role).staff; }

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& r : kRoles)
    if (name == r.name) return r.role;
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> v;
    for (const auto& r : kRoles) v.push_back(r.role);
    return v;
  }();
  return roles;
}

}  // namespace bangfu::service
