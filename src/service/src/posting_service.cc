#include "bangfu/service/posting_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bangfu/domain/identity.h"
#include "bangfu/domain/org_types.h"
#include "bangfu/domain/person_types.h"
#include "bangfu/match/engine.h"

namespace bangfu::service {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.pop_back();
  return s;
}

bool IsStaff(Role r) { return PersonService::CanWrite(r) || r == Role::kLeader; }

}  // namespace

const std::vector<std::string>& FeeWords() {
  static const std::vector<std::string> k = {"押金",   "保证金", "培训费", "服装费", "工装费",
                                             "体检费", "介绍费", "报名费", "资料费", "办卡费",
                                             "工本费", "入职费", "中介费", "建档费", "先交"};
  return k;
}

bool PostingService::CanReview(Role role) {
  return role == Role::kAdmin || role == Role::kDistrictStaff || role == Role::kTownStaff;
}

Result<Employer> PostingService::EmployerFor(const RequestContext& ctx, const std::optional<int64_t>& employer_id) {
  const auto& pr = ctx.principal;
  int64_t id = 0;
  if (pr.role == Role::kEmployer) {
    if (!pr.org_id) return Error::FailedPrecondition("该账号未关联用人单位");
    if (employer_id && *employer_id != *pr.org_id) return Error::NotFound("用人单位不存在", "employer_id");
    id = *pr.org_id;
  } else if (CanReview(pr.role)) {
    if (!employer_id) return Error::InvalidArgument("请选择用人单位", "employer_id");
    id = *employer_id;
  } else {
    return Error::PermissionDenied("当前角色不能发布岗位");
  }
  auto e = store_.policy_data().GetEmployer(id);
  if (!e.ok()) return e.error().IsNotFound() ? Error::NotFound("用人单位不存在", "employer_id") : e.error();
  return e;
}

Result<JobPosting> PostingService::Visible(const RequestContext& ctx, int64_t id) {
  auto p = store_.jobs().GetPosting(id);
  if (!p.ok()) return p.error().IsNotFound() ? Error::NotFound("岗位不存在") : p.error();
  const auto& pr = ctx.principal;
  bool ok = false;
  if (pr.role == Role::kEmployer) ok = pr.org_id && *pr.org_id == p->employer_id;
  else if (IsStaff(pr.role)) ok = InScope(pr.scope, p->region_code);
  else ok = p->status == "published";
  if (!ok) return Error::NotFound("岗位不存在");
  return p;
}

Status PostingService::Fill(JobPosting& p, const PostingInput& in, const Employer& e) {
  p.employer_id = e.id;
  p.employer_name = e.name;
  p.title = Trim(in.title);
  if (p.title.empty()) return Error::InvalidArgument("请填写岗位名称", "title");
  if (p.title.size() > 200) return Error::InvalidArgument("岗位名称过长", "title");
  const std::string code = Trim(in.occupation_code);
  if (!code.empty()) {
    auto c = match::ParseOccCode(code);
    if (!c || !matches_.KnownOccupation(match::FormatOccCode(*c)))
      return Error::InvalidArgument("职业代码不在职业分类中: " + code, "occupation_code");
    p.occupation_code = match::FormatOccCode(*c);
    p.occupation_from_title = false;
  } else {
    auto r = matches_.Normalize(p.title);
    p.occupation_code = r.code ? match::FormatOccCode(r.code) : "";
    p.occupation_from_title = r.code != 0;
  }
  if (in.openings < 1 || in.openings > 10000) return Error::InvalidArgument("招聘人数应为 1 至 10000", "openings");
  p.openings = in.openings;
  p.education.clear();
  if (!Trim(in.education).empty()) {
    auto ed = domain::ParseEducation(Trim(in.education));
    if (!ed) return Error::InvalidArgument("无法识别的学历: " + in.education, "education");
    p.education = std::string(domain::Id(*ed));
  }
  p.majors.clear();
  for (const auto& m : in.majors)
    if (!Trim(m).empty()) p.majors.push_back(Trim(m));
  p.skills.clear();
  for (const auto& s : in.skills)
    if (!Trim(s).empty()) p.skills.push_back(Trim(s));
  if (in.salary_min < 0 || in.salary_max < 0) return Error::InvalidArgument("薪资不能为负数", "salary_min");
  if (in.salary_max && in.salary_min > in.salary_max)
    return Error::InvalidArgument("薪资下限高于上限", "salary_max");
  if (in.salary_max > 1'000'000) return Error::InvalidArgument("月薪超过 100 万元，请核对", "salary_max");
  p.salary_min = in.salary_min;
  p.salary_max = in.salary_max;
  p.region_code = Trim(in.region_code).empty() ? e.region_code : Trim(in.region_code);
  BANGFU_RETURN_IF_ERROR(CheckRegion(p.region_code, "region_code"));
  p.address = Trim(in.address).empty() ? e.address : Trim(in.address);
  const std::string kind = Trim(in.work_kind).empty() ? "full_time" : Trim(in.work_kind);
  auto k = match::ParseWorkKind(kind);
  if (!k) return Error::InvalidArgument("无法识别的用工形式: " + kind, "work_kind");
  p.work_kind = std::string(match::WorkKindId(*k));
  p.description = Trim(in.description);
  if (p.description.size() > 20000) return Error::InvalidArgument("岗位描述过长", "description");
  p.valid_until = in.valid_until;
  return OkStatus();
}

