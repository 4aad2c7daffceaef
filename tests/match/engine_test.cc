#include "bangfu/match/engine.h"

#include <gtest/gtest.h>

#include <unordered_map>

#include "bangfu/match/dataset.h"
#include "test_data.h"

namespace bangfu::match {
namespace {

using domain::Category;
using domain::Education;

constexpr RegionCode kTown = 500153001001ULL;  // 荣昌区 昌元街道, a village.
constexpr RegionCode kSameTown = 500153001002ULL;
constexpr RegionCode kOtherCounty = 500151001001ULL;  // Same city (重庆), another county.
constexpr RegionCode kOtherProvince = 510104001001ULL;

OccCode Code(const char* s) { return *ParseOccCode(s); }

Posting MakePosting(uint64_t id, const char* occ, RegionCode region) {
  Posting p;
  p.id = id;
  p.occupation = Code(occ);
  p.region = region;
  p.openings = 2;
  p.education_min = Education::kHighSchool;
  p.skills = {"消防证"};
  p.salary_min_yuan = 3500;
  p.salary_max_yuan = 4500;
  return p;
}

Person Guard(uint64_t id) {
  Person a;
  a.id = id;
  a.desired = {Code("4-07-05-01")};  // 保安员
  a.education = Education::kHighSchool;
  a.skills = {"消防证", "驾照"};
  a.expected_salary_yuan = 4000;
  a.region = kTown;
  return a;
}

std::vector<uint64_t> Ids(const std::vector<Match>& v) {
  std::vector<uint64_t> ids;
  for (const auto& m : v) ids.push_back(m.id);
  return ids;
}

const Reason* Find(const Match& m, Factor f) {
  for (const auto& r : m.reasons)
    if (r.factor == f) return &r;
  return nullptr;
}

class MatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add(MakePosting(1, "4-07-05-01", kSameTown));     // Exact, same town.
    Add(MakePosting(2, "4-07-05-01", kOtherCounty));  // Exact, same city.
    Add(MakePosting(3, "4-07-05-02", kSameTown));     // Same 小类 (安检员), same town.
    Add(MakePosting(4, "4-07-02-03", kSameTown));     // Same 中类 only.
    Add(MakePosting(5, "4-09-08-01", kSameTown));     // 保洁员: another 中类.
    Posting welfare = MakePosting(6, "4-07-05-01", kSameTown);
    welfare.kind = WorkKind::kPublicWelfare;
    Add(welfare);
    Posting fraud = MakePosting(7, "4-07-05-01", kSameTown);
    fraud.warnings = kWarnFraud;
    Add(fraud);
    Posting biased = MakePosting(8, "4-07-05-01", kSameTown);
    biased.warnings = kWarnDiscrimination;
    Add(biased);
    Add(MakePosting(9, "4-07-02-03", kOtherProvince));  // Same 中类, another province.
    ASSERT_TRUE(m_.UpsertPerson(Guard(100)).ok());
  }
  void Add(const Posting& p) { ASSERT_TRUE(m_.UpsertPosting(p).ok()) << p.id; }
  Matcher m_;
};

TEST_F(MatcherTest, RanksByOccupationLevelThenRegionWithHardRules) {
  auto r = m_.PostingsFor(100, 20);
  ASSERT_TRUE(r.ok());
  // 6 (public welfare) and 7 (fraud) never; 5 and 9 are not candidates: another 中类, and a
  // 中类-only match in another province while the city already gave enough.
  EXPECT_EQ(Ids(*r), (std::vector<uint64_t>{1, 2, 3, 8, 4, 5}));
  const Match& best = (*r)[0];
  EXPECT_NEAR(best.score, 0.40 + 0.20 + 0.10 + 0.04 + 0.10 + 0.08, 1e-9);
  EXPECT_NE(Find(best, Factor::kOccupation)->text.find("职业一致"), std::string::npos);
  EXPECT_EQ(Find(best, Factor::kRegion)->text, "同镇街");
  EXPECT_NE(Find(best, Factor::kSkills)->text.find("技能匹配 1/1：消防证"), std::string::npos);
  EXPECT_NE(Find((*r)[2], Factor::kOccupation)->text.find("同职业小类"), std::string::npos);
  EXPECT_NEAR(Find((*r)[3], Factor::kEmployerWarning)->contribution, -0.20, 1e-9);
  double sum = 0;
  for (const auto& reason : best.reasons) sum += reason.contribution;
  EXPECT_NEAR(sum, best.score, 1e-4);
}

