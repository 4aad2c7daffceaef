// Person–job matching over plain inputs: for a person the best postings, for a posting the
// best people, each with a score and the reasons for it.
//
// Candidates come from inverted indexes, never from scoring every pair: every posting (and
// person) is filed under its occupation code at the 细类 (exact), 小类 and 中类 levels, each
// within its town, county, city and province (exact also nationwide), and under its county
// for any occupation. A query reads these lists in tiers ordered by the highest score a record
// first met in the tier can reach (exact-in-town first, 中类-in-province last) and stops as
// soon as the k-th best score kept beats that bound, so the result is exactly the top-k over
// all those lists while most lists are never read.
//
// Hard rules (a pair that breaks one is never returned): public-welfare posts (公益性岗位)
// only for hardship persons (HardshipCategories); grassroots posts and internships only for
// graduates; no employer flagged for fraud. Everything else is a scored factor (Reason).
//
// Incremental: Upsert and Remove change the indexes in place; a new posting or person is
// matchable as soon as the call returns. Not thread-safe for writes; any number of threads
// may query a Matcher that is not being written.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/domain/person_types.h"
#include "bangfu/match/taxonomy.h"

namespace bangfu::match {

enum class WorkKind : uint8_t {
  kFullTime,       // 全职
  kPartTime,       // 兼职
  kGig,            // 零工
  kInternship,     // 就业见习
  kPublicWelfare,  // 公益性岗位
  kGrassroots,     // 基层岗位
};
std::string_view WorkKindId(WorkKind k);     // full_time, part_time, gig, …
std::string_view WorkKindLabel(WorkKind k);  // 全职, 兼职, …
std::optional<WorkKind> ParseWorkKind(std::string_view id_or_label);

// Employer warning flags (bits).
enum EmployerWarning : uint32_t {
  kWarnDiscrimination = 1u << 0,  // 就业歧视记录
  kWarnFraud = 1u << 1,           // 招聘欺诈记录 — never matched
  kWarnWageArrears = 1u << 2,     // 欠薪记录
};
std::optional<uint32_t> ParseEmployerWarning(
    std::string_view id);  // discrimination, fraud, wage_arrears

// Bit of a domain::Category in Person::categories.
constexpr uint32_t CategoryBit(domain::Category c) { return 1u << static_cast<int>(c); }
// 就业困难人员 for matching: 低保, 零就业家庭, 脱贫, 4050, 残疾, 长期失业, 认定困难.
uint32_t HardshipCategories();

// Region codes are 12 digits (province 2, city 2, county 2, town 3, village 3) as a number.
using RegionCode = uint64_t;
std::optional<RegionCode> ParseRegionCode(std::string_view twelve_digits);

// The codes under a region prefix of 0–12 digits ("5001" = every code 5001xxxxxxxx; "" =
// every code): [lo, hi).
struct RegionRange {
  RegionCode lo = 0;
  RegionCode hi = ~RegionCode{0};
  bool Contains(RegionCode r) const { return r >= lo && r < hi; }
};
// nullopt when `digits` is longer than 12 or not all digits.
std::optional<RegionRange> RegionPrefixRange(std::string_view digits);

struct Posting {
  uint64_t id = 0;
  OccCode occupation = 0;  // May be a 小类 or 中类 code when no finer is known.
  int32_t openings = 1;
  domain::Education education_min = domain::Education::kJuniorOrBelow;
  std::vector<std::string> majors;  // Empty: any major.
  std::vector<std::string> skills;
  int64_t salary_min_yuan = 0;  // Monthly; 0 = not stated.
  int64_t salary_max_yuan = 0;
  RegionCode region = 0;
  WorkKind kind = WorkKind::kFullTime;
  uint32_t warnings = 0;  // EmployerWarning bits.
};

struct Person {
  uint64_t id = 0;
  std::vector<OccCode> desired;  // Desired occupations, most wanted first.
  domain::Education education = domain::Education::kJuniorOrBelow;
  std::string major;
  std::vector<std::string> skills;
  int64_t expected_salary_yuan = 0;  // Monthly; 0 = no expectation.
  RegionCode region = 0;             // Residence.
  uint32_t categories = 0;           // CategoryBit()s.
  bool graduate = false;
};

enum class Factor : uint8_t {
  kOccupation,
  kRegion,
  kEducation,
  kMajor,
  kSkills,
  kSalary,
  kWorkKind,
  kEmployerWarning
};

// One factor of a score: what it added (or took away) and why, in Chinese for display.
struct Reason {
  Factor factor;
  double contribution = 0;
  std::string text;
};

struct Match {
  uint64_t id = 0;   // Posting id (for a person) or person id (for a posting).
  double score = 0;  // Sum of the contributions.
  std::vector<Reason> reasons;
};

struct MatcherStats {
  int64_t postings = 0;
  int64_t persons = 0;
  int64_t posting_bytes = 0;  // Posting records and their occupation/region indexes.
  int64_t person_bytes = 0;
};

class Matcher {
 public:
  Matcher();
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Adds or replaces (same id) a posting or person. kInvalidArgument naming the field for a
  // missing id, a malformed occupation or region code, or a salary range with min > max.
  Result<void> UpsertPosting(const Posting& posting);
  Result<void> UpsertPerson(const Person& person);
  // False when there was no such id.
  bool RemovePosting(uint64_t id);
  bool RemovePerson(uint64_t id);

  // Best `k` postings for the person (ties: smaller posting id first); with reasons unless
  // `explain` is false (faster, for batch runs). An unknown person id gives kNotFound.
  Result<std::vector<Match>> PostingsFor(uint64_t person_id, int k, bool explain = true) const;
  // The same for a person not (yet) in the matcher.
  std::vector<Match> PostingsFor(const Person& person, int k, bool explain = true) const;
  // Best `k` people living in `within` for the posting: exactly the top k of those people
  // (the others are skipped while the lists are read, not cut from a longer answer).
  Result<std::vector<Match>> PersonsFor(uint64_t posting_id, int k, bool explain = true,
                                        RegionRange within = {}) const;

  MatcherStats Stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bangfu::match
