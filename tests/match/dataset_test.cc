#include "bangfu/match/dataset.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_data.h"

namespace bangfu::match {
namespace {

TEST(RankingQualityTest, HandComputedRecallAndNdcg) {
  // Person 1: relevant 10 (gain 2) and 11 (gain 1); ranked 11, 99, 10.
  std::map<uint64_t, std::vector<uint64_t>> ranked = {{1, {11, 99, 10}}, {2, {5}}};
  std::vector<LabelledPair> pairs = {{1, 10, 2}, {1, 11, 1}, {2, 6, 1}, {3, 7, 0}};
  auto q = EvaluateRanking(ranked, pairs, 3);
  EXPECT_EQ(q.queries, 2);  // Person 3 has no relevant posting.
  EXPECT_NEAR(q.recall, (1.0 + 0.0) / 2, 1e-9);
  const double dcg = 1.0 / std::log2(2) + 3.0 / std::log2(4);
  const double idcg = 3.0 / std::log2(2) + 1.0 / std::log2(3);
  EXPECT_NEAR(q.ndcg, (dcg / idcg + 0) / 2, 1e-9);
  auto at1 = EvaluateRanking(ranked, pairs, 1);
  EXPECT_NEAR(at1.recall, 0.5, 1e-9);
}

TEST(DatasetCsvTest, RoundTripAndErrorsNameLineAndColumn) {
  auto tax = Taxonomy::FromCsv(
      "level,code,code_num,name,definition,tasks,csco_code_num,alias\n"
      "3,4-07-05-00,,安全保护服务人员,,,,\n4,4-07-05-01,,保安员,,,,\n4,4-07-05-02,,安检员,,,,\n",
      nullptr);
  ASSERT_TRUE(tax.ok());
  Dataset d = Generate(*tax, {30, 20, 7});
  ASSERT_EQ(d.postings.size(), 30u);
  d.postings[0].skills = {"有,逗号", "有\"引号"};
  auto postings = PostingsFromCsv(PostingsToCsv(d.postings));
  ASSERT_TRUE(postings.ok()) << postings.error().ToString();
  auto persons = PersonsFromCsv(PersonsToCsv(d.persons));
  ASSERT_TRUE(persons.ok()) << persons.error().ToString();
  ASSERT_EQ(postings->size(), 30u);
  EXPECT_EQ((*postings)[0].skills, d.postings[0].skills);
  EXPECT_EQ(PostingsToCsv(*postings), PostingsToCsv(d.postings));
  EXPECT_EQ(PersonsToCsv(*persons), PersonsToCsv(d.persons));

  std::string bad = PostingsToCsv({d.postings[1]});
  bad.replace(bad.find(std::to_string(d.postings[1].region)), 12, "5001");
  auto e = PostingsFromCsv(bad);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().field, "line 2 region");
  auto e2 = PersonsFromCsv(
      "id,desired,education,major,skills,expected_salary,region,categories,"
      "graduate\n1,4-07-05-01,bachelor,,,4000,500153001001,dibao,2\n");
  ASSERT_FALSE(e2.ok());
  EXPECT_EQ(e2.error().field, "line 2 graduate");
  auto e3 = PairsFromTsv("1\t2\t2\n1\tx\t1\n");
  ASSERT_FALSE(e3.ok());
  EXPECT_EQ(e3.error().field, "line 2");
}

TEST(GeneratedDataTest, EngineBeatsBm25OnKnownTrueMatches) {
  auto text = testing::ReadCsco22();
  if (!text) GTEST_SKIP() << "../shared/data/csco22.csv not present";
  auto tax = Taxonomy::FromCsv(*text, nullptr);
  ASSERT_TRUE(tax.ok());
  Dataset d = Generate(*tax, {3000, 1500, 42});
  auto pairs = TrueMatches(d);
  ASSERT_GT(pairs.size(), 500u);
  auto ours = RankWithMatcher(d, 10);
  ASSERT_TRUE(ours.ok());
  auto base = RankWithBm25(*tax, d, 10);
  const auto a = EvaluateRanking(*ours, pairs, 10);
  const auto b = EvaluateRanking(base, pairs, 10);
  std::printf(
      "engine recall@10 %.3f nDCG@10 %.3f; bm25 recall@10 %.3f nDCG@10 %.3f (%lld people)\n",
      a.recall, a.ndcg, b.recall, b.ndcg, static_cast<long long>(a.queries));
  EXPECT_GE(a.recall, 0.90);
  EXPECT_GE(a.ndcg, 0.85);
  EXPECT_GT(a.recall, b.recall);
  EXPECT_GT(a.ndcg, b.ndcg);
}

}  // namespace
}  // namespace bangfu::match