TEST_F(MatcherTest, PublicWelfarePostsOnlyForHardshipPersons) {
  Person poor = Guard(101);
  poor.categories = CategoryBit(Category::kDibao);
  ASSERT_TRUE(m_.UpsertPerson(poor).ok());
  auto r = m_.PostingsFor(101, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(*r), (std::vector<uint64_t>{6, 1, 2}));
  EXPECT_NE(Find((*r)[0], Factor::kWorkKind)->text.find("公益性岗位"), std::string::npos);
}

TEST_F(MatcherTest, GrassrootsAndInternshipsOnlyForGraduates) {
  Posting intern = MakePosting(20, "4-07-05-01", kSameTown);
  intern.kind = WorkKind::kInternship;
  Add(intern);
  EXPECT_EQ(Ids(*m_.PostingsFor(100, 1)), std::vector<uint64_t>{1});
  Person grad = Guard(102);
  grad.graduate = true;
  ASSERT_TRUE(m_.UpsertPerson(grad).ok());
  EXPECT_EQ(Ids(*m_.PostingsFor(102, 1)), std::vector<uint64_t>{20});
}

TEST_F(MatcherTest, IncrementalAddUpdateRemove) {
  Posting better = MakePosting(30, "4-07-05-01", kTown);
  better.skills = {"消防证", "驾照"};
  Add(better);  // Scores as 1 does; the smaller id goes first.
  EXPECT_EQ(Ids(*m_.PostingsFor(100, 2)), (std::vector<uint64_t>{1, 30}));
  better.occupation = Code("4-09-08-01");  // Now a cleaning job: far down.
  Add(better);
  EXPECT_EQ(Ids(*m_.PostingsFor(100, 2)), (std::vector<uint64_t>{1, 2}));
  EXPECT_TRUE(m_.RemovePosting(1));
  EXPECT_FALSE(m_.RemovePosting(1));
  EXPECT_EQ(Ids(*m_.PostingsFor(100, 1)), std::vector<uint64_t>{2});
  EXPECT_EQ(m_.Stats().postings, 9);
  EXPECT_GT(m_.Stats().posting_bytes, 0);
}

TEST_F(MatcherTest, PersonsForAPosting) {
  Person cleaner = Guard(103);
  cleaner.desired = {Code("4-09-08-01")};
  ASSERT_TRUE(m_.UpsertPerson(cleaner).ok());
  Person far = Guard(104);
  far.region = kOtherProvince;
  ASSERT_TRUE(m_.UpsertPerson(far).ok());
  auto r = m_.PersonsFor(1, 10);
  ASSERT_TRUE(r.ok());
  // 100 (same town) before 104 (another province); 103 only via the county fallback.
  EXPECT_EQ(Ids(*r), (std::vector<uint64_t>{100, 104, 103}));
  EXPECT_TRUE(m_.RemovePerson(100));
  EXPECT_EQ(Ids(*m_.PersonsFor(1, 1)), std::vector<uint64_t>{104});
  EXPECT_FALSE(m_.PersonsFor(999, 1).ok());
  EXPECT_TRUE(m_.PostingsFor(999, 1).error().IsNotFound());
}

