#include "bangfu/domain/case_types.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace bangfu::domain {
namespace {

TEST(CaseTypes, ServiceKindsRoundTripByIdAndLabel) {
  std::set<std::string_view> ids;
  for (const auto& k : ServiceKinds()) {
    EXPECT_EQ(ParseServiceKind(k.id), k.value);
    EXPECT_EQ(ParseServiceKind(k.label), k.value);
    EXPECT_EQ(Id(k.value), k.id);
    ids.insert(k.id);
  }
  // The codes other modules read from service_records.kind.
  for (const char* id : {"policy_briefing", "career_guidance", "job_referral", "training_offer",
                         "internship_offer", "startup_service", "counselling", "follow_up",
                         "public_welfare_placement", "other"})
    EXPECT_TRUE(ids.count(id)) << id;
  EXPECT_EQ(ids.size(), 10u);
  EXPECT_EQ(ParseServiceKind("回访"), ServiceKind::kFollowUp);
  EXPECT_FALSE(ParseServiceKind("visit"));
  EXPECT_FALSE(ParseServiceKind(""));
}

TEST(CaseTypes, CausesAndCloseOutcomes) {
  EXPECT_EQ(UnemploymentCauses().size(), 11u);
  EXPECT_EQ(ParseUnemploymentCause("年龄偏大"), UnemploymentCause::kAge);
  EXPECT_EQ(ParseUnemploymentCause("技能不足"), UnemploymentCause::kSkillsLacking);
  EXPECT_FALSE(ParseUnemploymentCause("懒"));
  EXPECT_EQ(ParseCloseOutcome("self_found"), CloseOutcome::kSelfFound);
  EXPECT_TRUE(IsEmploymentOutcome(CloseOutcome::kStartup));
  EXPECT_FALSE(IsEmploymentOutcome(CloseOutcome::kOther));
  EXPECT_FALSE(ParseCloseOutcome("hired"));
}

TEST(CaseTypes, OutcomesDependOnTheKind) {
  EXPECT_TRUE(OutcomeAllowed(ServiceKind::kJobReferral, "hired"));
  EXPECT_TRUE(OutcomeAllowed(ServiceKind::kJobReferral, "no_show"));
  EXPECT_FALSE(OutcomeAllowed(ServiceKind::kJobReferral, "job_holds"));
  EXPECT_TRUE(OutcomeAllowed(ServiceKind::kFollowUp, "job_lost"));
  EXPECT_FALSE(OutcomeAllowed(ServiceKind::kPolicyBriefing, "hired"));
  EXPECT_TRUE(OutcomeAllowed(ServiceKind::kPolicyBriefing, ""));
  EXPECT_TRUE(OutcomesFor(ServiceKind::kCounselling).empty());
  EXPECT_EQ(OutcomesFor(ServiceKind::kTrainingOffer).size(), 2u);
}

}  // namespace
}  // namespace bangfu::domain
