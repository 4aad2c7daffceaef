#include "bangfu/service/case_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bangfu/domain/case_types.h"
#include "bangfu/domain/org_types.h"
#include "bangfu/service/referral_service.h"
#include "bangfu/service/region_service.h"
#include "row_reader.h"

namespace bangfu::service {
namespace {

using nlohmann::json;

bool CanManageRules(Role r) { return r == Role::kAdmin || r == Role::kDistrictStaff || r == Role::kTownStaff; }

void SortSteps(std::vector<PlanStep>& steps) {
  std::stable_sort(steps.begin(), steps.end(),
                   [](const PlanStep& a, const PlanStep& b) { return a.due_date < b.due_date; });
}

// The plan closed with `outcome`: open steps cancelled and, after work found, follow-ups 1, 3 and
// 6 months after the job start owned by the responsible staff member.
AssistancePlan Closed(AssistancePlan plan, domain::CloseOutcome outcome, Date closed_on,
                      std::optional<Date> job_start) {
  for (auto& s : plan.steps)
    if (s.status == "open") s.status = "cancelled";
  if (job_start) {
    for (int months : {1, 3, 6})
      plan.steps.push_back({0, plan.id, plan.person_id,
                            fmt::format("就业后第 {} 个月跟踪回访，确认是否稳定在岗", months), "follow_up",
                            plan.responsible_user_id, job_start->AddMonths(months), "open", std::nullopt});
  }
  SortSteps(plan.steps);
  plan.status = "closed";
  plan.closed_on = closed_on;
  plan.close_outcome = std::string(domain::Id(outcome));
  plan.revision += 1;
  return plan;
}

constexpr size_t kReferralTextChars = 100;

size_t Utf8Chars(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// The employer, job title and contact of a referral to a job outside the platform, checked and
// copied into `r`: a registered employer by id (its name copied, as a posting's title is), or
// else the employer's name as typed; the title required, the contact optional.
Status OutsideReferral(Store& store, const ServiceInput& in, ServiceRecord& r) {
  const std::string name = Trimmed(in.referral_employer_name), title = Trimmed(in.referral_job_title),
                    contact = Trimmed(in.referral_contact);
  if (in.referral_employer_id) {
    auto employer = store.policy_data().GetEmployer(*in.referral_employer_id);
    if (!employer.ok())
      return employer.error().IsNotFound() ? Error::InvalidArgument("用人单位不存在", "referral_employer_id")
                                           : employer.error();
    r.referral_employer_id = in.referral_employer_id;
    r.referral_employer_name = employer->name;
  } else if (name.empty()) {
    return Error::InvalidArgument("平台外岗位须填写用人单位名称", "referral_employer_name");
  } else if (Utf8Chars(name) > kReferralTextChars) {
    return Error::InvalidArgument("用人单位名称不能超过 100 个字", "referral_employer_name");
  } else {
    r.referral_employer_name = name;
  }
  if (title.empty()) return Error::InvalidArgument("岗位推荐须填写岗位名称", "referral_job_title");
  if (Utf8Chars(title) > kReferralTextChars)
    return Error::InvalidArgument("岗位名称不能超过 100 个字", "referral_job_title");
  if (Utf8Chars(contact) > kReferralTextChars)
    return Error::InvalidArgument("联系人及电话不能超过 100 个字", "referral_contact");
  r.referral_job_title = title;
  r.referral_contact = contact;
  return OkStatus();
}

}  // namespace

AssignmentRuleIndex::AssignmentRuleIndex(std::vector<AssignmentRule> rules) : rules_(std::move(rules)) {
  for (const auto& r : rules_) {
    by_code_.emplace(r.region_code, &r);
    if (std::find(lengths_.begin(), lengths_.end(), r.region_code.size()) == lengths_.end())
      lengths_.push_back(r.region_code.size());
  }
  std::sort(lengths_.rbegin(), lengths_.rend());
}

const AssignmentRule* AssignmentRuleIndex::Find(std::string_view region_code) const {
  for (size_t n : lengths_) {
    if (n > region_code.size()) continue;
    if (auto it = by_code_.find(region_code.substr(0, n)); it != by_code_.end()) return it->second;
  }
  return nullptr;
}

std::string PlanSnapshot(const AssistancePlan& p) {
  auto date = [](const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); };
  json steps = json::array();
  for (const auto& s : p.steps)
    steps.push_back({{"id", s.id},
                     {"title", s.title},
                     {"service_kind", s.service_kind},
                     {"owner_user_id", s.owner_user_id},
                     {"due_date", s.due_date.ToString()},
                     {"status", s.status},
                     {"done_on", date(s.done_on)}});
  return json{{"id", p.id},
              {"person_id", p.person_id},
              {"status", p.status},
              {"responsible_user_id", p.responsible_user_id},
              {"opened_on", p.opened_on.ToString()},
              {"closed_on", date(p.closed_on)},
              {"close_outcome", p.close_outcome},
              {"causes", p.causes},
              {"cause_notes", p.cause_notes},
              {"goals", p.goals},
              {"revision", p.revision},
              {"updated_at", p.updated_at.ToString()},
              {"steps", steps}}
      .dump();
}

Result<Person> CaseService::Writable(const RequestContext& ctx, int64_t person_id) {
  BANGFU_ASSIGN_OR_RETURN(Person p, persons_.Get(ctx, person_id));
  if (!PersonService::CanWrite(ctx.principal.role)) return Error::PermissionDenied("当前角色不能记录帮扶");
  return p;
}

Result<User> CaseService::StaffFor(int64_t user_id, const std::string& region, const std::string& field) {
  auto u = store_.users().FindById(user_id);
  if (!u.ok()) {
    if (u.error().IsNotFound()) return Error::InvalidArgument(fmt::format("工作人员 {} 不存在", user_id), field);
    return u.error();
  }
  if (u->disabled || !PersonService::CanWrite(u->role) || !InScope(u->scope, region))
    return Error::InvalidArgument(fmt::format("{} 不在该人员的服务范围内", u->display_name), field);
  return u;
}

Result<std::optional<CaseAssignment>> CaseService::EnsureAssignment(const RequestContext& ctx, const Person& p) {
  BANGFU_ASSIGN_OR_RETURN(auto current, store_.cases().GetAssignment(p.id));
  if (current) return current;
  BANGFU_ASSIGN_OR_RETURN(auto rules, store_.cases().Rules());
  const AssignmentRuleIndex index(std::move(rules));
  const AssignmentRule* best = index.Find(p.region_code);
  if (!best) return std::optional<CaseAssignment>();
  CaseAssignment a{p.id, best->staff_user_id, best->staff_name, clock_.Today(), 0, best->region_code,
                   clock_.Now()};
  BANGFU_RETURN_IF_ERROR(store_.cases().UpsertAssignment(a));
  BANGFU_RETURN_IF_ERROR(audit_.Record(ctx, "case.assign", "person", std::to_string(p.id), p.region_code,
                                       fmt::format(R"({{"staff_user_id":{},"rule":"{}"}})", a.staff_user_id, a.rule)));
  return std::optional<CaseAssignment>(a);
}

Result<std::vector<ServiceRecord>> CaseService::Services(const RequestContext& ctx, int64_t person_id) {
  BANGFU_RETURN_IF_ERROR(persons_.Get(ctx, person_id));
  return store_.cases().ServicesForPerson(person_id);
}

Result<ServiceRecord> CaseService::RecordService(const RequestContext& ctx, int64_t person_id,
                                                 const ServiceInput& in) {
  BANGFU_ASSIGN_OR_RETURN(Person p, Writable(ctx, person_id));
  auto kind = domain::ParseServiceKind(in.kind);
  if (!kind) return Error::InvalidArgument("服务类型无效: " + in.kind, "kind");
  auto channel = domain::ParseContactChannel(in.channel);
  if (!channel) return Error::InvalidArgument("服务方式应为 上门走访、电话、线上 或 窗口现场: " + in.channel, "channel");
  const Date today = clock_.Today();
  if (today < in.service_date) return Error::InvalidArgument("服务日期不能晚于今天", "service_date");
  const Date registered = p.created_at.ChinaDate();
  if (in.service_date < registered)
    return Error::InvalidArgument(fmt::format("服务日期早于该人员登记入台账的日期 {}", registered.ToString()),
                                  "service_date");
  if (!domain::OutcomeAllowed(*kind, in.outcome))
    return Error::InvalidArgument(fmt::format("“{}”不能记录结果 {}", domain::Label(*kind), in.outcome), "outcome");
  ServiceRecord r;
  if (*kind == domain::ServiceKind::kJobReferral && in.referral_posting_id) {
    BANGFU_ASSIGN_OR_RETURN(JobPosting posting, ReferablePosting(store_, *in.referral_posting_id, in.service_date));
    r.referral_posting_id = posting.id;
    r.referral_employer_id = posting.employer_id;
    r.referral_job_title = posting.title;
    r.referral_employer_name = posting.employer_name;
    if (in.outcome.empty()) r.outcome = "pending";
  } else if (*kind == domain::ServiceKind::kJobReferral) {
    BANGFU_RETURN_IF_ERROR(OutsideReferral(store_, in, r));
    if (in.outcome.empty()) r.outcome = "pending";
  } else if (in.referral_employer_id || in.referral_posting_id ||
             !Trimmed(in.referral_employer_name).empty() || !Trimmed(in.referral_job_title).empty() ||
             !Trimmed(in.referral_contact).empty()) {
    return Error::InvalidArgument("只有岗位推荐可以填写用人单位和岗位", "referral_employer_id");
  }
  if (in.follow_up_of) {
    auto prior = store_.cases().GetService(*in.follow_up_of);
    if (!prior.ok() || prior->person_id != person_id)
      return Error::InvalidArgument("所跟进的服务记录不属于该人员", "follow_up_of");
    if (in.service_date < prior->service_date)
      return Error::InvalidArgument("跟进日期早于所跟进的服务", "service_date");
    r.follow_up_of = in.follow_up_of;
  }
  r.person_id = person_id;
  r.kind = std::string(domain::Id(*kind));
  r.service_date = in.service_date;
  r.staff_user_id = ctx.principal.user_id;
  r.staff_name = ctx.principal.display_name;
  r.channel = std::string(domain::Id(*channel));
  r.notes = in.notes;
  if (!in.outcome.empty()) r.outcome = in.outcome;
  r.created_at = clock_.Now();
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(EnsureAssignment(ctx, p));
    BANGFU_ASSIGN_OR_RETURN(auto plan, store_.cases().CurrentPlan(person_id));
    std::string completed;
    if (plan) {
      if (plan->status == "open") r.plan_id = plan->id;
      const bool completes = *kind != domain::ServiceKind::kFollowUp || r.outcome == "job_holds" || r.outcome == "job_lost";
      for (auto& step : plan->steps) {
        if (!completes || step.status != "open" || step.service_kind != r.kind) continue;
        step.status = "done";
        step.done_on = r.service_date;
        completed = fmt::format(R"(,"step":{})", step.id);
        plan->updated_at = r.created_at;
        BANGFU_RETURN_IF_ERROR(store_.cases().UpdatePlan(*plan));
        break;
      }
    }
    BANGFU_ASSIGN_OR_RETURN(r.id, store_.cases().InsertService(r));
    return audit_.Record(ctx, "case.service.create", "person", std::to_string(person_id), p.region_code,
                         fmt::format(R"({{"service":{},"kind":"{}","date":"{}"{}}})", r.id, r.kind,
                                     r.service_date.ToString(), completed));
  }));
  return r;
}

