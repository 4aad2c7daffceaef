#include "bangfu/service/referral_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "bangfu/domain/case_types.h"
#include "bangfu/domain/org_types.h"

namespace bangfu::service {
namespace {

constexpr int kMineLimit = 200;
// Recommendations searched for the pushed posting's score and reasons.
constexpr int kScoreDepth = 100;

const std::vector<std::string>& SeekerOutcomes() {
  static const std::vector<std::string> v = {"applied", "declined"};
  return v;
}
const std::vector<std::string>& EmployerOutcomes() {
  static const std::vector<std::string> v = {"interviewed", "hired", "rejected", "no_show"};
  return v;
}
std::vector<std::string> StaffOutcomes() {
  std::vector<std::string> v;
  for (const auto& [id, label] : domain::OutcomesFor(domain::ServiceKind::kJobReferral))
    if (id != "pending") v.emplace_back(id);
  return v;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

Result<JobPosting> ReferablePosting(Store& store, int64_t posting_id, Date on) {
  auto p = store.jobs().GetPosting(posting_id);
  if (!p.ok()) {
    if (p.error().IsNotFound())
      return Error::InvalidArgument(fmt::format("岗位 {} 不存在", posting_id), "referral_posting_id");
    return p.error();
  }
  if (p->status != "published") {
    const char* why = p->status == "closed" ? "已关闭" : p->status == "rejected" ? "未通过审核" : "尚未发布";
    return Error::InvalidArgument(fmt::format("岗位“{}”{}，不能推荐", p->title, why), "referral_posting_id");
  }
  if (p->valid_until && *p->valid_until < on)
    return Error::InvalidArgument(fmt::format("岗位“{}”已于 {} 到期，不能推荐", p->title, p->valid_until->ToString()),
                                  "referral_posting_id");
  return p;
}

Result<EmploymentFound> ReferralEmployment(const ServiceRecord& referral, const std::optional<JobPosting>& posting,
                                           Date start, int32_t contract_months,
                                           const std::string& employment_kind) {
  EmploymentFound e;
  e.employer_id = referral.referral_employer_id;
  if (!employment_kind.empty()) {
    auto k = domain::ParseEmploymentKind(employment_kind);
    if (!k) return Error::InvalidArgument("就业形式无效: " + employment_kind, "employment_kind");
    e.kind = std::string(domain::Id(*k));
  } else {
    const std::string work = posting ? posting->work_kind : "";
    e.kind = work == "part_time" || work == "gig" ? "flexible"
             : work == "public_welfare"          ? "public_welfare_post"
                                                 : "labour_contract";
  }
  if (contract_months < -1 || (contract_months > 600 && contract_months != kOpenEndedContractMonths))
    return Error::InvalidArgument("合同期限应为 0 到 600 个月（-1 表示未知）", "contract_months");
  e.start = start;
  e.contract_months = contract_months;
  e.source = "岗位推荐";
  e.external_key = fmt::format("referral:{}", referral.id);
  e.detail = referral.referral_job_title;
  e.reason = "岗位推荐录用";
  return e;
}

Result<PushResult> ReferralService::Push(const RequestContext& ctx, int64_t person_id, const PushInput& in) {
  BANGFU_ASSIGN_OR_RETURN(Person p, persons_.Get(ctx, person_id));
  if (!PersonService::CanWrite(ctx.principal.role)) return Error::PermissionDenied("当前角色不能推送岗位");
  if (in.posting_id <= 0) return Error::InvalidArgument("请选择要推送的岗位", "posting_id");
  const Date today = clock_.Today();
  BANGFU_ASSIGN_OR_RETURN(auto existing, store_.cases().FindReferral(person_id, in.posting_id, today));
  if (existing) return PushResult{*existing, false};

  std::string reasons = "推荐匹配结果之外的岗位";
  auto recs = matches_.Recommendations(ctx, person_id, kScoreDepth);
  if (recs.ok()) {
    for (const auto& m : *recs) {
      if (m.id != in.posting_id) continue;
      std::string texts;
      for (const auto& r : m.reasons)
        if (!r.text.empty()) texts += (texts.empty() ? "" : "；") + r.text;
      reasons = fmt::format("匹配度 {}%{}", static_cast<int>(std::lround(m.score * 100)),
                            texts.empty() ? "" : "（" + texts + "）");
      break;
    }
  }
  ServiceInput s;
  s.kind = "job_referral";
  s.service_date = today;
  s.channel = in.channel.empty() ? "online" : in.channel;
  s.notes = "一键推送；" + reasons + (in.notes.empty() ? "" : "。" + in.notes);
  s.referral_posting_id = in.posting_id;
  auto r = cases_.RecordService(ctx, person_id, s);
  if (!r.ok() && r.error().code == ErrorCode::kConflict) {
    // A concurrent push of the same posting won the unique index: hand back its record.
    BANGFU_ASSIGN_OR_RETURN(auto raced, store_.cases().FindReferral(person_id, in.posting_id, today));
    if (raced) return PushResult{*raced, false};
  }
  if (!r.ok()) {
    Error e = r.error();
    if (e.field == "referral_posting_id") e.field = "posting_id";
    return e;
  }
  (void)p;
  return PushResult{*r, true};
}

Result<std::vector<std::string>> ReferralService::Recordable(const RequestContext& ctx, const ServiceRecord& r) {
  const Principal& pr = ctx.principal;
  if (pr.role == Role::kJobSeeker) {
    if (!pr.person_id || *pr.person_id != r.person_id) return Error::NotFound("服务记录不存在");
    return SeekerOutcomes();
  }
  if (pr.role == Role::kEmployer) {
    if (!pr.org_id || !r.referral_employer_id || *pr.org_id != *r.referral_employer_id)
      return Error::NotFound("服务记录不存在");
    return EmployerOutcomes();
  }
  BANGFU_RETURN_IF_ERROR(persons_.Get(ctx, r.person_id));  // Role and scope.
  if (!PersonService::CanWrite(pr.role)) return std::vector<std::string>();
  return StaffOutcomes();
}

Result<std::vector<ReferralView>> ReferralService::Mine(const RequestContext& ctx) {
  const Principal& pr = ctx.principal;
  std::vector<ServiceRecord> records;
  if (pr.role == Role::kJobSeeker) {
    if (!pr.person_id) return std::vector<ReferralView>();
    BANGFU_ASSIGN_OR_RETURN(auto all, store_.cases().ServicesForPerson(*pr.person_id));
    for (auto& r : all)
      if (r.kind == "job_referral" && static_cast<int>(records.size()) < kMineLimit) records.push_back(std::move(r));
  } else if (pr.role == Role::kEmployer) {
    if (!pr.org_id) return std::vector<ReferralView>();
    BANGFU_ASSIGN_OR_RETURN(records, store_.cases().ReferralsToEmployer(*pr.org_id, kMineLimit));
  } else {
    return Error::PermissionDenied("岗位推荐在人员详情的帮扶记录中查看");
  }
  std::map<int64_t, std::optional<JobPosting>> postings;
  std::vector<ReferralView> out;
  for (auto& r : records) {
    ReferralView v;
    if (r.referral_posting_id) {
      auto [it, fresh] = postings.try_emplace(*r.referral_posting_id);
      if (fresh) {
        auto got = store_.jobs().GetPosting(*r.referral_posting_id);
        if (got.ok()) it->second = std::move(*got);
        else if (!got.error().IsNotFound()) return got.error();
      }
      v.posting = it->second;
    }
    // As recorded with the referral (RecordService; migration 43 filled in older ones).
    v.employer_name = r.referral_employer_name;
    if (pr.role == Role::kEmployer) {
      BANGFU_ASSIGN_OR_RETURN(Person p, store_.persons().Get(r.person_id));
      v.person_name = p.name;
      v.person_education = p.education;
      v.person_major = p.major;
    }
    if (r.outcome != "hired") {
      for (const auto& o : pr.role == Role::kJobSeeker ? SeekerOutcomes() : EmployerOutcomes())
        if (o != r.outcome) v.can_record.push_back(o);
    }
    v.record = std::move(r);
    out.push_back(std::move(v));
  }
  return out;
}

Result<ServiceRecord> ReferralService::SetOutcome(const RequestContext& ctx, int64_t service_id,
                                                  const OutcomeInput& in) {
  auto found = store_.cases().GetService(service_id);
  if (!found.ok()) return found.error();
  ServiceRecord r = std::move(*found);
  if (r.kind != "job_referral") {
    if (in.start_date || in.contract_months != -1 || !in.employment_kind.empty())
      return Error::InvalidArgument("只有岗位推荐的“已录用”可以填写入职信息", "start_date");
    return cases_.SetOutcome(ctx, service_id, in.outcome);
  }
  BANGFU_ASSIGN_OR_RETURN(auto allowed, Recordable(ctx, r));
  if (in.outcome.empty() || !domain::OutcomeAllowed(domain::ServiceKind::kJobReferral, in.outcome) ||
      in.outcome == "pending")
    return Error::InvalidArgument(fmt::format("岗位推荐不能记录结果 {}", in.outcome), "outcome");
  if (!Contains(allowed, in.outcome))
    return Error::PermissionDenied(allowed.empty() ? "当前角色不能记录推荐结果"
                                                   : "当前角色不能记录该推荐结果: " + in.outcome);
  const bool hired = in.outcome == "hired";
  if (!hired && (in.start_date || in.contract_months != -1 || !in.employment_kind.empty()))
    return Error::InvalidArgument("只有“已录用”可以填写入职信息", "start_date");
  if (r.outcome == "hired") {
    if (hired) return r;  // Recorded already (a second click): nothing changes.
    return Error::FailedPrecondition("已录用的推荐不能再更改结果", "outcome");
  }
  std::optional<EmploymentFound> employment;
  if (hired) {
    const Date start = in.start_date.value_or(clock_.Today());
    if (start < r.service_date)
      return Error::InvalidArgument(fmt::format("入职日期早于推荐日期 {}", r.service_date.ToString()), "start_date");
    std::optional<JobPosting> posting;
    if (r.referral_posting_id) {
      auto got = store_.jobs().GetPosting(*r.referral_posting_id);
      if (got.ok()) posting = std::move(*got);
      else if (!got.error().IsNotFound()) return got.error();
    }
    BANGFU_ASSIGN_OR_RETURN(employment,
                            ReferralEmployment(r, posting, start, in.contract_months, in.employment_kind));
  }
  BANGFU_ASSIGN_OR_RETURN(Person p, store_.persons().Get(r.person_id));
  r.outcome = in.outcome;
  std::optional<int64_t> employment_id;
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.cases().SetServiceOutcome(service_id, in.outcome, clock_.Now()));
    if (employment) {
      BANGFU_ASSIGN_OR_RETURN(employment_id, persons_.RecordEmployment(ctx, r.person_id, *employment));
      BANGFU_RETURN_IF_ERROR(cases_.CloseForHire(ctx, p, employment->start, fmt::format("referral:{}", service_id),
                                                 fmt::format("岗位推荐录用（{}）", r.referral_job_title)));
    }
    return audit_.Record(ctx, "case.service.outcome", "person", std::to_string(r.person_id), p.region_code,
                         fmt::format(R"({{"service":{},"outcome":"{}","by":"{}","employment":{}}})", service_id,
                                     in.outcome, RoleName(ctx.principal.role),
                                     employment_id ? std::to_string(*employment_id) : "null"));
  }));
  if (employment) persons_.NotifyChanged(r.person_id);
  return r;
}

}  // namespace bangfu::service
