#include "bangfu/casework/synthetic.h"

#include <random>

namespace bangfu::casework {
namespace {

// std::mt19937_64's sequence is fixed by the standard, so the data is the same everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}
  int64_t Below(int64_t n) { return static_cast<int64_t>(g_() % static_cast<uint64_t>(n)); }

 private:
  std::mt19937_64 g_;
};

// A service mix where referrals dominate, as in practice.
constexpr ServiceKind kMix[] = {
    ServiceKind::kJobReferral,    ServiceKind::kJobReferral,   ServiceKind::kJobReferral,
    ServiceKind::kCareerGuidance, ServiceKind::kPolicyBriefing, ServiceKind::kTrainingOffer,
    ServiceKind::kFollowUp,       ServiceKind::kInternshipOffer, ServiceKind::kCounselling,
    ServiceKind::kStartupService};

}  // namespace

SyntheticCasework SyntheticCases(const policy::Facts& facts, int records_per_person, Date as_of,
                                 uint64_t seed) {
  Rng r(seed);
  const size_t n = facts.persons.size();
  SyntheticCasework out;
  CaseInputs& c = out.cases;
  c.Resize(n);
  ServiceRecords& s = out.records;
  s.offsets.reserve(n + 1);
  s.kind.reserve(n * records_per_person);
  s.date.reserve(n * records_per_person);
  for (size_t i = 0; i < n; ++i) {
    const int64_t x = r.Below(100);
    c.intention[i] = x < 55   ? Intention::kWantsWork
                     : x < 70 ? Intention::kUnknown
                     : x < 85 ? Intention::kEmployed
                              : Intention::kNoIntention;
    c.training_need[i] = r.Below(100) < 30;
    c.startup_intention[i] = r.Below(100) < 5;
    const int age = static_cast<int>(r.Below(180));
    c.registered[i] = r.Below(100) < 3 ? policy::kNoDate : as_of.AddDays(-age);
    if (r.Below(100) < 40) c.plan_opened[i] = as_of.AddDays(-static_cast<int>(r.Below(age + 1)));
    for (int k = 0; k < records_per_person; ++k) {
      s.kind.push_back(kMix[r.Below(10)]);
      s.date.push_back(as_of.AddDays(-static_cast<int>(r.Below(age + 1))));
    }
    s.offsets.push_back(static_cast<uint32_t>(s.kind.size()));
  }
  return out;
}

}  // namespace bangfu::casework
