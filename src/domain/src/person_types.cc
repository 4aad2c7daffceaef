#include "bangfu/domain/person_types.h"

#include "enum_lookup.h"

namespace bangfu::domain {
using internal::Find;
using internal::Info;

const std::vector<EnumInfo<Category>>& Categories() {
  static const std::vector<EnumInfo<Category>> v = {
      {Category::kGraduate, "graduate", "高校毕业生"},
      {Category::kDibao, "dibao", "低保家庭成员"},
      {Category::kZeroEmployment, "zero_employment", "零就业家庭成员"},
      {Category::kPovertyAlleviated, "poverty_alleviated", "脱贫人口"},
      {Category::kLaidOff4050, "laid_off_4050", "去产能4050人员"},
      {Category::kDisabled, "disabled", "残疾人"},
      {Category::kLongTermUnemployed, "long_term_unemployed", "长期失业人员"},
      {Category::kVeteran, "veteran", "退役军人"},
      {Category::kMigrantWorker, "migrant_worker", "农民工"},
      {Category::kRegisteredUnemployed, "registered_unemployed", "城镇登记失业人员"},
      {Category::kHardshipCertified, "hardship_certified", "就业困难人员"},
  };
  return v;
}

const std::vector<EnumInfo<EmploymentStatus>>& EmploymentStatuses() {
  static const std::vector<EnumInfo<EmploymentStatus>> v = {
      {EmploymentStatus::kEmployedByEmployer, "employed_employer", "单位就业"},
      {EmploymentStatus::kFlexible, "flexible", "灵活就业"},
      {EmploymentStatus::kSelfEmployed, "self_employed", "自主创业"},
      {EmploymentStatus::kPublicWelfarePost, "public_welfare_post", "公益性岗位"},
      {EmploymentStatus::kFurtherStudy, "further_study", "升学深造"},
      {EmploymentStatus::kArmy, "army", "应征入伍"},
      {EmploymentStatus::kUnemployed, "unemployed", "未就业"},
      {EmploymentStatus::kNoIntention, "no_intention", "暂无就业意愿"},
  };
  return v;
}

const std::vector<EnumInfo<Education>>& Educations() {
  static const std::vector<EnumInfo<Education>> v = {
      {Education::kJuniorOrBelow, "junior_or_below", "初中及以下"},
      {Education::kHighSchool, "high_school", "高中/中专/技校"},
      {Education::kJuniorCollege, "junior_college", "大专"},
      {Education::kBachelor, "bachelor", "本科"},
      {Education::kMaster, "master", "硕士研究生"},
      {Education::kDoctor, "doctor", "博士研究生"},
  };
  return v;
}

const std::vector<EnumInfo<ContactResult>>& ContactResults() {
  static const std::vector<EnumInfo<ContactResult>> v = {
      {ContactResult::kEmployed, "employed", "已就业"},
      {ContactResult::kUnemployed, "unemployed", "未就业"},
      {ContactResult::kNoIntention, "no_intention", "暂无就业意愿"},
  };
  return v;
}

const std::vector<EnumInfo<ContactChannel>>& ContactChannels() {
  static const std::vector<EnumInfo<ContactChannel>> v = {
      {ContactChannel::kPhone, "phone", "电话"},
      {ContactChannel::kVisit, "visit", "上门走访"},
      {ContactChannel::kOnline, "online", "线上"},
      {ContactChannel::kOnSite, "on_site", "窗口现场"},
  };
  return v;
}

std::optional<Category> ParseCategory(std::string_view k) {
  return Find(Categories(), k,
              {{"毕业生", Category::kGraduate}, {"低保", Category::kDibao}, {"低保户", Category::kDibao},
               {"零就业家庭", Category::kZeroEmployment}, {"脱贫户", Category::kPovertyAlleviated},
               {"建档立卡贫困户", Category::kPovertyAlleviated}, {"4050", Category::kLaidOff4050},
               {"4050人员", Category::kLaidOff4050}, {"残疾", Category::kDisabled},
               {"登记失业", Category::kRegisteredUnemployed}, {"困难人员", Category::kHardshipCertified}});
}
std::optional<EmploymentStatus> ParseEmploymentStatus(std::string_view k) {
  return Find(EmploymentStatuses(), k,
              {{"已就业", EmploymentStatus::kEmployedByEmployer}, {"就业", EmploymentStatus::kEmployedByEmployer},
               {"个体经营", EmploymentStatus::kSelfEmployed}, {"创业", EmploymentStatus::kSelfEmployed},
               {"升学", EmploymentStatus::kFurtherStudy}, {"入伍", EmploymentStatus::kArmy},
               {"失业", EmploymentStatus::kUnemployed}, {"待就业", EmploymentStatus::kUnemployed},
               {"暂不就业", EmploymentStatus::kNoIntention}});
}
std::optional<Education> ParseEducation(std::string_view k) {
  if (auto e = Find(Educations(), k,
                    {{"初中", Education::kJuniorOrBelow}, {"小学", Education::kJuniorOrBelow},
                     {"高中", Education::kHighSchool}, {"中专", Education::kHighSchool},
                     {"技校", Education::kHighSchool}, {"职高", Education::kHighSchool},
                     {"专科", Education::kJuniorCollege}, {"高职", Education::kJuniorCollege},
                     {"大学本科", Education::kBachelor}, {"硕士", Education::kMaster},
                     {"研究生", Education::kMaster}, {"博士", Education::kDoctor}}))
    return e;
  // The longer ways lists write a level (本科生, 硕士研究生, 大学专科, 高职（专科）, 专升本,
  // 本科及以上, 中等职业学校, 文盲): the first keyword found, highest level first. 专升本 is a
  // bachelor's degree reached from a college one; "以上" means at least that level.
  static constexpr std::pair<std::string_view, Education> kKeywords[] = {
      {"博士", Education::kDoctor},          {"硕士", Education::kMaster},
      {"研究生", Education::kMaster},        {"专升本", Education::kBachelor},
      {"本科", Education::kBachelor},        {"学士", Education::kBachelor},
      {"专科", Education::kJuniorCollege},   {"大专", Education::kJuniorCollege},
      {"高职", Education::kJuniorCollege},   {"高专", Education::kJuniorCollege},
      {"中专", Education::kHighSchool},      {"中职", Education::kHighSchool},
      {"中等职业", Education::kHighSchool},  {"技校", Education::kHighSchool},
      {"技工", Education::kHighSchool},      {"职高", Education::kHighSchool},
      {"高中", Education::kHighSchool},      {"初中", Education::kJuniorOrBelow},
      {"小学", Education::kJuniorOrBelow},   {"文盲", Education::kJuniorOrBelow},
  };
  for (const auto& [word, level] : kKeywords)
    if (k.find(word) != std::string_view::npos) return level;
  return std::nullopt;
}
std::optional<ContactResult> ParseContactResult(std::string_view k) { return Find(ContactResults(), k); }
std::optional<ContactChannel> ParseContactChannel(std::string_view k) {
  return Find(ContactChannels(), k, {{"走访", ContactChannel::kVisit}, {"现场", ContactChannel::kOnSite}});
}

std::string_view Id(Category c) { return Info(Categories(), c).id; }
std::string_view Id(EmploymentStatus s) { return Info(EmploymentStatuses(), s).id; }
std::string_view Id(Education e) { return Info(Educations(), e).id; }
std::string_view Id(ContactResult r) { return Info(ContactResults(), r).id; }
std::string_view Id(ContactChannel c) { return Info(ContactChannels(), c).id; }
std::string_view Label(Category c) { return Info(Categories(), c).label; }
std::string_view Label(EmploymentStatus s) { return Info(EmploymentStatuses(), s).label; }
std::string_view Label(Education e) { return Info(Educations(), e).label; }

bool IsEmployed(EmploymentStatus s) {
  switch (s) {
    case EmploymentStatus::kEmployedByEmployer:
    case EmploymentStatus::kFlexible:
    case EmploymentStatus::kSelfEmployed:
    case EmploymentStatus::kPublicWelfarePost: return true;
    default: return false;
  }
}

bool IsWorkingAge(int age, bool male) { return age >= 16 && age < (male ? 60 : 50); }

}  // namespace bangfu::domain
