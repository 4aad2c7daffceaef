#include <gtest/gtest.h>

#include "bangfu/service/region_service.h"

namespace bangfu::service {
namespace {

RegionNameIndex Index(std::string home = "") {
  std::vector<Region> regions;
  auto add = [&](const char* code, const char* name) {
    auto r = MakeRegion(code, name);
    ASSERT_TRUE(r.ok()) << code;
    regions.push_back(*r);
  };
  add("50", "重庆市");
  add("5001", "市辖区");  // The municipality's placeholder level: nobody writes it.
  add("500153", "荣昌区");
  add("500153001", "昌元街道");
  add("500153004", "双河街道");
  add("500153001201", "新华村委会");
  add("500153004201", "新华村委会");
  add("500153004202", "石河村委会");
  add("51", "四川省");
  add("5101", "成都市");
  add("510104", "锦江区");
  add("513424", "德昌县");
  add("513424002", "昌州街道");
  add("500153002", "昌州街道");
  return RegionNameIndex(std::move(regions), std::move(home));
}

TEST(RegionNameIndexTest, FindsARegionByItsNameWithOrWithoutItsAncestorsAndSuffixes) {
  const RegionNameIndex index = Index();
  const std::pair<const char*, const char*> cases[] = {
      {"重庆市荣昌区昌元街道", "500153001000"},
      {"荣昌区昌元街道", "500153001000"},
      {"重庆荣昌昌元街道", "500153001000"},   // Short names of the ancestors.
      {"重庆市 荣昌区　昌元街道", "500153001000"},  // Spaces, a full-width one too.
      {"昌元街道", "500153001000"},
      {"昌元", "500153001000"},               // Without its suffix.
      {"荣昌区", "500153000000"},
      {"重庆市荣昌区", "500153000000"},
      {"重庆市", "500000000000"},
      {"双河街道石河村", "500153004202"},     // 石河村 for 石河村委会.
      {"石河村委会", "500153004202"},
      {"昌元街道新华村", "500153001201"},
      {"荣昌区双河街道新华村委会", "500153004201"},
      {"四川省成都市锦江区", "510104000000"},
      {"成都锦江区", "510104000000"},
  };
  for (const auto& [text, code] : cases) {
    auto r = index.Resolve(text, "hukou_region");
    ASSERT_TRUE(r.ok()) << text << ": " << r.error().message;
    EXPECT_EQ(*r, code) << text;
  }
  EXPECT_EQ(index.Path("500153001201"), "重庆市荣昌区昌元街道新华村委会");
}

TEST(RegionNameIndexTest, UnknownAndAmbiguousNamesAreErrorsNamingTheField) {
  const RegionNameIndex index = Index();
  auto ambiguous = index.Resolve("新华村", "residence_region");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.error().field, "residence_region");
  EXPECT_NE(ambiguous.error().message.find("不唯一"), std::string::npos);
  EXPECT_NE(ambiguous.error().message.find("昌元街道新华村委会"), std::string::npos);
  EXPECT_NE(ambiguous.error().message.find("双河街道新华村委会"), std::string::npos);
  for (const char* text : {"火星", "荣昌区锦江区", "昌元街道荣昌区", "成都市荣昌区", "", "区"}) {
    auto r = index.Resolve(text, "hukou_region");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().field, "hukou_region");
    EXPECT_NE(r.error().message.find("无法识别"), std::string::npos) << text;
  }
}

// A name written by someone in 荣昌区 means 荣昌区's region when one of the candidates is there.
TEST(RegionNameIndexTest, TheImportersOwnRegionWinsOverNamesakesElsewhere) {
  auto everywhere = Index().Resolve("昌州街道", "hukou_region");
  ASSERT_FALSE(everywhere.ok());
  EXPECT_NE(everywhere.error().message.find("德昌县昌州街道"), std::string::npos) << everywhere.error().message;
  auto home = Index("500153").Resolve("昌州街道", "hukou_region");
  ASSERT_TRUE(home.ok()) << home.error().message;
  EXPECT_EQ(*home, "500153002000");
  // Written with its county, the other one is found from 荣昌区 too.
  EXPECT_EQ(*Index("500153").Resolve("德昌县昌州街道", "hukou_region"), "513424002000");
  // Two namesakes inside the home region stay ambiguous.
  EXPECT_FALSE(Index("500153").Resolve("新华村", "hukou_region").ok());
}

}  // namespace
}  // namespace bangfu::service
