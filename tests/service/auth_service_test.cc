#include "bangfu/service/auth_service.h"

#include <gtest/gtest.h>

#include "../support/fake_store.h"
#include "bangfu/service/app.h"

namespace bangfu::service {
namespace {

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetPasswordCost({1, 8, 1});
    ASSERT_TRUE(app_.regions()
                    .Import({*MakeRegion("50", "重庆市"), *MakeRegion("500153", "荣昌区"),
                             *MakeRegion("500153101", "昌元街道")})
                    .ok());
    RequestContext root;
    root.principal.role = Role::kAdmin;
    root.remote_addr = "cli";
    auto u = app_.users().Create(root, {"qu_admin", "区管理员", Role::kAdmin, "500153", {},
                                        "correct-horse"});
    ASSERT_TRUE(u.ok()) << u.error().ToString();
    auto s = app_.users().Create(root, {"jie_staff", "街道", Role::kTownStaff, "500153101", {},
                                        "correct-horse"});
    ASSERT_TRUE(s.ok()) << s.error().ToString();
  }

  testing::FakeStore store_;
  FixedClock clock_{*Timestamp::Parse("2026-11-24T08:00:00+08:00")};
  App app_{store_, clock_};
};

TEST_F(AuthServiceTest, SignInAndAuthenticate) {
  auto r = app_.auth().SignIn("qu_admin", "correct-horse", "127.0.0.1", "r1");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->token.size(), 64u);
  EXPECT_EQ(r->principal.scope, "500153");
  auto info = app_.auth().Authenticate(r->token);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->principal.username, "qu_admin");
  EXPECT_EQ(info->csrf, r->csrf);
  // The token itself is never stored, only its hash.
  for (auto& e : store_.all_audit()) EXPECT_EQ(e.detail.find(r->token), std::string::npos);
  EXPECT_FALSE(store_.sessions().Find(r->token).ok());
  EXPECT_TRUE(store_.sessions().Find(AuthService::HashToken(r->token)).ok());
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownUserLookTheSame) {
  auto a = app_.auth().SignIn("qu_admin", "wrong-password", "10.0.0.1", "r1");
  auto b = app_.auth().SignIn("nobody", "wrong-password", "10.0.0.2", "r2");
  ASSERT_FALSE(a.ok());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(a.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(a.error().message, b.error().message);
  auto log = store_.all_audit();
  int failed = 0;
  for (auto& e : log) failed += e.action == "session.sign_in_failed";
  EXPECT_EQ(failed, 2);
}

TEST_F(AuthServiceTest, ThrottlesAfterFiveFailuresPerUsernameOrAddress) {
  for (int i = 0; i < 5; ++i) {
    auto r = app_.auth().SignIn("qu_admin", "bad", "10.0.0." + std::to_string(i), "r");
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  }
  // Even the right password is refused now, from a fresh address.
  auto r = app_.auth().SignIn("qu_admin", "correct-horse", "10.9.9.9", "r");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
  // Another user from another address is unaffected.
  EXPECT_TRUE(app_.auth().SignIn("jie_staff", "correct-horse", "10.8.8.8", "r").ok());
  // The window slides: five minutes later the user may try again.
  clock_.Advance(5 * 60 + 1);
  EXPECT_TRUE(app_.auth().SignIn("qu_admin", "correct-horse", "10.9.9.9", "r").ok());
}

TEST_F(AuthServiceTest, ThrottlesPerAddress) {
  for (int i = 0; i < 5; ++i) (void)app_.auth().SignIn("u" + std::to_string(i), "x", "6.6.6.6", "r");
  auto r = app_.auth().SignIn("jie_staff", "correct-horse", "6.6.6.6", "r");
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
}

TEST_F(AuthServiceTest, IdleSessionsExpire) {
  auto r = app_.auth().SignIn("qu_admin", "correct-horse", "127.0.0.1", "r");
  ASSERT_TRUE(r.ok());
  clock_.Advance(29 * 60);
  EXPECT_TRUE(app_.auth().Authenticate(r->token).ok());
  clock_.Advance(29 * 60);  // Still within 30 minutes of the last use.
  EXPECT_TRUE(app_.auth().Authenticate(r->token).ok());
  clock_.Advance(31 * 60);
  auto expired = app_.auth().Authenticate(r->token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, SignOutAndDisableEndSessions) {
  auto r = app_.auth().SignIn("qu_admin", "correct-horse", "127.0.0.1", "r");
  ASSERT_TRUE(r.ok());
  RequestContext ctx{r->principal, "127.0.0.1", "r2"};
  ASSERT_TRUE(app_.auth().SignOut(r->token, ctx).ok());
  EXPECT_FALSE(app_.auth().Authenticate(r->token).ok());

  auto s = app_.auth().SignIn("jie_staff", "correct-horse", "127.0.0.1", "r");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(app_.users().SetDisabled(ctx, "jie_staff", true).ok());
  EXPECT_FALSE(app_.auth().Authenticate(s->token).ok());
  EXPECT_FALSE(app_.auth().SignIn("jie_staff", "correct-horse", "127.0.0.2", "r").ok());
}

TEST_F(AuthServiceTest, SessionDeletedElsewhereIsNoticedAfterRevalidation) {
  auto r = app_.auth().SignIn("qu_admin", "correct-horse", "127.0.0.1", "r");
  ASSERT_TRUE(r.ok());
  // Another process signs the session out directly in the shared store.
  ASSERT_TRUE(store_.sessions().Delete(AuthService::HashToken(r->token)).ok());
  clock_.Advance(16);
  EXPECT_FALSE(app_.auth().Authenticate(r->token).ok());
}

TEST_F(AuthServiceTest, GarbageTokensAreRejected) {
  EXPECT_FALSE(app_.auth().Authenticate("").ok());
  EXPECT_FALSE(app_.auth().Authenticate(std::string(64, 'a')).ok());
}

}  // namespace
}  // namespace bangfu::service