Status PostingService::CheckRegion(const std::string& code, const char* field) {
  if (!match::ParseRegionCode(code)) return Error::InvalidArgument("区划代码应为 12 位: " + code, field);
  auto known = store_.regions().Get(code);
  if (known.ok()) return OkStatus();
  if (!known.error().IsNotFound()) return known.error();
  // Villages are imported only for some districts: accept a code whose town is known.
  auto town = store_.regions().Get(code.substr(0, 9));
  if (!town.ok()) return Error::InvalidArgument("未知的区划代码: " + code, field);
  return OkStatus();
}

Result<TypicalSalary> PostingService::Typical(const std::string& code, int64_t except_id) {
  TypicalSalary t;
  auto c = match::ParseOccCode(code);
  if (!c) return t;
  const std::string text = match::FormatOccCode(*c);
  // "4-07-05-" (小类), then "4-07-" (中类).
  for (auto [len, level] : {std::pair<size_t, const char*>{8, "小类"}, {5, "中类"}}) {
    BANGFU_ASSIGN_OR_RETURN(auto ranges, store_.jobs().PublishedSalaries(text.substr(0, len), except_id));
    if (static_cast<int>(ranges.size()) < kMinSalaryPeers) continue;
    std::vector<int64_t> tops;
    for (const auto& [lo, hi] : ranges) tops.push_back(hi);
    std::sort(tops.begin(), tops.end());
    t.peers = static_cast<int64_t>(tops.size());
    t.upper = tops[(tops.size() - 1) * 3 / 4];
    t.level = level;
    return t;
  }
  return t;
}

Result<std::vector<PostingCheck>> PostingService::Checks(const JobPosting& p) {
  std::vector<PostingCheck> out;
  if (p.salary_min > 0 && !p.occupation_code.empty()) {
    BANGFU_ASSIGN_OR_RETURN(TypicalSalary t, Typical(p.occupation_code, p.id));
    if (t.upper > 0 && p.salary_min > kSalaryFarAbove * t.upper)
      out.push_back({"salary_high",
                     fmt::format("月薪下限 {} 元远高于同{}岗位的常见上限 {} 元（{} 个已发布岗位的上限第 75 百分位）",
                                 p.salary_min, t.level, t.upper, t.peers)});
  }
  std::string found;
  for (const auto& w : FeeWords())
    if (p.title.find(w) != std::string::npos || p.description.find(w) != std::string::npos)
      found += (found.empty() ? "" : "、") + w;
  if (!found.empty()) out.push_back({"fee_words", "岗位信息含有向求职者收费的字样: " + found});
  if (p.address.empty()) out.push_back({"no_address", "未填写工作地址"});
  BANGFU_ASSIGN_OR_RETURN(auto warnings, store_.jobs().Warnings({p.employer_id}));
  const Date today = clock_.Today();
  for (const auto& w : warnings)
    if (w.ActiveAt(today))
      out.push_back({"employer_warning",
                     fmt::format("用人单位有{}记录（{} 起）: {}", WarningLabel(w.kind), w.from.ToString(), w.evidence)});
  return out;
}

