// The enumerations of the real-name ledger, each with a stable id (stored, sent over the API)
// and a Chinese label (shown). Ids never change; labels may.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace bangfu::domain {

// 人员类别 (DESIGN.md "Data"; POLICIES.md conditions).
enum class Category {
  kGraduate,             // 高校毕业生
  kDibao,                // 低保家庭成员
  kZeroEmployment,       // 零就业家庭成员 (derived for households; may also arrive on lists)
  kPovertyAlleviated,    // 脱贫人口
  kLaidOff4050,          // 去产能企业职工中的"4050"人员
  kDisabled,             // 残疾人
  kLongTermUnemployed,   // 长期失业人员
  kVeteran,              // 退役军人
  kMigrantWorker,        // 农民工（返乡）
  kRegisteredUnemployed, // 城镇登记失业人员
  kHardshipCertified,    // 认定的就业困难人员
};

// 就业状态.
enum class EmploymentStatus {
  kEmployedByEmployer,   // 单位就业
  kFlexible,             // 灵活就业
  kSelfEmployed,         // 自主创业 / 个体经营
  kPublicWelfarePost,    // 公益性岗位安置
  kFurtherStudy,         // 升学 / 继续深造
  kArmy,                 // 应征入伍
  kUnemployed,           // 未就业
  kNoIntention,          // 暂无就业意愿
};

// 学历, in increasing order.
enum class Education {
  kJuniorOrBelow,   // 初中及以下
  kHighSchool,      // 高中 / 中专 / 技校
  kJuniorCollege,   // 大专
  kBachelor,        // 本科
  kMaster,          // 硕士研究生
  kDoctor,          // 博士研究生
};

// Contact classification of 004 二(六): employed / unemployed / no intention for now.
enum class ContactResult { kEmployed, kUnemployed, kNoIntention };
enum class ContactChannel { kPhone, kVisit, kOnline, kOnSite };

template <typename E>
struct EnumInfo {
  E value;
  std::string_view id;
  std::string_view label;
};

const std::vector<EnumInfo<Category>>& Categories();
const std::vector<EnumInfo<EmploymentStatus>>& EmploymentStatuses();
const std::vector<EnumInfo<Education>>& Educations();
const std::vector<EnumInfo<ContactResult>>& ContactResults();
const std::vector<EnumInfo<ContactChannel>>& ContactChannels();

// Lookup by id or by Chinese label (imports carry labels): std::nullopt when unknown.
std::optional<Category> ParseCategory(std::string_view id_or_label);
std::optional<EmploymentStatus> ParseEmploymentStatus(std::string_view id_or_label);
std::optional<Education> ParseEducation(std::string_view id_or_label);
std::optional<ContactResult> ParseContactResult(std::string_view id_or_label);
std::optional<ContactChannel> ParseContactChannel(std::string_view id_or_label);

std::string_view Id(Category c);
std::string_view Id(EmploymentStatus s);
std::string_view Id(Education e);
std::string_view Id(ContactResult r);
std::string_view Id(ContactChannel c);
std::string_view Label(Category c);
std::string_view Label(EmploymentStatus s);
std::string_view Label(Education e);

// Employed in any form (the zero-employment derivation counts these).
bool IsEmployed(EmploymentStatus s);

// Working age for the zero-employment household rule: 16 to the statutory retirement age
// (men 60, women 50 — the pre-2025 general rule the 2022 sources were written under).
bool IsWorkingAge(int age, bool male);

}  // namespace bangfu::domain
