#include "bangfu/service/user_service.h"

#include <gtest/gtest.h>

#include "../support/fake_store.h"
#include "bangfu/service/app.h"

namespace bangfu::service {
namespace {

class UserServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetPasswordCost({1, 8, 1});
    ASSERT_TRUE(app_.regions()
                    .Import({*MakeRegion("50", "重庆市"), *MakeRegion("500153", "荣昌区"),
                             *MakeRegion("500153101", "昌元街道"),
                             *MakeRegion("500154", "开州区")})
                    .ok());
    root_.principal.role = Role::kAdmin;
    root_.remote_addr = "cli";
    district_admin_.principal.role = Role::kAdmin;
    district_admin_.principal.scope = "500153";
    district_admin_.principal.username = "qu_admin";
  }
  testing::FakeStore store_;
  FixedClock clock_{*Timestamp::Parse("2026-11-24T08:00:00+08:00")};
  App app_{store_, clock_};
  RequestContext root_, district_admin_;
};

TEST_F(UserServiceTest, ValidatesEveryField) {
  auto bad_name = app_.users().Create(root_, {"Q", "x", Role::kJobSeeker, "", {}, "long-enough"});
  EXPECT_EQ(bad_name.error().field, "username");
  auto short_pw = app_.users().Create(root_, {"qiuzhi", "x", Role::kJobSeeker, "", {}, "short"});
  EXPECT_EQ(short_pw.error().field, "password");
  auto no_scope = app_.users().Create(root_, {"staff1", "x", Role::kTownStaff, "", {}, "long-enough"});
  EXPECT_EQ(no_scope.error().field, "scope");
  auto unknown = app_.users().Create(root_, {"staff1", "x", Role::kTownStaff, "500153999", {}, "long-enough"});
  EXPECT_EQ(unknown.error().field, "scope");
  auto no_name = app_.users().Create(root_, {"staff1", "", Role::kTownStaff, "500153101", {}, "long-enough"});
  EXPECT_EQ(no_name.error().field, "display_name");
  EXPECT_EQ(store_.audit_size(), 0u);
}

TEST_F(UserServiceTest, CreatesWithNormalisedScopeAndAudits) {
  auto u = app_.users().Create(root_, {"staff1", "张三", Role::kTownStaff, "500153101000", {}, "long-enough"});
  ASSERT_TRUE(u.ok()) << u.error().ToString();
  EXPECT_EQ(u->scope, "500153101");
  EXPECT_TRUE(u->password_hash.rfind("$argon2id$", 0) == 0);
  EXPECT_TRUE(VerifyPassword("long-enough", u->password_hash));
  EXPECT_FALSE(VerifyPassword("long-enougH", u->password_hash));
  auto dup = app_.users().Create(root_, {"staff1", "李四", Role::kTownStaff, "500153101", {}, "long-enough"});
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  auto log = store_.all_audit();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "user.create");
  EXPECT_EQ(log[0].detail.find("long-enough"), std::string::npos);
}

TEST_F(UserServiceTest, AdminsStayInsideTheirScope) {
  auto other = app_.users().Create(district_admin_, {"kz_staff", "开州", Role::kTownStaff, "500154", {}, "long-enough"});
  EXPECT_EQ(other.error().field, "scope");
  ASSERT_TRUE(app_.users().Create(root_, {"kz_staff", "开州", Role::kDistrictStaff, "500154", {}, "long-enough"}).ok());
  // A user outside the admin's scope does not exist for them.
  EXPECT_EQ(app_.users().SetDisabled(district_admin_, "kz_staff", true).error().code, ErrorCode::kNotFound);
  auto list = app_.users().List(district_admin_);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  RequestContext staff;
  staff.principal.role = Role::kDistrictStaff;
  staff.principal.scope = "500153";
  EXPECT_EQ(app_.users().List(staff).error().code, ErrorCode::kPermissionDenied);
}

TEST_F(UserServiceTest, AuditListIsForAdminsAndScoped) {
  ASSERT_TRUE(app_.users().Create(root_, {"kz_staff", "开州", Role::kDistrictStaff, "500154", {}, "long-enough"}).ok());
  ASSERT_TRUE(app_.users().Create(root_, {"rc_staff", "荣昌", Role::kDistrictStaff, "500153", {}, "long-enough"}).ok());
  AuditFilter f;
  auto mine = app_.audit().List(district_admin_, f);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].object_id, "2");
  RequestContext staff;
  staff.principal.role = Role::kDistrictStaff;
  staff.principal.scope = "500153";
  EXPECT_EQ(app_.audit().List(staff, f).error().code, ErrorCode::kPermissionDenied);
  f.limit = 0;
  EXPECT_EQ(app_.audit().List(district_admin_, f).error().field, "limit");
}

TEST(RegionTest, MakeRegionPadsAndDerivesParent) {
  auto r = MakeRegion("500153101", "昌元街道");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->code, "500153101000");
  EXPECT_EQ(r->level, 4);
  EXPECT_EQ(r->parent_code, "500153000000");
  EXPECT_EQ(ScopePrefix(*r), "500153101");
  EXPECT_EQ(MakeRegion("50", "")->level, 1);
  EXPECT_EQ(MakeRegion("50", "")->parent_code, "");
  EXPECT_EQ(MakeRegion("500153101201", "")->parent_code, "500153101000");
  EXPECT_FALSE(MakeRegion("5001531", "").ok());
  EXPECT_FALSE(MakeRegion("50015x", "").ok());
}

}  // namespace
}  // namespace bangfu::service

namespace bangfu::service {
namespace {

TEST(DivisionCsvTest, ParsesChinaDivisionFiles) {
  auto towns = ParseDivisionCsv(
      "code,name,areaCode,provinceCode,cityCode\n500153001,\"昌元街道\",500153,50,5001\n", 4);
  ASSERT_TRUE(towns.ok()) << towns.error().ToString();
  ASSERT_EQ(towns->size(), 1u);
  EXPECT_EQ((*towns)[0].code, "500153001000");
  EXPECT_EQ((*towns)[0].parent_code, "500153000000");
  EXPECT_EQ((*towns)[0].name, "昌元街道");
  auto wrong_level = ParseDivisionCsv("code,name\n500153,荣昌区\n", 4);
  ASSERT_FALSE(wrong_level.ok());
  EXPECT_NE(wrong_level.error().message.find("第 2 行"), std::string::npos);
  EXPECT_FALSE(ParseDivisionCsv("id,title\n1,x\n", 1).ok());
  EXPECT_FALSE(ParseDivisionCsv("code,name\n11,\n", 1).ok());
}

}  // namespace
}  // namespace bangfu::service
