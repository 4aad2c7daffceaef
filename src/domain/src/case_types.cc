#include "bangfu/domain/case_types.h"

#include "enum_lookup.h"

namespace bangfu::domain {

using internal::Find;
using internal::Info;

const std::vector<EnumInfo<ServiceKind>>& ServiceKinds() {
  static const std::vector<EnumInfo<ServiceKind>> v = {
      {ServiceKind::kPolicyBriefing, "policy_briefing", "政策宣介"},
      {ServiceKind::kCareerGuidance, "career_guidance", "职业指导"},
      {ServiceKind::kJobReferral, "job_referral", "岗位推荐"},
      {ServiceKind::kTrainingOffer, "training_offer", "培训推荐"},
      {ServiceKind::kInternshipOffer, "internship_offer", "见习推荐"},
      {ServiceKind::kStartupService, "startup_service", "创业服务"},
      {ServiceKind::kCounselling, "counselling", "心理疏导"},
      {ServiceKind::kFollowUp, "follow_up", "跟踪回访"},
      {ServiceKind::kPublicWelfarePlacement, "public_welfare_placement", "公益性岗位安置"},
      {ServiceKind::kOther, "other", "其他"},
  };
  return v;
}

const std::vector<EnumInfo<UnemploymentCause>>& UnemploymentCauses() {
  static const std::vector<EnumInfo<UnemploymentCause>> v = {
      {UnemploymentCause::kSkillsLacking, "skills_lacking", "缺乏职业技能"},
      {UnemploymentCause::kEducationMismatch, "education_mismatch", "学历或专业与岗位需求不匹配"},
      {UnemploymentCause::kExpectationMismatch, "expectation_mismatch", "就业期望与岗位不符"},
      {UnemploymentCause::kLowMotivation, "low_motivation", "就业意愿不足"},
      {UnemploymentCause::kJobInfoLacking, "job_info_lacking", "缺乏岗位信息和求职渠道"},
      {UnemploymentCause::kAge, "age", "年龄偏大"},
      {UnemploymentCause::kHealthDisability, "health_disability", "身体原因或残疾"},
      {UnemploymentCause::kFamilyCare, "family_care", "家庭照护负担"},
      {UnemploymentCause::kLayoff, "layoff", "企业关停或裁员"},
      {UnemploymentCause::kSeasonal, "seasonal", "季节性失业"},
      {UnemploymentCause::kOther, "other", "其他"},
  };
  return v;
}

const std::vector<EnumInfo<CloseOutcome>>& CloseOutcomes() {
  static const std::vector<EnumInfo<CloseOutcome>> v = {
      {CloseOutcome::kReferral, "referral", "推荐就业"},
      {CloseOutcome::kSelfFound, "self_found", "自主就业"},
      {CloseOutcome::kPublicWelfare, "public_welfare", "公益性岗位安置"},
      {CloseOutcome::kStartup, "startup", "自主创业"},
      {CloseOutcome::kOther, "other", "其他（不再帮扶）"},
  };
  return v;
}

std::optional<ServiceKind> ParseServiceKind(std::string_view k) {
  return Find(ServiceKinds(), k, {{"回访", ServiceKind::kFollowUp}, {"政策宣传", ServiceKind::kPolicyBriefing}});
}
std::optional<UnemploymentCause> ParseUnemploymentCause(std::string_view k) {
  return Find(UnemploymentCauses(), k, {{"技能不足", UnemploymentCause::kSkillsLacking}});
}
std::optional<CloseOutcome> ParseCloseOutcome(std::string_view k) { return Find(CloseOutcomes(), k); }

std::string_view Id(ServiceKind k) { return Info(ServiceKinds(), k).id; }
std::string_view Id(UnemploymentCause c) { return Info(UnemploymentCauses(), c).id; }
std::string_view Id(CloseOutcome o) { return Info(CloseOutcomes(), o).id; }
std::string_view Label(ServiceKind k) { return Info(ServiceKinds(), k).label; }

const std::vector<std::pair<std::string_view, std::string_view>>& OutcomesFor(ServiceKind kind) {
  using List = std::vector<std::pair<std::string_view, std::string_view>>;
  static const List none;
  static const List referral = {{"pending", "待反馈"},  {"applied", "已投递"},   {"interviewed", "已面试"},
                                {"hired", "已录用"},    {"rejected", "未录用"},  {"declined", "本人放弃"},
                                {"no_show", "未到场"}};
  static const List follow_up = {{"job_holds", "仍在岗"}, {"job_lost", "已离岗"}, {"unreachable", "未联系上"}};
  static const List offer = {{"accepted", "已接受"}, {"declined", "已拒绝"}};
  switch (kind) {
    case ServiceKind::kJobReferral: return referral;
    case ServiceKind::kFollowUp: return follow_up;
    case ServiceKind::kTrainingOffer:
    case ServiceKind::kInternshipOffer:
    case ServiceKind::kPublicWelfarePlacement: return offer;
    default: return none;
  }
}

bool OutcomeAllowed(ServiceKind kind, std::string_view outcome) {
  if (outcome.empty()) return true;
  for (const auto& [id, label] : OutcomesFor(kind))
    if (id == outcome) return true;
  return false;
}

bool IsEmploymentOutcome(CloseOutcome o) { return o != CloseOutcome::kOther; }

}  // namespace bangfu::domain
