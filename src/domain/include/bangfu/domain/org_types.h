// The enumerations of employers, businesses and the records the policy rules read (employment
// kinds, training kinds), each with a stable id (stored) and a Chinese label (imports, UI), and
// the value parsers of those records: money in yuan and calendar months.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"
#include "bangfu/domain/person_types.h"

namespace bangfu::domain {

// 企业规模 (《中小企业划型标准规定》).
enum class EmployerSize { kMicro, kSmall, kMedium, kLarge };
// What kind of organisation an employer or business is.
enum class OrgKind {
  kEnterprise,          // 企业
  kIndividualBusiness,  // 个体工商户
  kPartnership,         // 合伙企业
  kFarmersCooperative,  // 农民专业合作社
  kSocialOrganisation,  // 社会组织 / 民办非企业单位
  kPublicInstitution,   // 机关事业单位
};
// How a person is employed in one employment record.
enum class EmploymentKind {
  kLabourContract,     // 签订劳动合同
  kFlexible,           // 灵活就业
  kPublicWelfarePost,  // 公益性岗位
  kSelfEmployed,       // 自主创业
  kDispatch,           // 劳务派遣
};
enum class TrainingKind {
  kSkill,             // 职业技能培训
  kStartupAwareness,  // 创业意识培训 (GYB)
  kStartupBusiness,   // 创办企业培训 (SYB)
  kStartupOnline,     // 网络创业培训
  kSkillAppraisal,    // 职业技能鉴定 / 等级认定
};
// What an employer has been recognised as by the bureau (source 002 二(一)2, 二(二)3).
enum class RecognitionKind {
  kQualityBase,  // 更加充分更高质量就业基地 (one-time recognition)
  kIncubator,    // 创业孵化基地（园区）, at a level
  kWorkshop,     // 就业帮扶车间 yearly performance evaluation, with a grade
};
// 创业孵化基地 level; the ids match policy::IncubatorLevel (shifted by one).
enum class IncubatorLevel { kDistrict, kCity };
// 就业帮扶车间 evaluation grade; the ids match policy::WorkshopGrade (shifted by one).
enum class WorkshopGrade { kExcellent, kGood, kPass, kFailed };

const std::vector<EnumInfo<EmployerSize>>& EmployerSizes();
const std::vector<EnumInfo<OrgKind>>& OrgKinds();
const std::vector<EnumInfo<EmploymentKind>>& EmploymentKinds();
const std::vector<EnumInfo<TrainingKind>>& TrainingKinds();
const std::vector<EnumInfo<RecognitionKind>>& RecognitionKinds();
const std::vector<EnumInfo<IncubatorLevel>>& IncubatorLevels();
const std::vector<EnumInfo<WorkshopGrade>>& WorkshopGrades();

// Lookup by id or Chinese label (and the usual variants offices write); nullopt when unknown.
std::optional<EmployerSize> ParseEmployerSize(std::string_view id_or_label);
std::optional<OrgKind> ParseOrgKind(std::string_view id_or_label);
std::optional<EmploymentKind> ParseEmploymentKind(std::string_view id_or_label);
std::optional<TrainingKind> ParseTrainingKind(std::string_view id_or_label);
std::optional<RecognitionKind> ParseRecognitionKind(std::string_view id_or_label);
std::optional<IncubatorLevel> ParseIncubatorLevel(std::string_view id_or_label);
std::optional<WorkshopGrade> ParseWorkshopGrade(std::string_view id_or_label);

std::string_view Id(EmployerSize v);
std::string_view Id(OrgKind v);
std::string_view Id(EmploymentKind v);
std::string_view Id(TrainingKind v);
std::string_view Id(RecognitionKind v);
std::string_view Id(IncubatorLevel v);
std::string_view Id(WorkshopGrade v);

// Money written in yuan ("1234", "1234.5", "1,234.56", "¥1234.00", "1234元") → fen, exactly
// (no floating point). At most two decimals; negative amounts and amounts of 10^13 yuan or more
// are refused. kInvalidArgument naming `field` otherwise.
Result<int64_t> ParseYuan(std::string_view text, std::string_view field = "amount");
// Fen as yuan text with two decimals: 123456 → "1234.56".
std::string FormatYuan(int64_t fen);

// A calendar month: "2026-05", "2026/5", "202605", "2026年5月", or a full date (its month).
// Returns the first day of the month. kInvalidArgument naming `field` otherwise.
Result<Date> ParseYearMonth(std::string_view text, std::string_view field = "month");

// 是/否 and the usual spellings (Y/N, 1/0, true/false, 已/未): nullopt for empty text,
// kInvalidArgument naming `field` for anything else.
Result<std::optional<bool>> ParseYesNo(std::string_view text, std::string_view field);

}  // namespace bangfu::domain