Result<JobPosting> PostingService::Save(const RequestContext& ctx, JobPosting p, const std::string& action,
                                        const std::string& detail) {
  p.updated_at = clock_.Now();
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    if (p.id == 0) {
      BANGFU_ASSIGN_OR_RETURN(p.id, store_.jobs().InsertPosting(p));
    } else {
      ++p.version;
      BANGFU_RETURN_IF_ERROR(store_.jobs().UpdatePosting(p));
    }
    return audit_.Record(ctx, action, "posting", std::to_string(p.id), p.region_code, detail);
  }));
  BANGFU_RETURN_IF_ERROR(matches_.PostingChanged(p));
  return p;
}

Result<JobPosting> PostingService::Create(const RequestContext& ctx, const PostingInput& in) {
  BANGFU_ASSIGN_OR_RETURN(Employer e, EmployerFor(ctx, in.employer_id));
  JobPosting p;
  BANGFU_RETURN_IF_ERROR(Fill(p, in, e));
  if (ctx.principal.role != Role::kEmployer && !InScope(ctx.principal.scope, p.region_code))
    return Error::InvalidArgument("工作地点不在本人数据范围内", "region_code");
  if (p.valid_until && *p.valid_until < clock_.Today())
    return Error::InvalidArgument("有效期不能早于今天", "valid_until");
  p.status = "pending";
  p.source = "web";
  p.created_by = ctx.principal.user_id;
  p.created_at = clock_.Now();
  BANGFU_ASSIGN_OR_RETURN(p.checks, Checks(p));
  const std::string detail = nlohmann::json{{"title", p.title}}.dump();
  return Save(ctx, std::move(p), "posting.create", detail);
}

Result<JobPosting> PostingService::Update(const RequestContext& ctx, int64_t id, const PostingInput& in,
                                          int64_t version) {
  BANGFU_ASSIGN_OR_RETURN(JobPosting p, Visible(ctx, id));
  if (ctx.principal.role != Role::kEmployer && !CanReview(ctx.principal.role))
    return Error::PermissionDenied("当前角色不能修改岗位");
  if (p.status == "closed") return Error::FailedPrecondition("岗位已关闭，不能修改", "status");
  if (version != p.version) return Error::Conflict("岗位已被他人修改，请刷新后重试", "version");
  BANGFU_ASSIGN_OR_RETURN(Employer e, EmployerFor(ctx, p.employer_id));
  BANGFU_RETURN_IF_ERROR(Fill(p, in, e));
  if (ctx.principal.role != Role::kEmployer && !InScope(ctx.principal.scope, p.region_code))
    return Error::InvalidArgument("工作地点不在本人数据范围内", "region_code");
  const std::string before = p.status;
  if (ctx.principal.role == Role::kEmployer && p.status != "pending") {
    p.status = "pending";  // Changed by the employer: review again.
    p.reject_reason.clear();
  }
  BANGFU_ASSIGN_OR_RETURN(p.checks, Checks(p));
  const std::string detail = fmt::format(R"({{"status_before":"{}"}})", before);
  return Save(ctx, std::move(p), "posting.update", detail);
}

Result<JobPosting> PostingService::Get(const RequestContext& ctx, int64_t id) { return Visible(ctx, id); }

Result<PostingPage> PostingService::List(const RequestContext& ctx, PostingFilter f) {
  const auto& pr = ctx.principal;
  if (pr.role == Role::kEmployer) {
    if (!pr.org_id) return Error::FailedPrecondition("该账号未关联用人单位");
    f.employer_id = *pr.org_id;
  } else if (IsStaff(pr.role)) {
    if (!InScope(pr.scope, f.region_prefix)) f.region_prefix = pr.scope;
  } else {
    f.status = "published";
  }
  return store_.jobs().ListPostings(f);
}

