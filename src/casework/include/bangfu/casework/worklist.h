// Worklists (工作台): what a staff member should do next, computed from plain rows — plan steps,
// referrals, contacts, unemployment registrations and compliance — and the zero-employment
// household list (零就业家庭动态清零, 002 二(五)2). Pure: the caller loads the rows of the
// people in scope and passes the as-of date and the working-day calendar.
// docs/service-standards.md, "Worklist", states every threshold and the reading behind it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/domain/calendar.h"
#include "bangfu/policy/facts.h"

namespace bangfu::casework {

enum class ItemKind : uint8_t {
  kStepOverdue,        // a plan step past its due date
  kStepDueThisWeek,    // a plan step due from today to Sunday of this week
  kMissingService,     // a required service of the person's standard is still missing
  kReferralNoOutcome,  // a job referral without an outcome 14 days or more after it
  kNotContacted,       // no service record or contact for 30 days or more
  kRegistrationDue,    // an unemployment registration near (or past) its 7-working-day deadline
};
inline constexpr int kItemKindCount = 6;
std::string_view Name(ItemKind k);
std::string_view Label(ItemKind k);

struct WorklistOptions {
  int referral_outcome_days = 14;  // issue 6 §4
  int not_contacted_days = 30;     // issue 6 §4
  int registration_working_days = 7;  // 002 二(四)1 "七个工作日内办结失业登记"
  int registration_warn_working_days = 2;  // listed from this many working days left
};

// The people in scope, one row each.
struct WorkPerson {
  int64_t id = 0;
  std::string name;
  int64_t region = 0;     // 12-digit community code
  int64_t staff = 0;      // responsible staff user id, 0 none
  Date last_contact = policy::kNoDate;  // latest service record or contact, kNoDate never
  Date first_seen = policy::kNoDate;    // entered the ledger: "not contacted" counts from here
  bool employed = false;                // employed people need no contact reminders
  int missing_services = 0;             // from ComplianceRun::missing
  Date next_deadline = policy::kNoDate; // from ComplianceRun::next_deadline
};
struct WorkStep {
  int64_t id = 0, person_id = 0, owner = 0;
  std::string title;
  Date due = policy::kNoDate;
  bool open = true;
};
struct WorkReferral {
  int64_t id = 0, person_id = 0, staff = 0;
  Date date;
  bool has_outcome = false;
  std::string job_title;
  std::string employer_name;  // "" when not recorded
};
// An unemployment registration applied for and not yet completed.
struct WorkRegistration {
  int64_t id = 0, person_id = 0;
  Date applied;
};

struct WorkItem {
  ItemKind kind = ItemKind::kStepOverdue;
  int64_t person_id = 0;
  std::string person_name;
  int64_t region = 0;
  int64_t staff = 0;   // who should act: the step's owner, else the responsible staff member
  int64_t ref_id = 0;  // the step, referral or registration; 0 for person-level items
  Date due = policy::kNoDate;  // deadline, or kNoDate
  // Overdue items: days past due (> 0); due items: days left (≤ 0 written as -days left);
  // not-contacted and referral items: days since.
  int days = 0;
  std::string detail;  // Chinese, for display
};

// The items of the given rows at `as_of`, grouped by person: those of persons[i] are
// items[offsets[i], offsets[i + 1]), in the order they were found (plan steps, missing
// services, contact, referrals, registrations, each in input order). SortByUrgency over any
// selection of them gives the order BuildWorklist gives. For callers that keep items per
// person or roll them up (RollupAccumulator), without sorting the whole list. Rows referring
// to persons not in `persons` are ignored; of persons sharing an id, the first gets the items.
struct PersonItems {
  std::vector<WorkItem> items;
  std::vector<uint32_t> offsets;  // persons.size() + 1 entries
};
PersonItems WorkItemsByPerson(const std::vector<WorkPerson>& persons,
                              const std::vector<WorkStep>& steps,
                              const std::vector<WorkReferral>& referrals,
                              const std::vector<WorkRegistration>& registrations,
                              const domain::WorkCalendar& calendar, Date as_of,
                              const WorklistOptions& options = {});

// Builds the worklist of the given rows at `as_of`, most urgent first (overdue before due,
// then by date). Rows referring to persons not in `persons` are ignored.
std::vector<WorkItem> BuildWorklist(const std::vector<WorkPerson>& persons,
                                    const std::vector<WorkStep>& steps,
                                    const std::vector<WorkReferral>& referrals,
                                    const std::vector<WorkRegistration>& registrations,
                                    const domain::WorkCalendar& calendar, Date as_of,
                                    const WorklistOptions& options = {});

// Sorts items most urgent first, the order BuildWorklist returns (stable).
void SortByUrgency(std::vector<WorkItem>& items);

// Items counted by a key (community code, town code or staff user id).
struct RollupRow {
  int64_t key = 0;
  std::array<int64_t, kItemKindCount> n{};
  int64_t people = 0;  // distinct people with at least one item
  int64_t total() const;
};
enum class RollupBy : uint8_t { kCommunity, kTown, kStaff };
// Sorted by total, largest first, then key.
std::vector<RollupRow> RollUp(const std::vector<WorkItem>& items, RollupBy by);

// RollUp built item by item, for callers that keep items per person. Contract: the items of
// one person are added one after another (people are counted when the person changes).
class RollupAccumulator {
 public:
  explicit RollupAccumulator(RollupBy by) : by_(by) {}
  void Add(const WorkItem& item);
  // The rows, sorted as RollUp sorts them.
  std::vector<RollupRow> Rows() const;

