#include "casework_cache.h"

#include <algorithm>
#include <chrono>
#include <malloc.h>
#include <optional>
#include <unordered_set>

namespace bangfu::service {

Date CaseWorkCache::as_of() const {
  std::shared_lock lock(mu_);
  return as_of_;
}

CaseWorkBuildStats CaseWorkCache::last_build() const {
  std::shared_lock lock(mu_);
  return last_build_;
}

void CaseWorkCache::Read(const std::function<void(const Communities&)>& f) const {
  std::shared_lock lock(mu_);
  f(state_.communities);
}

Result<std::vector<CaseWorkCache::Person>> CaseWorkCache::Compute(const Inputs& in, CaseWorkData& d,
                                                                  int threads) {
  BANGFU_ASSIGN_OR_RETURN(CaseWork cw, ComputeCaseWork(in.standards, d, *in.calendar, in.as_of, threads));
  const size_t rows = d.persons.size();
  std::vector<Person> out(rows);
  const auto& P = d.facts.persons;
  const auto& H = d.facts.households;
  auto& items = cw.work.items;
  const auto& offsets = cw.work.offsets;
  for (size_t r = 0; r < rows; ++r) {
    const auto row = static_cast<policy::Row>(r);
    Person& p = out[r];
    p.id = P.id[r];
    p.region = d.persons[r].region;
    const policy::Row h = P.household[r];
    if (h != policy::kNoRow && h >= 0 && static_cast<size_t>(h) < H.size()) p.household = H.id[h];
    if (cw.run) {
      p.status = cw.run->status(row);
      p.standard = cw.run->standard(row);
    }
    p.items.assign(std::make_move_iterator(items.begin() + offsets[r]),
                   std::make_move_iterator(items.begin() + offsets[r + 1]));
  }
  return out;
}

void CaseWorkCache::Put(State& st, Person p, size_t standards) {
  Community& c = st.communities[p.region];
  if (c.by_standard.size() < standards) c.by_standard.resize(standards);
  ++c.total.n[static_cast<int>(p.status)];
  if (p.standard >= 0) ++c.by_standard[p.standard].n[static_cast<int>(p.status)];
  st.region_of[p.id] = p.region;
  if (p.household) st.households[p.household].push_back(p.id);
  const int64_t id = p.id;
  c.persons[id] = std::move(p);
}

void CaseWorkCache::Remove(State& st, int64_t person_id) {
  auto where = st.region_of.find(person_id);
  if (where == st.region_of.end()) return;
  auto c = st.communities.find(where->second);
  st.region_of.erase(where);
  if (c == st.communities.end()) return;
  auto p = c->second.persons.find(person_id);
  if (p == c->second.persons.end()) return;
  --c->second.total.n[static_cast<int>(p->second.status)];
  if (p->second.standard >= 0)
    --c->second.by_standard[p->second.standard].n[static_cast<int>(p->second.status)];
  if (auto h = st.households.find(p->second.household); h != st.households.end()) {
    std::erase(h->second, person_id);
    if (h->second.empty()) st.households.erase(h);
  }
  c->second.persons.erase(p);
  if (c->second.persons.empty()) st.communities.erase(c);
}

Status CaseWorkCache::Build(const Inputs& in) {
  std::lock_guard one(write_mu_);
  applied_.clear();
  return BuildLocked(in);
}

Status CaseWorkCache::BuildLocked(const Inputs& in) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
  };
  // Rows stamped from here on, and persons of feed records after this one, are read again by
  // the next CatchUp.
  const int64_t start = clock_.Now().micros;
  BANGFU_ASSIGN_OR_RETURN(const int64_t feed, store_.persons().ChangePosition());
  CaseWorkBuildStats stats;
  State fresh;
  {
    const auto t0 = Clock::now();
    CaseWorkData d;
    BANGFU_RETURN_IF_ERROR(LoadCaseWork(store_, in.load, in.as_of, d));
    const auto t1 = Clock::now();
    BANGFU_ASSIGN_OR_RETURN(auto persons, Compute(in, d, 0));
    const auto t2 = Clock::now();
    const size_t standards = in.standards ? in.standards->standards().size() : 0;
    fresh.region_of.reserve(persons.size());
    stats.persons = static_cast<int64_t>(persons.size());
    for (auto& p : persons) {
      stats.items += static_cast<int64_t>(p.items.size());
      Put(fresh, std::move(p), standards);
    }
    stats.load_s = seconds(t0, t1);
    stats.compute_s = seconds(t1, t2);
    stats.state_s = seconds(t2, Clock::now());
  }
  {
    std::unique_lock lock(mu_);
    std::swap(state_, fresh);
    as_of_ = in.as_of;
    seen_micros_ = start;
    feed_ = feed;
    stats.builds = last_build_.builds + 1;
    last_build_ = stats;
  }
  // The old state (a million persons) is freed here, after readers were let in again, and
  // the memory the build's reading and computing freed goes back to the system: without the
  // trim a million-person server kept about 190 MB more (docs/service-standards.md).
  fresh = State{};
  ::malloc_trim(0);
  return OkStatus();
}