Result<ServiceRecord> CaseService::SetOutcome(const RequestContext& ctx, int64_t service_id,
                                              const std::string& outcome) {
  auto r = store_.cases().GetService(service_id);
  if (!r.ok()) return r.error();
  BANGFU_ASSIGN_OR_RETURN(Person p, Writable(ctx, r->person_id));
  auto kind = domain::ParseServiceKind(r->kind);
  if (!kind || outcome.empty() || !domain::OutcomeAllowed(*kind, outcome))
    return Error::InvalidArgument(fmt::format("该服务不能记录结果 {}", outcome), "outcome");
  if (*kind == domain::ServiceKind::kJobReferral)
    return Error::FailedPrecondition("岗位推荐的结果须经推荐结果记录（ReferralService）", "outcome");
  r->outcome = outcome;
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.cases().SetServiceOutcome(service_id, outcome, clock_.Now()));
    return audit_.Record(ctx, "case.service.outcome", "person", std::to_string(p.id), p.region_code,
                         fmt::format(R"({{"service":{},"outcome":"{}"}})", service_id, outcome));
  }));
  return *r;
}

Result<CaseView> CaseService::Case(const RequestContext& ctx, int64_t person_id) {
  BANGFU_ASSIGN_OR_RETURN(Person p, persons_.Get(ctx, person_id));
  CaseView v;
  BANGFU_ASSIGN_OR_RETURN(v.assignment, store_.cases().GetAssignment(person_id));
  BANGFU_ASSIGN_OR_RETURN(v.needs, store_.cases().GetNeeds(person_id));
  BANGFU_ASSIGN_OR_RETURN(v.plan, store_.cases().CurrentPlan(person_id));
  if (v.plan) {
    BANGFU_ASSIGN_OR_RETURN(v.revisions, store_.cases().Revisions(v.plan->id));
  }
  BANGFU_ASSIGN_OR_RETURN(auto users, store_.users().List());
  for (const auto& u : users)
    if (!u.disabled && PersonService::CanWrite(u.role) && InScope(u.scope, p.region_code))
      v.staff.push_back({u.id, u.display_name, RoleLabel(u.role), u.scope});
  return v;
}

