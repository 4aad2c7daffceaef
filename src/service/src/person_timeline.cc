// The person page's timeline (PersonService::Timeline): every dated event the ledger and the
// case work hold about one person, gathered from their own tables and put in one order.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "bangfu/domain/case_types.h"
#include "bangfu/domain/person_types.h"
#include "bangfu/service/casework.h"
#include "bangfu/service/person_service.h"
#include "bangfu/service/region_service.h"

namespace bangfu::service {
namespace {

constexpr int64_t kMaxTimelinePage = 200;

// The label of `id` in an enumeration's table; the id itself when it is not there (a value
// stored by an older version, shown rather than hidden).
template <typename E>
std::string LabelIn(const std::vector<domain::EnumInfo<E>>& infos, std::string_view id) {
  for (const auto& i : infos)
    if (i.id == id) return std::string(i.label);
  return std::string(id);
}

std::string OutcomeLabel(const std::string& kind, const std::string& outcome) {
  if (auto k = domain::ParseServiceKind(kind))
    for (const auto& [o, label] : domain::OutcomesFor(*k))
      if (o == outcome) return std::string(label);
  return outcome;
}

// "a；b" without empty parts.
std::string Join(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : "；") + p;
  return out;
}

// Display names of the users events name, read once each.
class Names {
 public:
  explicit Names(Store& store) : store_(store) {}
  std::string Of(int64_t user_id) {
    if (user_id == 0) return "";
    auto [it, fresh] = names_.try_emplace(user_id);
    if (fresh) {
      auto u = store_.users().FindById(user_id);
      it->second = u.ok() ? u->display_name : fmt::format("用户 #{}", user_id);
    }
    return it->second;
  }

 private:
  Store& store_;
  std::map<int64_t, std::string> names_;
};

TimelineEvent Event(std::string kind, std::string code, std::string kind_label, Date date, Timestamp at,
                    std::string title, std::string detail, int64_t by, std::string by_name, int64_t ref) {
  return {std::move(kind), std::move(code), std::move(kind_label), date, at, std::move(title),
          std::move(detail), by, std::move(by_name), ref};
}

// Who closed each registration: the registration rows keep only who lodged it, the audit
// entries of registration.complete / .reject (one per registration) say who decided.
Result<std::map<int64_t, int64_t>> RegistrationDeciders(Store& store, int64_t person_id) {
  AuditFilter f;
  f.action = "registration.";
  f.object_type = "person";
  f.object_id = std::to_string(person_id);
  f.limit = 500;
  BANGFU_ASSIGN_OR_RETURN(auto entries, store.audit().Query(f));
  std::map<int64_t, int64_t> out;
  for (const auto& e : entries) {
    if (e.action != "registration.complete" && e.action != "registration.reject") continue;
    auto j = nlohmann::json::parse(e.detail, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains("registration") && j["registration"].is_number_integer())
      out.emplace(j["registration"].get<int64_t>(), e.user_id);
  }
  return out;
}

}  // namespace