Result<JobPosting> PostingService::Review(const RequestContext& ctx, int64_t id, bool publish,
                                          const std::string& reason_in) {
  BANGFU_ASSIGN_OR_RETURN(JobPosting p, Visible(ctx, id));
  if (!CanReview(ctx.principal.role)) return Error::PermissionDenied("当前角色不能审核岗位");
  if (p.status != "pending") return Error::FailedPrecondition("只有待审核的岗位可以审核", "status");
  const std::string reason = Trim(reason_in);
  if (!publish && reason.empty()) return Error::InvalidArgument("驳回时请填写原因", "reason");
  if (publish && p.occupation_code.empty())
    return Error::InvalidArgument("岗位名称无法对应职业分类，请先填写职业代码", "occupation_code");
  if (publish && p.valid_until && *p.valid_until < clock_.Today())
    return Error::FailedPrecondition("岗位已过有效期", "valid_until");
  BANGFU_ASSIGN_OR_RETURN(p.checks, Checks(p));
  p.status = publish ? "published" : "rejected";
  p.reject_reason = publish ? "" : reason;
  p.reviewed_by = ctx.principal.user_id;
  p.reviewed_at = clock_.Now();
  nlohmann::json codes = nlohmann::json::array();
  for (const auto& c : p.checks) codes.push_back(c.code);
  const std::string detail = nlohmann::json{{"checks", codes}, {"reason", p.reject_reason}}.dump();
  return Save(ctx, std::move(p), publish ? "posting.publish" : "posting.reject", detail);
}

Result<JobPosting> PostingService::Close(const RequestContext& ctx, int64_t id, const std::string& reason) {
  BANGFU_ASSIGN_OR_RETURN(JobPosting p, Visible(ctx, id));
  if (ctx.principal.role != Role::kEmployer && !CanReview(ctx.principal.role))
    return Error::PermissionDenied("当前角色不能关闭岗位");
  if (reason != "filled" && reason != "withdrawn")
    return Error::InvalidArgument("关闭原因应为 filled（已招满）或 withdrawn（撤回）", "reason");
  if (p.status == "closed" || p.status == "rejected")
    return Error::FailedPrecondition("岗位已关闭或已驳回", "status");
  p.status = "closed";
  p.close_reason = reason;
  const std::string detail = fmt::format(R"({{"reason":"{}"}})", reason);
  return Save(ctx, std::move(p), "posting.close", detail);
}

Result<int64_t> PostingService::ExpireDue(const RequestContext& ctx) {
  if (!CanReview(ctx.principal.role)) return Error::PermissionDenied("当前角色不能关闭岗位");
  const Date today = clock_.Today();
  int64_t n = 0;
  for (const char* status : {"pending", "published"}) {
    BANGFU_ASSIGN_OR_RETURN(auto due, store_.jobs().PostingsWithStatus(ctx.principal.scope, status));
    for (auto& p : due) {
      if (!p.valid_until || !(*p.valid_until < today)) continue;
      p.status = "closed";
      p.close_reason = "expired";
      BANGFU_RETURN_IF_ERROR(Save(ctx, std::move(p), "posting.expire",
                                  fmt::format(R"({{"as_of":"{}"}})", today.ToString())));
      ++n;
    }
  }
  return n;
}

Result<std::vector<Employer>> PostingService::FindEmployers(const RequestContext& ctx, const std::string& query,
                                                            int limit) {
  const auto& pr = ctx.principal;
  std::vector<Employer> out;
  if (pr.role == Role::kEmployer) {
    if (!pr.org_id) return out;
    BANGFU_ASSIGN_OR_RETURN(Employer e, store_.policy_data().GetEmployer(*pr.org_id));
    out.push_back(std::move(e));
    return out;
  }
  if (!IsStaff(pr.role)) return Error::PermissionDenied("当前角色不能查看用人单位");
  DataScope scope;
  scope.region_prefix = pr.scope;
  BANGFU_RETURN_IF_ERROR(store_.policy_data().ScanEmployers(scope, [&](std::span<const Employer> batch) -> Status {
    for (const auto& e : batch) {
      if (static_cast<int>(out.size()) >= limit) break;
      if (query.empty() || e.name.find(query) != std::string::npos || e.credit_code.find(query) != std::string::npos)
        out.push_back(e);
    }
    return OkStatus();
  }));
  return out;
}

