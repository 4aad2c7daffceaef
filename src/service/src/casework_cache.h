// The case-work state of every person in the store, kept in memory by the server process so
// that worklists and compliance are answered without reading the store (WorklistService).
//
// Per person: the standard that applies with its status, and the person's worklist items, at
// one as-of date. Built once from the store (LoadCaseWork over everything); afterwards
// CatchUp re-reads only the persons whose rows changed — written by this process or any other
// — found by updated_at for case-work rows (CaseRepository::ChangedAfter) and by the ledger's
// change feed for persons (PersonRepository::ChangedSince), a window of Options::catch_up_window
// ids per read, plus the other members of their households (a member's employment changes the household's zero-employment flag, which
// coverage may read). More changes than Options::max_catch_up at once (a bulk import) make it
// read everything again. The state is for one date: items and statuses depend on it, so a new
// date needs a new Build.
//
// Thread-safety: Build and CatchUp may be called from any thread (one runs at a time); Read
// runs its function under a shared lock, concurrently with other readers.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/base/result.h"
#include "bangfu/casework/compliance.h"
#include "bangfu/casework/standard.h"
#include "bangfu/casework/worklist.h"
#include "bangfu/domain/calendar.h"
#include "bangfu/service/casework_loader.h"
#include "bangfu/service/ports.h"
#include "bangfu/service/worklist_service.h"

namespace bangfu::service {

class CaseWorkCache {
 public:
  struct Options {
    // More changed rows than this in one catch-up: read everything again.
    int64_t max_catch_up = 5000;
    // Rows stamped up to this long before the newest stamp seen are read again: a writer's
    // transaction may commit after a later stamp was read (and stamps of one clock tick
    // tie).
    int64_t lookback_micros = 2'000'000;
    // Changed persons re-read together: one read of each table per window of ids.
    int64_t catch_up_window = 512;
  };

  struct Person {
    int64_t id = 0;
    int64_t region = 0;     // 12-digit community code
    int64_t household = 0;  // 0: none
    casework::Status status = casework::Status::kNotCovered;
    int standard = -1;
    std::vector<casework::WorkItem> items;  // in the order found (the worklist sorts)
  };
  // The persons of one region code (a community), with their counts.
  struct Community {
    std::unordered_map<int64_t, Person> persons;
    casework::StatusCounts total;
    std::vector<casework::StatusCounts> by_standard;
  };
  // Keyed by the 12-digit region code as a number: a scope prefix is one key range.
  using Communities = std::map<int64_t, Community>;

  struct Inputs {
    const casework::StandardSet* standards = nullptr;  // null: no compliance, items only
    LoadFactsOptions load;                             // region scope "" = everything
    const domain::WorkCalendar* calendar = nullptr;
    Date as_of;
  };

  CaseWorkCache(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  CaseWorkCache(Store& store, const Clock& clock, Options options)
      : store_(store), clock_(clock), options_(options) {}

  // Reads everything and replaces the state. Errors from the store or the computation; the
  // previous state stays on error.
  Status Build(const Inputs& in);
  // Re-reads the persons changed since the last Build or CatchUp; returns how many persons it
  // re-read (a rebuild counts everyone). kFailedPrecondition before the first Build.
  Result<int64_t> CatchUp(const Inputs& in);
  // The date the state is for; kNoDate before the first Build.
  Date as_of() const;
  // What the last Build took (a catch-up's rebuild included).
  CaseWorkBuildStats last_build() const;
  // Calls `f` with the communities under a shared lock.
  void Read(const std::function<void(const Communities&)>& f) const;

 private:
  struct State {
    Communities communities;
    std::unordered_map<int64_t, int64_t> region_of;                // person → community key
    std::unordered_map<int64_t, std::vector<int64_t>> households;  // household → persons
  };
  Status BuildLocked(const Inputs& in);
  // The state of the persons loaded in `d` (their items and compliance at in.as_of), by row
  // (ComputeCaseWork, which writes the persons' missing services into `d`).
  static Result<std::vector<Person>> Compute(const Inputs& in, CaseWorkData& d, int threads);
  static void Put(State& st, Person p, size_t standards);
  static void Remove(State& st, int64_t person_id);
  // Appends the other members of the households of `ids`.
  static void AddHouseholdMembers(const State& st, std::vector<int64_t>& ids);

  Store& store_;
  const Clock& clock_;
  Options options_;
  std::mutex write_mu_;  // one Build or CatchUp at a time; guards applied_
  mutable std::shared_mutex mu_;
  State state_;
  Date as_of_ = policy::kNoDate;
  int64_t seen_micros_ = 0;  // newest stamp read (or the build's start)
  // The ledger change feed's position caught up to: persons come from the feed, in commit
  // order; service records, plans, registrations and needs from their updated_at.
  int64_t feed_ = 0;
  CaseWorkBuildStats last_build_;
  // Newest stamp re-read per person, for the rows the lookback returns again.
  std::unordered_map<int64_t, int64_t> applied_;
};

}  // namespace bangfu::service
