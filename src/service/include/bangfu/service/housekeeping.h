// Work the server does by itself, on a timer: postings past their validity are closed, the
// matcher picks up people and postings that other processes wrote (bulk imports from the
// command line), and the case-work state behind worklists is caught up, or rebuilt when the
// date changes (WorklistService::KeepCurrent). The timer lives in the caller (`serve`); RunOnce is what each tick does and
// reads the date only from the injected Clock, so tests drive it with a fixed one.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

#include "bangfu/base/clock.h"
#include "bangfu/service/match_service.h"
#include "bangfu/service/posting_service.h"
#include "bangfu/service/worklist_service.h"

namespace bangfu::service {

struct HousekeepingReport {
  bool expiry_ran = false;  // Expiry and warning refresh; false when the date had not changed.
  int64_t expired = 0;      // Postings closed as expired.
  int64_t refiled = 0;      // Records the matcher re-read (MatchService::CatchUp).
};

class Housekeeper {
 public:
  Housekeeper(PostingService& postings, MatchService& matches, WorklistService& worklist,
              const Clock& clock)
      : postings_(postings), matches_(matches), worklist_(worklist), clock_(clock) {}

  // Expiry, and re-filing the postings of warned employers (a warning starts or ends with the
  // date), run on the first call and then once per date (a posting cannot become due
  // otherwise: validity dates before today are refused on every write), as the audited
  // system account 定时任务 over every region. CatchUp runs on every call. Thread-safe; calls
  // do not overlap. The first error is returned after both steps were tried.
  Result<HousekeepingReport> RunOnce();

  // The principal the scheduled work acts as (admin role, whole district, user id 0).
  static RequestContext SystemContext();

 private:
  PostingService& postings_;
  MatchService& matches_;
  WorklistService& worklist_;
  const Clock& clock_;
  std::mutex mu_;
  std::optional<Date> expired_on_;
};

}  // namespace bangfu::service