 private:
  RollupBy by_;
  struct Entry {
    RollupRow row;
    int64_t last_person = 0;
    bool any = false;
  };
  std::map<int64_t, Entry> rows_;
};

// ---- zero-employment households ----
struct HouseholdMember {
  int64_t person_id = 0;
  std::string name;
  bool employed = false;
  bool able_to_work = true;  // of working age and not "no intention"
  bool open_plan = false;    // has an open assistance plan
  // Public-welfare post placement offered (a service record of that kind) on or after the
  // household became zero-employment; kNoDate never.
  Date public_welfare_offered = policy::kNoDate;
  Date last_referral = policy::kNoDate;
};
struct HouseholdCase {
  int64_t id = 0;
  int64_t region = 0;
  Date zero_since = policy::kNoDate;  // kNoDate: not zero-employment
  std::vector<HouseholdMember> members;
};
enum class HouseholdAction : uint8_t {
  kMakePlan,           // no member able to work has an open plan: make one
  kRefer,              // plans are open: keep referring jobs
  kPublicWelfarePost,  // market channels have not worked: place in a public-welfare post
  kFollowUp,           // a public-welfare post was offered: follow it up until someone works
  kNoOneAbleToWork,    // no member is able to work: the plan cannot lead to employment
};
std::string_view Name(HouseholdAction a);
std::string_view Label(HouseholdAction a);
struct ZeroEmploymentOptions {
  // Days without any member employed after which public-welfare placement is due (the last
  // resort of 002 二(五)2; the source gives no number, the reading is in the docs).
  int public_welfare_after_days = 60;
};
struct ZeroEmploymentItem {
  int64_t household_id = 0;
  int64_t region = 0;
  Date zero_since;
  int days = 0;  // days since it became zero-employment
  int members = 0, able_to_work = 0, with_open_plan = 0;
  HouseholdAction action = HouseholdAction::kMakePlan;
};
// Households that are zero-employment at `as_of` (zero_since on or before it and no member
// employed), longest first.
std::vector<ZeroEmploymentItem> ZeroEmploymentWorklist(const std::vector<HouseholdCase>& households,
                                                       Date as_of,
                                                       const ZeroEmploymentOptions& options = {});

}  // namespace bangfu::casework
