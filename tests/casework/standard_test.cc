#include <gtest/gtest.h>

#include "bangfu/casework/cases.h"
#include "bangfu/casework/compliance.h"
#include "bangfu/casework/standard.h"
#include "bangfu/policy/cases.h"

namespace bangfu::casework {
namespace {

constexpr const char* kGood = R"(standard: t
name: 测试标准
source: test
priority: 5
covers:
  - has_category(person, {dibao}, as_of)
requirements:
  - id: T-GUIDE
    name: 职业指导
    clause: x
    services: [career_guidance]
    at_least: 1
    within: 30 days of registration
)";

std::string Errors(const LoadedStandards& l) {
  std::string s;
  for (const auto& d : l.diagnostics) s += d.ToString() + "\n";
  return s;
}

TEST(StandardLoad, GoodFileLoads) {
  auto l = LoadStandardTexts({{"t.yaml", kGood}});
  ASSERT_TRUE(l.ok()) << Errors(l);
  ASSERT_EQ(l.set->standards().size(), 1u);
  const auto& r = l.set->standards()[0].requirements.at(0);
  EXPECT_EQ(r.within_days, 30);
  EXPECT_EQ(r.anchor, Anchor::kRegistration);
  EXPECT_EQ(r.need, Need::kWantsWork);
  EXPECT_TRUE(r.Counts(ServiceKind::kCareerGuidance));
  EXPECT_FALSE(r.Counts(ServiceKind::kJobReferral));
}

TEST(StandardLoad, ConditionErrorsHaveLineAndColumn) {
  std::string text = kGood;
  text.replace(text.find("{dibao}"), 7, "{dibaoo}");
  auto l = LoadStandardTexts({{"t.yaml", text}});
  ASSERT_FALSE(l.ok());
  EXPECT_NE(Errors(l).find("t.yaml:6:"), std::string::npos) << Errors(l);
  EXPECT_NE(Errors(l).find("dibaoo"), std::string::npos) << Errors(l);
}

TEST(StandardLoad, WithinAndServiceErrorsNameThePlace) {
  std::string text = kGood;
  text.replace(text.find("registration\n"), 12, "registraton");
  text.replace(text.find("[career_guidance]"), 17, "[career_guide]");
  auto l = LoadStandardTexts({{"t.yaml", text}});
  ASSERT_FALSE(l.ok());
  const std::string e = Errors(l);
  EXPECT_NE(e.find("t.yaml:13:"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown anchor 'registraton'"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown service kind 'career_guide'"), std::string::npos) << e;
  EXPECT_NE(e.find("t.yaml:11:"), std::string::npos) << e;
}

TEST(StandardLoad, UnknownKeysAndEqualPrioritiesAreErrors) {
  std::string typo = kGood;
  typo.replace(typo.find("at_least"), 8, "atleast");
  EXPECT_NE(Errors(LoadStandardTexts({{"t.yaml", typo}})).find("unknown field 'atleast'"),
            std::string::npos);
  std::string other = kGood;
  other.replace(other.find("standard: t"), 11, "standard: u");
  auto l = LoadStandardTexts({{"t.yaml", kGood}, {"u.yaml", other}});
  ASSERT_FALSE(l.ok());
  EXPECT_NE(Errors(l).find("same priority 5"), std::string::npos) << Errors(l);
}

TEST(StandardLoad, PriorityOrdersTheSet) {
  std::string other = kGood;
  other.replace(other.find("standard: t"), 11, "standard: u");
  other.replace(other.find("priority: 5"), 11, "priority: 9");
  auto l = LoadStandardTexts({{"t.yaml", kGood}, {"u.yaml", other}});
  ASSERT_TRUE(l.ok()) << Errors(l);
  EXPECT_EQ(l.set->standards()[0].id, "u");
  EXPECT_EQ(l.set->Find("t"), 1);
}

TEST(PickStandard, FirstThatHoldsEvenAfterAnUndecidableOne) {
  using policy::Tri;
  bool und = false;
  EXPECT_EQ(PickStandard({Tri::kFalse, Tri::kTrue, Tri::kTrue}, &und), 1);
  EXPECT_FALSE(und);
  EXPECT_EQ(PickStandard({Tri::kUnknown, Tri::kTrue}, &und), 1);
  EXPECT_EQ(PickStandard({Tri::kUnknown, Tri::kFalse}, &und), -1);
  EXPECT_TRUE(und);
  EXPECT_EQ(PickStandard({Tri::kFalse, Tri::kFalse}, &und), -1);
  EXPECT_FALSE(und);
}

TEST(Compliance, ComputeCountsAndTurnsComplete) {
  auto l = LoadStandardTexts({{"t.yaml", kGood}});
  ASSERT_TRUE(l.ok()) << Errors(l);
  auto cf = policy::ReadCaseFacts(R"(persons:
  - {id: a, categories: [{category: dibao, from: 2024-01-01}]}
  - {id: b}
)",
                                  "facts.yaml");
  ASSERT_TRUE(cf.ok()) << cf.error().message;
  CaseInputs cases;
  cases.Resize(2);
  cases.registered[0] = Date::FromYmdUnchecked(2024, 3, 1);
  ServiceRecords rec;
  rec.kind = {ServiceKind::kCareerGuidance};
  rec.date = {Date::FromYmdUnchecked(2024, 3, 20)};
  rec.offsets = {0, 1, 1};
  // Before the record: on track; after it: complete.
  auto before = ComplianceRun::Compute(*l.set, cf->facts, cases, rec,
                                       Date::FromYmdUnchecked(2024, 3, 19), 1);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->status(0), Status::kOnTrack);
  EXPECT_EQ(before->missing(0), 1);
  EXPECT_EQ(before->next_deadline(0), Date::FromYmdUnchecked(2024, 3, 31));
  EXPECT_EQ(before->status(1), Status::kNotCovered);
  auto after = ComplianceRun::Compute(*l.set, cf->facts, cases, rec,
                                      Date::FromYmdUnchecked(2024, 3, 20), 2);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status(0), Status::kComplete);
  EXPECT_EQ(after->Detail(0).requirements[0].completed_on, Date::FromYmdUnchecked(2024, 3, 20));
  EXPECT_EQ(after->total().n[static_cast<int>(Status::kComplete)], 1);
  EXPECT_EQ(after->total().n[static_cast<int>(Status::kNotCovered)], 1);
  EXPECT_EQ(after->by_standard()[0].n[static_cast<int>(Status::kNotCovered)], 0);
  // Mismatched columns are refused, naming them.
  rec.offsets = {0, 1};
  auto bad = ComplianceRun::Compute(*l.set, cf->facts, cases, rec, Date::FromYmdUnchecked(2024, 3, 20));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "service_records.offsets");
}