TEST_F(MatcherTest, EducationAndSalaryFactors) {
  Person a = Guard(105);
  a.education = Education::kJuniorOrBelow;
  a.expected_salary_yuan = 9000;
  auto r = m_.PostingsFor(a, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NEAR(Find(r[0], Factor::kEducation)->contribution, -0.05, 1e-9);
  EXPECT_NEAR(Find(r[0], Factor::kSalary)->contribution, -0.05, 1e-9);
  EXPECT_NE(Find(r[0], Factor::kSalary)->text.find("期望薪资高于岗位上限"), std::string::npos);
}

TEST(MatcherValidationTest, BadInputNamesTheField) {
  Matcher m;
  Posting p = MakePosting(1, "4-07-05-01", kTown);
  p.id = 0;
  EXPECT_EQ(m.UpsertPosting(p).error().field, "id");
  p = MakePosting(1, "4-07-05-01", 12345);
  EXPECT_EQ(m.UpsertPosting(p).error().field, "region");
  p = MakePosting(1, "4-07-05-01", kTown);
  p.salary_min_yuan = 5000;
  p.salary_max_yuan = 4000;
  EXPECT_EQ(m.UpsertPosting(p).error().field, "salary");
  p.occupation = 12;
  EXPECT_EQ(m.UpsertPosting(p).error().field, "occupation");
  Person a = Guard(1);
  a.desired = {7};
  EXPECT_EQ(m.UpsertPerson(a).error().field, "desired");
  EXPECT_EQ(m.Stats().postings, 0);
}

TEST(RegionCodeTest, PrefixRange) {
  auto county = RegionPrefixRange("500153");
  ASSERT_TRUE(county);
  EXPECT_TRUE(county->Contains(500153001001ULL));
  EXPECT_TRUE(county->Contains(500153999999ULL));
  EXPECT_FALSE(county->Contains(500154000000ULL));
  EXPECT_FALSE(county->Contains(500152999999ULL));
  EXPECT_TRUE(RegionPrefixRange("")->Contains(500153001001ULL));
  EXPECT_EQ(RegionPrefixRange("500153001001")->hi, 500153001002ULL);
  EXPECT_FALSE(RegionPrefixRange("5001530010011"));
  EXPECT_FALSE(RegionPrefixRange("50a1"));
}

TEST(RegionCodeTest, Parses) {
  EXPECT_EQ(ParseRegionCode("500153001001"), 500153001001ULL);
  EXPECT_FALSE(ParseRegionCode("50015300100"));
  EXPECT_FALSE(ParseRegionCode("50015300100a"));
  EXPECT_FALSE(ParseRegionCode("010000000000"));
  EXPECT_EQ(ParseWorkKind("公益性岗位"), WorkKind::kPublicWelfare);
  EXPECT_EQ(ParseWorkKind("gig"), WorkKind::kGig);
  EXPECT_FALSE(ParseWorkKind("x"));
}

}  // namespace
}  // namespace bangfu::match

namespace bangfu::match {
namespace {

// Stopping early at a tier bound must not change the answer: the top 20 equal the first 20 of
// a query so large that every candidate list is read.
TEST(MatcherPruningTest, EarlyStopGivesTheSameTopK) {
  auto tax = Taxonomy::FromCsv(
      testing::ReadFile(testing::SourceDir() / "share/occupations/demo.csv"), nullptr);
  ASSERT_TRUE(tax.ok());
  Dataset d = Generate(*tax, {4000, 400, 9});
  Matcher m;
  for (const auto& p : d.postings) ASSERT_TRUE(m.UpsertPosting(p).ok());
  for (const auto& a : d.persons) ASSERT_TRUE(m.UpsertPerson(a).ok());
  int compared = 0;
  for (const auto& a : d.persons) {
    auto top = m.PostingsFor(a.id, 20, false);
    auto all = m.PostingsFor(a.id, 1000000, false);
    ASSERT_TRUE(top.ok() && all.ok());
    ASSERT_EQ(top->size(), std::min<size_t>(20, all->size()));
    for (size_t i = 0; i < top->size(); ++i) {
      ASSERT_EQ((*top)[i].id, (*all)[i].id) << "person " << a.id << " rank " << i;
      ASSERT_EQ((*top)[i].score, (*all)[i].score);
    }
    compared += all->size() > 20;
  }
  EXPECT_GT(compared, 300);  // Most people have more candidates than they are shown.
  for (uint64_t id = 1; id <= 100; ++id) {
    auto top = m.PersonsFor(id, 10, false);
    auto all = m.PersonsFor(id, 1000000, false);
    ASSERT_TRUE(top.ok() && all.ok());
    for (size_t i = 0; i < top->size(); ++i) ASSERT_EQ((*top)[i].id, (*all)[i].id);
  }
  // Within a county: the top 10 of the people living there, i.e. the unfiltered full list with
  // everyone else taken out.
  std::unordered_map<uint64_t, RegionCode> home;
  for (const auto& a : d.persons) home[a.id] = a.region;
  int filtered = 0;
  for (uint64_t id = 1; id <= 100; ++id) {
    const auto& posting = d.postings[id - 1];
    ASSERT_EQ(posting.id, id);
    const auto county = RegionPrefixRange(std::to_string(posting.region).substr(0, 6));
    ASSERT_TRUE(county);
    auto top = m.PersonsFor(id, 10, false, *county);
    auto all = m.PersonsFor(id, 1000000, false);
    ASSERT_TRUE(top.ok() && all.ok());
    std::vector<uint64_t> expected;
    for (const auto& x : *all)
      if (county->Contains(home[x.id]) && expected.size() < 10) expected.push_back(x.id);
    std::vector<uint64_t> got;
    for (const auto& x : *top) got.push_back(x.id);
    ASSERT_EQ(got, expected) << "posting " << id;
    filtered += all->size() > top->size();
  }
  EXPECT_GT(filtered, 50);
}

}  // namespace
}  // namespace bangfu::match
