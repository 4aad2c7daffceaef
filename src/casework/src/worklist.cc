#include "bangfu/casework/worklist.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace bangfu::casework {
namespace {

constexpr std::string_view kItemNames[] = {"step_overdue",        "step_due_this_week",
                                           "missing_service",     "referral_no_outcome",
                                           "not_contacted",       "registration_due"};
constexpr std::string_view kItemLabels[] = {"步骤已逾期", "本周到期步骤", "缺少规定服务",
                                            "推荐未反馈", "超30天未联系", "失业登记将到期"};
constexpr std::string_view kActionNames[] = {"make_plan", "refer", "public_welfare_post",
                                             "follow_up", "no_one_able_to_work"};
constexpr std::string_view kActionLabels[] = {
    "为有劳动能力的成员制定援助计划", "持续推荐岗位", "公益性岗位兜底安置",
    "跟进公益性岗位安置直至上岗", "无可就业成员：核实家庭情况"};

// Sunday of the ISO week (Monday first) that contains d.
Date EndOfWeek(Date d) {
  const int wd = d.weekday();  // 0 = Monday … 6 = Sunday (base/date.h)
  return d.AddDays(6 - wd);
}

// Urgency: overdue things first, then what is due soonest, then the longest waiting.
int Rank(ItemKind k) {
  switch (k) {
    case ItemKind::kRegistrationDue:
      return 0;
    case ItemKind::kStepOverdue:
      return 1;
    case ItemKind::kMissingService:
      return 2;
    case ItemKind::kStepDueThisWeek:
      return 3;
    case ItemKind::kReferralNoOutcome:
      return 4;
    case ItemKind::kNotContacted:
      return 5;
  }
  return 6;
}

}  // namespace

std::string_view Name(ItemKind k) { return kItemNames[static_cast<int>(k)]; }
std::string_view Label(ItemKind k) { return kItemLabels[static_cast<int>(k)]; }
std::string_view Name(HouseholdAction a) { return kActionNames[static_cast<int>(a)]; }
std::string_view Label(HouseholdAction a) { return kActionLabels[static_cast<int>(a)]; }

