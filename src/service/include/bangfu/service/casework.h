// Case work records (帮扶): service records, assistance plans with their steps and revision
// history, the responsible staff member of each person and the rules that assign them.
//
// Table and column names of these records are read by other modules (the service standards
// and the worklist); see docs/casework.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bangfu/base/date.h"
#include "bangfu/base/result.h"

namespace bangfu::service {

// One service given to a person (service_records).
struct ServiceRecord {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string kind;             // domain::ServiceKind id.
  Date service_date;
  int64_t staff_user_id = 0;
  std::string staff_name;       // Read only: the staff member's display name.
  std::string channel;          // domain::ContactChannel id: visit, phone, online, on_site.
  std::string notes;
  std::string outcome;          // domain::OutcomesFor(kind) id, or "".
  std::optional<int64_t> plan_id;               // The plan open when it was given.
  std::optional<int64_t> referral_employer_id;  // job_referral: the employer.
  std::string referral_job_title;
  std::optional<int64_t> follow_up_of;          // The record this one follows up.
  Timestamp created_at;
  std::optional<int64_t> referral_posting_id;   // job_referral to a posting (migration 13).
  // job_referral (migration 43): the employer's name as recorded — the posting's or registered
  // employer's name copied, or the name typed for an employer outside the platform — and the
  // contact there, if given ("" = none).
  std::string referral_employer_name;
  std::string referral_contact;
};

struct PlanStep {
  int64_t id = 0;               // 0 = new.
  int64_t plan_id = 0;
  int64_t person_id = 0;
  std::string title;
  std::string service_kind;     // The kind of service that completes it ("" = done by hand).
  int64_t owner_user_id = 0;
  Date due_date;
  std::string status;           // "open", "done", "cancelled".
  std::optional<Date> done_on;
};

struct AssistancePlan {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string status;           // "open" or "closed"; at most one open plan per person.
  int64_t responsible_user_id = 0;
  Date opened_on;
  std::optional<Date> closed_on;
  std::string close_outcome;    // domain::CloseOutcome id when closed.
  std::vector<std::string> causes;  // domain::UnemploymentCause ids.
  std::string cause_notes;
  std::string goals;
  int revision = 0;             // 1 on creation, +1 on every change.
  Timestamp updated_at;
  std::vector<PlanStep> steps;  // By due date.
};

// The plan and its steps as they were after a revision.
struct PlanRevision {
  int64_t id = 0;
  int64_t plan_id = 0;
  int revision = 0;
  std::string snapshot;         // JSON of the plan with its steps.
  int64_t changed_by = 0;
  std::string changed_by_name;  // Read only.
  Timestamp changed_at;
  std::string reason;
};

struct CaseAssignment {
  int64_t person_id = 0;
  int64_t staff_user_id = 0;
  std::string staff_name;       // Read only.
  Date assigned_on;
  int64_t assigned_by = 0;      // 0 when a rule assigned them.
  std::string rule;             // The region code of the rule that assigned them; "" = by hand.
  // When it was written: persons.updated_at takes it. (The case-work state other processes
  // keep in memory re-reads the person through the ledger's change feed.)
  Timestamp written_at;
};

// A person whose case-work rows changed at `at` (CaseRepository::ChangedAfter).
struct CaseChange {
  int64_t person_id = 0;
  int64_t at = 0;  // Timestamp micros.
};

// Persons whose region starts with region_code (a community code or any prefix) are
// assigned to staff_user_id; the longest matching prefix wins.
struct AssignmentRule {
  std::string region_code;
  int64_t staff_user_id = 0;
  std::string staff_name;       // Read only.
};

// The rules of CaseRepository::Rules, to find in memory the one that assigns a region: the
// longest rule whose region code is a prefix of it (the same choice ApplyRule makes in the
// database). PersonService::Create and the import choose with it. A probe per distinct rule
// length, longest first, so a bulk import assigns a million people in a fraction of a second.
class AssignmentRuleIndex {
 public:
  explicit AssignmentRuleIndex(std::vector<AssignmentRule> rules);
  // nullptr when no rule covers the region.
  const AssignmentRule* Find(std::string_view region_code) const;
  bool empty() const { return rules_.empty(); }

