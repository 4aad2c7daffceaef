#include "bangfu/service/facts_loader.h"

#include <algorithm>
#include <unordered_map>

#include "bangfu/base/huge_pages.h"
#include "bangfu/domain/org_types.h"
#include "bangfu/domain/person_types.h"

namespace bangfu::service {
namespace {

using policy::kNoRow;
using policy::Row;

policy::Tri TriOf(Flag f) {
  return f == Flag::kYes  ? policy::Tri::kTrue
         : f == Flag::kNo ? policy::Tri::kFalse
                          : policy::Tri::kUnknown;
}
Date Or(const std::optional<Date>& d, Date none) { return d ? *d : none; }

// Policy enums are the domain enums shifted by one (0 = kUnknown); map stored ids through the
// domain tables.
template <typename P, typename E>
P Shifted(std::optional<E> (*parse)(std::string_view), std::string_view id) {
  if (id.empty()) return P::kUnknown;
  auto e = parse(id);
  return e ? static_cast<P>(static_cast<int>(*e) + 1) : P::kUnknown;
}
static_assert(static_cast<int>(policy::EmployerSize::kLarge) ==
              static_cast<int>(domain::EmployerSize::kLarge) + 1);
static_assert(static_cast<int>(policy::OrgKind::kPublicInstitution) ==
              static_cast<int>(domain::OrgKind::kPublicInstitution) + 1);
static_assert(static_cast<int>(policy::EmploymentKind::kDispatch) ==
              static_cast<int>(domain::EmploymentKind::kDispatch) + 1);
static_assert(static_cast<int>(policy::TrainingKind::kSkillAppraisal) ==
              static_cast<int>(domain::TrainingKind::kSkillAppraisal) + 1);

// Store ids → dense rows of a table loaded in id order: monotonic lookups (scans ordered by
// the id) are amortised O(1); others fall back to binary search.
class IdIndex {
 public:
  explicit IdIndex(const std::vector<int64_t>& ids) : ids_(ids) {}
  Row Find(int64_t id) {
    if (hint_ < ids_.size() && ids_[hint_] == id) return static_cast<Row>(hint_);
    if (hint_ + 1 < ids_.size() && ids_[hint_ + 1] == id) return static_cast<Row>(++hint_);
    auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    if (it == ids_.end() || *it != id) return kNoRow;
    hint_ = static_cast<size_t>(it - ids_.begin());
    return static_cast<Row>(hint_);
  }

 private:
  const std::vector<int64_t>& ids_;
  size_t hint_ = 0;
};

// Employers: those in the region are loaded first; one a record names that is not among them
// gets a provisional row now and is fetched by id at the end (Resolve), when provisional rows
// become final ones (or kNoRow if the employer does not exist).
class EmployerRows {
 public:
  explicit EmployerRows(policy::EmployerTable& t) : t_(t) {}
  void AddLoaded(const Employer& e) {
    rows_[e.id] = static_cast<Row>(t_.id.size());
    Append(e);
  }
  Row Of(std::optional<int64_t> id) {
    if (!id || *id == 0) return kNoRow;
    if (*id == last_id_) return last_row_;  // A person's contributions repeat one payer.
    auto [it, fresh] = rows_.try_emplace(*id, kProvisional - static_cast<Row>(missing_.size()));
    if (fresh) missing_.push_back(*id);
    last_id_ = *id;
    last_row_ = it->second;
    return it->second;
  }
  // Fetches the missing employers and rewrites provisional rows in `columns`.
  Status Resolve(PolicyDataRepository& repo, std::initializer_list<std::vector<Row>*> columns) {
    if (missing_.empty()) return OkStatus();
    std::unordered_map<int64_t, Row> found;
    BANGFU_RETURN_IF_ERROR(repo.EmployersById(missing_, [&](std::span<const Employer> b) -> Status {
      for (const auto& e : b) {
        found[e.id] = static_cast<Row>(t_.id.size());
        Append(e);
      }
      return OkStatus();
    }));
    std::vector<Row> final_row(missing_.size(), kNoRow);
    for (size_t i = 0; i < missing_.size(); ++i)
      if (auto it = found.find(missing_[i]); it != found.end()) final_row[i] = it->second;
    for (auto* col : columns)
      for (Row& r : *col)
        if (r <= kProvisional) r = final_row[static_cast<size_t>(kProvisional - r)];
    return OkStatus();
  }