Status CaseService::Revise(const RequestContext& ctx, AssistancePlan& plan, const std::string& reason, bool create) {
  plan.updated_at = clock_.Now();
  if (create) BANGFU_RETURN_IF_ERROR(store_.cases().InsertPlan(plan));
  else BANGFU_RETURN_IF_ERROR(store_.cases().UpdatePlan(plan));
  PlanRevision rev;
  rev.plan_id = plan.id;
  rev.revision = plan.revision;
  rev.snapshot = PlanSnapshot(plan);
  rev.changed_by = ctx.principal.user_id;
  rev.changed_at = plan.updated_at;
  rev.reason = reason;
  return store_.cases().InsertRevision(rev);
}

Result<AssistancePlan> CaseService::SavePlan(const RequestContext& ctx, int64_t person_id, const PlanInput& in) {
  BANGFU_ASSIGN_OR_RETURN(Person p, Writable(ctx, person_id));
  AssistancePlan plan;
  BANGFU_ASSIGN_OR_RETURN(auto current, store_.cases().CurrentPlan(person_id));
  const bool create = !current || current->status != "open";
  const Date today = clock_.Today();
  if (create) {
    plan.person_id = person_id;
    plan.status = "open";
    plan.opened_on = today;
    plan.revision = 1;
  } else {
    plan = *current;
    plan.revision += 1;
  }
  plan.causes.clear();
  for (const auto& c : in.causes) {
    auto cause = domain::ParseUnemploymentCause(c);
    if (!cause) return Error::InvalidArgument("失业原因无效: " + c, "causes");
    std::string id(domain::Id(*cause));
    if (std::find(plan.causes.begin(), plan.causes.end(), id) == plan.causes.end()) plan.causes.push_back(id);
  }
  if (plan.causes.empty()) return Error::InvalidArgument("请至少选择一项失业原因", "causes");
  if (in.goals.empty()) return Error::InvalidArgument("请填写帮扶目标", "goals");
  plan.cause_notes = in.cause_notes;
  plan.goals = in.goals;
  std::vector<PlanStep> steps;
  for (size_t i = 0; i < in.steps.size(); ++i) {
    const StepInput& s = in.steps[i];
    const std::string field = fmt::format("steps[{}]", i);
    PlanStep step;
    if (s.id != 0) {
      auto it = std::find_if(plan.steps.begin(), plan.steps.end(), [&](const PlanStep& x) { return x.id == s.id; });
      if (create || it == plan.steps.end())
        return Error::InvalidArgument(fmt::format("第 {} 步不属于该计划", i + 1), field + ".id");
      step = *it;
    }
    if (s.title.empty()) return Error::InvalidArgument(fmt::format("第 {} 步缺少内容", i + 1), field + ".title");
    if (!s.service_kind.empty() && !domain::ParseServiceKind(s.service_kind))
      return Error::InvalidArgument("服务类型无效: " + s.service_kind, field + ".service_kind");
    if (s.status != "open" && s.status != "done" && s.status != "cancelled")
      return Error::InvalidArgument("步骤状态应为 open、done 或 cancelled", field + ".status");
    auto owner = StaffFor(s.owner_user_id, p.region_code, field + ".owner_user_id");
    if (!owner.ok()) {
      Error e = owner.error();
      if (e.code == ErrorCode::kInvalidArgument) e.message = fmt::format("第 {} 步的负责人{}", i + 1, ": " + e.message);
      return e;
    }
    step.title = s.title;
    step.service_kind = s.service_kind.empty() ? "" : std::string(domain::Id(*domain::ParseServiceKind(s.service_kind)));
    step.owner_user_id = s.owner_user_id;
    step.due_date = s.due_date;
    if (s.status == "done" && step.status != "done") step.done_on = today;
    if (s.status != "done") step.done_on.reset();
    step.status = s.status;
    steps.push_back(step);
  }
  for (auto& old : plan.steps) {
    const bool kept = std::any_of(steps.begin(), steps.end(), [&](const PlanStep& x) { return x.id == old.id; });
    if (!kept && old.status == "open") {
      old.status = "cancelled";
      steps.push_back(old);
    } else if (!kept) {
      steps.push_back(old);
    }
  }
  SortSteps(steps);
  plan.steps = std::move(steps);
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(auto assignment, EnsureAssignment(ctx, p));
    if (create) plan.responsible_user_id = assignment ? assignment->staff_user_id : ctx.principal.user_id;
    BANGFU_RETURN_IF_ERROR(Revise(ctx, plan, in.reason.empty() && create ? "制定计划" : in.reason, create));
    return audit_.Record(ctx, create ? "case.plan.create" : "case.plan.update", "person", std::to_string(person_id),
                         p.region_code, fmt::format(R"({{"plan":{},"revision":{}}})", plan.id, plan.revision));
  }));
  return plan;
}

