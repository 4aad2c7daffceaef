// Use cases of the service standards over the store: the signed-in staff member's worklist
// (工作台), compliance with the standards by town and community (达标情况), the
// zero-employment households (零就业家庭) and one person's compliance.
//
// Worklists and compliance are answered from the case-work state this process keeps in memory
// (CaseWorkCache: every person's standard, status and worklist items at today's date), caught
// up before each answer with the rows any process changed since (updated_at), so that a write
// counts in the next answer. It is built by StartWarmUp (serve, at start, in the background)
// or WarmUp, else by the first request; while StartWarmUp builds it, and on a new date while
// it is rebuilt in the background, requests read the store, as the zero-employment list and
// one person's compliance always do (LoadCaseWork, then ComputeCaseWork or the pure casework
// module).
//
// Scope: staff and leaders read within their region scope; other roles get
// kPermissionDenied. Staff see the items of persons assigned to them plus the unassigned
// persons in scope (community staff) — town and district staff, leaders and admins get the
// items assigned to themselves and the roll-ups of the whole scope by community and by staff.
// A person outside the caller's scope does not exist (kNotFound).
//
// Thread-safety: LoadStandards once at start-up, before any other call; the others may then
// run concurrently.
#pragma once

#include <array>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/casework/compliance.h"
#include "bangfu/casework/standard.h"
#include "bangfu/casework/worklist.h"
#include "bangfu/service/facts_loader.h"
#include "bangfu/service/person_service.h"
#include "bangfu/service/ports.h"
#include "bangfu/service/registration_service.h"

namespace bangfu::service {

struct NamedRollup {
  int64_t key = 0;   // community/town code as a number, or staff user id (0: unassigned)
  std::string code;  // region code text ("" for staff rows)
  std::string name;
  casework::RollupRow counts;
};

inline constexpr int kWorklistItemsPerKind = 200;

struct WorklistView {
  Date as_of;
  // Items of the caller, most urgent first, at most kWorklistItemsPerKind of each kind;
  // counts has the full number per kind.
  std::vector<casework::WorkItem> items;
  std::array<int64_t, casework::kItemKindCount> counts{};
  bool rollups = false;  // leaders: the roll-ups below are filled
  std::vector<NamedRollup> by_community, by_staff;
  bool standards_loaded = false;
};

struct ComplianceRow {
  std::string code, name;
  casework::StatusCounts counts;
};
struct ComplianceView {
  Date as_of;
  std::string region, region_name;
  casework::StatusCounts total;
  struct PerStandard {
    std::string id, name;
    casework::StatusCounts counts;
  };
  std::vector<PerStandard> standards;
  std::vector<ComplianceRow> by_town;       // sorted by code
  std::vector<ComplianceRow> by_community;  // sorted by code
};

struct ZeroEmploymentView {
  casework::ZeroEmploymentItem item;
  std::string region_code, region_name;
  std::vector<casework::HouseholdMember> members;
};

struct PersonComplianceView {
  Date as_of;
  const casework::Standard* standard = nullptr;  // null when none applies
  casework::PersonCompliance detail;
};

// What building the in-memory case-work state took, for serve's log and `bench serve-start`.
struct CaseWorkBuildStats {
  double load_s = 0;     // reading the store (LoadCaseWork), wall seconds
  double compute_s = 0;  // compliance and worklist items (ComputeCaseWork)
  double state_s = 0;    // filing them by community
  int64_t persons = 0, items = 0;
  int64_t builds = 0;  // builds of this state so far, this one included (a catch-up's rebuild too)
};

class CaseWorkCache;

class WorklistService {
 public:
  WorklistService(Store& store, PersonService& persons, RegistrationService& registrations,
                  const Clock& clock);
  ~WorklistService();  // waits for a background rebuild