 private:
  // Provisional rows count down from here, far below kNoRow.
  static constexpr Row kProvisional = -2;
  void Append(const Employer& e) {
    t_.id.push_back(e.id);
    t_.name.push_back(e.name);
    t_.size_class.push_back(Shifted<policy::EmployerSize>(domain::ParseEmployerSize, e.size_class));
    t_.kind.push_back(Shifted<policy::OrgKind>(domain::ParseOrgKind, e.kind));
    t_.region.push_back(e.region_code.empty() ? 0 : std::stoll(e.region_code));
    t_.base_recognised.push_back(Or(e.base_recognised, policy::kNoDate));
    // Never recognised, no evaluation, until ApplyRecognitions reads employer_recognitions.
    t_.quality_base_recognised.push_back(policy::kNoDate);
    t_.incubator_recognised.push_back(policy::kNoDate);
    t_.incubator_level.push_back(policy::IncubatorLevel::kUnknown);
    t_.workshop_grade.push_back(policy::WorkshopGrade::kUnknown);
    t_.workshop_year.push_back(0);
    t_.workshop_stable_jobs.push_back(-1);
  }
  policy::EmployerTable& t_;
  std::unordered_map<int64_t, Row> rows_;
  std::vector<int64_t> missing_;
  int64_t last_id_ = 0;
  Row last_row_ = kNoRow;
};

// Fills the recognition columns of the loaded employers from employer_recognitions, as they
// stood at `as_of` (every record when empty): records dated after it are not yet known. The
// facts hold one value per employer, so: the earliest 就业基地 recognition; the earliest 孵化基地
// recognition with the highest level reached (an upgrade from 区级 to 市级 keeps the first date,
// from which the performance years count, and raises the level: the once-group incubator-grant
// tops the first grant up to the higher amount); the 帮扶车间 evaluation of the latest completed
// year (before the year of `as_of`) known then. Recognitions of employers not loaded are skipped.
Status ApplyRecognitions(PolicyDataRepository& repo, std::optional<Date> as_of,
                         policy::EmployerTable& t) {
  // kNoDate sorts before every date: "earlier than what is there" needs this test.
  auto earlier = [](Date d, Date now) { return now == policy::kNoDate || d < now; };
  auto known = [&](Date d) { return !as_of || (d.days() != policy::kNoDay && d <= *as_of); };
  std::unordered_map<int64_t, Row> row_of;
  row_of.reserve(t.id.size());
  for (size_t i = 0; i < t.id.size(); ++i) row_of.emplace(t.id[i], static_cast<Row>(i));
  return repo.ScanRecognitions([&](std::span<const EmployerRecognition> b) -> Status {
    for (const auto& x : b) {
      auto it = row_of.find(x.employer_id);
      if (it == row_of.end() || !known(x.recognised_on)) continue;
      const auto r = static_cast<size_t>(it->second);
      if (x.kind == domain::Id(domain::RecognitionKind::kQualityBase)) {
        if (earlier(x.recognised_on, t.quality_base_recognised[r]))
          t.quality_base_recognised[r] = x.recognised_on;
      } else if (x.kind == domain::Id(domain::RecognitionKind::kIncubator)) {
        const auto level = Shifted<policy::IncubatorLevel>(domain::ParseIncubatorLevel, x.level);
        if (level == policy::IncubatorLevel::kUnknown) continue;
        if (earlier(x.recognised_on, t.incubator_recognised[r]))
          t.incubator_recognised[r] = x.recognised_on;
        t.incubator_level[r] = std::max(t.incubator_level[r], level);
      } else if (x.kind == domain::Id(domain::RecognitionKind::kWorkshop) &&
                 x.year > t.workshop_year[r] && (!as_of || x.year < as_of->year())) {
        t.workshop_year[r] = static_cast<int16_t>(x.year);
        t.workshop_grade[r] = Shifted<policy::WorkshopGrade>(domain::ParseWorkshopGrade, x.grade);
        t.workshop_stable_jobs[r] = x.stable_jobs;
      }
    }
    return OkStatus();
  });
}
static_assert(static_cast<int>(policy::IncubatorLevel::kCity) ==
              static_cast<int>(domain::IncubatorLevel::kCity) + 1);
static_assert(static_cast<int>(policy::WorkshopGrade::kFailed) ==
              static_cast<int>(domain::WorkshopGrade::kFailed) + 1);

// Reserves room for `n` elements in each column and asks the kernel to back the large ones with
// huge pages: a million-row load otherwise spends a fifth of its time in page faults on fresh
// 4 KB pages (transparent huge pages are commonly in "madvise" mode). Advice only: if it is
// not taken, nothing changes but the speed.
template <typename... V>
void ReserveColumns(size_t n, V&... columns) {
  (ReserveHuge(columns, n), ...);
}

// Builds CSR offsets for children appended in parent order: Next(parent) before each child.
class Csr {
 public:
  explicit Csr(std::vector<uint32_t>& offsets) : offsets_(offsets) { offsets_.assign(1, 0); }
  void Next(Row parent, size_t children_so_far) {
    while (offsets_.size() <= static_cast<size_t>(parent))
      offsets_.push_back(static_cast<uint32_t>(children_so_far));
  }
  void Finish(size_t parents, size_t children) {
    while (offsets_.size() < parents + 1) offsets_.push_back(static_cast<uint32_t>(children));
  }

