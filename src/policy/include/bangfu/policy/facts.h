// Facts: the population a policy pack is evaluated over, in columns.
//
// This is the contract between the data side (service/ loads it from the store; bench and tests
// generate it) and the rules engine (policy/ reads it, never writes it). Every table is a struct
// of parallel vectors, one entry per row; a row is addressed by its index (`Row`), which is
// dense and has no meaning outside one Facts value. The store's ids are kept beside (`id`) so
// that decisions can name the records they are about.
//
// Missing data has one spelling per type, and the engine turns a missing value into an
// *undecidable* condition, never into "not eligible":
//   dates   kNoDate            (a Date whose days() == kNoDay)
//   codes   0                  (regions; 12-digit statistical code as an integer)
//   enums   the kUnknown value of the enum
//   counts  -1                 (contract months, employees, days attended)
//   money   kNoMoney           (fen)
//   rows    kNoRow             (a reference to another table)
//   bools   Tri::kUnknown
// An open end of a period (still employed, category still valid) is kOpenEnd, not kNoDate.
//
// One-to-many relations (a person's categories, a person's contributions, a business's
// founders) are CSR: `offsets` has size rows+1 and the children of row r are
// [offsets[r], offsets[r+1]) in the child vectors, sorted as each comment says. Loaders must
// produce that order; `Validate()` checks it.
//
// Thread-safety: immutable after loading; any number of threads may read one Facts.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"

