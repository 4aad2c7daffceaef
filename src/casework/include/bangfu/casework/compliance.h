// Compliance with the service standards: for every person, which standard applies, what has
// been done, what is missing and by when (docs/service-standards.md, "Compliance").
//
// Inputs are plain columns aligned with the person rows of policy::Facts (the same facts the
// rules engine reads; coverage conditions are evaluated over them). Service records are CSR by
// person row. Nothing here reads a clock: the as-of date is given.
//
// Thread-safety: a ComplianceRun is immutable after Compute.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"
#include "bangfu/casework/standard.h"
#include "bangfu/policy/facts.h"

namespace bangfu::casework {

using policy::Row;

// What the latest contact classification found (004 二(六)), or that none was made yet.
enum class Intention : uint8_t {
  kUnknown = 0,     // not yet classified: treated as wanting work (registration asks for work)
  kWantsWork,       // 失业, 有就业意愿
  kNoIntention,     // 暂无就业意愿
  kEmployed,        // 已就业: the standard is closed for them
};
std::string_view Name(Intention i);

// Per person row of the facts. Dates are kNoDate when unknown.
struct CaseInputs {
  std::vector<Intention> intention;
  std::vector<uint8_t> training_need;      // 1: has a training need
  std::vector<uint8_t> startup_intention;  // 1: wants to start a business
  std::vector<Date> registered;            // anchor `registration`
  std::vector<Date> plan_opened;           // anchor `plan_opened` (the open plan's opened_on)
  size_t size() const { return intention.size(); }
  void Resize(size_t n);
};

// Service records, CSR by person row: the records of row r are [offsets[r], offsets[r+1]).
// Order within a person is free; records dated after the as-of date do not count.
struct ServiceRecords {
  std::vector<uint32_t> offsets{0};
  std::vector<ServiceKind> kind;
  std::vector<Date> date;
  size_t size() const { return kind.size(); }
  // kInvalidArgument naming the column when offsets do not match `persons`.
  Result<void> Validate(size_t persons) const;
};

enum class Status : uint8_t {
  kNotCovered = 0,  // no standard covers the person
  kUndecidable,     // a standard might cover them, but data to judge it is missing
  kClosed,          // covered, but employed: nothing more is due
  kComplete,        // every requirement that applies is met
  kOnTrack,         // something is missing, no deadline passed yet (or the anchor is unknown)
  kOverdue,         // something is missing past its deadline
};
inline constexpr int kStatusCount = 6;
std::string_view Name(Status s);
std::string_view Label(Status s);

struct RequirementStatus {
  int requirement = 0;  // index into the standard's requirements
  bool applies = true;  // false when the person's need does not call for it
  int done = 0;         // matching records on or before the as-of date
  int required = 0;
  Date deadline = policy::kNoDate;      // kNoDate when the anchor date is unknown
  Date completed_on = policy::kNoDate;  // the date of the record that met it
  bool overdue = false;
  int missing() const { return done >= required ? 0 : required - done; }
};

struct PersonCompliance {
  int standard = -1;  // index into StandardSet::standards(), -1 none
  Status status = Status::kNotCovered;
  std::vector<RequirementStatus> requirements;
};

// Counts of people by status.
struct StatusCounts {
  std::array<int64_t, kStatusCount> n{};
  int64_t covered() const;  // every status but kNotCovered and kUndecidable
  void Add(const StatusCounts& o);
};

class ComplianceRun {
 public:
  // Evaluates coverage for everyone, picks each person's standard and checks every
  // requirement. kInvalidArgument when the columns do not match the facts.
  static Result<ComplianceRun> Compute(const StandardSet& set, const policy::Facts& facts,
                                       const CaseInputs& cases, const ServiceRecords& records,
                                       Date as_of, int threads = 0);

  Date as_of() const { return as_of_; }
  size_t size() const { return status_.size(); }
  Status status(Row r) const { return static_cast<Status>(status_[r]); }
  int standard(Row r) const { return standard_[r]; }
  // Requirements still missing (that apply), and the earliest deadline among them (kNoDate
  // when none is missing or no deadline is known).
  int missing(Row r) const { return missing_[r]; }
  Date next_deadline(Row r) const { return Date::FromDays(next_deadline_[r]); }
  // The full per-requirement picture of one person, recomputed.
  PersonCompliance Detail(Row r) const;
  // People by status, per standard (index), and in total (with the not covered and the
  // undecidable).
  const std::vector<StatusCounts>& by_standard() const { return by_standard_; }
  StatusCounts total() const;

 private:
  const StandardSet* set_ = nullptr;
  const policy::Facts* facts_ = nullptr;
  const CaseInputs* cases_ = nullptr;
  const ServiceRecords* records_ = nullptr;
  Date as_of_;
  std::vector<int8_t> standard_;
  std::vector<uint8_t> status_;
  std::vector<uint8_t> missing_;
  std::vector<int32_t> next_deadline_;
  std::vector<StatusCounts> by_standard_;
  StatusCounts uncovered_;
};

// Which standard applies given each standard's coverage value for a person (in the set's
// priority order): the first that holds, even when one above it could not be judged (the
// person is served by what certainly applies); -1 when none holds, with *undecidable set when
// one could not be judged.
int PickStandard(const std::vector<policy::Tri>& covers, bool* undecidable);

// Compliance of one person under one standard (used by Compute and Detail).
PersonCompliance Evaluate(const Standard& s, int standard_index, Intention intention,
                          bool training_need, bool startup_intention, Date registered,
                          Date graduated, Date plan_opened, const ServiceKind* kinds,
                          const Date* dates, size_t n_records, Date as_of);

}  // namespace bangfu::casework