Result<int64_t> CaseWorkCache::CatchUp(const Inputs& in) {
  std::lock_guard one(write_mu_);
  int64_t after = 0;
  {
    std::shared_lock lock(mu_);
    if (as_of_ == policy::kNoDate) return Error::FailedPrecondition("帮扶工作状态尚未建立");
    after = seen_micros_ - options_.lookback_micros;
  }
  BANGFU_ASSIGN_OR_RETURN(auto changes, store_.cases().ChangedAfter(after, options_.max_catch_up));
  // Persons by the change feed: a person written by a transaction that committed after a later
  // stamp was read (a long import from the command line) has no stamp after `after`.
  BANGFU_ASSIGN_OR_RETURN(auto fed, store_.persons().ChangedSince(feed_));
  int64_t fed_persons = 0;
  for (const auto& [a, b] : fed.persons) fed_persons += b - a + 1;
  if (!fed.complete || static_cast<int64_t>(changes.size()) + fed_persons > options_.max_catch_up) {
    BANGFU_RETURN_IF_ERROR(BuildLocked(in));
    std::shared_lock lock(mu_);
    return static_cast<int64_t>(state_.region_of.size());
  }
  // A row read before is skipped unless its stamp is not yet in the past: writes within one
  // clock tick (a fixed clock in tests) share a stamp.
  const int64_t now = clock_.Now().micros;
  int64_t newest = 0;
  std::vector<int64_t> ids;
  for (const auto& c : changes) {
    newest = std::max(newest, c.at);
    auto a = applied_.find(c.person_id);
    if (a != applied_.end() && a->second >= c.at && c.at < now) continue;
    ids.push_back(c.person_id);
  }
  for (const auto& c : changes) {
    int64_t& a = applied_[c.person_id];
    a = std::max(a, c.at);
  }
  for (const auto& [a, b] : fed.persons)
    for (int64_t id = a; id <= b; ++id) ids.push_back(id);
  std::erase_if(applied_,
                [&](const auto& a) { return a.second <= newest - options_.lookback_micros; });
  if (ids.empty()) {
    std::unique_lock lock(mu_);
    seen_micros_ = std::max(seen_micros_, newest);
    feed_ = fed.position;
    return 0;
  }
  {
    // The other members of their households: coverage may read the household's flag.
    std::shared_lock lock(mu_);
    AddHouseholdMembers(state_, ids);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

  // Read and compute outside the lock: readers keep the previous state meanwhile.
  std::vector<std::pair<int64_t, std::optional<Person>>> fresh;
  std::vector<int64_t> joined;  // households the re-read persons belong to now
  // Sorted, unique ids, read a window at a time: each table once per window (an IN list of
  // the window's ids), not once per person.
  auto reread = [&](const std::vector<int64_t>& which) -> Status {
    const size_t window = static_cast<size_t>(std::max<int64_t>(1, options_.catch_up_window));
    for (size_t start = 0; start < which.size(); start += window) {
      const size_t end = std::min(which.size(), start + window);
      LoadFactsOptions o = in.load;
      o.person_ids.assign(which.begin() + static_cast<ptrdiff_t>(start),
                          which.begin() + static_cast<ptrdiff_t>(end));
      o.min_person_id = o.person_ids.front();
      o.max_person_id = o.person_ids.back();
      CaseWorkData d;
      BANGFU_RETURN_IF_ERROR(LoadCaseWork(store_, o, in.as_of, d));
      BANGFU_ASSIGN_OR_RETURN(auto persons, Compute(in, d, 1));
      // Loaded in id order; a window id not among them no longer exists (or left the scope).
      size_t k = 0;
      for (size_t i = start; i < end; ++i) {
        const int64_t id = which[i];
        if (k < persons.size() && persons[k].id == id) {
          if (persons[k].household) joined.push_back(persons[k].household);
          fresh.push_back({id, std::move(persons[k++])});
        } else {
          fresh.push_back({id, std::nullopt});
        }
      }
    }
    return OkStatus();
  };
  BANGFU_RETURN_IF_ERROR(reread(ids));
  {
    // A person who moved into a household changes its members' flag as well.
    std::vector<int64_t> more;
    {
      std::shared_lock lock(mu_);
      for (const int64_t h : joined)
        if (auto m = state_.households.find(h); m != state_.households.end())
          for (const int64_t id : m->second)
            if (!std::binary_search(ids.begin(), ids.end(), id)) more.push_back(id);
    }
    std::sort(more.begin(), more.end());
    more.erase(std::unique(more.begin(), more.end()), more.end());
    BANGFU_RETURN_IF_ERROR(reread(more));
  }
  const size_t standards = in.standards ? in.standards->standards().size() : 0;
  std::unique_lock lock(mu_);
  for (auto& [id, p] : fresh) {
    Remove(state_, id);
    if (p) Put(state_, std::move(*p), standards);
  }
  seen_micros_ = std::max(seen_micros_, newest);
  feed_ = fed.position;
  return static_cast<int64_t>(fresh.size());
}

void CaseWorkCache::AddHouseholdMembers(const State& st, std::vector<int64_t>& ids) {
  const size_t n = ids.size();
  for (size_t i = 0; i < n; ++i) {
    auto where = st.region_of.find(ids[i]);
    if (where == st.region_of.end()) continue;
    const int64_t household = st.communities.at(where->second).persons.at(ids[i]).household;
    if (auto h = st.households.find(household); household && h != st.households.end())
      ids.insert(ids.end(), h->second.begin(), h->second.end());
  }
}

}  // namespace bangfu::service