namespace bangfu::policy {

using Row = int32_t;
inline constexpr int16_t kOpenEndedContract = std::numeric_limits<int16_t>::max();
inline constexpr Row kNoRow = -1;
inline constexpr int32_t kNoDay = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kOpenDay = std::numeric_limits<int32_t>::max();
inline constexpr Date kNoDate = Date::FromDays(kNoDay);
inline constexpr Date kOpenEnd = Date::FromDays(kOpenDay);
inline constexpr int64_t kNoMoney = std::numeric_limits<int64_t>::min();

// Months are counted as year * 12 + (month - 1), so consecutive months differ by one.
using MonthIndex = int32_t;
inline constexpr MonthIndex kNoMonth = std::numeric_limits<int32_t>::min();
inline MonthIndex MonthOf(Date d) { return d.year() * 12 + d.month() - 1; }

enum class Tri : uint8_t { kFalse = 0, kTrue = 1, kUnknown = 2 };
enum class Sex : uint8_t { kUnknown = 0, kMale = 1, kFemale = 2 };

// The person categories of domain::Category, same order, plus kUnknown unused in spans.
// Kept as a small integer so that a person's categories fit a bit set.
using CategoryCode = uint8_t;  // static_cast<uint8_t>(domain::Category)

// 企业规模 (划型标准): the hire subsidies care about small, medium and micro.
enum class EmployerSize : uint8_t { kUnknown = 0, kMicro, kSmall, kMedium, kLarge };
// What kind of organisation an employer or business is.
enum class OrgKind : uint8_t {
  kUnknown = 0,
  kEnterprise,          // 企业
  kIndividualBusiness,  // 个体工商户
  kPartnership,         // 合伙企业
  kFarmersCooperative,  // 农民专业合作社
  kSocialOrganisation,  // 社会组织 / 民办非企业
  kPublicInstitution,   // 机关事业单位
};
// How a person is employed in one employment record.
enum class EmploymentKind : uint8_t {
  kUnknown = 0,
  kLabourContract,     // 签订劳动合同
  kFlexible,           // 灵活就业
  kPublicWelfarePost,  // 公益性岗位
  kSelfEmployed,       // 自主创业
  kDispatch,           // 劳务派遣
};
enum class TrainingKind : uint8_t {
  kUnknown = 0,
  kSkill,                // 职业技能培训
  kStartupAwareness,     // 创业意识培训 (GYB)
  kStartupBusiness,      // 创办企业培训 (SYB)
  kStartupOnline,        // 网络创业培训
  kSkillAppraisal,       // 职业技能鉴定 / 等级认定
};
// 创业孵化基地 level (RC-INCUBATOR).
enum class IncubatorLevel : uint8_t { kUnknown = 0, kDistrict, kCity };
// 就业帮扶车间 annual evaluation grade (RC-WORKSHOP); kFailed did not pass.
enum class WorkshopGrade : uint8_t { kUnknown = 0, kExcellent, kGood, kPass, kFailed };

struct CategorySpan {
  CategoryCode category = 0;
  Date from = kNoDate;
  Date to = kOpenEnd;  // inclusive last day; kOpenEnd while still valid
};

struct PersonTable {
  std::vector<int64_t> id;
  std::vector<Date> birth_date;          // from the ID number
  std::vector<Sex> sex;                  // from the ID number
  std::vector<int64_t> hukou_region;     // 户籍地 12-digit code, 0 unknown
  std::vector<int64_t> residence_region; // 居住地
  std::vector<uint8_t> education;        // domain::Education, 255 unknown
  std::vector<Date> graduation_date;     // kNoDate when not a graduate or unknown
  std::vector<Row> household;            // kNoRow when not in a household
  std::vector<Tri> rural_hukou;          // 农村户籍
  // Categories with their validity periods, each person's sorted by (category, from).
  std::vector<uint32_t> category_offsets;
  std::vector<CategorySpan> categories;
  size_t size() const { return id.size(); }
};

struct HouseholdTable {
  std::vector<int64_t> id;
  // Zero-employment (零就业家庭) as derived by the ledger: the date it became so, kNoDate when
  // it is not; kept as a period so that "at the date of hire" can be judged.
  std::vector<Date> zero_employment_since;
  size_t size() const { return id.size(); }
};

struct EmployerTable {
  std::vector<int64_t> id;
  std::vector<std::string> name;
  std::vector<EmployerSize> size_class;
  std::vector<OrgKind> kind;
  std::vector<int64_t> region;
  std::vector<Date> base_recognised;  // 就业基地 / 见习基地 recognition date, kNoDate if none
  // Added by the rules engine (issue 4); loaders that do not know them fill the missing value.
  // 更加充分更高质量就业基地 recognition date (RC-BASE), kNoDate if not recognised.
  std::vector<Date> quality_base_recognised;
  std::vector<Date> incubator_recognised;     // 创业孵化基地 recognition, kNoDate if none
  std::vector<IncubatorLevel> incubator_level;
  // 就业帮扶车间: the grade of its latest annual evaluation, the year evaluated (0 unknown) and
  // the number of people it kept stably employed that year (-1 unknown).
  std::vector<WorkshopGrade> workshop_grade;
  std::vector<int16_t> workshop_year;
  std::vector<int32_t> workshop_stable_jobs;
  size_t size() const { return id.size(); }
};

// 就业记录: one period of work of one person with one employer.
struct EmploymentTable {
  std::vector<int64_t> id;
  std::vector<Row> person;
  std::vector<Row> employer;         // kNoRow for flexible / self-employment without one
  std::vector<EmploymentKind> kind;
  std::vector<Date> start;
  std::vector<Date> end;             // kOpenEnd while employed
  // Length of the labour contract in months: -1 unknown, 0 no labour contract,
  // kOpenEndedContract for 无固定期限 (satisfies any minimum length).
  std::vector<int16_t> contract_months;
  size_t size() const { return id.size(); }
};

// 社会保险缴费: one monthly contribution. Sorted by (person, month, payer); CSR by person in
// `PersonContributions` below.
struct ContributionTable {
  std::vector<Row> person;
  std::vector<Row> payer;       // employer row; kNoRow when the person paid as flexible worker
  std::vector<MonthIndex> month;
  std::vector<int64_t> amount;  // fen, the total contribution for that month
  std::vector<uint32_t> person_offsets;  // size persons+1
  size_t size() const { return person.size(); }
};

// 经营主体: businesses founded by people (start-up subsidies, loans).
struct BusinessTable {
  std::vector<int64_t> id;
  std::vector<std::string> name;     // 名称, for people reading candidates; may be empty
  std::vector<OrgKind> kind;
  std::vector<EmployerSize> size_class;
  std::vector<Date> licence_date;    // 营业执照 date
  std::vector<Date> closed_date;     // kOpenEnd while operating
  std::vector<int64_t> region;
  std::vector<int32_t> employees;    // people employed now, -1 unknown
  std::vector<Tri> online;           // 网络商户
  std::vector<Tri> return_home;      // 返乡创业
  std::vector<Row> employer;         // the same organisation as an employer, kNoRow if none
  std::vector<uint32_t> founder_offsets;  // founders of business r, CSR into founders
  std::vector<Row> founders;
  size_t size() const { return id.size(); }
};

// 就业见习.
struct InternshipTable {
  std::vector<int64_t> id;
  std::vector<Row> person;
  std::vector<Row> base;             // employer row of the 见习基地
  std::vector<Date> start;
  std::vector<Date> end;             // planned or actual end; kOpenEnd unknown end
  std::vector<Tri> finished;         // completed the internship
  std::vector<Tri> hired_after;      // hired by the base after the internship (留用)
  size_t size() const { return id.size(); }
};

// 培训报名与结果.
struct TrainingTable {
  std::vector<int64_t> id;
  std::vector<Row> person;
  std::vector<int64_t> institution;  // organisation id of the training institution
  std::vector<TrainingKind> kind;
  std::vector<std::string> course;   // course code, for per-course parameters
  std::vector<Date> start;
  std::vector<Date> end;
  std::vector<int32_t> days_attended;  // -1 unknown
  std::vector<Tri> subsidised;       // a course on the subsidised list
  std::vector<Tri> completed;        // 结业 / 合格
  std::vector<Tri> certificate;      // obtained a certificate (first appraisal)
  size_t size() const { return id.size(); }
};

// 公益性岗位安置.
struct PublicWelfarePlacementTable {
  std::vector<int64_t> id;
  std::vector<Row> person;
  std::vector<Row> employer;
  std::vector<Date> start;
  std::vector<Date> end;             // kOpenEnd while placed
  size_t size() const { return id.size(); }
};

// 低保发放: one monthly payment to a household, attributed to its applicant person.
struct DibaoPaymentTable {
  std::vector<Row> person;
  std::vector<Row> household;
  std::vector<MonthIndex> month;
  std::vector<int64_t> amount;       // fen
  size_t size() const { return person.size(); }
};

// 已发放补贴: every subsidy already paid, here or by another system, so that "only once" holds
// across years and systems. `rule` is the rule id (e.g. RC-HIRE-GRAD) or a once-group name.
struct PaidSubsidyTable {
  std::vector<std::string> rule;
  std::vector<Row> person;           // the person it was for (kNoRow for base/business grants)
  std::vector<Row> employer;         // the employer paid or paid for, kNoRow if none
  std::vector<Row> business;         // the business paid for, kNoRow if none
  std::vector<Date> paid_on;
  std::vector<int64_t> amount;       // fen
  // Added by the rules engine: the store id of the record the rule was evaluated for (the
  // employment, internship, training … of its `for:`), 0 when unknown. Lets a rule that pays
  // once per subject see what was paid before.
  std::vector<int64_t> subject;
  size_t size() const { return rule.size(); }
};

struct Facts {
  PersonTable persons;
  HouseholdTable households;
  EmployerTable employers;
  EmploymentTable employments;
  ContributionTable contributions;
  BusinessTable businesses;
  InternshipTable internships;
  TrainingTable trainings;
  PublicWelfarePlacementTable placements;
  DibaoPaymentTable dibao_payments;
  PaidSubsidyTable paid;

  // Checks the invariants above (equal column lengths, CSR offsets, sort orders, row
  // references in range); kInvalidArgument naming the table and column otherwise.
  Result<void> Validate() const;
  // Approximate bytes held, for the benchmark's memory report.
  size_t MemoryBytes() const;
};

}  // namespace bangfu::policy
