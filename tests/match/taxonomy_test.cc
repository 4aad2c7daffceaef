#include "bangfu/match/taxonomy.h"

#include <gtest/gtest.h>

#include "test_data.h"

namespace bangfu::match {
namespace {

constexpr const char* kHeader = "level,code,code_num,name,definition,tasks,csco_code_num,alias\n";

TEST(OccCodeTest, ParsesFormatsAndClimbs) {
  EXPECT_EQ(ParseOccCode("2-02-10-03"), 2021003u);
  EXPECT_EQ(ParseOccCode("2021003"), 2021003u);
  EXPECT_FALSE(ParseOccCode("2-2-10-03"));
  EXPECT_FALSE(ParseOccCode("0-00-00-00"));
  EXPECT_FALSE(ParseOccCode("a-02-10-03"));
  EXPECT_EQ(FormatOccCode(2021003), "2-02-10-03");
  EXPECT_EQ(AncestorAt(2021003, OccupationLevel::kMinor), 2021000u);
  EXPECT_EQ(AncestorAt(2021003, OccupationLevel::kMiddle), 2020000u);
  EXPECT_EQ(AncestorAt(2021003, OccupationLevel::kMajor), 2000000u);
  EXPECT_EQ(ShapeLevel(2020000), OccupationLevel::kMiddle);
}

TEST(TaxonomyTest, HierarchyAliasesAndMarkers) {
  std::string csv =
      std::string(kHeader) +
      "1,4-00-00-00,4000000,社会生产服务和生活服务人员,,,4000000,\n"
      "2,4-07-00-00,4070000,租赁和商务服务人员,,,4070000,\n"
      "3,4-07-05-00,4070500,安全保护服务人员,,,4070500,\n"
      "4,4-07-05-01,4070501,保安员,从事安全防范的人员。,,4070501,\"保安,保镖,保安员\"\n"
      "4,4-07-06-00,4070600,无细类的小类S,,,4070600,\n"
      "4,4-07-00-09,4070009,中类下的细类L/S,,,4070009,\n";
  std::vector<RowIssue> issues;
  auto tax = Taxonomy::FromCsv(csv, &issues);
  ASSERT_TRUE(tax.ok()) << tax.error().ToString();
  EXPECT_TRUE(issues.empty());
  ASSERT_EQ(tax->size(), 6u);
  const Occupation* guard = tax->Get(4070501);
  ASSERT_NE(guard, nullptr);
  EXPECT_EQ(guard->aliases, (std::vector<std::string>{"保安", "保镖"}));
  EXPECT_EQ(tax->occupations()[guard->parent].code, 4070500u);
  const Occupation* leaf_minor = tax->Get(4070600);
  EXPECT_EQ(leaf_minor->level, OccupationLevel::kUnit);
  EXPECT_EQ(leaf_minor->name, "无细类的小类");
  EXPECT_TRUE(leaf_minor->digital);
  EXPECT_EQ(tax->occupations()[leaf_minor->parent].code, 4070000u);
  const Occupation* under_middle = tax->Get(4070009);
  EXPECT_TRUE(under_middle->digital && under_middle->green);
  EXPECT_EQ(tax->occupations()[under_middle->parent].code, 4070000u);
  EXPECT_EQ(tax->Get(4000000)->parent, -1);
  EXPECT_EQ(tax->PresentAncestor(4070899, OccupationLevel::kMinor), 4070000u);
}

TEST(TaxonomyTest, BadRowsAreReportedWithLineAndColumnAndSkipped) {
  std::string csv = std::string(kHeader) +
                    "4,4-07-05-01,,保安员,,,,\n"
                    "5,4-07-05-02,,安检员,,,,\n"           // line 3: level
                    "4,4-7-05-03,,某员,,,,\n"              // line 4: code
                    "2,4-07-05-04,,某员,,,,\n"             // line 5: level deeper than shape
                    "4,4-07-05-05,,,,,,\n"                 // line 6: name
                    "4,4-07-05-01,,保安员,,,,\"门卫\"\n";  // line 7: repeated code
  std::vector<RowIssue> issues;
  auto tax = Taxonomy::FromCsv(csv, &issues);
  ASSERT_TRUE(tax.ok());
  EXPECT_EQ(tax->size(), 1u);
  ASSERT_EQ(issues.size(), 5u);
  EXPECT_EQ(issues[0].line, 3);
  EXPECT_EQ(issues[0].column, "level");
  EXPECT_EQ(issues[1].line, 4);
  EXPECT_EQ(issues[1].column, "code");
  EXPECT_EQ(issues[2].column, "level");
  EXPECT_EQ(issues[3].column, "name");
  EXPECT_EQ(issues[4].line, 7);
  EXPECT_EQ(tax->Get(4070501)->aliases, std::vector<std::string>{"门卫"});
  EXPECT_EQ(tax->Get(4070501)->level, OccupationLevel::kUnit);
}

TEST(TaxonomyTest, MissingColumnAndCsvErrorsFailTheLoad) {
  auto a = Taxonomy::FromCsv("level,code,name\n1,1-00-00-00,x\n", nullptr);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("definition"), std::string::npos) << a.error().message;
  auto b = Taxonomy::FromCsv(std::string(kHeader) + "4,1-01-00-01,\"open\n", nullptr);
  ASSERT_FALSE(b.ok());
  auto c = Taxonomy::FromCsv("", nullptr);
  ASSERT_FALSE(c.ok());
}

TEST(TaxonomyTest, LoadsTheFullClassification) {
  auto text = testing::ReadCsco22();
  if (!text) GTEST_SKIP() << "../shared/data/csco22.csv not present";
  std::vector<RowIssue> issues;
  auto tax = Taxonomy::FromCsv(*text, &issues);
  ASSERT_TRUE(tax.ok()) << tax.error().ToString();
  EXPECT_EQ(tax->size(), 2047u);  // 2051 rows, 4 codes repeated.
  EXPECT_EQ(issues.size(), 4u);
  for (const auto& i : issues) EXPECT_EQ(i.column, "code");
  int majors = 0;
  for (const auto& o : tax->occupations()) {
    if (o.level == OccupationLevel::kMajor) {
      ++majors;
      EXPECT_EQ(o.parent, -1);
    } else {
      EXPECT_GE(o.parent, 0) << FormatOccCode(o.code);
    }
  }
  EXPECT_EQ(majors, 8);
  const Occupation* dba = tax->Get(*ParseOccCode("4-04-05-04"));
  ASSERT_NE(dba, nullptr);
  EXPECT_EQ(dba->name, "数据库运行管理员");
  EXPECT_TRUE(dba->digital);
}

}  // namespace
}  // namespace bangfu::match