 private:
  std::vector<AssignmentRule> rules_;
  std::unordered_map<std::string_view, const AssignmentRule*> by_code_;
  std::vector<size_t> lengths_;  // Distinct rule code lengths, longest first.
};

// What staff recorded about a person's wishes (person_needs; one current row, changes are
// audited): the standards' `for: training_need` and `for: startup_intention` requirements
// apply to the people marked here (002 二(四)1 “对有技能培训需求的”, 004 二(六) “对有创业意向的”).
struct PersonNeeds {
  int64_t person_id = 0;
  bool training_need = false;
  std::string training_wish;    // What training, in the person's words ("" = not said).
  bool startup_intention = false;
  std::string channel;          // domain::ContactChannel id of the conversation it came from.
  Date recorded_on;
  int64_t recorded_by = 0;
  std::string recorded_by_name;  // Read only.
  Timestamp updated_at;
};

// The plan with its steps as JSON (dates 'YYYY-MM-DD' or null): kept in
// plan_revisions.snapshot, and the plan's form in the HTTP API.
std::string PlanSnapshot(const AssistancePlan& plan);

class CaseRepository {
 public:
  virtual ~CaseRepository() = default;

  virtual Result<int64_t> InsertService(const ServiceRecord& r) = 0;
  virtual Result<ServiceRecord> GetService(int64_t id) = 0;  // kNotFound
  // `at` becomes the record's updated_at.
  virtual Status SetServiceOutcome(int64_t id, const std::string& outcome, Timestamp at) = 0;
  // Newest first (service date, then id).
  virtual Result<std::vector<ServiceRecord>> ServicesForPerson(int64_t person_id) = 0;
  // The job referral of the person to the posting on that day, if any (at most one: unique).
  virtual Result<std::optional<ServiceRecord>> FindReferral(int64_t person_id, int64_t posting_id, Date on) = 0;
  // Job referrals naming this employer (free text or through a posting), newest first, at
  // most `limit`.
  virtual Result<std::vector<ServiceRecord>> ReferralsToEmployer(int64_t employer_id, int limit) = 0;

  // The open plan, else the most recently opened one; nullopt when the person has none.
  virtual Result<std::optional<AssistancePlan>> CurrentPlan(int64_t person_id) = 0;
  // Every plan the person has had, newest first, without their steps.
  virtual Result<std::vector<AssistancePlan>> PlansForPerson(int64_t person_id) = 0;
  // Inserts the plan and its steps; sets their ids. kConflict when the person already has an
  // open plan.
  virtual Status InsertPlan(AssistancePlan& plan) = 0;
  // Updates the plan row and its steps (steps with id 0 are inserted and get their ids).
  virtual Status UpdatePlan(AssistancePlan& plan) = 0;
  virtual Status InsertRevision(const PlanRevision& r) = 0;
  // Newest first.
  virtual Result<std::vector<PlanRevision>> Revisions(int64_t plan_id) = 0;

  virtual Result<std::optional<PersonNeeds>> GetNeeds(int64_t person_id) = 0;
  virtual Status UpsertNeeds(const PersonNeeds& needs) = 0;

  // The assignment is the truth about the responsible staff member; both writes below also
  // set persons.responsible_user_id (its copy, read by the ledger's filter) in the same
  // transaction.
  virtual Result<std::optional<CaseAssignment>> GetAssignment(int64_t person_id) = 0;
  virtual Status UpsertAssignment(const CaseAssignment& a) = 0;
  // Assigns every person whose region starts with `rule.region_code` and who has no
  // assignment yet, unless a longer rule also matches them; returns how many. `at` becomes
  // their persons.updated_at.
  virtual Result<int64_t> ApplyRule(const AssignmentRule& rule, Date on, Timestamp at) = 0;
  // Sets persons.responsible_user_id of the persons with ids in [min_person_id,
  // max_person_id] from their assignment (NULL without one) where it differs, with
  // updated_at = at: a person write that carried a stale copy does not win over a
  // reassignment that committed meanwhile (PersonService::Update calls it in its
  // transaction).
  virtual Status SyncResponsible(int64_t min_person_id, int64_t max_person_id, Timestamp at) = 0;
  // Adds the assignments of persons who have none, as the bulk path of an import that chose
  // them by AssignmentRuleIndex and wrote each person's responsible_user_id with the person
  // (so, unlike the writes above, it leaves the persons rows alone). kConflict when a person
  // already has one.
  virtual Status InsertAssignments(const std::vector<CaseAssignment>& assignments) = 0;
  // Every rule, by region code.
  virtual Result<std::vector<AssignmentRule>> Rules() = 0;
  virtual Status UpsertRule(const AssignmentRule& rule) = 0;
  virtual Status DeleteRule(const std::string& region_code) = 0;

  // Persons whose case-work rows changed after `micros` (updated_at of service_records,
  // assistance_plans, unemployment_registrations, person_needs; changes to persons themselves
  // come from the change feed, PersonRepository::ChangedSince), one entry per changed row, at
  // most `limit` + 1 entries (more than `limit`: the caller should read everything again).
  virtual Result<std::vector<CaseChange>> ChangedAfter(int64_t micros, int64_t limit) = 0;
};

}  // namespace bangfu::service
