// Use cases of case work (帮扶, 002 二(五)2, 004 二(九)): service records, the personal
// assistance plan ("一人一策") with its revision history, closing the loop with follow-ups at
// 1, 3 and 6 months, and the responsible staff member assigned by rule or by hand.
//
// Every call goes through PersonService::Get, so a person outside the caller's scope does not
// exist (kNotFound) and roles without ledger access get kPermissionDenied. Staff roles that
// may change the ledger record; leaders read. Every change is audited in its transaction;
// rejected input (kInvalidArgument naming the field) stores nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/domain/case_types.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/casework.h"
#include "bangfu/service/person_service.h"

namespace bangfu::service {

struct ServiceInput {
  std::string kind;           // domain::ServiceKind id or label.
  Date service_date;          // Not after today, not before the person entered the ledger.
  std::string channel;        // visit, phone, online, on_site (or labels).
  std::string notes;
  std::string outcome;        // One of domain::OutcomesFor(kind), or "".
  // job_referral: a published posting (employer and title come from it), or — for a job
  // outside the platform — the employer (a registered one by id, or else its name as typed,
  // at most 100 characters), a job title (required, at most 100) and optionally a contact
  // there (at most 100).
  std::optional<int64_t> referral_posting_id;
  std::optional<int64_t> referral_employer_id;
  std::string referral_employer_name;
  std::string referral_job_title;
  std::string referral_contact;
  std::optional<int64_t> follow_up_of;          // A service record of the same person.
};

struct StepInput {
  int64_t id = 0;             // An existing step of the open plan, or 0 for a new one.
  std::string title;
  std::string service_kind;   // "" or a domain::ServiceKind id.
  int64_t owner_user_id = 0;  // Staff whose scope covers the person.
  Date due_date;
  std::string status = "open";  // open, done, cancelled.
};

struct PlanInput {
  std::vector<std::string> causes;  // domain::UnemploymentCause ids or labels; at least one.
  std::string cause_notes;
  std::string goals;                // Required.
  std::vector<StepInput> steps;     // Open steps of the plan left out are cancelled.
  std::string reason;               // Why it changed (kept in the revision history).
};

struct CloseInput {
  std::string outcome;              // domain::CloseOutcome id.
  Date closed_on;
  std::optional<Date> job_start;    // Employment outcomes: the follow-ups count from it.
  std::string note;
  // Employment outcomes: the employer (for the employment record; with outcome "referral" and
  // no employer, a referral marked hired has recorded the work already), the domain::EmploymentKind id (default by
  // outcome: public_welfare → public_welfare_post, startup → self_employed, else
  // labour_contract) and contract months (-1 unknown).
  std::optional<int64_t> employer_id;
  std::string employment_kind;
  int32_t contract_months = -1;
};

// A staff member who may own steps or be responsible for a person.
struct StaffOption {
  int64_t id = 0;
  std::string name;
  std::string role;
  std::string scope;
};

// Needs as staff record them (PUT /persons/{id}/needs).
struct NeedsInput {
  bool training_need = false;
  std::string training_wish;  // Only with training_need.
  bool startup_intention = false;
  std::string channel;        // visit, phone, online, on_site (or labels).
  Date recorded_on;           // Not after today, not before the person entered the ledger.
};

struct CaseView {
  std::optional<AssistancePlan> plan;      // Open plan, else the latest closed one.
  std::vector<PlanRevision> revisions;     // Of that plan, newest first.
  std::optional<CaseAssignment> assignment;
  std::optional<PersonNeeds> needs;        // nullopt: never recorded.
  std::vector<StaffOption> staff;          // Staff whose scope covers the person.
};

class CaseService {
 public:
  CaseService(Store& store, PersonService& persons, AuditService& audit, const Clock& clock)
      : store_(store), persons_(persons), audit_(audit), clock_(clock) {}