Result<AssistancePlan> CaseService::ClosePlan(const RequestContext& ctx, int64_t person_id, const CloseInput& in) {
  BANGFU_ASSIGN_OR_RETURN(Person p, Writable(ctx, person_id));
  BANGFU_ASSIGN_OR_RETURN(auto current, store_.cases().CurrentPlan(person_id));
  if (!current || current->status != "open") return Error::FailedPrecondition("该人员没有进行中的帮扶计划", "plan");
  auto outcome = domain::ParseCloseOutcome(in.outcome);
  if (!outcome) return Error::InvalidArgument("结案结果无效: " + in.outcome, "outcome");
  const Date today = clock_.Today();
  if (today < in.closed_on) return Error::InvalidArgument("结案日期不能晚于今天", "closed_on");
  if (in.closed_on < current->opened_on) return Error::InvalidArgument("结案日期早于计划制定日期", "closed_on");
  std::optional<EmploymentFound> employment;
  std::optional<Date> start;
  if (domain::IsEmploymentOutcome(*outcome)) {
    start = in.job_start.value_or(in.closed_on);
    if (today < *start) return Error::InvalidArgument("入职日期不能晚于今天", "job_start");
    BANGFU_ASSIGN_OR_RETURN(employment, PlanEmployment(p, current->id, *outcome, *start, in));
    if (employment && in.note.size()) employment->reason += "；" + in.note;
  }
  AssistancePlan plan = Closed(*current, *outcome, in.closed_on, start);
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(Revise(ctx, plan, in.note.empty() ? "结案" : "结案: " + in.note, false));
    if (employment) {
      auto recorded = persons_.RecordEmployment(ctx, person_id, *employment);
      if (!recorded.ok()) {
        Error e = recorded.error();
        if (e.field == "start_date") e.field = "job_start";
        return e;
      }
    }
    return AuditClose(ctx, p, plan, "");
  }));
  if (employment) persons_.NotifyChanged(person_id);
  return plan;
}