PersonItems WorkItemsByPerson(const std::vector<WorkPerson>& persons,
                              const std::vector<WorkStep>& steps,
                              const std::vector<WorkReferral>& referrals,
                              const std::vector<WorkRegistration>& registrations,
                              const domain::WorkCalendar& calendar, Date as_of,
                              const WorklistOptions& options) {
  std::unordered_map<int64_t, uint32_t> by_id;  // person id → index in persons
  by_id.reserve(persons.size());
  for (size_t i = 0; i < persons.size(); ++i) by_id.emplace(persons[i].id, static_cast<uint32_t>(i));
  // Found in kind order with each item's person index, then grouped by a stable counting sort.
  std::vector<WorkItem> found;
  std::vector<uint32_t> owner;
  auto item = [&](ItemKind k, uint32_t i, int64_t staff, int64_t ref, Date due, int days,
                  std::string detail) {
    const WorkPerson& p = persons[i];
    found.push_back({k, p.id, p.name, p.region, staff ? staff : p.staff, ref, due, days,
                     std::move(detail)});
    owner.push_back(i);
  };
  const Date week_end = EndOfWeek(as_of);

  for (const auto& s : steps) {
    auto it = by_id.find(s.person_id);
    if (!s.open || s.due == policy::kNoDate || it == by_id.end()) continue;
    const int days = s.due.days() - as_of.days();
    if (days < 0)
      item(ItemKind::kStepOverdue, it->second, s.owner, s.id, s.due, -days,
           s.title + "（逾期 " + std::to_string(-days) + " 天）");
    else if (s.due <= week_end)
      item(ItemKind::kStepDueThisWeek, it->second, s.owner, s.id, s.due, -days,
           s.title + (days == 0 ? "（今天到期）" : "（" + std::to_string(days) + " 天后到期）"));
  }
  for (size_t i = 0; i < persons.size(); ++i) {
    const WorkPerson& p = persons[i];
    const auto row = static_cast<uint32_t>(i);
    if (p.missing_services > 0) {
      const bool late = p.next_deadline != policy::kNoDate && p.next_deadline < as_of;
      const int days = p.next_deadline == policy::kNoDate
                           ? 0
                           : as_of.days() - p.next_deadline.days();
      item(ItemKind::kMissingService, row, 0, 0, p.next_deadline, days,
           "缺 " + std::to_string(p.missing_services) + " 项规定服务" +
               (p.next_deadline == policy::kNoDate ? ""
                : late ? "，已逾期 " + std::to_string(days) + " 天"
                       : "，最近期限 " + p.next_deadline.ToString()));
    }
    if (!p.employed) {
      const Date since = p.last_contact != policy::kNoDate ? p.last_contact : p.first_seen;
      if (since != policy::kNoDate && as_of.days() - since.days() >= options.not_contacted_days) {
        const int days = as_of.days() - since.days();
        item(ItemKind::kNotContacted, row, 0, 0, policy::kNoDate, days,
             (p.last_contact == policy::kNoDate ? "登记后从未联系，已 " : "已 ") +
                 std::to_string(days) + " 天未联系");
      }
    }
  }
  for (const auto& r : referrals) {
    auto it = by_id.find(r.person_id);
    if (r.has_outcome || it == by_id.end()) continue;
    const int days = as_of.days() - r.date.days();
    if (days >= options.referral_outcome_days)
      item(ItemKind::kReferralNoOutcome, it->second, r.staff, r.id, policy::kNoDate, days,
           "推荐“" + r.job_title + "”" + (r.employer_name.empty() ? "" : "（" + r.employer_name + "）") +
               std::to_string(days) + " 天未反馈结果");
  }
  for (const auto& g : registrations) {
    auto it = by_id.find(g.person_id);
    if (it == by_id.end()) continue;
    const Date due = calendar.AddWorkingDays(g.applied, options.registration_working_days);
    if (as_of > due) {
      const int late = calendar.WorkingDaysBetween(due, as_of);
      item(ItemKind::kRegistrationDue, it->second, 0, g.id, due, late,
           "失业登记已超过 7 个工作日时限 " + std::to_string(late) + " 个工作日");
      continue;
    }
    const int left = calendar.WorkingDaysBetween(as_of, due);
    if (left <= options.registration_warn_working_days)
      item(ItemKind::kRegistrationDue, it->second, 0, g.id, due, -left,
           left == 0 ? "失业登记今天必须办结" : "失业登记还剩 " + std::to_string(left) + " 个工作日");
  }

  PersonItems out;
  out.offsets.assign(persons.size() + 1, 0);
  for (const uint32_t i : owner) ++out.offsets[i + 1];
  for (size_t i = 0; i < persons.size(); ++i) out.offsets[i + 1] += out.offsets[i];
  out.items.resize(found.size());
  std::vector<uint32_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (size_t k = 0; k < found.size(); ++k) out.items[next[owner[k]]++] = std::move(found[k]);
  return out;
}

std::vector<WorkItem> BuildWorklist(const std::vector<WorkPerson>& persons,
                                    const std::vector<WorkStep>& steps,
                                    const std::vector<WorkReferral>& referrals,
                                    const std::vector<WorkRegistration>& registrations,
                                    const domain::WorkCalendar& calendar, Date as_of,
                                    const WorklistOptions& options) {
  // Grouping keeps each person's items in the order found, and the comparator orders only a
  // person's own items among themselves by that order: the same list as sorting them as found.
  std::vector<WorkItem> out =
      WorkItemsByPerson(persons, steps, referrals, registrations, calendar, as_of, options).items;
  SortByUrgency(out);
  return out;
}

