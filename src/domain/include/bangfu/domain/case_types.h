// The enumerations of case work (帮扶): kinds of service, unemployment causes, service outcomes
// and the outcomes that close an assistance plan (002 二(五)2, 004 二(九) "一人一策"). Each has a
// stable id (stored, sent over the API) and a Chinese label (shown). Channels are the contact
// channels of person_types.h (visit, phone, online, on_site).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "bangfu/domain/person_types.h"

namespace bangfu::domain {

// 服务类型.
enum class ServiceKind {
  kPolicyBriefing,          // 政策宣介
  kCareerGuidance,          // 职业指导
  kJobReferral,             // 岗位推荐
  kTrainingOffer,           // 培训推荐
  kInternshipOffer,         // 见习推荐
  kStartupService,          // 创业服务
  kCounselling,             // 心理疏导
  kFollowUp,                // 跟踪回访
  kPublicWelfarePlacement,  // 公益性岗位安置
  kOther,                   // 其他
};

// 失业原因 (002 二(五)2 "开展失业原因分析"): the fixed list a plan picks from, plus notes.
enum class UnemploymentCause {
  kSkillsLacking,         // 缺乏职业技能
  kEducationMismatch,     // 学历或专业与岗位需求不匹配
  kExpectationMismatch,   // 就业期望与岗位不符（择业观念）
  kLowMotivation,         // 就业意愿不足
  kJobInfoLacking,        // 缺乏岗位信息和求职渠道
  kAge,                   // 年龄偏大
  kHealthDisability,      // 身体原因或残疾
  kFamilyCare,            // 家庭照护负担
  kLayoff,                // 企业关停或裁员
  kSeasonal,              // 季节性失业
  kOther,                 // 其他
};

// How an assistance plan ends: employment found through one of these routes (follow-ups at
// 1, 3 and 6 months follow), or "other" (moved away, further study, ... — no follow-ups).
enum class CloseOutcome { kReferral, kSelfFound, kPublicWelfare, kStartup, kOther };

const std::vector<EnumInfo<ServiceKind>>& ServiceKinds();
const std::vector<EnumInfo<UnemploymentCause>>& UnemploymentCauses();
const std::vector<EnumInfo<CloseOutcome>>& CloseOutcomes();

std::optional<ServiceKind> ParseServiceKind(std::string_view id_or_label);
std::optional<UnemploymentCause> ParseUnemploymentCause(std::string_view id_or_label);
std::optional<CloseOutcome> ParseCloseOutcome(std::string_view id_or_label);
std::string_view Id(ServiceKind k);
std::string_view Id(UnemploymentCause c);
std::string_view Id(CloseOutcome o);
std::string_view Label(ServiceKind k);

// The outcomes a service of `kind` may record, as {id, label}; empty when the kind has no
// outcome (a briefing is simply given). Referral: pending, applied, interviewed, hired,
// rejected (not hired), declined (by the person), no_show. Follow-up: job_holds, job_lost, unreachable. Training / internship offer and
// public-welfare placement: accepted, declined.
const std::vector<std::pair<std::string_view, std::string_view>>& OutcomesFor(ServiceKind kind);
// Whether `outcome` may be recorded for `kind` ("" is always allowed: not known yet).
bool OutcomeAllowed(ServiceKind kind, std::string_view outcome);
// Employment found: the plan closes with follow-ups (every outcome but kOther).
bool IsEmploymentOutcome(CloseOutcome o);

}  // namespace bangfu::domain
