// Job referrals (岗位推荐) from push to hire (issue 5 item 5, issue 6 item 6): staff push a
// recommended posting to a person in one click; the person sees their referrals and says
// whether they applied or declined; the employer sees referrals to it and records interviewed,
// hired or not hired; "hired" records the employment and the person's new status.
//
// A referral is a job_referral service record (CaseService::RecordService), so it counts
// towards the service standard like any other. Who may record which outcome:
//   staff who may write the ledger, person in scope: every referral outcome;
//   the job seeker the referral is for: applied, declined;
//   the employer the referral names (user's org): interviewed, hired, rejected, no_show.
// Anyone else gets kNotFound (the referral does not exist for them) or kPermissionDenied (an
// outcome that is not theirs to record). "hired" is final. Every change is audited in its
// transaction; bad input stores nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/case_service.h"
#include "bangfu/service/match_service.h"
#include "bangfu/service/person_service.h"

namespace bangfu::service {

struct PushInput {
  int64_t posting_id = 0;
  std::string channel = "online";  // domain::ContactChannel id or label.
  std::string notes;               // Added after the match score and reasons.
};

struct PushResult {
  ServiceRecord record;
  bool created = false;  // false: the person was already referred to it today (same record).
};

struct OutcomeInput {
  std::string outcome;              // domain::OutcomesFor(kind) id.
  // Only for "hired": the job start (default today; not before the referral, not after today),
  // contract months (-1 unknown) and the employment kind (default from the posting's work kind).
  std::optional<Date> start_date;
  int32_t contract_months = -1;
  std::string employment_kind;
};

// A referral as its person or employer sees it.
struct ReferralView {
  ServiceRecord record;
  std::optional<JobPosting> posting;     // When the referral names one (read as it is now).
  std::string employer_name;
  std::string person_name;               // For the employer: who was referred.
  std::string person_education;          // domain::Education id.
  std::string person_major;
  std::vector<std::string> can_record;   // Outcomes the caller may record now.
};

// The posting a referral on `on` may name: kInvalidArgument on field "referral_posting_id"
// unless it exists and is published and not past its valid_until.
Result<JobPosting> ReferablePosting(Store& store, int64_t posting_id, Date on);

// The employment a hired referral makes: the referral's employer, the job start, and the kind
// from `employment_kind` when given, else from the posting's work kind (part-time and gig work
// is flexible, a public-welfare post is one, anything else — full time, grassroots, an
// internship base keeping its intern — a labour contract). Keyed "referral:<id>", so recording
// it again (closing the plan after the hire) updates the same employment record.
Result<EmploymentFound> ReferralEmployment(const ServiceRecord& referral, const std::optional<JobPosting>& posting,
                                           Date start, int32_t contract_months,
                                           const std::string& employment_kind);

class ReferralService {
 public:
  ReferralService(Store& store, PersonService& persons, CaseService& cases, MatchService& matches,
                  AuditService& audit, const Clock& clock)
      : store_(store), persons_(persons), cases_(cases), matches_(matches), audit_(audit), clock_(clock) {}

  // One-click push of a recommended posting: records a job_referral dated today, naming the
  // posting, with the match score and reasons in the notes. Idempotent per person, posting and
  // day: a second push returns the first record (created = false).
  Result<PushResult> Push(const RequestContext& ctx, int64_t person_id, const PushInput& in);

  // Job seeker: their referrals; employer: referrals naming their organisation (newest first,
  // at most 200). Other roles: kPermissionDenied (staff read the person's services).
  Result<std::vector<ReferralView>> Mine(const RequestContext& ctx);

  // Records an outcome of any service record: job referrals by the rules above (hired writes
  // the employment and the status, and closes the person's open plan as 推荐就业 with its
  // follow-ups — CaseService::CloseForHire — in the same transaction), other kinds through
  // CaseService::SetOutcome.
  Result<ServiceRecord> SetOutcome(const RequestContext& ctx, int64_t service_id, const OutcomeInput& in);

 private:
  // Outcomes `ctx` may record on `r` (empty when none); kNotFound when the referral is not
  // visible to the caller.
  Result<std::vector<std::string>> Recordable(const RequestContext& ctx, const ServiceRecord& r);

  Store& store_;
  PersonService& persons_;
  CaseService& cases_;
  MatchService& matches_;
  AuditService& audit_;
  const Clock& clock_;
};

}  // namespace bangfu::service
