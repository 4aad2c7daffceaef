#include "bangfu/casework/compliance.h"

#include <algorithm>
#include <thread>

namespace bangfu::casework {
namespace {

constexpr std::string_view kIntentionNames[] = {"unknown", "wants_work", "no_intention",
                                                "employed"};
constexpr std::string_view kStatusNames[] = {"not_covered", "undecidable", "closed",
                                             "complete",    "on_track",    "overdue"};
constexpr std::string_view kStatusLabels[] = {"不适用", "待定（数据缺失）", "已就业",
                                              "已达标", "进行中", "已逾期"};

bool NeedHolds(Need need, Intention in, bool training_need, bool startup) {
  const bool wants = in == Intention::kWantsWork || in == Intention::kUnknown;
  switch (need) {
    case Need::kEveryone:
      return true;
    case Need::kWantsWork:
      return wants;
    case Need::kTrainingNeed:
      return wants && training_need;
    case Need::kStartupIntention:
      return startup;
    case Need::kNoIntention:
      return in == Intention::kNoIntention;
  }
  return false;
}

}  // namespace

std::string_view Name(Intention i) { return kIntentionNames[static_cast<int>(i)]; }
std::string_view Name(Status s) { return kStatusNames[static_cast<int>(s)]; }
std::string_view Label(Status s) { return kStatusLabels[static_cast<int>(s)]; }

void CaseInputs::Resize(size_t n) {
  intention.resize(n, Intention::kUnknown);
  training_need.resize(n, 0);
  startup_intention.resize(n, 0);
  registered.resize(n, policy::kNoDate);
  plan_opened.resize(n, policy::kNoDate);
}

Result<void> ServiceRecords::Validate(size_t persons) const {
  if (offsets.size() != persons + 1)
    return Error::InvalidArgument("service records: offsets must have one entry per person + 1",
                                  "service_records.offsets");
  if (date.size() != kind.size() || offsets.back() != kind.size())
    return Error::InvalidArgument("service records: columns of unequal length",
                                  "service_records.date");
  for (size_t i = 1; i < offsets.size(); ++i)
    if (offsets[i] < offsets[i - 1])
      return Error::InvalidArgument("service records: offsets must not decrease",
                                    "service_records.offsets");
  return {};
}

int64_t StatusCounts::covered() const {
  return n[static_cast<int>(Status::kClosed)] + n[static_cast<int>(Status::kComplete)] +
         n[static_cast<int>(Status::kOnTrack)] + n[static_cast<int>(Status::kOverdue)];
}
void StatusCounts::Add(const StatusCounts& o) {
  for (int i = 0; i < kStatusCount; ++i) n[i] += o.n[i];
}

int PickStandard(const std::vector<policy::Tri>& covers, bool* undecidable) {
  *undecidable = false;
  for (size_t i = 0; i < covers.size(); ++i) {
    if (covers[i] == policy::Tri::kTrue) return static_cast<int>(i);
    if (covers[i] == policy::Tri::kUnknown) *undecidable = true;
  }
  return -1;
}

PersonCompliance Evaluate(const Standard& s, int standard_index, Intention intention,
                          bool training_need, bool startup_intention, Date registered,
                          Date graduated, Date plan_opened, const ServiceKind* kinds,
                          const Date* dates, size_t n_records, Date as_of) {
  PersonCompliance out;
  out.standard = standard_index;
  if (intention == Intention::kEmployed) {
    out.status = Status::kClosed;
    return out;
  }
  bool missing = false, overdue = false;
  out.requirements.reserve(s.requirements.size());
  for (size_t i = 0; i < s.requirements.size(); ++i) {
    const Requirement& r = s.requirements[i];
    RequirementStatus st;
    st.requirement = static_cast<int>(i);
    st.required = r.at_least;
    st.applies = NeedHolds(r.need, intention, training_need, startup_intention);
    const Date anchor = r.anchor == Anchor::kRegistration ? registered
                        : r.anchor == Anchor::kGraduation ? graduated
                                                          : plan_opened;
    if (anchor != policy::kNoDate) st.deadline = anchor.AddDays(r.within_days);
    // The date the requirement was met is the at_least-th earliest matching record.
    Date found[kMaxAtLeast];
    int kept = 0;
    for (size_t k = 0; k < n_records; ++k) {
      if (!r.Counts(kinds[k]) || dates[k] > as_of) continue;
      ++st.done;
      // Keep the at_least smallest dates in a max-heap: its top is the at_least-th earliest.
      const Date d = dates[k];
      if (kept < r.at_least) {
        found[kept++] = d;
        std::push_heap(found, found + kept);
      } else if (d < found[0]) {
        std::pop_heap(found, found + kept);
        found[kept - 1] = d;
        std::push_heap(found, found + kept);
      }
    }
    if (st.done >= st.required) st.completed_on = found[0];
    if (st.applies && st.missing() > 0) {
      missing = true;
      st.overdue = st.deadline != policy::kNoDate && as_of > st.deadline;
      overdue |= st.overdue;
    }
    out.requirements.push_back(st);
  }
  out.status = overdue ? Status::kOverdue : missing ? Status::kOnTrack : Status::kComplete;
  return out;
}

Result<ComplianceRun> ComplianceRun::Compute(const StandardSet& set, const policy::Facts& facts,
                                             const CaseInputs& cases,
                                             const ServiceRecords& records, Date as_of,
                                             int threads) {
  const size_t n = facts.persons.size();
  if (cases.size() != n || cases.training_need.size() != n ||
      cases.startup_intention.size() != n || cases.registered.size() != n ||
      cases.plan_opened.size() != n)
    return Error::InvalidArgument("case inputs must have one row per person of the facts",
                                  "cases");
  if (auto v = records.Validate(n); !v.ok()) return v.error();
  auto cover = set.coverage().Evaluate(facts, as_of, threads);
  if (!cover.ok()) return cover.error();

  ComplianceRun run;
  run.set_ = &set;
  run.facts_ = &facts;
  run.cases_ = &cases;
  run.records_ = &records;
  run.as_of_ = as_of;
  run.standard_.assign(n, -1);
  run.status_.assign(n, static_cast<uint8_t>(Status::kNotCovered));
  run.missing_.assign(n, 0);
  run.next_deadline_.assign(n, policy::kNoDay);
  const int ns = static_cast<int>(set.standards().size());

  if (threads <= 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // Per thread: one StatusCounts per standard, and one more for the people no standard takes.
  std::vector<std::vector<StatusCounts>> partial(threads, std::vector<StatusCounts>(ns + 1));
  auto work = [&](int t) {
    std::vector<policy::Tri> covers(ns);
    const size_t begin = n * t / threads, end = n * (t + 1) / threads;
    for (size_t i = begin; i < end; ++i) {
      for (int s = 0; s < ns; ++s) covers[s] = (*cover)[s][i];
      bool undecidable = false;
      const int s = PickStandard(covers, &undecidable);
      if (s < 0) {
        const Status st = undecidable ? Status::kUndecidable : Status::kNotCovered;
        run.status_[i] = static_cast<uint8_t>(st);
        ++partial[t][ns].n[static_cast<int>(st)];
        continue;
      }
      const uint32_t b = records.offsets[i], e = records.offsets[i + 1];
      const PersonCompliance pc =
          Evaluate(set.standards()[s], s, cases.intention[i], cases.training_need[i] != 0,
                   cases.startup_intention[i] != 0, cases.registered[i],
                   facts.persons.graduation_date[i], cases.plan_opened[i], records.kind.data() + b,
                   records.date.data() + b, e - b, as_of);
      run.standard_[i] = static_cast<int8_t>(s);
      run.status_[i] = static_cast<uint8_t>(pc.status);
      int missing = 0;
      Date next = policy::kOpenEnd;
      for (const auto& r : pc.requirements) {
        if (!r.applies || r.missing() == 0) continue;
        ++missing;
        if (r.deadline != policy::kNoDate) next = std::min(next, r.deadline);
      }
      run.missing_[i] = static_cast<uint8_t>(std::min(missing, 255));
      if (next != policy::kOpenEnd) run.next_deadline_[i] = next.days();
      ++partial[t][s].n[static_cast<int>(pc.status)];
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  run.by_standard_.assign(ns, {});
  for (const auto& p : partial) {
    for (int s = 0; s < ns; ++s) run.by_standard_[s].Add(p[s]);
    run.uncovered_.Add(p[ns]);
  }
  return run;
}

PersonCompliance ComplianceRun::Detail(Row r) const {
  const int s = standard_[r];
  if (s < 0) {
    PersonCompliance pc;
    pc.status = status(r);
    return pc;
  }
  const uint32_t b = records_->offsets[r], e = records_->offsets[r + 1];
  return Evaluate(set_->standards()[s], s, cases_->intention[r], cases_->training_need[r] != 0,
                  cases_->startup_intention[r] != 0, cases_->registered[r],
                  facts_->persons.graduation_date[r], cases_->plan_opened[r],
                  records_->kind.data() + b, records_->date.data() + b, e - b, as_of_);
}

StatusCounts ComplianceRun::total() const {
  StatusCounts t = uncovered_;
  for (const auto& c : by_standard_) t.Add(c);
  return t;
}

}  // namespace bangfu::casework
