#include "casework_cache.h"

#include <algorithm>
#include <optional>
#include <unordered_set>

namespace bangfu::service {

Date CaseWorkCache::as_of() const {
  std::shared_lock lock(mu_);
  return as_of_;
}

void CaseWorkCache::Read(const std::function<void(const Communities&)>& f) const {
  std::shared_lock lock(mu_);
  f(state_.communities);
}

Result<std::vector<CaseWorkCache::Person>> CaseWorkCache::Compute(const Inputs& in,
                                                                  const CaseWorkData& d,
                                                                  int threads) const {
  const size_t rows = d.persons.size();
  std::vector<casework::WorkPerson> work = d.persons;
  std::vector<Person> out(rows);
  std::optional<casework::ComplianceRun> run;
  if (in.standards) {
    BANGFU_ASSIGN_OR_RETURN(run, casework::ComplianceRun::Compute(*in.standards, d.facts, d.cases,
                                                                  d.records, in.as_of, threads));
  }
  const auto& P = d.facts.persons;
  const auto& H = d.facts.households;
  for (size_t r = 0; r < rows; ++r) {
    const auto row = static_cast<policy::Row>(r);
    Person& p = out[r];
    p.id = P.id[r];
    p.region = work[r].region;
    const policy::Row h = P.household[r];
    if (h != policy::kNoRow && h >= 0 && static_cast<size_t>(h) < H.size()) p.household = H.id[h];
    if (run) {
      p.status = run->status(row);
      p.standard = run->standard(row);
      work[r].missing_services = run->missing(row);
      work[r].next_deadline = run->next_deadline(row);
    }
  }
  for (auto& it : casework::BuildWorklist(work, d.steps, d.referrals, d.registrations, *in.calendar,
                                          in.as_of)) {
    const policy::Row r = d.RowOf(it.person_id);
    if (r != policy::kNoRow) out[r].items.push_back(std::move(it));
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
  // Rows stamped from here on are read again by the next CatchUp.
  const int64_t start = clock_.Now().micros;
  State fresh;
  {
    CaseWorkData d;
    BANGFU_RETURN_IF_ERROR(LoadCaseWork(store_, in.load, in.as_of, d));
    BANGFU_ASSIGN_OR_RETURN(auto persons, Compute(in, d, 0));
    const size_t standards = in.standards ? in.standards->standards().size() : 0;
    fresh.region_of.reserve(persons.size());
    for (auto& p : persons) Put(fresh, std::move(p), standards);
  }
  std::unique_lock lock(mu_);
  state_ = std::move(fresh);
  as_of_ = in.as_of;
  seen_micros_ = start;
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
  if (static_cast<int64_t>(changes.size()) > options_.max_catch_up) {
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
  std::erase_if(applied_,
                [&](const auto& a) { return a.second <= newest - options_.lookback_micros; });
  if (ids.empty()) {
    std::unique_lock lock(mu_);
    seen_micros_ = std::max(seen_micros_, newest);
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
  auto reread = [&](const std::vector<int64_t>& which) -> Status {
    for (const int64_t id : which) {
      LoadFactsOptions o = in.load;
      o.min_person_id = o.max_person_id = id;
      CaseWorkData d;
      BANGFU_RETURN_IF_ERROR(LoadCaseWork(store_, o, in.as_of, d));
      BANGFU_ASSIGN_OR_RETURN(auto persons, Compute(in, d, 1));
      if (persons.empty()) {
        fresh.push_back({id, std::nullopt});
        continue;
      }
      if (persons.front().household) joined.push_back(persons.front().household);
      fresh.push_back({id, std::move(persons.front())});
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
