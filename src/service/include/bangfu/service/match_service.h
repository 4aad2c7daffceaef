// Matching from the store: one match::Matcher over the published postings and the people of
// the ledger who look for work, loaded at start and kept current as postings are published or
// closed, people change and employer warnings are recorded. Serves recommendations for a
// person and candidates for a posting, and the batch run that stores the top 20 of everyone.
//
// The occupation taxonomy comes from the `occupations` table (bangfu import occupations) when
// it is not empty, else from the fallback CSV the caller passes (share/occupations/demo.csv).
//
// Who is matched: a person whose status is 未就业 and who is able and willing to work; a
// posting that is published. Thread-safe: queries share a lock, updates take it alone.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/match/engine.h"
#include "bangfu/match/normalizer.h"
#include "bangfu/match/taxonomy.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/person_service.h"
#include "bangfu/service/ports.h"

namespace bangfu::service {

inline constexpr int kStoredMatches = 20;

// match::EmployerWarning bits of the warnings active on `on`: discrimination → 歧视,
// wage_arrears → 欠薪, fraud and fake_recruitment → 欺诈 (never matched).
uint32_t WarningBits(const std::vector<EmployerWarning>& warnings, Date on);
// Warning kinds: discrimination, fraud, wage_arrears, fake_recruitment.
const std::vector<std::pair<std::string, std::string>>& WarningKinds();  // id, 中文
std::string WarningLabel(const std::string& kind);

struct ScoredMatch {
  int64_t id = 0;  // Posting id (recommendations) or person id (candidates).
  double score = 0;
  std::vector<match::Reason> reasons;
};

struct OccupationImportReport {
  int64_t rows = 0;      // Occupations read.
  int64_t created = 0;   // Codes not stored before.
  int64_t skipped = 0;   // Bad rows.
  bool written = false;
  std::vector<match::RowIssue> issues;  // Skipped and merged rows, with line and column.
};

struct MatchRunReport {
  MatchRun run;
  int64_t results = 0;
};

class MatchService {
 public:
  MatchService(Store& store, PersonService& persons, AuditService& audit, const Clock& clock);
  ~MatchService();

  // Builds the taxonomy (store table, else `fallback_taxonomy_csv`) and loads the matcher
  // from the store. Call once at start and after importing occupations.
  Status Load(std::string_view fallback_taxonomy_csv);
  bool loaded() const;

  // The title's occupation (code 0 when nothing fits; empty taxonomy before Load).
  match::NormalizeResult Normalize(std::string_view title) const;
  // Name of a code in the taxonomy, "" when unknown.
  std::string OccupationName(const std::string& code) const;
  bool KnownOccupation(const std::string& code) const;

  // Incremental updates (no-ops before Load): a published posting is filed, any other status
  // taken out; a person is re-read from the store and filed or taken out.
  Status PostingChanged(const JobPosting& posting);
  Status PersonChanged(int64_t person_id);
  Status EmployerWarningsChanged(int64_t employer_id);
  // Re-files the published postings of every employer that has a warning: a warning's bits are
  // those active on the day the posting was filed, so this runs when the date changes.
  Status RefreshWarnings();
  // Re-files every person and posting whose row changed (updated_at) after the newest change
  // the matcher has seen: how writes of other processes, such as `bangfu import persons` while
  // `serve` runs, reach the matcher without a reload. Cost: one indexed query per table plus
  // the changed rows. Missed until the next Load: a row stamped no later than a row already
  // seen but committed after it (the stamp is taken before commit; two writers in the same
  // microsecond, or concurrent PostgreSQL transactions) — SQLite's single writer makes it rare.
  // Returns how many records were re-read. No-op before Load.
  Result<int64_t> CatchUp();

  // Best postings for a person in the caller's scope (job seekers: themselves).
  Result<std::vector<ScoredMatch>> Recommendations(const RequestContext& ctx, int64_t person_id, int k);
  // Best people for a posting in the caller's scope (staff only), served from the matcher's
  // person index alone: the store is read only for the posting.
  Result<std::vector<ScoredMatch>> Candidates(const RequestContext& ctx, int64_t posting_id, int k);

  // Re-matches every person and published posting in `scope` (a prefix within the caller's
  // scope; "" = the caller's scope) and stores the top 20 of each. Audited.
  Result<MatchRunReport> Run(const RequestContext& ctx, const std::string& scope);

  // `bangfu import occupations`: parses the classification CSV (match::Taxonomy::FromCsv),
  // and unless `dry_run` or a row was skipped, upserts every code and reloads. Admin only.
  Result<OccupationImportReport> ImportOccupations(const RequestContext& ctx, std::string_view csv,
                                                   bool dry_run);

 private:
  Result<match::Posting> ToMatchPosting(const JobPosting& p, uint32_t warnings) const;
  std::optional<match::Person> ToMatchPerson(const Person& p, Date today) const;

  Store& store_;
  PersonService& persons_;
  AuditService& audit_;
  const Clock& clock_;
  mutable std::shared_mutex mu_;
  std::unique_ptr<match::Taxonomy> taxonomy_;
  std::unique_ptr<match::Normalizer> normalizer_;
  std::unique_ptr<match::Matcher> matcher_;
  std::unordered_map<int64_t, std::string> posting_region_;  // Filed postings → region.
  // Newest updated_at the matcher has read, per table (CatchUp reads what is newer).
  int64_t persons_feed_ = 0;  // The ledger change feed's position the matcher has caught up to.
  int64_t postings_seen_ = 0;
  std::mutex catch_up_mu_;  // One CatchUp at a time.
};

}  // namespace bangfu::service
