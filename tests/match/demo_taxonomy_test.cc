#include <gtest/gtest.h>

#include "bangfu/match/normalizer.h"
#include "test_data.h"

namespace bangfu::match {
namespace {

Taxonomy LoadDemo() {
  std::vector<RowIssue> issues;
  auto tax = Taxonomy::FromCsv(
      testing::ReadFile(testing::SourceDir() / "share/occupations/demo.csv"), &issues);
  EXPECT_TRUE(tax.ok());
  EXPECT_TRUE(issues.empty());
  return tax.ok() ? std::move(*tax) : Taxonomy();
}

TEST(DemoTaxonomyTest, LoadsCleanlyAndAgreesWithTheClassification) {
  Taxonomy demo = LoadDemo();
  EXPECT_GE(demo.size(), 250u);
  auto text = testing::ReadCsco22();
  if (!text) GTEST_SKIP() << "../shared/data/csco22.csv not present";
  auto full = Taxonomy::FromCsv(*text, nullptr);
  ASSERT_TRUE(full.ok());
  for (const auto& o : demo.occupations()) {
    const Occupation* ref = full->Get(o.code);
    ASSERT_NE(ref, nullptr) << FormatOccCode(o.code);
    EXPECT_EQ(o.name, ref->name) << FormatOccCode(o.code);
  }
}

TEST(DemoTaxonomyTest, NormalisesTheLabelledTitlesItCovers) {
  Taxonomy demo = LoadDemo();
  auto set =
      ParseLabelledTitles(testing::ReadFile(testing::SourceDir() / "tests/match/data/titles.tsv"));
  ASSERT_TRUE(set.ok());
  std::vector<LabelledTitle> covered;
  for (const auto& t : *set)
    if (demo.Get(t.code)) covered.push_back(t);
  EXPECT_GE(covered.size(), 150u);
  auto n = Normalizer::Create(demo);
  std::vector<std::string> misses;
  const auto a = EvaluateNormalizer(*n, covered, &misses);
  std::string report;
  for (const auto& m : misses) report += m + "\n";
  std::printf("demo taxonomy: %lld titles, exact %.3f middle %.3f\n",
              static_cast<long long>(a.total), a.ExactRate(), a.MiddleRate());
  EXPECT_GE(a.ExactRate(), 0.95) << report;  // Measured 0.973.
}

}  // namespace
}  // namespace bangfu::match