Result<Employer> PostingService::GetEmployer(const RequestContext& ctx, int64_t id) {
  const auto& pr = ctx.principal;
  if (pr.role != Role::kEmployer && !IsStaff(pr.role)) return Error::PermissionDenied("当前角色不能查看用人单位");
  auto e = store_.policy_data().GetEmployer(id);
  if (!e.ok()) return e.error().IsNotFound() ? Error::NotFound("用人单位不存在") : e.error();
  const bool ok = pr.role == Role::kEmployer ? (pr.org_id && *pr.org_id == id) : InScope(pr.scope, e->region_code);
  if (!ok) return Error::NotFound("用人单位不存在");
  return e;
}

Result<Employer> PostingService::SaveEmployer(const RequestContext& ctx, std::optional<int64_t> id,
                                              const EmployerInput& in) {
  const auto& pr = ctx.principal;
  if (!CanReview(pr.role)) return Error::PermissionDenied("当前角色不能登记用人单位");
  Employer e;
  std::optional<Employer> before;
  if (id) {
    BANGFU_ASSIGN_OR_RETURN(e, GetEmployer(ctx, *id));
    before = e;
  }
  BANGFU_ASSIGN_OR_RETURN(auto code, domain::CreditCode::Parse(Trim(in.credit_code), "credit_code"));
  if (before && code.value() != before->credit_code)
    return Error::InvalidArgument("统一社会信用代码登记后不能修改", "credit_code");
  e.credit_code = code.value();
  e.name = Trim(in.name);
  if (e.name.empty()) return Error::InvalidArgument("请填写单位名称", "name");
  if (e.name.size() > 200) return Error::InvalidArgument("单位名称过长", "name");
  e.size_class.clear();
  if (!Trim(in.size_class).empty()) {
    auto size = domain::ParseEmployerSize(Trim(in.size_class));
    if (!size) return Error::InvalidArgument("企业规模应为微型、小型、中型或大型", "size_class");
    e.size_class = std::string(domain::Id(*size));
  }
  e.kind.clear();
  if (!Trim(in.kind).empty()) {
    auto kind = domain::ParseOrgKind(Trim(in.kind));
    if (!kind) return Error::InvalidArgument("无法识别的单位类型: " + in.kind, "kind");
    e.kind = std::string(domain::Id(*kind));
  }
  e.industry = Trim(in.industry);
  e.region_code = Trim(in.region_code);
  BANGFU_RETURN_IF_ERROR(CheckRegion(e.region_code, "region_code"));
  if (!InScope(pr.scope, e.region_code)) return Error::InvalidArgument("所在区划超出本人数据范围", "region_code");
  e.address = Trim(in.address);
  e.contact_name = Trim(in.contact_name);
  e.contact_phone = Trim(in.contact_phone);
  if (e.contact_phone.size() > 40 ||
      e.contact_phone.find_first_not_of("0123456789-+ ()") != std::string::npos)
    return Error::InvalidArgument("联系电话只能包含数字、空格和 -+()", "contact_phone");
  if (e.industry.size() > 200 || e.address.size() > 500 || e.contact_name.size() > 100)
    return Error::InvalidArgument("内容过长", e.address.size() > 500 ? "address" : e.industry.size() > 200 ? "industry" : "contact_name");
  if (!before) {
    BANGFU_ASSIGN_OR_RETURN(auto codes, store_.policy_data().EmployerIdsByCode());
    for (const auto& [c, other] : codes)
      if (c == e.credit_code) return Error::Conflict("该统一社会信用代码已登记（单位编号 " + std::to_string(other) + "）", "credit_code");
  }
  std::vector<Employer> rows = {e};
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.policy_data().UpsertEmployers(rows));
    return audit_.Record(ctx, before ? "employer.update" : "employer.create", "employer", std::to_string(rows[0].id),
                         rows[0].region_code, nlohmann::json({{"name", rows[0].name}, {"credit_code", rows[0].credit_code}}).dump());
  }));
  return rows[0];
}

Result<std::vector<EmployerWarning>> PostingService::Warnings(const RequestContext& ctx, int64_t employer_id) {
  const auto& pr = ctx.principal;
  if (pr.role == Role::kEmployer ? !(pr.org_id && *pr.org_id == employer_id) : !IsStaff(pr.role))
    return Error::PermissionDenied("当前角色不能查看警示记录");
  auto e = store_.policy_data().GetEmployer(employer_id);
  if (!e.ok()) return e.error().IsNotFound() ? Error::NotFound("用人单位不存在") : e.error();
  return store_.jobs().Warnings({employer_id});
}