  Result<std::vector<ServiceRecord>> Services(const RequestContext& ctx, int64_t person_id);
  // Stores the record (plan_id = the open plan), and completes the earliest open step of the
  // person's current plan whose service_kind is `kind` (a follow_up only with outcome
  // job_holds or job_lost). The caller is the staff member. Assigns the responsible staff by
  // rule when the person has none.
  Result<ServiceRecord> RecordService(const RequestContext& ctx, int64_t person_id, const ServiceInput& in);
  // Records the outcome learned later of a service that is not a job referral (referral
  // outcomes: ReferralService::SetOutcome, which also records the hire; kFailedPrecondition here).
  Result<ServiceRecord> SetOutcome(const RequestContext& ctx, int64_t service_id, const std::string& outcome);

  // The plan, its history, the responsible staff (none until assigned: reading never writes),
  // the recorded needs and the staff to pick owners from.
  Result<CaseView> Case(const RequestContext& ctx, int64_t person_id);
  // Records the person's training need and start-up intention (replacing the last record;
  // audited as case.needs.set with the values before and after).
  Result<PersonNeeds> SetNeeds(const RequestContext& ctx, int64_t person_id, const NeedsInput& in);
  // Creates the plan (revision 1) or revises the open one (revision + 1, snapshot kept).
  Result<AssistancePlan> SavePlan(const RequestContext& ctx, int64_t person_id, const PlanInput& in);
  // Closes the open plan. Employment outcomes add three follow_up steps due 1, 3 and 6 months
  // after the job start, owned by the responsible staff, and record the work found through
  // PersonService::RecordEmployment (status with history; the employment record when the
  // employer is known) in the same transaction; other open steps are cancelled.
  Result<AssistancePlan> ClosePlan(const RequestContext& ctx, int64_t person_id, const CloseInput& in);
  // Closes the person's open plan with outcome "referral" after a hire that the caller has
  // recorded (ReferralService::SetOutcome): open steps cancelled, follow-ups due 1, 3 and 6
  // months after `job_start`, closed today, a revision with `note` and the audit entry
  // case.plan.close naming `via`. Must run inside the caller's transaction; records no
  // employment. nullopt when the person has no open plan.
  Result<std::optional<AssistancePlan>> CloseForHire(const RequestContext& ctx, const Person& p, Date job_start,
                                                     const std::string& via, const std::string& note);
  // Makes `staff_user_id` responsible for the person (and for the open plan).
  Result<CaseAssignment> Assign(const RequestContext& ctx, int64_t person_id, int64_t staff_user_id);
  // Assigns an unassigned person by the longest matching rule (kFailedPrecondition when no
  // rule covers them; an existing assignment is returned unchanged).
  Result<CaseAssignment> AssignByRule(const RequestContext& ctx, int64_t person_id);

  // Rules whose region lies in the caller's scope.
  Result<std::vector<AssignmentRule>> Rules(const RequestContext& ctx);
  // Sets (or with nullopt removes) the rule for a region in the caller's scope and assigns
  // the unassigned persons it covers; returns how many it assigned. Admin, district and town
  // staff only.
  Result<int64_t> SetRule(const RequestContext& ctx, const std::string& region_code,
                          std::optional<int64_t> staff_user_id);

 private:
  Result<Person> Writable(const RequestContext& ctx, int64_t person_id);
  // kInvalidArgument on `field` unless the user is active staff who may write and whose
  // scope covers `region`.
  Result<User> StaffFor(int64_t user_id, const std::string& region, const std::string& field);
  // The person's assignment, made by the longest matching rule when there is none.
  Result<std::optional<CaseAssignment>> EnsureAssignment(const RequestContext& ctx, const Person& p);
  Status Revise(const RequestContext& ctx, AssistancePlan& plan, const std::string& reason, bool create);
  // The audit entry of a closed plan; `via` names what closed it when not the caller directly.
  Status AuditClose(const RequestContext& ctx, const Person& p, const AssistancePlan& plan, const std::string& via);
  // The work found that closing with an employment outcome records (see CloseInput); nullopt
  // when a hired referral recorded it already.
  Result<std::optional<EmploymentFound>> PlanEmployment(const Person& p, int64_t plan_id, domain::CloseOutcome outcome,
                                         Date start, const CloseInput& in);

  Store& store_;
  PersonService& persons_;
  AuditService& audit_;
  const Clock& clock_;
};

}  // namespace bangfu::service
