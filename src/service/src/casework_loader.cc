#include "bangfu/service/casework_loader.h"

#include <algorithm>
#include <unordered_map>

#include "bangfu/domain/case_types.h"
#include "bangfu/domain/person_types.h"

namespace bangfu::service {
namespace {

using policy::kNoDate;
using policy::kNoRow;
using policy::Row;

bool WorkingAge(Date birth, Date as_of) {
  if (birth == kNoDate || birth == Date()) return true;  // unknown: do not exclude
  const int years = (as_of.days() - birth.days()) * 4 / 1461;
  return years >= 16 && years < 60;
}

}  // namespace

casework::Intention IntentionOfStatus(std::string_view status) {
  auto s = domain::ParseEmploymentStatus(status);
  if (!s) return casework::Intention::kUnknown;
  if (domain::IsEmployed(*s)) return casework::Intention::kEmployed;
  if (*s == domain::EmploymentStatus::kNoIntention) return casework::Intention::kNoIntention;
  if (*s == domain::EmploymentStatus::kUnemployed) return casework::Intention::kWantsWork;
  return casework::Intention::kUnknown;
}

Row CaseWorkData::RowOf(int64_t person_id) const {
  const auto& ids = facts.persons.id;
  auto it = std::lower_bound(ids.begin(), ids.end(), person_id);
  return it == ids.end() || *it != person_id ? kNoRow : static_cast<Row>(it - ids.begin());
}

namespace {

// Rows of ids that arrive in nondecreasing order (every scan below is ordered by person id):
// a merge walk over the sorted person ids instead of a binary search per record.
class SortedRows {
 public:
  explicit SortedRows(const std::vector<int64_t>& ids) : ids_(ids) {}
  Row Find(int64_t id) {
    if (pos_ > 0 && id < ids_[pos_ - 1]) pos_ = 0;  // out of order: start again
    while (pos_ < ids_.size() && ids_[pos_] < id) ++pos_;
    return pos_ < ids_.size() && ids_[pos_] == id ? static_cast<Row>(pos_) : kNoRow;
  }