  // Loads the standard files under `dir` (casework::FindStandardFiles). kInvalidArgument with
  // the first error (file:line:column) when a file does not load.
  Status LoadStandards(const std::string& dir);
  // Number of standards loaded (0 before LoadStandards).
  size_t StandardCount() const;
  // Builds the in-memory case-work state at today's date (a million people: seconds), after
  // waiting for a build under way (a request's, the timer's or StartWarmUp's), if any. Errors
  // from the store.
  Status WarmUp();
  // WarmUp on a background thread; returns at once (serve, at start: it listens meanwhile).
  // Until the state is built, worklists and compliance are answered from the store, as during
  // a new date's rebuild. A failed build is logged; the next request or KeepCurrent builds.
  void StartWarmUp();
  // Keeps the state current between requests: catches it up with what any process wrote, or
  // on a new date rebuilds it on the calling thread (unless a request's background rebuild is
  // already under way), so that the day's first request and the one after a burst of writes
  // find it ready. The server's housekeeping timer calls it. Errors from the store.
  Status KeepCurrent();
  // The date the in-memory state is for (policy::kNoDate before it was first built).
  Date StateDate() const;
  // The timings of the last build of the state (zeros before the first).
  CaseWorkBuildStats LastBuild() const;

  Result<WorklistView> Worklist(const RequestContext& ctx);
  // `region`: a region code in the caller's scope ("" = the caller's whole scope). Admin,
  // district and town staff and leaders only.
  Result<ComplianceView> Compliance(const RequestContext& ctx, const std::string& region);
  Result<std::vector<ZeroEmploymentView>> ZeroEmployment(const RequestContext& ctx);
  Result<PersonComplianceView> PersonCompliance(const RequestContext& ctx, int64_t person_id);

  const casework::StandardSet* standards() const { return standards_.get(); }

 private:
  Status CheckReader(const RequestContext& ctx) const;
  std::string RegionName(const std::string& code);
  // What LoadCaseWork reads for a region prefix: only persons, categories and households when
  // the standards' coverage reads nothing else (or no standards are loaded).
  LoadFactsOptions ScopeOptions(const std::string& region_prefix) const;
  // True when the in-memory state is for `today` and caught up. Otherwise at most one build
  // runs at a time (rebuilding_): while one is under way, whoever else asks reads the store
  // (false) — two first requests at once build the state once. With no build under way: the
  // first state (none yet) is built on the calling thread (true); on an earlier date, with
  // `rebuild_here` the state is rebuilt on the calling thread (true), else a rebuild starts in
  // the background and the caller reads the store (false).
  Result<bool> CacheReady(Date today, const domain::WorkCalendar& calendar, bool rebuild_here = false);
  Result<WorklistView> WorklistFromStore(const RequestContext& ctx, const domain::WorkCalendar& calendar);
  Result<WorklistView> WorklistFromCache(const RequestContext& ctx);
  // Waits for a background rebuild started by CacheReady, if any.
  void JoinRebuild();
  // Under rebuild_mu_: ends the build claimed by setting rebuilding_, and wakes WarmUp.
  void ReleaseBuild();
  // Builds the state on the calling thread for the claim the caller took under `lock`
  // (rebuilding_ set), without holding the lock meanwhile; releases the claim.
  Status BuildClaimed(std::unique_lock<std::mutex>& lock, const domain::WorkCalendar& calendar, Date today);

  Store& store_;
  PersonService& persons_;
  RegistrationService& registrations_;
  const Clock& clock_;
  std::shared_ptr<const casework::StandardSet> standards_;
  std::unique_ptr<CaseWorkCache> cache_;
  std::mutex rebuild_mu_;  // guards rebuild_ and rebuilding_
  std::condition_variable idle_;  // rebuilding_ went false
  std::thread rebuild_;
  bool rebuilding_ = false;  // a build is under way (one claim, whoever builds)
};

// "500153001000" → "500153001": the scope prefix of a region code (6-digit minimum).
std::string RegionPrefix(const std::string& code);

}  // namespace bangfu::service
