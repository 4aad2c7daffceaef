#include "bangfu/domain/org_types.h"

#include <cstdio>

#include "enum_lookup.h"

namespace bangfu::domain {
using internal::Find;
using internal::Info;

const std::vector<EnumInfo<EmployerSize>>& EmployerSizes() {
  static const std::vector<EnumInfo<EmployerSize>> v = {
      {EmployerSize::kMicro, "micro", "微型"},
      {EmployerSize::kSmall, "small", "小型"},
      {EmployerSize::kMedium, "medium", "中型"},
      {EmployerSize::kLarge, "large", "大型"},
  };
  return v;
}

const std::vector<EnumInfo<OrgKind>>& OrgKinds() {
  static const std::vector<EnumInfo<OrgKind>> v = {
      {OrgKind::kEnterprise, "enterprise", "企业"},
      {OrgKind::kIndividualBusiness, "individual_business", "个体工商户"},
      {OrgKind::kPartnership, "partnership", "合伙企业"},
      {OrgKind::kFarmersCooperative, "cooperative", "农民专业合作社"},
      {OrgKind::kSocialOrganisation, "social_org", "社会组织"},
      {OrgKind::kPublicInstitution, "public_institution", "机关事业单位"},
  };
  return v;
}

const std::vector<EnumInfo<EmploymentKind>>& EmploymentKinds() {
  static const std::vector<EnumInfo<EmploymentKind>> v = {
      {EmploymentKind::kLabourContract, "labour_contract", "劳动合同"},
      {EmploymentKind::kFlexible, "flexible", "灵活就业"},
      {EmploymentKind::kPublicWelfarePost, "public_welfare_post", "公益性岗位"},
      {EmploymentKind::kSelfEmployed, "self_employed", "自主创业"},
      {EmploymentKind::kDispatch, "dispatch", "劳务派遣"},
  };
  return v;
}

const std::vector<EnumInfo<TrainingKind>>& TrainingKinds() {
  static const std::vector<EnumInfo<TrainingKind>> v = {
      {TrainingKind::kSkill, "skill", "职业技能培训"},
      {TrainingKind::kStartupAwareness, "startup_awareness", "创业意识培训"},
      {TrainingKind::kStartupBusiness, "startup_business", "创办企业培训"},
      {TrainingKind::kStartupOnline, "startup_online", "网络创业培训"},
      {TrainingKind::kSkillAppraisal, "skill_appraisal", "职业技能鉴定"},
  };
  return v;
}

const std::vector<EnumInfo<RecognitionKind>>& RecognitionKinds() {
  static const std::vector<EnumInfo<RecognitionKind>> v = {
      {RecognitionKind::kQualityBase, "quality_base", "更加充分更高质量就业基地"},
      {RecognitionKind::kIncubator, "incubator", "创业孵化基地"},
      {RecognitionKind::kWorkshop, "workshop", "就业帮扶车间"},
  };
  return v;
}

const std::vector<EnumInfo<IncubatorLevel>>& IncubatorLevels() {
  static const std::vector<EnumInfo<IncubatorLevel>> v = {
      {IncubatorLevel::kDistrict, "district", "区级"},
      {IncubatorLevel::kCity, "city", "市级"},
  };
  return v;
}

const std::vector<EnumInfo<WorkshopGrade>>& WorkshopGrades() {
  static const std::vector<EnumInfo<WorkshopGrade>> v = {
      {WorkshopGrade::kExcellent, "excellent", "优秀"},
      {WorkshopGrade::kGood, "good", "良好"},
      {WorkshopGrade::kPass, "pass", "合格"},
      {WorkshopGrade::kFailed, "failed", "不合格"},
  };
  return v;
}

std::optional<EmployerSize> ParseEmployerSize(std::string_view k) {
  return Find(EmployerSizes(), k,
              {{"微型企业", EmployerSize::kMicro},
               {"微", EmployerSize::kMicro},
               {"小型企业", EmployerSize::kSmall},
               {"小", EmployerSize::kSmall},
               {"中型企业", EmployerSize::kMedium},
               {"中", EmployerSize::kMedium},
               {"大型企业", EmployerSize::kLarge},
               {"大", EmployerSize::kLarge}});
}
std::optional<OrgKind> ParseOrgKind(std::string_view k) {
  return Find(OrgKinds(), k,
              {{"公司", OrgKind::kEnterprise},
               {"有限责任公司", OrgKind::kEnterprise},
               {"个体", OrgKind::kIndividualBusiness},
               {"个体户", OrgKind::kIndividualBusiness},
               {"合伙", OrgKind::kPartnership},
               {"合作社", OrgKind::kFarmersCooperative},
               {"民办非企业单位", OrgKind::kSocialOrganisation},
               {"民非", OrgKind::kSocialOrganisation},
               {"事业单位", OrgKind::kPublicInstitution},
               {"机关", OrgKind::kPublicInstitution}});
}
std::optional<EmploymentKind> ParseEmploymentKind(std::string_view k) {
  return Find(EmploymentKinds(), k,
              {{"签订劳动合同", EmploymentKind::kLabourContract},
               {"单位就业", EmploymentKind::kLabourContract},
               {"公益性岗位安置", EmploymentKind::kPublicWelfarePost},
               {"个体经营", EmploymentKind::kSelfEmployed},
               {"创业", EmploymentKind::kSelfEmployed},
               {"派遣", EmploymentKind::kDispatch}});
}
std::optional<TrainingKind> ParseTrainingKind(std::string_view k) {
  return Find(TrainingKinds(), k,
              {{"技能培训", TrainingKind::kSkill},
               {"GYB", TrainingKind::kStartupAwareness},
               {"SYB", TrainingKind::kStartupBusiness},
               {"网创", TrainingKind::kStartupOnline},
               {"技能鉴定", TrainingKind::kSkillAppraisal},
               {"技能等级认定", TrainingKind::kSkillAppraisal}});
}

std::optional<RecognitionKind> ParseRecognitionKind(std::string_view k) {
  return Find(RecognitionKinds(), k,
              {{"就业基地", RecognitionKind::kQualityBase},
               {"高质量就业基地", RecognitionKind::kQualityBase},
               {"孵化基地", RecognitionKind::kIncubator},
               {"创业孵化园区", RecognitionKind::kIncubator},
               {"创业孵化基地（园区）", RecognitionKind::kIncubator},
               {"帮扶车间", RecognitionKind::kWorkshop}});
}
std::optional<IncubatorLevel> ParseIncubatorLevel(std::string_view k) {
  return Find(IncubatorLevels(), k,
              {{"区级", IncubatorLevel::kDistrict},
               {"区县级", IncubatorLevel::kDistrict},
               {"区", IncubatorLevel::kDistrict},
               {"市", IncubatorLevel::kCity}});
}
std::optional<WorkshopGrade> ParseWorkshopGrade(std::string_view k) {
  return Find(WorkshopGrades(), k, {{"未通过", WorkshopGrade::kFailed}});
}

std::string_view Id(EmployerSize v) { return Info(EmployerSizes(), v).id; }
std::string_view Id(OrgKind v) { return Info(OrgKinds(), v).id; }
std::string_view Id(EmploymentKind v) { return Info(EmploymentKinds(), v).id; }
std::string_view Id(TrainingKind v) { return Info(TrainingKinds(), v).id; }
std::string_view Id(RecognitionKind v) { return Info(RecognitionKinds(), v).id; }
std::string_view Id(IncubatorLevel v) { return Info(IncubatorLevels(), v).id; }
std::string_view Id(WorkshopGrade v) { return Info(WorkshopGrades(), v).id; }

namespace {

// Strips ASCII spaces and the given UTF-8 affixes from both ends.
std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool StripPrefix(std::string_view& s, std::string_view p) {
  if (s.substr(0, p.size()) != p) return false;
  s.remove_prefix(p.size());
  return true;
}
bool StripSuffix(std::string_view& s, std::string_view p) {
  if (s.size() < p.size() || s.substr(s.size() - p.size()) != p) return false;
  s.remove_suffix(p.size());
  return true;
}

}  // namespace

Result<int64_t> ParseYuan(std::string_view text, std::string_view field) {
  const std::string f(field);
  std::string_view s = Trim(text);
  auto bad = [&](const char* why) {
    return Error::InvalidArgument("金额" + std::string(why) + ": " + std::string(text), f);
  };
  if (s.empty()) return bad("为空");
  StripPrefix(s, "\xC2\xA5") || StripPrefix(s, "\xEF\xBF\xA5") || StripPrefix(s, "RMB");  // ¥ ￥
  StripSuffix(s, "\xE5\x85\x83");                                                         // 元
  s = Trim(s);
  if (!s.empty() && s.front() == '-') return bad("不能为负");
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t yuan = 0, fen = 0;
  int digits = 0, decimals = -1;
  for (char c : s) {
    if (c == ',' && decimals < 0 && digits > 0) continue;  // Thousands separators.
    if (c == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return bad("应为数字，最多两位小数");
    if (decimals >= 0) {
      if (++decimals > 2) return bad("最多两位小数");
      fen = fen * 10 + (c - '0');
    } else {
      if (++digits > 13) return bad("过大");
      yuan = yuan * 10 + (c - '0');
    }
  }
  if (digits == 0) return bad("应为数字，最多两位小数");
  if (decimals == 1) fen *= 10;
  return yuan * 100 + fen;
}

std::string FormatYuan(int64_t fen) {
  char buf[32];
  const char* sign = fen < 0 ? "-" : "";
  const uint64_t a = fen < 0 ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", sign, static_cast<unsigned long long>(a / 100),
                static_cast<unsigned long long>(a % 100));
  return buf;
}

Result<Date> ParseYearMonth(std::string_view text, std::string_view field) {
  const std::string f(field);
  std::string_view s = Trim(text);
  auto bad = [&] {
    return Error::InvalidArgument("年月应写作 YYYY-MM（如 2026-05）: " + std::string(text), f);
  };
  int year = 0, month = 0, n = 0;
  size_t i = 0;
  while (i < s.size() && n < 4 && s[i] >= '0' && s[i] <= '9')
    year = year * 10 + (s[i++] - '0'), ++n;
  if (n != 4) return bad();
  if (i == s.size()) return bad();
  const bool compact = s[i] >= '0' && s[i] <= '9';
  if (!compact) {
    if (s[i] == '-' || s[i] == '/' || s[i] == '.')
      ++i;
    else if (s.substr(i, 3) == "\xE5\xB9\xB4")
      i += 3;  // 年
    else
      return bad();
  }
  n = 0;
  while (i < s.size() && n < 2 && s[i] >= '0' && s[i] <= '9')
    month = month * 10 + (s[i++] - '0'), ++n;
  if (n == 0 || (compact && n != 2)) return bad();
  std::string_view rest = s.substr(i);
  if (rest == "\xE6\x9C\x88") rest = {};  // 月
  if (!rest.empty()) {
    // A full date: its month, once the whole date is valid.
    auto d = Date::Parse(s, f);
    if (!d.ok() || d->year() < 1900 || d->year() > 9999) return bad();
    return Date::FromYmdUnchecked(d->year(), d->month(), 1);
  }
  if (month < 1 || month > 12 || year < 1900) return bad();
  return Date::FromYmdUnchecked(year, month, 1);
}

Result<std::optional<bool>> ParseYesNo(std::string_view text, std::string_view field) {
  std::string_view s = Trim(text);
  if (s.empty()) return std::optional<bool>();
  for (std::string_view y : {"是", "Y", "y", "1", "true", "已", "有"})
    if (s == y) return std::optional<bool>(true);
  for (std::string_view n : {"否", "N", "n", "0", "false", "未", "无"})
    if (s == n) return std::optional<bool>(false);
  return Error::InvalidArgument("应填 是 或 否: " + std::string(text), std::string(field));
}

}  // namespace bangfu::domain
