// Job postings and their review, employer warnings, and the job-fair import.
//
// Who may do what: an employer account (users.org_id) creates and edits its own postings and
// closes them; staff (admin, district, town) create postings for any employer in their scope,
// review (publish / reject with a reason), close, and keep the employer warnings. Community
// staff and leaders read postings in scope; job seekers read published ones. A posting outside
// the caller's reach does not exist for them (kNotFound). Every change is audited.
//
// Review checks (fake-posting signs, shown to the reviewer, recomputed on every change and at
// review): salary far above the occupation's typical range (TypicalSalary), deposit or fee
// words in the title or description (FeeWords), no work address, active employer warnings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/match_service.h"
#include "bangfu/service/person_import.h"
#include "bangfu/service/ports.h"

namespace bangfu::service {

struct PostingInput {
  std::optional<int64_t> employer_id;  // Staff: required. Employers: their own (org_id).
  std::string title;
  std::string occupation_code;  // "" → normalised from the title.
  int32_t openings = 1;
  std::string education;  // Id or label; "" = any.
  std::vector<std::string> majors;
  std::vector<std::string> skills;
  int64_t salary_min = 0;
  int64_t salary_max = 0;
  std::string region_code;  // "" → the employer's.
  std::string address;      // "" → the employer's.
  std::string work_kind;    // Id or label; "" → full_time.
  std::string description;
  std::optional<Date> valid_until;
};

// An employer as staff register or edit it. The credit code is validated (GB 32100) and is the
// natural key: it cannot be changed once registered. Ids of domain/org_types.h or their
// labels for size class and kind.
struct EmployerInput {
  std::string credit_code;
  std::string name;
  std::string size_class;  // micro | small | medium | large (or 微型/小型/中型/大型); "" unknown.
  std::string kind;        // domain::OrgKind; "" unknown.
  std::string industry;
  std::string region_code;  // 12 digits, known, in the caller's scope.
  std::string address;
  std::string contact_name;
  std::string contact_phone;
};

// The typical monthly salary of an occupation, from the published (and closed) postings in the
// store: the same 小类 when it has at least kMinSalaryPeers postings with both bounds, else the
// same 中类. `upper` is the 75th percentile of their salary_max; a posting whose salary_min
// exceeds kSalaryFarAbove × upper is flagged. No finding when there are too few peers.
inline constexpr int kMinSalaryPeers = 5;
inline constexpr double kSalaryFarAbove = 1.5;
struct TypicalSalary {
  int64_t peers = 0;
  int64_t upper = 0;  // 0 when too few peers.
  std::string level;  // "小类" or "中类".
};

// Words that ask the job seeker for money (押金, 保证金, 培训费, 服装费, …).
const std::vector<std::string>& FeeWords();

class PostingService {
 public:
  PostingService(Store& store, MatchService& matches, AuditService& audit, const Clock& clock)
      : store_(store), matches_(matches), audit_(audit), clock_(clock) {}

  Result<JobPosting> Create(const RequestContext& ctx, const PostingInput& in);
  // Replaces the editable fields; `version` is the one the caller read. An employer's edit of
  // a published or rejected posting sends it back to review (pending).
  Result<JobPosting> Update(const RequestContext& ctx, int64_t id, const PostingInput& in, int64_t version);
  Result<JobPosting> Get(const RequestContext& ctx, int64_t id);
  // The filter's region prefix is narrowed to the caller's scope; employers see their own.
  Result<PostingPage> List(const RequestContext& ctx, PostingFilter filter);
  // pending → published, or → rejected (reason required).
  Result<JobPosting> Review(const RequestContext& ctx, int64_t id, bool publish, const std::string& reason);
  // pending/published → closed; reason filled | withdrawn (expired is ExpireDue's).
  Result<JobPosting> Close(const RequestContext& ctx, int64_t id, const std::string& reason);
  // Closes every pending or published posting in scope whose valid_until is before today (by
  // the Clock), as "expired". Returns how many.
  Result<int64_t> ExpireDue(const RequestContext& ctx);

  // Employers in the caller's scope whose name or credit code contains `query`, by id, at
  // most `limit` (staff: for choosing the employer of a posting; employers: their own).
  Result<std::vector<Employer>> FindEmployers(const RequestContext& ctx, const std::string& query, int limit);

  // One employer: staff in whose scope it lies, or the employer's own account.
  Result<Employer> GetEmployer(const RequestContext& ctx, int64_t id);
  // Registers (no `id`) or edits an employer; staff who review postings, in their scope.
  // kConflict (credit_code) when the code is registered already; kInvalidArgument naming the
  // field for bad input. Audited (employer.create / employer.update).
  Result<Employer> SaveEmployer(const RequestContext& ctx, std::optional<int64_t> id, const EmployerInput& in);

  Result<std::vector<EmployerWarning>> Warnings(const RequestContext& ctx, int64_t employer_id);
  Result<EmployerWarning> AddWarning(const RequestContext& ctx, EmployerWarning w);
  Result<EmployerWarning> UpdateWarning(const RequestContext& ctx, EmployerWarning w);
  Status DeleteWarning(const RequestContext& ctx, int64_t id);

  // Job-fair lists (docs/import-data.md "岗位"): same options and report as the other imports;
  // rows become pending postings with their checks. Staff only.
  Result<ImportReport> Import(const RequestContext& ctx, std::string_view bytes, const ImportOptions& options);

  Result<TypicalSalary> Typical(const std::string& occupation_code, int64_t except_id);
  // The review checks of `p` as of today.
  Result<std::vector<PostingCheck>> Checks(const JobPosting& p);

  static bool CanReview(Role role);

 private:
  Result<Employer> EmployerFor(const RequestContext& ctx, const std::optional<int64_t>& employer_id);
  Result<JobPosting> Visible(const RequestContext& ctx, int64_t id);
  Status Fill(JobPosting& p, const PostingInput& in, const Employer& e);
  // A 12-digit code of a known region (or of a village under a known town).
  Status CheckRegion(const std::string& code, const char* field);
  Result<JobPosting> Save(const RequestContext& ctx, JobPosting p, const std::string& action,
                          const std::string& detail);

  Store& store_;
  MatchService& matches_;
  AuditService& audit_;
  const Clock& clock_;
};

}  // namespace bangfu::service