Status CaseService::AuditClose(const RequestContext& ctx, const Person& p, const AssistancePlan& plan,
                               const std::string& via) {
  return audit_.Record(ctx, "case.plan.close", "person", std::to_string(p.id), p.region_code,
                       fmt::format(R"({{"plan":{},"outcome":"{}","closed_on":"{}"{}}})", plan.id,
                                   plan.close_outcome, plan.closed_on ? plan.closed_on->ToString() : "",
                                   via.empty() ? "" : fmt::format(R"(,"via":"{}")", via)));
}

Result<std::optional<AssistancePlan>> CaseService::CloseForHire(const RequestContext& ctx, const Person& p,
                                                                 Date job_start, const std::string& via,
                                                                 const std::string& note) {
  BANGFU_ASSIGN_OR_RETURN(auto current, store_.cases().CurrentPlan(p.id));
  if (!current || current->status != "open") return std::optional<AssistancePlan>();
  const Date today = clock_.Today();
  AssistancePlan plan = Closed(*current, domain::CloseOutcome::kReferral,
                               std::max(today, current->opened_on), job_start);
  BANGFU_RETURN_IF_ERROR(Revise(ctx, plan, "结案: " + note, false));
  BANGFU_RETURN_IF_ERROR(AuditClose(ctx, p, plan, via));
  return std::optional<AssistancePlan>(std::move(plan));
}

