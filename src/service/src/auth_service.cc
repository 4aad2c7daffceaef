#include "bangfu/service/auth_service.h"

#include <sodium.h>

#include <fmt/format.h>

#include <optional>

#include "bangfu/service/user_service.h"

namespace bangfu::service {
namespace {

constexpr char kBadCredentials[] = "用户名或密码错误";

std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

Principal ToPrincipal(const User& u) {
  Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.display_name = u.display_name;
  p.role = u.role;
  p.scope = u.scope;
  p.org_id = u.org_id;
  p.person_id = u.person_id;
  return p;
}

// A valid hash to verify against when the username does not exist, so that the response
// time does not reveal which usernames exist.
const std::string& DummyHash() {
  static const std::string hash = HashPassword("bangfu-timing-equaliser");
  return hash;
}

}  // namespace

AuthService::AuthService(Store& store, AuditService& audit, const Clock& clock,
                         AuthOptions options)
    : store_(store), audit_(audit), clock_(clock), options_(options) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string AuthService::HashToken(const std::string& token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Result<SignInResult> AuthService::SignIn(const std::string& username, const std::string& password,
                                         const std::string& remote_addr,
                                         const std::string& request_id) {
  const Timestamp now = clock_.Now();
  const Timestamp since{now.micros - options_.failure_window_seconds * kMicrosPerSecond};
  BANGFU_ASSIGN_OR_RETURN(int64_t failures,
                          store_.audit().CountFailedSignIns(username, remote_addr, since));
  if (failures >= options_.max_failures) {
    (void)audit_.RecordAnonymous(username, remote_addr, request_id, "session.sign_in_throttled");
    return Error::ResourceExhausted(
        fmt::format("登录失败次数过多，请 {} 分钟后再试", options_.failure_window_seconds / 60));
  }

  auto user = store_.users().FindByUsername(username);
  if (!user.ok() && !user.error().IsNotFound()) return user.error();
  bool ok = false;
  if (user.ok()) {
    ok = VerifyPassword(password, user->password_hash) && !user->disabled;
  } else {
    (void)VerifyPassword(password, DummyHash());
  }
  if (!ok) {
    RequestContext ctx;
    ctx.principal.username = username;
    ctx.remote_addr = remote_addr;
    ctx.request_id = request_id;
    std::string detail = user.ok() && user->disabled ? R"({"reason":"disabled"})" : "";
    BANGFU_RETURN_IF_ERROR(audit_.Record(ctx, "session.sign_in_failed", "user",
                                         user.ok() ? std::to_string(user->id) : "",
                                         user.ok() ? user->scope : "", detail));
    return Error::Unauthenticated(kBadCredentials);
  }

  SignInResult result;
  result.token = RandomToken();
  result.csrf = RandomToken();
  result.principal = ToPrincipal(*user);
  Session session;
  session.token_hash = HashToken(result.token);
  session.csrf_token = result.csrf;
  session.user_id = user->id;
  session.remote_addr = remote_addr;
  session.created_at = now;
  session.last_seen_at = now;
  RequestContext ctx{result.principal, remote_addr, request_id};
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.sessions().Insert(session));
    return audit_.Record(ctx, "session.sign_in", "user", std::to_string(user->id), user->scope);
  }));
  std::lock_guard lock(mu_);
  cache_[session.token_hash] = CacheEntry{{result.principal, result.csrf}, user->id, now, now, now};
  return result;
}

Result<SessionInfo> AuthService::LoadFromStore(const std::string& token_hash, Timestamp now) {
  auto session = store_.sessions().Find(token_hash);
  if (!session.ok()) {
    if (session.error().IsNotFound()) return Error::Unauthenticated("未登录或登录已过期");
    return session.error();
  }
  auto user = store_.users().FindById(session->user_id);
  if (!user.ok()) {
    if (user.error().IsNotFound()) return Error::Unauthenticated("未登录或登录已过期");
    return user.error();
  }
  if (user->disabled) {
    (void)store_.sessions().Delete(token_hash);
    return Error::Unauthenticated("账号已停用");
  }
  Timestamp last_seen = session->last_seen_at;
  std::lock_guard lock(mu_);
  auto it = cache_.find(token_hash);
  if (it != cache_.end() && last_seen < it->second.last_seen) last_seen = it->second.last_seen;
  if (now.micros - last_seen.micros > options_.idle_timeout_seconds * kMicrosPerSecond) {
    if (it != cache_.end()) cache_.erase(it);
    (void)store_.sessions().Delete(token_hash);
    return Error::Unauthenticated("未登录或登录已过期");
  }
  CacheEntry entry{{ToPrincipal(*user), session->csrf_token}, user->id, last_seen,
                   session->last_seen_at, now};
  cache_[token_hash] = entry;
  return entry.info;
}

Result<SessionInfo> AuthService::Authenticate(const std::string& token) {
  if (token.size() != 64) return Error::Unauthenticated("未登录或登录已过期");
  const std::string hash = HashToken(token);
  const Timestamp now = clock_.Now();
  const int64_t idle = options_.idle_timeout_seconds * kMicrosPerSecond;
  std::optional<SessionInfo> cached;
  bool touch = false;
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && now.micros - it->second.validated_at.micros <
                                  options_.cache_revalidate_seconds * kMicrosPerSecond) {
      CacheEntry& e = it->second;
      if (now.micros - e.last_seen.micros > idle) {
        cache_.erase(it);
        (void)store_.sessions().Delete(hash);
        return Error::Unauthenticated("未登录或登录已过期");
      }
      e.last_seen = now;
      if (now.micros - e.last_touched.micros >= options_.touch_interval_seconds * kMicrosPerSecond) {
        e.last_touched = now;
        touch = true;
      }
      cached = e.info;
    }
  }
  if (cached) {
    if (touch) (void)store_.sessions().Touch(hash, now);
    return *std::move(cached);
  }
  // Not cached here, or cached too long ago: the store is the truth (sign-outs, disabled
  // users and idle expiry decided by other processes).
  auto info = LoadFromStore(hash, now);
  if (!info.ok()) return info;
  (void)store_.sessions().Touch(hash, now);
  std::lock_guard lock(mu_);
  if (auto it = cache_.find(hash); it != cache_.end()) {
    it->second.last_seen = now;
    it->second.last_touched = now;
  }
  return info;
}

Status AuthService::SignOut(const std::string& token, const RequestContext& ctx) {
  const std::string hash = HashToken(token);
  {
    std::lock_guard lock(mu_);
    cache_.erase(hash);
  }
  BANGFU_RETURN_IF_ERROR(store_.sessions().Delete(hash));
  return audit_.Record(ctx, "session.sign_out", "user", std::to_string(ctx.principal.user_id),
                       ctx.principal.scope);
}

Status AuthService::RevokeUser(int64_t user_id) {
  {
    std::lock_guard lock(mu_);
    std::erase_if(cache_, [&](const auto& kv) { return kv.second.user_id == user_id; });
  }
  return store_.sessions().DeleteForUser(user_id);
}

}  // namespace bangfu::service