// Coverage that reads employments, contributions or any other table asks for the full facts.
TEST(StandardLoad, CoverageReadingOtherTablesIsNotPersonsOnly) {
  auto with = [](const std::string& condition) {
    std::string text = kGood;
    text.replace(text.find("has_category(person, {dibao}, as_of)"),
                 std::string("has_category(person, {dibao}, as_of)").size(), condition);
    auto l = LoadStandardTexts({{"t.yaml", text}});
    EXPECT_TRUE(l.ok()) << condition << "\n" << Errors(l);
    return l.ok() && l.set->coverage().ReadsPersonsOnly();
  };
  EXPECT_TRUE(with("age(person, as_of) >= 16 and zero_employment(person, as_of)"));
  EXPECT_TRUE(with("person.education >= junior_college and in_region(person.hukou_region, \"5001\")"));
  EXPECT_FALSE(with("not employed_at(person, as_of)"));
  EXPECT_FALSE(with("receives_dibao(person)"));
  EXPECT_FALSE(with("self_paid_months(person) >= 6"));
}

// The shipped standards check, and every case file under standards/cases passes.
TEST(ShippedStandards, CheckAndCasesPass) {
  const std::string dir = std::string(BANGFU_SOURCE_DIR) + "/standards";
  std::vector<std::string> errors;
  auto files = FindStandardFiles({dir}, &errors);
  ASSERT_TRUE(errors.empty());
  ASSERT_EQ(files.size(), 3u);
  auto l = LoadStandards(files);
  ASSERT_TRUE(l.ok()) << Errors(l);
  // Their coverage reads persons, categories and households only: the store loads no more.
  EXPECT_TRUE(l.set->coverage().ReadsPersonsOnly());
  auto cases = policy::FindCaseFiles({dir + "/cases"}, &errors);
  ASSERT_GE(cases.size(), 6u);
  StandardCaseRunner runner;
  for (const auto& f : cases) {
    auto r = runner.RunFile(f);
    std::string why;
    for (const auto& x : r.failures) why += x + "\n";
    EXPECT_TRUE(r.passed) << f << "\n" << why;
  }
}

}  // namespace
}  // namespace bangfu::casework
