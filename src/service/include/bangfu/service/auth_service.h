// Sign-in, sessions and CSRF tokens.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "bangfu/base/clock.h"
#include "bangfu/base/result.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/ports.h"
#include "bangfu/service/principal.h"

namespace bangfu::service {

struct AuthOptions {
  int64_t idle_timeout_seconds = 30 * 60;      // A session unused this long is gone.
  int max_failures = 5;                        // More than this many failures ...
  int64_t failure_window_seconds = 5 * 60;     // ... within this window → kResourceExhausted.
  // How long a process trusts its cached copy of a session before re-reading the store
  // (sign-outs and disabled users in another process take effect within this time).
  int64_t cache_revalidate_seconds = 15;
  // last_seen_at is written back at most this often per session.
  int64_t touch_interval_seconds = 60;
};

struct SignInResult {
  std::string token;  // Goes into the HttpOnly cookie; only its hash is stored.
  std::string csrf;   // Must come back in X-CSRF-Token on every state-changing request.
  Principal principal;
};

struct SessionInfo {
  Principal principal;
  std::string csrf;
};

class AuthService {
 public:
  AuthService(Store& store, AuditService& audit, const Clock& clock, AuthOptions options = {});

  // Wrong username, wrong password and disabled account all give the same
  // kUnauthenticated message. More than max_failures failures for the username or the
  // address within the window gives kResourceExhausted (checked before the password).
  // Both successful and failed attempts are audited.
  Result<SignInResult> SignIn(const std::string& username, const std::string& password,
                              const std::string& remote_addr, const std::string& request_id);

  // kUnauthenticated when the token is unknown, expired by idleness, or its user is disabled.
  // Hot path: served from an in-process cache, thread-safe.
  Result<SessionInfo> Authenticate(const std::string& token);

  // Idempotent. Audited.
  Status SignOut(const std::string& token, const RequestContext& ctx);

  // Drops all sessions of a user (password change, disable).
  Status RevokeUser(int64_t user_id);

  static std::string HashToken(const std::string& token);  // Hex SHA-256.

 private:
  struct CacheEntry {
    SessionInfo info;
    int64_t user_id;
    Timestamp last_seen;        // Last use seen by this process.
    Timestamp last_touched;     // Last write of last_seen to the store.
    Timestamp validated_at;     // Last time the store confirmed the session and user.
  };
  Result<SessionInfo> LoadFromStore(const std::string& token_hash, Timestamp now);

  Store& store_;
  AuditService& audit_;
  const Clock& clock_;
  AuthOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, CacheEntry> cache_;  // By token hash.
};

}  // namespace bangfu::service