Result<PersonTimeline> PersonService::Timeline(const RequestContext& ctx, int64_t id, int64_t page, int64_t size) {
  BANGFU_RETURN_IF_ERROR(Require(ctx, false));
  if (page < 1 || page > 1'000'000) return Error::InvalidArgument("页码应在 1 到 1000000 之间", "page");
  if (size < 1 || size > kMaxTimelinePage)
    return Error::InvalidArgument(fmt::format("每页条数应在 1 到 {} 之间", kMaxTimelinePage), "size");
  BANGFU_ASSIGN_OR_RETURN(Person p, Visible(ctx, id));
  const Date today = clock_.Today();
  Names names(store_);
  std::vector<TimelineEvent> all;

  BANGFU_ASSIGN_OR_RETURN(auto statuses, store_.persons().StatusHistory(id));
  for (const auto& s : statuses) {
    std::string title = "就业状态：" + LabelIn(domain::EmploymentStatuses(), s.status);
    if (!s.detail.empty()) title += "（" + s.detail + "）";
    all.push_back(Event("status", s.status, "状态变更", s.effective, s.recorded_at, std::move(title), s.reason,
                        s.recorded_by, s.recorded_by_name.empty() ? names.Of(s.recorded_by) : s.recorded_by_name,
                        s.id));
  }

  BANGFU_ASSIGN_OR_RETURN(auto contacts, store_.persons().Contacts(id));
  for (const auto& c : contacts)
    all.push_back(Event("contact", c.classification, "联系", c.date, c.recorded_at,
                        fmt::format("{}联系：{}", LabelIn(domain::ContactChannels(), c.channel),
                                    LabelIn(domain::ContactResults(), c.classification)),
                        c.notes, c.staff_id, names.Of(c.staff_id), c.id));

  BANGFU_ASSIGN_OR_RETURN(auto services, store_.cases().ServicesForPerson(id));
  for (const auto& r : services) {
    const std::string kind = LabelIn(domain::ServiceKinds(), r.kind);
    std::string title = kind;
    std::string contact;
    if (r.kind == "job_referral") {
      title += "：" + (r.referral_employer_name.empty() ? std::string("（单位未记录）") : r.referral_employer_name);
      if (!r.referral_job_title.empty()) title += " · " + r.referral_job_title;
      if (!r.referral_contact.empty()) contact = "联系人：" + r.referral_contact;
    }
    title += "（" + LabelIn(domain::ContactChannels(), r.channel) + "）";
    const std::string outcome = r.outcome.empty() ? "" : "结果：" + OutcomeLabel(r.kind, r.outcome);
    all.push_back(Event("service", r.kind, kind, r.service_date, r.created_at, std::move(title),
                        Join({outcome, contact, r.notes}), r.staff_user_id,
                        r.staff_name.empty() ? names.Of(r.staff_user_id) : r.staff_name, r.id));
  }

  BANGFU_ASSIGN_OR_RETURN(auto plans, store_.cases().PlansForPerson(id));
  for (const auto& plan : plans) {
    BANGFU_ASSIGN_OR_RETURN(auto revisions, store_.cases().Revisions(plan.id));  // Newest first.
    const PlanRevision* opened = nullptr;
    const PlanRevision* closed = nullptr;
    for (const auto& v : revisions) {
      if (v.revision == 1) opened = &v;
      auto snap = nlohmann::json::parse(v.snapshot, nullptr, /*allow_exceptions=*/false);
      // The earliest revision that shows the plan closed is the one that closed it.
      if (snap.is_object() && snap.value("status", "") == "closed") closed = &v;
    }
    std::string causes;
    for (const auto& c : plan.causes) causes += (causes.empty() ? "" : "、") + LabelIn(domain::UnemploymentCauses(), c);
    all.push_back(Event("plan_opened", "open", "帮扶计划", plan.opened_on, opened ? opened->changed_at : Timestamp{},
                        "制定帮扶计划（一人一策）",
                        Join({causes.empty() ? "" : "失业原因：" + causes, plan.goals.empty() ? "" : "目标：" + plan.goals}),
                        opened ? opened->changed_by : 0, opened ? opened->changed_by_name : "", plan.id));
    if (plan.status == "closed" && plan.closed_on)
      all.push_back(Event("plan_closed", plan.close_outcome, "帮扶计划", *plan.closed_on, closed ? closed->changed_at : plan.updated_at,
                          "帮扶计划结案：" + LabelIn(domain::CloseOutcomes(), plan.close_outcome),
                          closed ? closed->reason : "", closed ? closed->changed_by : 0,
                          closed ? closed->changed_by_name : "", plan.id));
  }

  BANGFU_ASSIGN_OR_RETURN(auto registrations, store_.registrations().ForPerson(id));
  std::map<int64_t, int64_t> deciders;
  if (std::any_of(registrations.begin(), registrations.end(), [](const auto& r) { return r.completed_on.has_value(); })) {
    BANGFU_ASSIGN_OR_RETURN(deciders, RegistrationDeciders(store_, id));
  }
  for (const auto& r : registrations) {
    const std::string office_name = RegionNameOrCode(store_.regions(), r.office_region);
    all.push_back(Event("registration_lodged", r.status, "失业登记", r.applied_on, r.created_at,
                        fmt::format("申请失业登记（{}受理，办结期限 {}）", office_name, r.due_on.ToString()),
                        // A rejection's note is its reason (below), not what was said on lodging.
                        r.status == "rejected" ? "" : r.note, r.staff_id, names.Of(r.staff_id), r.id));
    if (!r.completed_on) continue;
    const bool approved = r.status == "completed";
    auto who = deciders.find(r.id);
    const int64_t by = who == deciders.end() ? 0 : who->second;
    all.push_back(Event(approved ? "registration_completed" : "registration_rejected", r.status, "失业登记",
                        *r.completed_on, r.updated_at,
                        approved ? "失业登记办结：准予登记" : "失业登记办结：不予登记", approved ? "" : r.note, by,
                        names.Of(by), r.id));
  }

  for (const auto& c : p.categories) {
    auto cat = domain::ParseCategory(c.category);
    const std::string label = cat ? std::string(domain::Label(*cat)) : c.category;
    all.push_back(Event("category_start", c.category, "人员类别", c.valid_from, {}, "认定为「" + label + "」", c.source, 0, "", 0));
    if (c.valid_to && !(today < *c.valid_to))
      all.push_back(Event("category_end", c.category, "人员类别", *c.valid_to, {}, "「" + label + "」认定期满", c.source, 0, "", 0));
  }

  // Newest first: by date, then by when it was written; what has no write time (categories)
  // after what has one on the same day.
  std::stable_sort(all.begin(), all.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
    if (a.date != b.date) return b.date < a.date;
    return a.recorded_at.micros > b.recorded_at.micros;
  });
  PersonTimeline out;
  out.total = static_cast<int64_t>(all.size());
  const size_t from = static_cast<size_t>(page - 1) * static_cast<size_t>(size);
  for (size_t i = from; i < all.size() && i < from + static_cast<size_t>(size); ++i)
    out.items.push_back(std::move(all[i]));
  return out;
}

}  // namespace bangfu::service