 private:
  const std::vector<int64_t>& ids_;
  size_t pos_ = 0;
};

}  // namespace

Result<CaseWorkCounts> LoadCaseWork(Store& store, const LoadFactsOptions& options, Date as_of,
                                    CaseWorkData& d) {
  d = CaseWorkData();
  CaseWorkCounts n;
  PolicyDataRepository& repo = store.policy_data();
  DataScope scope;
  scope.region_prefix = options.region_prefix;
  scope.min_person_id = options.min_person_id;
  scope.max_person_id = options.max_person_id;
  scope.person_ids = options.person_ids;

  // Three parts on one snapshot, in parallel where the backend can: the facts; the persons'
  // case columns with plans, steps and registrations; the service records (the largest
  // table). Each fills its own buffers; rows are matched once all are read.
  std::vector<CasePersonFacts> case_persons;
  std::vector<OpenPlanFacts> plans;
  std::vector<OpenStepFacts> steps;
  std::vector<RegistrationFacts> registrations;
  struct RawServices {
    std::vector<int64_t> person;
    std::vector<domain::ServiceKind> kind;
    std::vector<Date> date;
    std::vector<ServiceFacts> referrals;
  } raw;
  auto append = [](auto& out) {
    return [&out](auto batch) -> Status {
      out.insert(out.end(), batch.begin(), batch.end());
      return OkStatus();
    };
  };
  Status s = store.InReadSnapshot({
      [&]() -> Status {
        BANGFU_ASSIGN_OR_RETURN(n.facts, LoadFacts(store, options, d.facts));
        return OkStatus();
      },
      [&]() -> Status {
        BANGFU_RETURN_IF_ERROR(repo.ScanCasePersons(scope, append(case_persons)));
        BANGFU_RETURN_IF_ERROR(repo.ScanOpenPlans(scope, append(plans)));
        BANGFU_RETURN_IF_ERROR(repo.ScanOpenSteps(scope, append(steps)));
        return repo.ScanRegistrations(scope, append(registrations));
      },
      [&]() -> Status {
        return repo.ScanServiceFacts(scope, [&](std::span<const ServiceFacts> b) -> Status {
          for (const auto& x : b) {
            if (x.kind < 0) continue;
            const auto kind = static_cast<domain::ServiceKind>(x.kind);
            raw.person.push_back(x.person_id);
            raw.kind.push_back(kind);
            raw.date.push_back(x.date);
            if (kind == domain::ServiceKind::kJobReferral) raw.referrals.push_back(x);
          }
          n.services += static_cast<int64_t>(b.size());
          return OkStatus();
        });
      },
  });
  if (!s.ok()) return s.error();

  const auto& ids = d.facts.persons.id;
  const size_t rows = ids.size();
  d.cases.Resize(rows);
  d.persons.resize(rows);
  d.region_codes.resize(rows);
  std::vector<uint8_t> able(rows, 1);
  {
    SortedRows row_of(ids);
    for (auto& p : case_persons) {
      const Row r = row_of.Find(p.id);
      if (r == kNoRow) continue;
      auto& w = d.persons[r];
      w.id = p.id;
      w.name = std::move(p.name);
      w.region = p.region;
      w.staff = p.staff_user_id;
      w.first_seen = p.entered;
      w.last_contact = p.last_contact.value_or(kNoDate);
      d.cases.intention[r] = IntentionOfStatus(p.status);
      w.employed = d.cases.intention[r] == casework::Intention::kEmployed;
      d.cases.registered[r] = p.entered;
      d.cases.training_need[r] = p.training_need;
      d.cases.startup_intention[r] = p.startup_intention;
      d.region_codes[r] = std::move(p.region_code);
      able[r] = p.able_to_work && p.wants_work &&
                d.cases.intention[r] != casework::Intention::kNoIntention;
    }
    case_persons = {};
  }

  // Service records: CSR by row (scanned by person, so rows come in order).
  auto& R = d.records;
  R.offsets.assign(1, 0);
  R.kind.reserve(raw.kind.size());
  R.date.reserve(raw.date.size());
  std::vector<Date> public_welfare(rows, kNoDate), last_referral(rows, kNoDate);
  {
    SortedRows row_of(ids);
    for (size_t i = 0; i < raw.person.size(); ++i) {
      const Row r = row_of.Find(raw.person[i]);
      if (r == kNoRow) continue;
      while (R.offsets.size() <= static_cast<size_t>(r))
        R.offsets.push_back(static_cast<uint32_t>(R.kind.size()));
      const auto kind = raw.kind[i];
      const Date date = raw.date[i];
      R.kind.push_back(kind);
      R.date.push_back(date);
      auto& w = d.persons[r];
      if (w.last_contact == kNoDate || w.last_contact < date) w.last_contact = date;
      if (kind == domain::ServiceKind::kPublicWelfarePlacement) public_welfare[r] = date;
      if (kind == domain::ServiceKind::kJobReferral) last_referral[r] = date;
    }
    while (R.offsets.size() < rows + 1) R.offsets.push_back(static_cast<uint32_t>(R.kind.size()));
    raw.person = {};
    raw.kind = {};
    raw.date = {};
  }
  {
    SortedRows row_of(ids);
    for (auto& x : raw.referrals)
      if (row_of.Find(x.person_id) != kNoRow)
        d.referrals.push_back({x.id, x.person_id, x.staff_user_id, x.date,
                               !x.outcome.empty() && x.outcome != "pending", std::move(x.job_title),
                               std::move(x.employer_name)});
  }

  std::vector<uint8_t> open_plan(rows, 0);
  {
    SortedRows row_of(ids);
    for (const auto& x : plans) {
      ++n.plans;
      const Row r = row_of.Find(x.person_id);
      if (r == kNoRow) continue;
      d.cases.plan_opened[r] = x.opened_on;
      open_plan[r] = 1;
    }
  }
  {
    SortedRows row_of(ids);
    for (auto& x : steps) {
      ++n.steps;
      if (row_of.Find(x.person_id) == kNoRow) continue;
      d.steps.push_back({x.id, x.person_id, x.owner_user_id, std::move(x.title), x.due, true});
    }
  }
  {
    SortedRows row_of(ids);
    for (const auto& x : registrations) {
      ++n.registrations;
      const Row r = row_of.Find(x.person_id);
      if (r == kNoRow) continue;
      if (x.status == "pending") d.registrations.push_back({x.id, x.person_id, x.applied_on});
      // The approved registration anchors the standard (the latest one, scanned in order).
      if (x.status == "completed") d.cases.registered[r] = x.completed_on.value_or(x.applied_on);
    }
  }

  {
    // Households: the facts' households with their members in scope.
    const auto& P = d.facts.persons;
    const auto& H = d.facts.households;
    std::vector<int32_t> case_of(H.size(), -1);
    for (size_t r = 0; r < rows; ++r) {
      const Row h = P.household[r];
      if (h == kNoRow || h < 0 || static_cast<size_t>(h) >= H.size()) continue;
      if (case_of[h] < 0) {
        case_of[h] = static_cast<int32_t>(d.households.size());
        casework::HouseholdCase c;
        c.id = H.id[h];
        c.region = d.persons[r].region;
        c.zero_since = H.zero_employment_since[h];
        d.households.push_back(std::move(c));
      }
      auto& c = d.households[case_of[h]];
      casework::HouseholdMember m;
      m.person_id = P.id[r];
      m.name = d.persons[r].name;
      m.employed = d.persons[r].employed;
      m.able_to_work = able[r] && WorkingAge(P.birth_date[r], as_of);
      m.open_plan = open_plan[r] != 0;
      if (public_welfare[r] != kNoDate && c.zero_since != kNoDate && !(public_welfare[r] < c.zero_since))
        m.public_welfare_offered = public_welfare[r];
      m.last_referral = last_referral[r];
      c.members.push_back(std::move(m));
    }
  }
  return n;
}

Result<CaseWork> ComputeCaseWork(const casework::StandardSet* standards, CaseWorkData& d,
                                 const domain::WorkCalendar& calendar, Date as_of, int threads) {
  CaseWork out;
  if (standards) {
    BANGFU_ASSIGN_OR_RETURN(out.run, casework::ComplianceRun::Compute(*standards, d.facts, d.cases,
                                                                      d.records, as_of, threads));
    for (size_t r = 0; r < d.persons.size(); ++r) {
      d.persons[r].missing_services = out.run->missing(static_cast<Row>(r));
      d.persons[r].next_deadline = out.run->next_deadline(static_cast<Row>(r));
    }
  }
  out.work = casework::WorkItemsByPerson(d.persons, d.steps, d.referrals, d.registrations,
                                         calendar, as_of);
  return out;
}

}  // namespace bangfu::service
