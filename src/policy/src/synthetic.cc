#include "bangfu/policy/synthetic.h"

#include <algorithm>
#include <string>

#include "bangfu/domain/person_types.h"

namespace bangfu::policy {
namespace {

// splitmix64: fast, deterministic, good enough for synthetic data.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(int percent_times_10) { return Below(1000) < percent_times_10; }  // per mille

 private:
  uint64_t s_;
};

constexpr uint8_t Cat(domain::Category c) { return static_cast<uint8_t>(c); }
Date Day(int y, int m, int d) { return Date::FromYmdUnchecked(y, m, d); }
Tri TriOf(Rng& r, int true_pm, int unknown_pm) {
  const int64_t x = r.Below(1000);
  if (x < unknown_pm) return Tri::kUnknown;
  return x < unknown_pm + true_pm ? Tri::kTrue : Tri::kFalse;
}

}  // namespace

Facts SyntheticFacts(int64_t n, uint64_t seed) {
  Facts f;
  Rng r(seed);
  const Date epoch = Day(1960, 1, 1);
  const Date as_of = Day(2024, 3, 15);
  const MonthIndex last_paid = MonthOf(as_of) - 1;
  const int64_t n_households = std::max<int64_t>(1, n * 2 / 5);
  const int64_t n_employers = std::max<int64_t>(1, n / 30);

  // ---- households and persons ----
  f.households.id.resize(n_households);
  f.households.zero_employment_since.assign(n_households, kNoDate);
  for (int64_t h = 0; h < n_households; ++h) {
    f.households.id[h] = h + 1;
    if (r.Chance(30))
      f.households.zero_employment_since[h] = Day(2020, 1, 1).AddDays(r.Below(1400));
  }
  auto& p = f.persons;
  p.id.resize(n);
  p.birth_date.resize(n);
  p.sex.resize(n);
  p.hukou_region.resize(n);
  p.residence_region.resize(n);
  p.education.resize(n);
  p.graduation_date.resize(n);
  p.household.resize(n);
  p.rural_hukou.resize(n);
  p.category_offsets.assign(1, 0);
  p.categories.reserve(n * 6 / 10);
  static const uint8_t kHardship[] = {Cat(domain::Category::kDibao),
                                      Cat(domain::Category::kZeroEmployment),
                                      Cat(domain::Category::kPovertyAlleviated),
                                      Cat(domain::Category::kLaidOff4050),
                                      Cat(domain::Category::kDisabled),
                                      Cat(domain::Category::kVeteran),
                                      Cat(domain::Category::kMigrantWorker),
                                      Cat(domain::Category::kHardshipCertified)};
  static const int kEduWeights[] = {250, 250, 200, 220, 60, 20};
  std::vector<CategorySpan> spans;
  for (int64_t i = 0; i < n; ++i) {
    p.id[i] = i + 1;
    p.birth_date[i] = epoch.AddDays(static_cast<int32_t>(r.Below(16000)));
    p.sex[i] = r.Chance(10) ? Sex::kUnknown : (r.Below(2) ? Sex::kMale : Sex::kFemale);
    const int64_t x = r.Below(1000);
    p.hukou_region[i] = x < 10 ? 0 : x < 880 ? 500153001000 + r.Below(999) : 510104001001;
    p.residence_region[i] = p.hukou_region[i];
    uint8_t edu = 255;
    if (!r.Chance(30)) {
      int64_t w = r.Below(1000);
      edu = 0;
      while (edu < 5 && w >= kEduWeights[edu]) w -= kEduWeights[edu++];
    }
    p.education[i] = edu;
    p.graduation_date[i] = kNoDate;
    spans.clear();
    if (edu != 255 && edu >= 2) {
      const Date g = Day(2016 + static_cast<int>(r.Below(9)), 6, 30);
      p.graduation_date[i] = g;
      spans.push_back({Cat(domain::Category::kGraduate), g, kOpenEnd});
    }
    p.household[i] = static_cast<Row>(i * 2 / 5);
    p.rural_hukou[i] = TriOf(r, 500, 20);
    if (r.Chance(300)) {
      const Date from = Day(2015, 1, 1).AddDays(static_cast<int32_t>(r.Below(3300)));
      spans.push_back({kHardship[r.Below(8)], from, r.Chance(800) ? kOpenEnd : from.AddDays(700)});
    }
    if (r.Chance(250)) {
      const Date from = Day(2021, 1, 1).AddDays(static_cast<int32_t>(r.Below(1150)));
      spans.push_back(
          {Cat(domain::Category::kRegisteredUnemployed), from,
           r.Chance(400) ? kOpenEnd : from.AddMonths(1 + static_cast<int>(r.Below(24)))});
    }
    std::sort(spans.begin(), spans.end(), [](const CategorySpan& a, const CategorySpan& b) {
      return a.category != b.category ? a.category < b.category : a.from < b.from;
    });
    p.categories.insert(p.categories.end(), spans.begin(), spans.end());
    p.category_offsets.push_back(static_cast<uint32_t>(p.categories.size()));
  }

  // ---- employers ----
  auto& e = f.employers;
  e.id.resize(n_employers);
  e.name.resize(n_employers);
  e.size_class.resize(n_employers);
  e.kind.assign(n_employers, OrgKind::kEnterprise);
  e.region.assign(n_employers, 500153001001);
  e.base_recognised.assign(n_employers, kNoDate);
  e.quality_base_recognised.assign(n_employers, kNoDate);
  e.incubator_recognised.assign(n_employers, kNoDate);
  e.incubator_level.assign(n_employers, IncubatorLevel::kUnknown);
  e.workshop_grade.assign(n_employers, WorkshopGrade::kUnknown);
  e.workshop_year.assign(n_employers, 0);
  e.workshop_stable_jobs.assign(n_employers, -1);
  for (int64_t k = 0; k < n_employers; ++k) {
    e.id[k] = k + 1;
    e.name[k] = "单位" + std::to_string(k + 1);
    e.size_class[k] =
        r.Chance(50) ? EmployerSize::kUnknown : static_cast<EmployerSize>(1 + r.Below(4));
    if (r.Chance(20))
      e.base_recognised[k] = Day(2019, 1, 1).AddDays(static_cast<int32_t>(r.Below(1800)));
    if (r.Chance(3))
      e.quality_base_recognised[k] = Day(2019, 1, 1).AddDays(static_cast<int32_t>(r.Below(1800)));
    if (r.Chance(3)) {
      e.incubator_recognised[k] = Day(2019, 1, 1).AddDays(static_cast<int32_t>(r.Below(1800)));
      e.incubator_level[k] = r.Below(2) ? IncubatorLevel::kCity : IncubatorLevel::kDistrict;
    }
    if (r.Chance(5)) {
      e.workshop_grade[k] = static_cast<WorkshopGrade>(1 + r.Below(4));
      e.workshop_year[k] = 2023;
      e.workshop_stable_jobs[k] = static_cast<int32_t>(1 + r.Below(40));
    }
  }

  // ---- employments and contributions, person by person so contributions come sorted ----
  auto& m = f.employments;
  auto& k = f.contributions;
  k.person_offsets.assign(1, 0);
  struct C {
    MonthIndex month;
    Row payer;
  };
  std::vector<C> months;
  static const int16_t kContract[] = {6, 12, 12, 24, 36, kOpenEndedContract, -1, 11};
  for (int64_t i = 0; i < n; ++i) {
    months.clear();
    const int jobs = r.Chance(270) ? (r.Chance(60) ? 2 : 1) : 0;
    for (int j = 0; j < jobs; ++j) {
      const int64_t kind_x = r.Below(100);
      const EmploymentKind kind = kind_x < 85   ? EmploymentKind::kLabourContract
                                  : kind_x < 93 ? EmploymentKind::kFlexible
                                  : kind_x < 97 ? EmploymentKind::kSelfEmployed
                                                : EmploymentKind::kDispatch;
      const bool has_employer =
          kind == EmploymentKind::kLabourContract || kind == EmploymentKind::kDispatch;
      const Row employer = has_employer ? static_cast<Row>(r.Below(n_employers)) : kNoRow;
      Date start = Day(2021, 1, 1).AddDays(static_cast<int32_t>(r.Below(1165)));
      const Date g = p.graduation_date[i];
      if (g.days() != kNoDay && g.year() == 2023 && r.Chance(500))
        start = Day(2023, 7, 1).AddDays(static_cast<int32_t>(r.Below(90)));
      const Date end =
          r.Chance(750) ? kOpenEnd : start.AddMonths(1 + static_cast<int>(r.Below(30)));
      m.id.push_back(static_cast<int64_t>(m.id.size()) + 1);
      m.person.push_back(static_cast<Row>(i));
      m.employer.push_back(employer);
      m.kind.push_back(kind);
      m.start.push_back(start);
      m.end.push_back(end);
      m.contract_months.push_back(has_employer ? kContract[r.Below(8)] : int16_t{0});
      // Contributions from the start month to the end month (or last month), up to 16 months,
      // sometimes with one month missing.
      const MonthIndex last = std::min(end == kOpenEnd ? last_paid : MonthOf(end), last_paid);
      const MonthIndex first = std::max(MonthOf(start), last - 15);
      const MonthIndex gap =
          r.Chance(100) ? first + static_cast<MonthIndex>(r.Below(16)) : kNoMonth;
      const bool pays = has_employer || kind == EmploymentKind::kFlexible;
      for (MonthIndex mo = first; pays && mo <= last; ++mo)
        if (mo != gap) months.push_back({mo, employer});
    }
    std::sort(months.begin(), months.end(), [](const C& a, const C& b) {
      return a.month != b.month ? a.month < b.month : a.payer < b.payer;
    });
    for (const C& c : months) {
      k.person.push_back(static_cast<Row>(i));
      k.payer.push_back(c.payer);
      k.month.push_back(c.month);
      k.amount.push_back(80000 + r.Below(40000));
    }
    k.person_offsets.push_back(static_cast<uint32_t>(k.person.size()));
  }

  // ---- businesses ----
  auto& b = f.businesses;
  const int64_t n_businesses = std::max<int64_t>(1, n / 50);
  b.founder_offsets.assign(1, 0);
  for (int64_t x = 0; x < n_businesses; ++x) {
    b.id.push_back(x + 1);
    b.name.emplace_back();  // The store gives a name when the benchmark writes it.
    const int64_t kind = r.Below(10);
    b.kind.push_back(kind < 6   ? OrgKind::kIndividualBusiness
                     : kind < 9 ? OrgKind::kEnterprise
                                : OrgKind::kPartnership);
    b.size_class.push_back(static_cast<EmployerSize>(1 + r.Below(3)));
    b.licence_date.push_back(
        r.Chance(20) ? kNoDate : Day(2019, 1, 1).AddDays(static_cast<int32_t>(r.Below(1900))));
    b.closed_date.push_back(
        r.Chance(100) ? Day(2023, 1, 1).AddDays(static_cast<int32_t>(r.Below(400))) : kOpenEnd);
    b.region.push_back(r.Chance(900) ? 500153001001 : 510104001001);
    b.employees.push_back(r.Chance(50) ? -1 : static_cast<int32_t>(r.Below(10)));
    b.online.push_back(TriOf(r, 200, 100));
    b.return_home.push_back(TriOf(r, 200, 100));
    b.employer.push_back(kNoRow);
    b.founders.push_back(static_cast<Row>(r.Below(n)));
    b.founder_offsets.push_back(static_cast<uint32_t>(b.founders.size()));
  }

  // ---- internships, trainings, placements ----
  auto& in = f.internships;
  for (int64_t x = 0; x < std::max<int64_t>(1, n / 50); ++x) {
    in.id.push_back(x + 1);
    in.person.push_back(static_cast<Row>(r.Below(n)));
    in.base.push_back(static_cast<Row>(r.Below(std::max<int64_t>(1, n_employers / 20))));
    const Date s = Day(2023, 1, 1).AddDays(static_cast<int32_t>(r.Below(365)));
    in.start.push_back(s);
    in.end.push_back(s.AddMonths(3 + static_cast<int>(r.Below(7))).AddDays(-1));
    in.finished.push_back(TriOf(r, 850, 30));
    in.hired_after.push_back(TriOf(r, 400, 20));
  }
  auto& t = f.trainings;
  for (int64_t x = 0; x < std::max<int64_t>(1, n / 20); ++x) {
    t.id.push_back(x + 1);
    t.person.push_back(static_cast<Row>(r.Below(n)));
    t.institution.push_back(9000 + r.Below(50));
    t.kind.push_back(static_cast<TrainingKind>(1 + r.Below(5)));
    t.course.push_back("C" + std::to_string(r.Below(20)));
    const Date s = Day(2023, 1, 1).AddDays(static_cast<int32_t>(r.Below(430)));
    t.start.push_back(s);
    t.end.push_back(s.AddDays(10 + static_cast<int32_t>(r.Below(40))));
    t.days_attended.push_back(r.Chance(30) ? -1 : static_cast<int32_t>(r.Below(41)));
    t.subsidised.push_back(TriOf(r, 800, 20));
    t.completed.push_back(TriOf(r, 800, 20));
    t.certificate.push_back(TriOf(r, 300, 20));
  }
  auto& pl = f.placements;
  for (int64_t x = 0; x < std::max<int64_t>(1, n / 100); ++x) {
    pl.id.push_back(x + 1);
    pl.person.push_back(static_cast<Row>(r.Below(n)));
    pl.employer.push_back(static_cast<Row>(r.Below(n_employers)));
    pl.start.push_back(Day(2022, 1, 1).AddDays(static_cast<int32_t>(r.Below(800))));
    pl.end.push_back(kOpenEnd);
  }

  // ---- 低保 payments: 5% of households, monthly through 2024-02, lowered at some month ----
  auto& d = f.dibao_payments;
  for (int64_t h = 0; h < n_households; ++h) {
    if (!r.Chance(50)) continue;
    const Row person = static_cast<Row>((h * 5 + 1) / 2);
    if (person >= n) continue;
    const int64_t amount = 50000 + r.Below(40000);
    const MonthIndex drop = MonthOf(Day(2023, 1, 1)) + static_cast<MonthIndex>(r.Below(14));
    for (MonthIndex mo = MonthOf(Day(2023, 1, 1)); mo <= last_paid; ++mo) {
      d.person.push_back(person);
      d.household.push_back(static_cast<Row>(h));
      d.month.push_back(mo);
      d.amount.push_back(mo < drop ? amount : amount - 20000);
    }
  }

  // ---- subsidies already paid ----
  auto& pd = f.paid;
  static const char* kRules[] = {"hire-subsidy", "RC-JOBSEEK", "train-living", "RC-BASE"};
  for (int64_t x = 0; x < n / 200; ++x) {
    pd.rule.push_back(kRules[r.Below(4)]);
    pd.person.push_back(static_cast<Row>(r.Below(n)));
    pd.employer.push_back(static_cast<Row>(r.Below(n_employers)));
    pd.business.push_back(kNoRow);
    pd.paid_on.push_back(Day(2022, 1, 1).AddDays(static_cast<int32_t>(r.Below(800))));
    pd.amount.push_back(200000);
    pd.subject.push_back(0);
  }
  return f;
}

}  // namespace bangfu::policy
