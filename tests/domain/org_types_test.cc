#include "bangfu/domain/org_types.h"

#include <gtest/gtest.h>

namespace bangfu::domain {
namespace {

TEST(ParseYuanTest, YuanBecomeFenExactly) {
  EXPECT_EQ(*ParseYuan("0"), 0);
  EXPECT_EQ(*ParseYuan("1234"), 123400);
  EXPECT_EQ(*ParseYuan("1234.5"), 123450);
  EXPECT_EQ(*ParseYuan("1234.56"), 123456);
  EXPECT_EQ(*ParseYuan("0.01"), 1);
  EXPECT_EQ(*ParseYuan(" 1,234.56 "), 123456);
  EXPECT_EQ(*ParseYuan("\xC2\xA5"
                       "800"),
            80000);  // ¥800
  EXPECT_EQ(*ParseYuan("800元"), 80000);
  EXPECT_EQ(*ParseYuan("1234."), 123400);
  // 0.1 + 0.2 in floating point is not 0.3; in fen it is.
  EXPECT_EQ(*ParseYuan("0.1") + *ParseYuan("0.2"), *ParseYuan("0.3"));
  EXPECT_EQ(*ParseYuan("9999999999999.99"), 999999999999999);
}

TEST(ParseYuanTest, RefusesWhatIsNotMoney) {
  for (const char* bad :
       {"", "abc", "-5", "1.234", "12a", ".", "1.2.3", ",100", "1e3", "10000000000000"}) {
    auto r = ParseYuan(bad, "amount");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "amount");
  }
}

TEST(FormatYuanTest, TwoDecimals) {
  EXPECT_EQ(FormatYuan(123456), "1234.56");
  EXPECT_EQ(FormatYuan(5), "0.05");
  EXPECT_EQ(FormatYuan(-150), "-1.50");
}

TEST(ParseYearMonthTest, CommonSpellings) {
  const Date may = Date::FromYmdUnchecked(2026, 5, 1);
  for (const char* s : {"2026-05", "2026-5", "2026/05", "202605", "2026年5月", "2026年05月",
                        "2026.05", "2026-05-17", "2026/5/17"}) {
    auto m = ParseYearMonth(s);
    ASSERT_TRUE(m.ok()) << s << ": " << m.error().message;
    EXPECT_EQ(*m, may) << s;
  }
}

TEST(ParseYearMonthTest, RefusesImpossibleMonths) {
  for (const char* bad :
       {"", "2026", "2026-13", "2026-00", "20265", "26-05", "2026-05-32", "May 2026", "2026-05x"}) {
    auto m = ParseYearMonth(bad, "month");
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().field, "month");
  }
}

TEST(ParseYesNoTest, YesNoAndEmpty) {
  EXPECT_EQ(**ParseYesNo("是", "f"), true);
  EXPECT_EQ(**ParseYesNo("否", "f"), false);
  EXPECT_EQ(**ParseYesNo("Y", "f"), true);
  EXPECT_FALSE(ParseYesNo(" ", "f")->has_value());
  auto bad = ParseYesNo("也许", "hired_after");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "hired_after");
}

TEST(OrgTypesTest, IdsAndLabelsRoundTrip) {
  for (const auto& i : EmployerSizes()) EXPECT_EQ(ParseEmployerSize(i.label), i.value);
  for (const auto& i : OrgKinds()) EXPECT_EQ(ParseOrgKind(i.id), i.value);
  for (const auto& i : EmploymentKinds()) EXPECT_EQ(Id(*ParseEmploymentKind(i.label)), i.id);
  for (const auto& i : TrainingKinds()) EXPECT_EQ(ParseTrainingKind(i.id), i.value);
  EXPECT_EQ(ParseEmployerSize("小型企业"), EmployerSize::kSmall);
  EXPECT_EQ(ParseTrainingKind("SYB"), TrainingKind::kStartupBusiness);
  EXPECT_EQ(ParseOrgKind("个体户"), OrgKind::kIndividualBusiness);
  EXPECT_FALSE(ParseEmployerSize("巨型").has_value());
}

}  // namespace
}  // namespace bangfu::domain