void SortByUrgency(std::vector<WorkItem>& items) {
  std::stable_sort(items.begin(), items.end(), [](const WorkItem& a, const WorkItem& b) {
    const bool la = a.days > 0 && a.due != policy::kNoDate, lb = b.days > 0 && b.due != policy::kNoDate;
    if (la != lb) return la;
    if (Rank(a.kind) != Rank(b.kind)) return Rank(a.kind) < Rank(b.kind);
    if (a.days != b.days) return a.days > b.days;
    return a.person_id < b.person_id;
  });
}

int64_t RollupRow::total() const {
  int64_t t = 0;
  for (auto x : n) t += x;
  return t;
}

std::vector<RollupRow> RollUp(const std::vector<WorkItem>& items, RollupBy by) {
  std::vector<const WorkItem*> by_person;
  by_person.reserve(items.size());
  for (const auto& it : items) by_person.push_back(&it);
  std::stable_sort(by_person.begin(), by_person.end(),
                   [](const WorkItem* a, const WorkItem* b) { return a->person_id < b->person_id; });
  RollupAccumulator acc(by);
  for (const WorkItem* it : by_person) acc.Add(*it);
  return acc.Rows();
}

void RollupAccumulator::Add(const WorkItem& it) {
  const int64_t key = by_ == RollupBy::kStaff ? it.staff
                      : by_ == RollupBy::kTown ? it.region / 1000
                                               : it.region;
  Entry& e = rows_[key];
  e.row.key = key;
  ++e.row.n[static_cast<int>(it.kind)];
  if (!e.any || e.last_person != it.person_id) ++e.row.people;
  e.any = true;
  e.last_person = it.person_id;
}

std::vector<RollupRow> RollupAccumulator::Rows() const {
  std::vector<RollupRow> out;
  out.reserve(rows_.size());
  for (const auto& [k, e] : rows_) out.push_back(e.row);
  std::stable_sort(out.begin(), out.end(), [](const RollupRow& a, const RollupRow& b) {
    return a.total() != b.total() ? a.total() > b.total() : a.key < b.key;
  });
  return out;
}

std::vector<ZeroEmploymentItem> ZeroEmploymentWorklist(const std::vector<HouseholdCase>& households,
                                                       Date as_of,
                                                       const ZeroEmploymentOptions& options) {
  std::vector<ZeroEmploymentItem> out;
  for (const auto& h : households) {
    if (h.zero_since == policy::kNoDate || h.zero_since > as_of || h.members.empty()) continue;
    ZeroEmploymentItem z;
    z.household_id = h.id;
    z.region = h.region;
    z.zero_since = h.zero_since;
    z.days = as_of.days() - h.zero_since.days();
    bool employed = false, offered = false;
    for (const auto& m : h.members) {
      employed |= m.employed;
      ++z.members;
      if (m.able_to_work) {
        ++z.able_to_work;
        if (m.open_plan) ++z.with_open_plan;
      }
      offered |= m.public_welfare_offered != policy::kNoDate && m.public_welfare_offered >= h.zero_since;
    }
    if (employed) continue;  // the ledger has not caught up; no longer zero-employment
    if (z.able_to_work == 0)
      z.action = HouseholdAction::kNoOneAbleToWork;
    else if (offered)
      z.action = HouseholdAction::kFollowUp;
    else if (z.with_open_plan == 0)
      z.action = HouseholdAction::kMakePlan;
    else if (z.days >= options.public_welfare_after_days)
      z.action = HouseholdAction::kPublicWelfarePost;
    else
      z.action = HouseholdAction::kRefer;
    out.push_back(z);
  }
  std::stable_sort(out.begin(), out.end(), [](const ZeroEmploymentItem& a,
                                              const ZeroEmploymentItem& b) {
    return a.days != b.days ? a.days > b.days : a.household_id < b.household_id;
  });
  return out;
}

}  // namespace bangfu::casework