Result<std::optional<EmploymentFound>> CaseService::PlanEmployment(const Person& p, int64_t plan_id,
                                                                  domain::CloseOutcome outcome, Date start,
                                                                  const CloseInput& in) {
  EmploymentFound e;
  if (outcome == domain::CloseOutcome::kReferral && !in.employer_id) {
    // A referral marked hired has recorded the employment and the status already.
    BANGFU_ASSIGN_OR_RETURN(auto services, store_.cases().ServicesForPerson(p.id));
    if (std::any_of(services.begin(), services.end(),
                    [](const ServiceRecord& r) { return r.kind == "job_referral" && r.outcome == "hired"; }))
      return std::optional<EmploymentFound>();
  }
  if (in.employer_id) {
    auto employer = store_.policy_data().GetEmployer(*in.employer_id);
    if (!employer.ok())
      return employer.error().IsNotFound() ? Error::InvalidArgument("用人单位不存在", "employer_id") : employer.error();
    e.employer_id = in.employer_id;
    e.detail = employer->name;
  }
  const std::string kind = !in.employment_kind.empty()                        ? in.employment_kind
                           : outcome == domain::CloseOutcome::kPublicWelfare ? "public_welfare_post"
                           : outcome == domain::CloseOutcome::kStartup       ? "self_employed"
                                                                             : "labour_contract";
  auto k = domain::ParseEmploymentKind(kind);
  if (!k) return Error::InvalidArgument("就业形式无效: " + kind, "employment_kind");
  if (in.contract_months < -1 || (in.contract_months > 600 && in.contract_months != kOpenEndedContractMonths))
    return Error::InvalidArgument("合同期限应为 0 到 600 个月（-1 表示未知）", "contract_months");
  e.kind = std::string(domain::Id(*k));
  e.start = start;
  e.contract_months = in.contract_months;
  e.source = "帮扶结案";
  e.external_key = fmt::format("plan:{}", plan_id);
  for (const auto& o : domain::CloseOutcomes())
    if (o.value == outcome) e.reason = fmt::format("结案：{}", o.label);
  return std::optional<EmploymentFound>(std::move(e));
}

Result<CaseAssignment> CaseService::Assign(const RequestContext& ctx, int64_t person_id, int64_t staff_user_id) {
  BANGFU_ASSIGN_OR_RETURN(Person p, Writable(ctx, person_id));
  BANGFU_ASSIGN_OR_RETURN(User staff, StaffFor(staff_user_id, p.region_code, "staff_user_id"));
  CaseAssignment a{person_id, staff.id, staff.display_name, clock_.Today(), ctx.principal.user_id, "",
                   clock_.Now()};
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(auto before, store_.cases().GetAssignment(person_id));
    BANGFU_RETURN_IF_ERROR(store_.cases().UpsertAssignment(a));
    BANGFU_ASSIGN_OR_RETURN(auto plan, store_.cases().CurrentPlan(person_id));
    if (plan && plan->status == "open" && plan->responsible_user_id != staff.id) {
      plan->responsible_user_id = staff.id;
      plan->revision += 1;
      BANGFU_RETURN_IF_ERROR(Revise(ctx, *plan, "更换责任人为 " + staff.display_name, false));
    }
    return audit_.Record(ctx, "case.assign", "person", std::to_string(person_id), p.region_code,
                         fmt::format(R"({{"staff_user_id":{},"previous":{}}})", staff.id,
                                     before ? before->staff_user_id : 0));
  }));
  return a;
}

Result<CaseAssignment> CaseService::AssignByRule(const RequestContext& ctx, int64_t person_id) {
  BANGFU_ASSIGN_OR_RETURN(Person p, Writable(ctx, person_id));
  std::optional<CaseAssignment> a;
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(a, EnsureAssignment(ctx, p));
    return OkStatus();
  }));
  if (!a) return Error::FailedPrecondition("没有覆盖该人员所在地区的责任人分配规则，请手动指定", "staff_user_id");
  return *a;
}

