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

Result<CaseWorkCounts> LoadCaseWork(Store& store, const LoadFactsOptions& options, Date as_of,
                                    CaseWorkData& d) {
  d = CaseWorkData();
  CaseWorkCounts n;
  PolicyDataRepository& repo = store.policy_data();
  Status s = store.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(n.facts, LoadFacts(store, options, d.facts));
    const size_t rows = d.facts.persons.size();
    DataScope scope;
    scope.region_prefix = options.region_prefix;
    scope.min_person_id = options.min_person_id;
    scope.max_person_id = options.max_person_id;
    if (rows > 0) {
      scope.min_person_id = d.facts.persons.id.front();
      scope.max_person_id = d.facts.persons.id.back();
    }
    d.cases.Resize(rows);
    d.persons.resize(rows);
    d.region_codes.resize(rows);
    std::vector<uint8_t> able(rows, 1);
    BANGFU_RETURN_IF_ERROR(
        repo.ScanCasePersons(scope, [&](std::span<const CasePersonFacts> b) -> Status {
          for (const auto& p : b) {
            const Row r = d.RowOf(p.id);
            if (r == kNoRow) continue;
            auto& w = d.persons[r];
            w.id = p.id;
            w.name = p.name;
            w.region = p.region;
            w.staff = p.staff_user_id;
            w.first_seen = p.entered;
            w.last_contact = p.last_contact.value_or(kNoDate);
            d.cases.intention[r] = IntentionOfStatus(p.status);
            w.employed = d.cases.intention[r] == casework::Intention::kEmployed;
            d.cases.registered[r] = p.entered;
            d.region_codes[r] = p.region_code;
            able[r] = p.able_to_work && p.wants_work &&
                      d.cases.intention[r] != casework::Intention::kNoIntention;
          }
          return OkStatus();
        }));

    // Service records: CSR by row (scanned by person, so rows come in order).
    auto& R = d.records;
    R.offsets.assign(1, 0);
    std::vector<Date> public_welfare(rows, kNoDate), last_referral(rows, kNoDate);
    BANGFU_RETURN_IF_ERROR(repo.ScanServiceFacts(scope, [&](std::span<const ServiceFacts> b) -> Status {
      for (const auto& x : b) {
        ++n.services;
        const Row r = d.RowOf(x.person_id);
        if (r == kNoRow || x.kind < 0) continue;
        while (R.offsets.size() <= static_cast<size_t>(r)) R.offsets.push_back(static_cast<uint32_t>(R.kind.size()));
        const auto kind = static_cast<domain::ServiceKind>(x.kind);
        R.kind.push_back(kind);
        R.date.push_back(x.date);
        auto& w = d.persons[r];
        if (w.last_contact == kNoDate || w.last_contact < x.date) w.last_contact = x.date;
        if (kind == domain::ServiceKind::kPublicWelfarePlacement) public_welfare[r] = x.date;
        if (kind == domain::ServiceKind::kJobReferral) {
          last_referral[r] = x.date;
          d.referrals.push_back({x.id, x.person_id, x.staff_user_id, x.date,
                                 !x.outcome.empty() && x.outcome != "pending", x.job_title});
        }
      }
      return OkStatus();
    }));
    while (R.offsets.size() < rows + 1) R.offsets.push_back(static_cast<uint32_t>(R.kind.size()));

    std::vector<uint8_t> open_plan(rows, 0);
    BANGFU_RETURN_IF_ERROR(repo.ScanOpenPlans(scope, [&](std::span<const OpenPlanFacts> b) -> Status {
      for (const auto& x : b) {
        ++n.plans;
        const Row r = d.RowOf(x.person_id);
        if (r == kNoRow) continue;
        d.cases.plan_opened[r] = x.opened_on;
        open_plan[r] = 1;
      }
      return OkStatus();
    }));
    BANGFU_RETURN_IF_ERROR(repo.ScanOpenSteps(scope, [&](std::span<const OpenStepFacts> b) -> Status {
      for (const auto& x : b) {
        ++n.steps;
        if (d.RowOf(x.person_id) == kNoRow) continue;
        d.steps.push_back({x.id, x.person_id, x.owner_user_id, x.title, x.due, true});
      }
      return OkStatus();
    }));
    BANGFU_RETURN_IF_ERROR(
        repo.ScanRegistrations(scope, [&](std::span<const RegistrationFacts> b) -> Status {
          for (const auto& x : b) {
            ++n.registrations;
            const Row r = d.RowOf(x.person_id);
            if (r == kNoRow) continue;
            if (x.status == "pending") d.registrations.push_back({x.id, x.person_id, x.applied_on});
            // The approved registration anchors the standard (the latest one, scanned in order).
            if (x.status == "completed") d.cases.registered[r] = x.completed_on.value_or(x.applied_on);
          }
          return OkStatus();
        }));

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
    return OkStatus();
  });
  if (!s.ok()) return s.error();
  return n;
}

}  // namespace bangfu::service
