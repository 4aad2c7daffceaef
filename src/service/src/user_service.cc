#include "bangfu/service/user_service.h"

#include <fmt/format.h>

#include "bangfu/service/auth_service.h"
#include "bangfu/service/region_service.h"

namespace bangfu::service {
namespace {

bool NeedsScope(Role role) { return IsStaffRole(role); }

std::string UserDetail(const User& u) {
  // JSON without secrets. Names are escaped minimally: they are validated to contain no quotes
  // or control characters.
  return fmt::format(R"({{"username":"{}","role":"{}","scope":"{}","org_id":{},"person_id":{}}})",
                     u.username, RoleName(u.role), u.scope, u.org_id ? *u.org_id : 0,
                     u.person_id ? *u.person_id : 0);
}

}  // namespace

Status UserService::ValidateUsername(const std::string& username) {
  if (username.size() < 3 || username.size() > 32)
    return Error::InvalidArgument("用户名长度应为 3 到 32 个字符", "username");
  for (char c : username) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return Error::InvalidArgument("用户名只能包含小写字母、数字和 _ . -", "username");
  }
  return OkStatus();
}

Status UserService::ValidatePassword(const std::string& password) {
  if (password.size() < 8) return Error::InvalidArgument("密码至少 8 个字符", "password");
  if (password.size() > 256) return Error::InvalidArgument("密码过长", "password");
  return OkStatus();
}

Result<User> UserService::Create(const RequestContext& ctx, const NewUser& in) {
  if (ctx.principal.role != Role::kAdmin) return Error::PermissionDenied("只有系统管理员可以管理账号");
  BANGFU_RETURN_IF_ERROR(ValidateUsername(in.username));
  BANGFU_RETURN_IF_ERROR(ValidatePassword(in.password));
  if (in.display_name.empty() || in.display_name.size() > 120)
    return Error::InvalidArgument("请填写姓名或单位名称（不超过 40 个汉字）", "display_name");
  for (unsigned char c : in.display_name)
    if (c < 0x20 || c == '"' || c == '\\')
      return Error::InvalidArgument("姓名中含有不允许的字符", "display_name");
  User u;
  u.username = in.username;
  u.display_name = in.display_name;
  u.role = in.role;
  u.org_id = in.org_id;
  u.person_id = in.person_id;
  if (in.person_id && in.role != Role::kJobSeeker)
    return Error::InvalidArgument("只有求职者账号可以关联台账人员", "person");
  if (in.org_id && in.role != Role::kEmployer && in.role != Role::kTrainer)
    return Error::InvalidArgument("只有用人单位和培训机构账号可以关联单位", "org");
  if (NeedsScope(in.role)) {
    if (in.scope.empty()) return Error::InvalidArgument("工作人员账号必须指定管辖范围（行政区划代码）", "scope");
    auto region = MakeRegion(in.scope, "");
    if (!region.ok()) return Error::InvalidArgument(region.error().message, "scope");
    auto known = store_.regions().Get(region->code);
    if (!known.ok()) {
      if (known.error().IsNotFound())
        return Error::InvalidArgument("行政区划代码不存在: " + in.scope, "scope");
      return known.error();
    }
    u.scope = ScopePrefix(*region);
    if (!InScope(ctx.principal.scope, u.scope))
      return Error::InvalidArgument("管辖范围超出您自己的范围", "scope");
  } else if (!in.scope.empty()) {
    return Error::InvalidArgument("该角色不使用管辖范围", "scope");
  }
  const Timestamp now = clock_.Now();
  u.password_hash = HashPassword(in.password);
  u.created_at = now;
  u.password_changed_at = now;
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(u.id, store_.users().Insert(u));
    return audit_.Record(ctx, "user.create", "user", std::to_string(u.id), u.scope, UserDetail(u));
  }));
  return u;
}

Result<User> UserService::FindManageable(const RequestContext& ctx, const std::string& username) {
  if (ctx.principal.role != Role::kAdmin) return Error::PermissionDenied("只有系统管理员可以管理账号");
  auto u = store_.users().FindByUsername(username);
  if (!u.ok()) {
    if (u.error().IsNotFound()) return Error::NotFound("用户不存在: " + username, "username");
    return u.error();
  }
  // Users outside the admin's scope do not exist for them. Non-staff users have no scope and
  // are managed by any administrator.
  if (!u->scope.empty() && !InScope(ctx.principal.scope, u->scope))
    return Error::NotFound("用户不存在: " + username, "username");
  return u;
}

Status UserService::ChangePassword(const RequestContext& ctx, const std::string& username,
                                   const std::string& new_password) {
  BANGFU_RETURN_IF_ERROR(ValidatePassword(new_password));
  BANGFU_ASSIGN_OR_RETURN(User u, FindManageable(ctx, username));
  const std::string hash = HashPassword(new_password);
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.users().UpdatePassword(u.id, hash, clock_.Now()));
    return audit_.Record(ctx, "user.password", "user", std::to_string(u.id), u.scope);
  }));
  return auth_.RevokeUser(u.id);
}

Status UserService::SetDisabled(const RequestContext& ctx, const std::string& username,
                                bool disabled) {
  BANGFU_ASSIGN_OR_RETURN(User u, FindManageable(ctx, username));
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.users().SetDisabled(u.id, disabled));
    return audit_.Record(ctx, disabled ? "user.disable" : "user.enable", "user",
                         std::to_string(u.id), u.scope);
  }));
  if (disabled) return auth_.RevokeUser(u.id);
  return OkStatus();
}

Result<User> UserService::Get(const RequestContext& ctx, int64_t id) {
  if (ctx.principal.role != Role::kAdmin) return Error::PermissionDenied("只有系统管理员可以管理账号");
  auto u = store_.users().FindById(id);
  if (!u.ok()) {
    if (u.error().IsNotFound()) return Error::NotFound("用户不存在");
    return u.error();
  }
  if (!u->scope.empty() && !InScope(ctx.principal.scope, u->scope)) return Error::NotFound("用户不存在");
  u->password_hash.clear();
  return u;
}

Result<std::vector<User>> UserService::List(const RequestContext& ctx) {
  if (ctx.principal.role != Role::kAdmin) return Error::PermissionDenied("只有系统管理员可以管理账号");
  BANGFU_ASSIGN_OR_RETURN(auto all, store_.users().List());
  std::vector<User> out;
  for (auto& u : all) {
    if (!u.scope.empty() && !InScope(ctx.principal.scope, u.scope)) continue;
    u.password_hash.clear();
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace bangfu::service