 private:
  std::vector<uint32_t>& offsets_;
};

}  // namespace

Result<LoadFactsCounts> LoadFacts(Store& store, const LoadFactsOptions& options,
                                  policy::Facts& facts) {
  facts = policy::Facts();
  LoadFactsCounts n;
  PolicyDataRepository& repo = store.policy_data();
  // Every scan reads the caller's persons: the region, the id range and the named ids.
  DataScope person_scope;
  person_scope.region_prefix = options.region_prefix;
  person_scope.min_person_id = options.min_person_id;
  person_scope.max_person_id = options.max_person_id;
  person_scope.person_ids = options.person_ids;
  // A narrow load (the persons a catch-up re-reads, one person, a household) reserves no room
  // for whole tables: counting them would cost more than the load.
  constexpr int64_t kNarrowIdRange = 65536;
  const bool narrow = !options.person_ids.empty() ||
                      options.max_person_id - options.min_person_id < kNarrowIdRange;
  // The monthly tables (contributions, 低保 payments: most of the rows) are read on a second
  // connection beside the rest. Month and amount go straight into their columns; person and
  // payer/household stay store ids until persons have rows, when the columns are compacted in
  // place. Their scope is the caller's, not yet narrowed to the persons read: records of
  // persons not read are dropped here.
  struct MonthlyIds {
    std::vector<int64_t> person, other;  // other: payer employer id / household id (0 none)
  };
  MonthlyIds raw_c, raw_d;
  // Categories are read on the second connection too (as read; given rows with the monthly
  // tables), which evens out the two connections' work.
  std::vector<CategoryFacts> raw_categories;
  EmployerRows employers(facts.employers);
  auto monthly = [&]() -> Status {
    BANGFU_RETURN_IF_ERROR(
        repo.ScanCategories(person_scope, [&](std::span<const CategoryFacts> b) -> Status {
          raw_categories.insert(raw_categories.end(), b.begin(), b.end());
          return OkStatus();
        }));
    if (options.persons_only) {
      facts.businesses.founder_offsets.assign(1, 0);  // no businesses: the CSR of none
      return OkStatus();
    }
    const DataScope& scope = person_scope;
    // Room for every row of the table up front: growing by doubling copied and page-faulted
    // these columns twice over. Capacity beyond the rows read is never touched (no memory).
    auto reserve = [&](DataTable t, auto&... columns) {
      if (narrow) return;
      if (auto total = repo.Count(t); total.ok())
        ReserveColumns(static_cast<size_t>(*total), columns...);
    };
    auto& C = facts.contributions;
    reserve(DataTable::kContributions, raw_c.person, raw_c.other, C.month, C.amount);
    BANGFU_RETURN_IF_ERROR(
        repo.ScanContributions(scope, [&](std::span<const Contribution> b) -> Status {
          for (const auto& c : b) {
            raw_c.person.push_back(c.person_id);
            raw_c.other.push_back(c.payer_employer_id);
            C.month.push_back(policy::MonthOf(c.month));
            C.amount.push_back(c.amount);
          }
          return OkStatus();
        }));
    auto& D = facts.dibao_payments;
    reserve(DataTable::kDibaoPayments, raw_d.person, raw_d.other, D.month, D.amount);
    return repo.ScanDibaoPayments(scope, [&](std::span<const DibaoPayment> b) -> Status {
      for (const auto& x : b) {
        raw_d.person.push_back(x.person_id);
        raw_d.other.push_back(x.household_id.value_or(0));
        D.month.push_back(policy::MonthOf(x.month));
        D.amount.push_back(x.amount);
      }
      return OkStatus();
    });
  };
  Status s = store.InReadSnapshot({monthly, [&]() -> Status {
    DataScope scope = person_scope;

    // Persons, and the household ids they name (resolved once households are read). Room for
    // the whole table up front, as for the monthly tables: capacity never touched costs nothing.
    // A narrow load is read without counting the table.
    auto& P = facts.persons;
    std::vector<int64_t> household_ids;
    if (!narrow) {
      if (auto total = store.persons().Count(); total.ok()) {
        ReserveColumns(static_cast<size_t>(*total), P.id, P.birth_date, P.sex, P.hukou_region,
                       P.residence_region, P.education, P.graduation_date, P.rural_hukou,
                       household_ids);
      }
    }
    BANGFU_RETURN_IF_ERROR(repo.ScanPersons(scope, [&](std::span<const PersonFacts> b) -> Status {
      for (const auto& p : b) {
        P.id.push_back(p.id);
        P.birth_date.push_back(p.birth_date);
        P.sex.push_back(p.sex == 'M'   ? policy::Sex::kMale
                        : p.sex == 'F' ? policy::Sex::kFemale
                                       : policy::Sex::kUnknown);
        P.hukou_region.push_back(p.hukou_region);
        P.residence_region.push_back(p.residence_region);
        P.education.push_back(p.education < 0 ? 255 : static_cast<uint8_t>(p.education));
        P.graduation_date.push_back(Or(p.graduation_date, policy::kNoDate));
        household_ids.push_back(p.household_id.value_or(0));
        P.rural_hukou.push_back(policy::Tri::kUnknown);
      }
      return OkStatus();
    }));
    n.persons = static_cast<int64_t>(P.size());
    if (!P.id.empty()) {
      scope.min_person_id = P.id.front();
      scope.max_person_id = P.id.back();
    }
    IdIndex person_rows(P.id);
    auto person_row = [&](int64_t id) {
      Row r = person_rows.Find(id);
      if (r == kNoRow) ++n.outside_scope;
      return r;
    };

    // Households: exactly those the persons name, read by id.
    auto& H = facts.households;
    std::vector<int64_t> wanted;
    wanted.reserve(household_ids.size());
    for (int64_t h : household_ids)
      if (h) wanted.push_back(h);
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    H.id.reserve(wanted.size());
    H.zero_employment_since.reserve(wanted.size());
    BANGFU_RETURN_IF_ERROR(
        repo.HouseholdsById(wanted, [&](std::span<const HouseholdFacts> b) -> Status {
          for (const auto& h : b) {
            H.id.push_back(h.id);
            H.zero_employment_since.push_back(Or(h.zero_employment_since, policy::kNoDate));
          }
          return OkStatus();
        }));
    n.households = static_cast<int64_t>(H.size());
    {
      IdIndex household_rows(H.id);
      P.household.reserve(P.size());
      for (int64_t h : household_ids) P.household.push_back(h ? household_rows.Find(h) : kNoRow);
    }
    if (options.persons_only) {
      facts.businesses.founder_offsets.assign(1, 0);  // no businesses: the CSR of none
      return OkStatus();
    }

    BANGFU_RETURN_IF_ERROR(repo.ScanEmployers(scope, [&](std::span<const Employer> b) -> Status {
      for (const auto& e : b) employers.AddLoaded(e);
      return OkStatus();
    }));

    auto& E = facts.employments;
    BANGFU_RETURN_IF_ERROR(
        repo.ScanEmployments(scope, [&](std::span<const Employment> b) -> Status {
          for (const auto& e : b) {
            const Row r = person_row(e.person_id);
            if (r == kNoRow) continue;
            E.id.push_back(e.id);
            E.person.push_back(r);
            E.employer.push_back(employers.Of(e.employer_id));
            E.kind.push_back(Shifted<policy::EmploymentKind>(domain::ParseEmploymentKind, e.kind));
            E.start.push_back(e.start);
            E.end.push_back(Or(e.end, policy::kOpenEnd));
            E.contract_months.push_back(static_cast<int16_t>(
                std::clamp<int32_t>(e.contract_months, -1, policy::kOpenEndedContract)));
          }
          return OkStatus();
        }));
    n.employments = static_cast<int64_t>(E.size());


    auto& B = facts.businesses;
    {
      Csr csr(B.founder_offsets);
      std::vector<int64_t> business_employer;
      BANGFU_RETURN_IF_ERROR(repo.ScanBusinesses(scope, [&](std::span<const Business> b) -> Status {
        for (const auto& x : b) {
          const Row row = static_cast<Row>(B.id.size());
          B.id.push_back(x.id);
          B.name.push_back(x.name);
          B.kind.push_back(Shifted<policy::OrgKind>(domain::ParseOrgKind, x.kind));
          B.size_class.push_back(
              Shifted<policy::EmployerSize>(domain::ParseEmployerSize, x.size_class));
          B.licence_date.push_back(Or(x.licence_date, policy::kNoDate));
          B.closed_date.push_back(Or(x.closed_date, policy::kOpenEnd));
          B.region.push_back(x.region_code.empty() ? 0 : std::stoll(x.region_code));
          B.employees.push_back(x.employees);
          B.online.push_back(TriOf(x.online));
          B.return_home.push_back(TriOf(x.return_home));
          B.employer.push_back(employers.Of(x.employer_id));
          csr.Next(row, B.founders.size());
          for (int64_t f : x.founder_ids) {
            // Founders outside the scope are not in the table; the business still is.
            const Row fr = IdIndex(P.id).Find(f);
            if (fr != kNoRow) B.founders.push_back(fr);
          }
        }
        return OkStatus();
      }));
      csr.Finish(B.size(), B.founders.size());
    }
    n.businesses = static_cast<int64_t>(B.size());

    auto& I = facts.internships;
    BANGFU_RETURN_IF_ERROR(
        repo.ScanInternships(scope, [&](std::span<const Internship> b) -> Status {
          for (const auto& x : b) {
            const Row r = person_row(x.person_id);
            if (r == kNoRow) continue;
            I.id.push_back(x.id);
            I.person.push_back(r);
            I.base.push_back(employers.Of(x.base_employer_id));
            I.start.push_back(x.start);
            I.end.push_back(Or(x.end, policy::kOpenEnd));
            I.finished.push_back(TriOf(x.finished));
            I.hired_after.push_back(TriOf(x.hired_after));
          }
          return OkStatus();
        }));
    n.internships = static_cast<int64_t>(I.size());

    auto& T = facts.trainings;
    BANGFU_RETURN_IF_ERROR(repo.ScanTrainings(scope, [&](std::span<const Training> b) -> Status {
      for (const auto& x : b) {
        const Row r = person_row(x.person_id);
        if (r == kNoRow) continue;
        T.id.push_back(x.id);
        T.person.push_back(r);
        T.institution.push_back(x.institution_employer_id.value_or(0));
        T.kind.push_back(Shifted<policy::TrainingKind>(domain::ParseTrainingKind, x.kind));
        T.course.push_back(x.course_code);
        T.start.push_back(Or(x.start, policy::kNoDate));
        T.end.push_back(Or(x.end, policy::kNoDate));
        T.days_attended.push_back(x.days_attended);
        T.subsidised.push_back(TriOf(x.subsidised));
        T.completed.push_back(TriOf(x.completed));
        T.certificate.push_back(TriOf(x.certificate));
      }
      return OkStatus();
    }));
    n.trainings = static_cast<int64_t>(T.size());

    auto& W = facts.placements;
    BANGFU_RETURN_IF_ERROR(repo.ScanPlacements(scope, [&](std::span<const Placement> b) -> Status {
      for (const auto& x : b) {
        const Row r = person_row(x.person_id);
        if (r == kNoRow) continue;
        W.id.push_back(x.id);
        W.person.push_back(r);
        W.employer.push_back(employers.Of(x.employer_id));
        W.start.push_back(x.start);
        W.end.push_back(Or(x.end, policy::kOpenEnd));
      }
      return OkStatus();
    }));
    n.placements = static_cast<int64_t>(W.size());


    auto& S = facts.paid;
    {
      IdIndex business_rows(B.id);
      BANGFU_RETURN_IF_ERROR(
          repo.ScanPaidSubsidies(scope, [&](std::span<const PaidSubsidy> b) -> Status {
            for (const auto& x : b) {
              Row r = kNoRow;
              if (x.person_id) {
                r = IdIndex(P.id).Find(*x.person_id);
                if (r == kNoRow) {
                  ++n.outside_scope;
                  continue;
                }
              }
              S.rule.push_back(x.rule);
              S.person.push_back(r);
              S.employer.push_back(employers.Of(x.employer_id));
              S.business.push_back(x.business_id ? business_rows.Find(*x.business_id) : kNoRow);
              S.paid_on.push_back(x.paid_on);
              S.amount.push_back(x.amount);
              S.subject.push_back(x.subject_id);
            }
            return OkStatus();
          }));
    }
    n.paid = static_cast<int64_t>(S.size());

    return OkStatus();
  }});
  if (!s.ok()) return s.error();

  // The monthly tables, now that persons have rows. Both are ordered by person id, as P is.
  auto& P = facts.persons;
  IdIndex person_rows(P.id);
  // Counted as the other tables count them: records in the id range of the persons read.
  auto monthly_row = [&](int64_t id) {
    const Row r = person_rows.Find(id);
    if (r == kNoRow && !P.id.empty() && P.id.front() <= id && id <= P.id.back()) ++n.outside_scope;
    return r;
  };
  {  // Categories, sorted per person by (category code, from).
    n.categories = static_cast<int64_t>(raw_categories.size());
    Csr csr(P.category_offsets);
    P.categories.reserve(raw_categories.size());
    for (const auto& c : raw_categories) {
      const Row r = monthly_row(c.person_id);
      if (r == kNoRow || c.category < 0) continue;
      csr.Next(r, P.categories.size());
      P.categories.push_back(
          {static_cast<policy::CategoryCode>(c.category), c.from, Or(c.to, policy::kOpenEnd)});
    }
    csr.Finish(P.size(), P.categories.size());
    raw_categories = {};
    for (size_t r = 0; r < P.size(); ++r) {
      std::sort(P.categories.begin() + P.category_offsets[r],
                P.categories.begin() + P.category_offsets[r + 1],
                [](const policy::CategorySpan& a, const policy::CategorySpan& b) {
                  return a.category != b.category ? a.category < b.category : a.from < b.from;
                });
    }
  }
  auto& C = facts.contributions;
  {
    Csr csr(C.person_offsets);
    ReserveColumns(raw_c.person.size(), C.person, C.payer);
    size_t k = 0;
    for (size_t i = 0; i < raw_c.person.size(); ++i) {
      const Row r = monthly_row(raw_c.person[i]);
      if (r == kNoRow) continue;
      csr.Next(r, k);
      C.person.push_back(r);
      C.payer.push_back(employers.Of(raw_c.other[i] ? std::optional<int64_t>(raw_c.other[i])
                                                    : std::nullopt));
      C.month[k] = C.month[i];
      C.amount[k] = C.amount[i];
      ++k;
    }
    C.month.resize(k);
    C.amount.resize(k);
    csr.Finish(P.size(), k);
    raw_c = {};
  }
  n.contributions = static_cast<int64_t>(C.size());
  auto& D = facts.dibao_payments;
  {
    IdIndex household_rows(facts.households.id);
    ReserveColumns(raw_d.person.size(), D.person, D.household);
    size_t k = 0;
    for (size_t i = 0; i < raw_d.person.size(); ++i) {
      const Row r = monthly_row(raw_d.person[i]);
      if (r == kNoRow) continue;
      D.person.push_back(r);
      D.household.push_back(raw_d.other[i] ? household_rows.Find(raw_d.other[i]) : kNoRow);
      D.month[k] = D.month[i];
      D.amount[k] = D.amount[i];
      ++k;
    }
    D.month.resize(k);
    D.amount.resize(k);
    raw_d = {};
  }
  n.dibao_payments = static_cast<int64_t>(D.size());

  auto& E = facts.employments;
  auto& B = facts.businesses;
  auto& I = facts.internships;
  auto& W = facts.placements;
  auto& S = facts.paid;
  BANGFU_RETURN_IF_ERROR(employers.Resolve(
      repo, {&E.employer, &C.payer, &B.employer, &I.base, &W.employer, &S.employer}));
  n.employers = static_cast<int64_t>(facts.employers.size());
  BANGFU_RETURN_IF_ERROR(ApplyRecognitions(repo, options.as_of, facts.employers));

  // The store orders a person's contributions of one month by payer id; facts.h wants them
  // by payer row. Only runs of several payers in one month need a look.
  for (size_t i = 0; i + 1 < C.size();) {
    size_t j = i + 1;
    while (j < C.size() && C.person[j] == C.person[i] && C.month[j] == C.month[i]) ++j;
    if (j - i > 1) {
      std::vector<std::pair<Row, int64_t>> run;
      for (size_t k = i; k < j; ++k) run.emplace_back(C.payer[k], C.amount[k]);
      std::sort(run.begin(), run.end());
      for (size_t k = i; k < j; ++k) std::tie(C.payer[k], C.amount[k]) = run[k - i];
    }
    i = j;
  }
  return n;
}

}  // namespace bangfu::service
