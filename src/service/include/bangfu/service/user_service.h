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
  std::optional<int64_t> person_id;  // Job seekers: the ledger person they are.
};

// argon2id cost parameters. The default follows RFC 9106's second recommended profile scaled
// for a small server (t=3, m=64 MiB, p=1); tests lower it to keep suites fast. Verification
// reads the parameters from the stored hash, so changing the cost never breaks old hashes.
struct PasswordCost {
  uint32_t iterations = 3;
  uint32_t memory_kib = 64 * 1024;
  uint32_t parallelism = 1;
};
// Call once at start-up (not thread-safe with concurrent hashing).
void SetPasswordCost(PasswordCost cost);
// Thread-safe. Throws only if the environment is broken (argon2 cannot allocate).
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
  // One user, administrators only; a user outside the caller's scope is kNotFound.
  Result<User> Get(const RequestContext& ctx, int64_t id);

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
