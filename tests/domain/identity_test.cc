#include "bangfu/domain/identity.h"

#include <gtest/gtest.h>

#include <set>

namespace bangfu::domain {
namespace {

const Date kToday = Date::FromYmdUnchecked(2026, 11, 24);

TEST(IdNumberTest, AcceptsTheStandardExampleAndDerivesBirthAndSex) {
  auto id = IdNumber::Parse("11010519491231002X", kToday);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_EQ(id->birth_date().ToString(), "1949-12-31");
  EXPECT_EQ(id->sex(), Sex::kFemale);  // 17th digit 2 is even.
  EXPECT_EQ(id->region_prefix(), "110105");
  EXPECT_EQ(id->AgeAt(kToday), 76);
}

TEST(IdNumberTest, NormalisesLowerCaseXSpacesAndFullWidthDigits) {
  EXPECT_EQ(IdNumber::Parse("11010519491231002x", kToday)->value(), "11010519491231002X");
  EXPECT_EQ(IdNumber::Parse(" 110105 19491231 002X ", kToday)->value(), "11010519491231002X");
  EXPECT_EQ(IdNumber::Parse("１１０１０５１９４９１２３１００２Ｘ", kToday)->value(), "11010519491231002X");
}

TEST(IdNumberTest, ConvertsLegacy15DigitNumbers) {
  auto id = IdNumber::Parse("110105491231002", kToday);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_EQ(id->value(), "11010519491231002X");
}

TEST(IdNumberTest, EveryErrorSaysWhatIsWrongAndNamesTheField) {
  struct Case {
    const char* input;
    const char* says;
  } cases[] = {
      {"", "不能为空"},
      {"1101051949123100", "18 位"},
      {"5.00153E+17", "科学计数法"},
      {"11010519491231002A", "不允许的字符"},
      {"99010519491231002X", "地区码"},
      {"11010519490231002X", "出生日期不存在"},
      {"11010520301231002X", "晚于今天"},
      {"110105194912310021", "校验位"},
  };
  for (const auto& c : cases) {
    auto r = IdNumber::Parse(c.input, kToday, "身份证号");
    ASSERT_FALSE(r.ok()) << c.input;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << c.input << ": " << r.error().message;
    EXPECT_EQ(r.error().field, "身份证号");
  }
  auto wrong = IdNumber::Parse("110105194912310021", kToday);
  EXPECT_NE(wrong.error().message.find("应为 X"), std::string::npos);
}

TEST(IdNumberTest, CheckCharacterMatchesEveryValueOfTheTable) {
  // Changing the last sequence digit walks the sum through all residues.
  std::string base = "50015319900101123";
  std::set<char> seen;
  for (char d = '0'; d <= '9'; ++d) {
    base[16] = d;
    char c = IdNumber::CheckCharacter(base);
    seen.insert(c);
    EXPECT_TRUE(IdNumber::Parse(base + c, kToday).ok()) << base + c;
  }
  EXPECT_GE(seen.size(), 9u);
}

TEST(AgeTest, ReachesAgeOnTheBirthdayAndLeapDayOnFirstOfMarch) {
  Date b = Date::FromYmdUnchecked(1976, 11, 24);
  EXPECT_EQ(AgeBetween(b, Date::FromYmdUnchecked(2026, 11, 23)), 49);
  EXPECT_EQ(AgeBetween(b, Date::FromYmdUnchecked(2026, 11, 24)), 50);  // 4050: 50 on the day.
  Date leap = Date::FromYmdUnchecked(1984, 2, 29);
  EXPECT_EQ(AgeBetween(leap, Date::FromYmdUnchecked(2024, 2, 28)), 39);
  EXPECT_EQ(AgeBetween(leap, Date::FromYmdUnchecked(2024, 2, 29)), 40);
  EXPECT_EQ(AgeBetween(leap, Date::FromYmdUnchecked(2025, 2, 28)), 40);
  EXPECT_EQ(AgeBetween(leap, Date::FromYmdUnchecked(2026, 2, 28)), 41);
  EXPECT_EQ(AgeBetween(Date::FromYmdUnchecked(1986, 2, 28), Date::FromYmdUnchecked(2026, 2, 28)), 40);
  EXPECT_EQ(AgeBetween(leap, Date::FromYmdUnchecked(2027, 2, 28)), 42);
  EXPECT_EQ(AgeBetween(leap, Date::FromYmdUnchecked(2027, 3, 1)), 43);
}

TEST(CreditCodeTest, ValidatesGb32100) {
  auto ok = CreditCode::Parse("91350100M000100Y43");
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(ok->region_prefix(), "350100");
  EXPECT_TRUE(CreditCode::Parse("91350100m000100y43").ok());
  EXPECT_NE(CreditCode::Parse("91350100M000100Y44").error().message.find("校验位"), std::string::npos);
  EXPECT_NE(CreditCode::Parse("91350100M000100I43").error().message.find("不允许的字符"), std::string::npos);
  EXPECT_NE(CreditCode::Parse("9135010").error().message.find("18 位"), std::string::npos);
  // Round trip: any 17 valid characters plus the computed check character parse.
  std::string body = "9150015300000000A";
  EXPECT_TRUE(CreditCode::Parse(body + CreditCode::CheckCharacter(body)).ok());
}

TEST(MobileTest, NormalisesCommonNotations) {
  EXPECT_EQ(*NormalizeMobile("+86 138-1234-5678"), "13812345678");
  EXPECT_EQ(*NormalizeMobile("86 13812345678"), "13812345678");
  EXPECT_EQ(*NormalizeMobile("0086 13812345678"), "13812345678");
  EXPECT_EQ(*NormalizeMobile("１３８１２３４５６７８"), "13812345678");
  EXPECT_EQ(*NormalizeMobile("(138) 1234 5678"), "13812345678");
  EXPECT_FALSE(NormalizeMobile("12812345678").ok());
  EXPECT_FALSE(NormalizeMobile("1381234567").ok());
  EXPECT_FALSE(NormalizeMobile("023-46731234").ok());
  EXPECT_EQ(NormalizeMobile("abc", "手机号").error().field, "手机号");
}

TEST(MaskTest, KeepsOnlyTheEnds) {
  EXPECT_EQ(MaskIdNumber("50015319900101123X"), "500153********123X");
  EXPECT_EQ(MaskMobile("13812345678"), "138****5678");
  EXPECT_EQ(MaskMobile("123"), "***");
}

}  // namespace
}  // namespace bangfu::domain
