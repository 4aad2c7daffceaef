// User accounts: creation, passwords, disabling. Used by `bangfu user ...` and the API.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/base/result.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/ports.h"

namespace bangfu::service {

struct NewUser {
  std::string username;
  std::string display_name;
  Role role = Role::kJobSeeker;
  std::string scope;  // Required (a known region code prefix) for staff, admin and leader roles.
  std::optional<int64_t> org_id;
  std::string password;  // At least 8 characters.
};

// Password hashing with argon2id (RFC 9106 second recommended profile, scaled down for a
// 2-core server: t=3, m=64 MiB, p=1). Thread-safe.
std::string HashPassword(const std::string& password);
bool VerifyPassword(const std::string& password, const std::string& encoded_hash);

class AuthService;

class UserService {
 public:
  UserService(Store& store, AuditService& audit, AuthService& auth, const Clock& clock)
      : store_(store), audit_(audit), auth_(auth), clock_(clock) {}

  // Validates every field (kInvalidArgument naming it); kConflict when the username is taken.
  // Callers: admins through the API (scope must lie inside theirs), or the CLI (ctx with
  // role kAdmin and empty scope).
  Result<User> Create(const RequestContext& ctx, const NewUser& user);
  Status ChangePassword(const RequestContext& ctx, const std::string& username,
                        const std::string& new_password);
  Status SetDisabled(const RequestContext& ctx, const std::string& username, bool disabled);
  Result<std::vector<User>> List(const RequestContext& ctx);

  static Status ValidateUsername(const std::string& username);
  static Status ValidatePassword(const std::string& password);

 private:
  Result<User> FindManageable(const RequestContext& ctx, const std::string& username);
  Store& store_;
  AuditService& audit_;
  AuthService& auth_;
  const Clock& clock_;
};

}  // namespace bangfu::service