namespace {

Status CheckWarning(const EmployerWarning& w) {
  bool known = false;
  for (const auto& [id, label] : WarningKinds()) known = known || id == w.kind;
  if (!known) return Error::InvalidArgument("警示类型应为 discrimination、fraud、wage_arrears 或 fake_recruitment", "kind");
  if (Trim(w.evidence).empty()) return Error::InvalidArgument("请填写依据（文书号、投诉编号等）", "evidence");
  if (w.to && *w.to < w.from) return Error::InvalidArgument("结束日期早于开始日期", "to");
  return OkStatus();
}

}  // namespace

Result<EmployerWarning> PostingService::AddWarning(const RequestContext& ctx, EmployerWarning w) {
  if (!CanReview(ctx.principal.role)) return Error::PermissionDenied("当前角色不能记录警示");
  auto e = store_.policy_data().GetEmployer(w.employer_id);
  if (!e.ok()) return e.error().IsNotFound() ? Error::NotFound("用人单位不存在", "employer_id") : e.error();
  if (!InScope(ctx.principal.scope, e->region_code)) return Error::NotFound("用人单位不存在", "employer_id");
  BANGFU_RETURN_IF_ERROR(CheckWarning(w));
  if (clock_.Today() < w.from) return Error::InvalidArgument("开始日期不能晚于今天", "from");
  w.evidence = Trim(w.evidence);
  w.recorded_by = ctx.principal.user_id;
  w.recorded_by_name = ctx.principal.display_name;
  w.recorded_at = clock_.Now();
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(w.id, store_.jobs().InsertWarning(w));
    return audit_.Record(ctx, "employer.warning.add", "employer", std::to_string(w.employer_id), e->region_code,
                         fmt::format(R"({{"warning":{},"kind":"{}"}})", w.id, w.kind));
  }));
  BANGFU_RETURN_IF_ERROR(matches_.EmployerWarningsChanged(w.employer_id));
  return w;
}

Result<EmployerWarning> PostingService::UpdateWarning(const RequestContext& ctx, EmployerWarning w) {
  if (!CanReview(ctx.principal.role)) return Error::PermissionDenied("当前角色不能记录警示");
  BANGFU_ASSIGN_OR_RETURN(EmployerWarning old, store_.jobs().GetWarning(w.id));
  BANGFU_ASSIGN_OR_RETURN(Employer e, store_.policy_data().GetEmployer(old.employer_id));
  if (!InScope(ctx.principal.scope, e.region_code)) return Error::NotFound("警示记录不存在");
  BANGFU_RETURN_IF_ERROR(CheckWarning(w));
  old.kind = w.kind;
  old.evidence = Trim(w.evidence);
  old.from = w.from;
  old.to = w.to;
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.jobs().UpdateWarning(old));
    return audit_.Record(ctx, "employer.warning.update", "employer", std::to_string(old.employer_id),
                         e.region_code, fmt::format(R"({{"warning":{},"kind":"{}"}})", old.id, old.kind));
  }));
  BANGFU_RETURN_IF_ERROR(matches_.EmployerWarningsChanged(old.employer_id));
  return old;
}

Status PostingService::DeleteWarning(const RequestContext& ctx, int64_t id) {
  if (!CanReview(ctx.principal.role)) return Error::PermissionDenied("当前角色不能记录警示");
  BANGFU_ASSIGN_OR_RETURN(EmployerWarning old, store_.jobs().GetWarning(id));
  BANGFU_ASSIGN_OR_RETURN(Employer e, store_.policy_data().GetEmployer(old.employer_id));
  if (!InScope(ctx.principal.scope, e.region_code)) return Error::NotFound("警示记录不存在");
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.jobs().DeleteWarning(id));
    return audit_.Record(ctx, "employer.warning.delete", "employer", std::to_string(old.employer_id),
                         e.region_code,
                         fmt::format(R"({{"warning":{},"kind":"{}","from":"{}"}})", id, old.kind, old.from.ToString()));
  }));
  return matches_.EmployerWarningsChanged(old.employer_id);
}

}  // namespace bangfu::service