Result<PersonNeeds> CaseService::SetNeeds(const RequestContext& ctx, int64_t person_id, const NeedsInput& in) {
  BANGFU_ASSIGN_OR_RETURN(Person p, Writable(ctx, person_id));
  auto channel = domain::ParseContactChannel(in.channel);
  if (!channel) return Error::InvalidArgument("了解方式应为 上门走访、电话、线上 或 窗口现场: " + in.channel, "channel");
  const Date today = clock_.Today();
  if (today < in.recorded_on) return Error::InvalidArgument("了解日期不能晚于今天", "recorded_on");
  const Date registered = p.created_at.ChinaDate();
  if (in.recorded_on < registered)
    return Error::InvalidArgument(fmt::format("了解日期早于该人员登记入台账的日期 {}", registered.ToString()),
                                  "recorded_on");
  if (!in.training_need && !in.training_wish.empty())
    return Error::InvalidArgument("没有培训需求时不能填写培训意向", "training_wish");
  if (in.training_wish.size() > 200) return Error::InvalidArgument("培训意向不能超过 200 字节", "training_wish");
  PersonNeeds n;
  n.person_id = person_id;
  n.training_need = in.training_need;
  n.training_wish = in.training_wish;
  n.startup_intention = in.startup_intention;
  n.channel = std::string(domain::Id(*channel));
  n.recorded_on = in.recorded_on;
  n.recorded_by = ctx.principal.user_id;
  n.recorded_by_name = ctx.principal.display_name;
  n.updated_at = clock_.Now();
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(auto before, store_.cases().GetNeeds(person_id));
    BANGFU_RETURN_IF_ERROR(store_.cases().UpsertNeeds(n));
    return audit_.Record(
        ctx, "case.needs.set", "person", std::to_string(person_id), p.region_code,
        json{{"training_need", n.training_need},
             {"startup_intention", n.startup_intention},
             {"recorded_on", n.recorded_on.ToString()},
             {"before", before ? json{{"training_need", before->training_need},
                                      {"startup_intention", before->startup_intention}}
                               : json(nullptr)}}
            .dump());
  }));
  return n;
}

Result<std::vector<AssignmentRule>> CaseService::Rules(const RequestContext& ctx) {
  const Role r = ctx.principal.role;
  if (!(PersonService::CanWrite(r) || r == Role::kLeader)) return Error::PermissionDenied("当前角色不能查看分配规则");
  BANGFU_ASSIGN_OR_RETURN(auto rules, store_.cases().Rules());
  std::vector<AssignmentRule> out;
  for (auto& rule : rules)
    if (InScope(ctx.principal.scope, rule.region_code)) out.push_back(std::move(rule));
  return out;
}

Result<int64_t> CaseService::SetRule(const RequestContext& ctx, const std::string& region_code,
                                     std::optional<int64_t> staff_user_id) {
  if (!CanManageRules(ctx.principal.role)) return Error::PermissionDenied("当前角色不能设置责任人分配规则");
  auto made = MakeRegion(region_code, "");
  if (!made.ok()) return Error::InvalidArgument("区划代码无效: " + region_code, "region_code");
  auto region = store_.regions().Get(made->code);
  if (!region.ok()) return Error::InvalidArgument("区划代码不存在: " + region_code, "region_code");
  // Rules are kept by scope prefix (significant digits), so that they match like scopes do.
  const std::string prefix = ScopePrefix(*region);
  if (!InScope(ctx.principal.scope, prefix)) return Error::NotFound("区划不在您的管辖范围内", "region_code");
  int64_t assigned = 0;
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    if (!staff_user_id) {
      BANGFU_RETURN_IF_ERROR(store_.cases().DeleteRule(prefix));
      return audit_.Record(ctx, "case.rule.delete", "region", prefix, prefix, "{}");
    }
    BANGFU_ASSIGN_OR_RETURN(User staff, StaffFor(*staff_user_id, prefix, "staff_user_id"));
    AssignmentRule rule{prefix, staff.id, staff.display_name};
    BANGFU_RETURN_IF_ERROR(store_.cases().UpsertRule(rule));
    BANGFU_ASSIGN_OR_RETURN(assigned, store_.cases().ApplyRule(rule, clock_.Today(), clock_.Now()));
    return audit_.Record(ctx, "case.rule.set", "region", prefix, prefix,
                         fmt::format(R"({{"staff_user_id":{},"assigned":{}}})", staff.id, assigned));
  }));
  return assigned;
}

}  // namespace bangfu::service
