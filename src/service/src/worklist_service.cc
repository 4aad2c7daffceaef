#include "bangfu/service/worklist_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "bangfu/service/casework_loader.h"

namespace bangfu::service {
namespace {

bool SeesRollups(Role r) {
  return r == Role::kAdmin || r == Role::kDistrictStaff || r == Role::kTownStaff || r == Role::kLeader;
}

}  // namespace

std::string RegionPrefix(const std::string& code) {
  std::string p = code;
  while (p.size() > 6 && p.size() % 3 == 0 && p.ends_with("000")) p.resize(p.size() - 3);
  return p;
}

Status WorklistService::LoadStandards(const std::string& dir) {
  std::vector<std::string> errors;
  const auto files = casework::FindStandardFiles({dir}, &errors);
  if (!errors.empty()) return Error::InvalidArgument(errors.front(), "standards");
  if (files.empty())
    return Error::InvalidArgument(fmt::format("{} 下没有服务标准文件", dir), "standards");
  auto loaded = casework::LoadStandards(files);
  if (!loaded.ok()) {
    std::string first = loaded.diagnostics.empty() ? "服务标准加载失败" : loaded.diagnostics.front().ToString();
    return Error::InvalidArgument(first, "standards");
  }
  standards_ = loaded.set;
  return OkStatus();
}

size_t WorklistService::StandardCount() const { return standards_ ? standards_->standards().size() : 0; }

Status WorklistService::CheckReader(const RequestContext& ctx) const {
  if (!IsStaffRole(ctx.principal.role) && ctx.principal.role != Role::kLeader)
    return Error::PermissionDenied("当前角色不能查看帮扶工作");
  return OkStatus();
}

LoadFactsOptions WorklistService::ScopeOptions(const std::string& region_prefix) const {
  LoadFactsOptions o;
  o.region_prefix = region_prefix;
  o.persons_only = !standards_ || standards_->coverage().ReadsPersonsOnly();
  return o;
}

std::string WorklistService::RegionName(const std::string& code) {
  auto r = store_.regions().Get(code);
  return r.ok() ? r->name : "";
}

Result<WorklistView> WorklistService::Worklist(const RequestContext& ctx) {
  BANGFU_RETURN_IF_ERROR(CheckReader(ctx));
  WorklistView v;
  v.as_of = clock_.Today();
  v.standards_loaded = standards_ != nullptr;
  CaseWorkData d;
  BANGFU_RETURN_IF_ERROR(LoadCaseWork(store_, ScopeOptions(ctx.principal.scope), v.as_of, d));
  if (standards_) {
    BANGFU_ASSIGN_OR_RETURN(auto run, casework::ComplianceRun::Compute(*standards_, d.facts, d.cases,
                                                                       d.records, v.as_of));
    for (size_t r = 0; r < d.persons.size(); ++r) {
      d.persons[r].missing_services = run.missing(static_cast<policy::Row>(r));
      d.persons[r].next_deadline = run.next_deadline(static_cast<policy::Row>(r));
    }
  }
  BANGFU_ASSIGN_OR_RETURN(auto calendar, registrations_.Calendar());
  auto items = casework::BuildWorklist(d.persons, d.steps, d.referrals, d.registrations, calendar, v.as_of);
  const int64_t me = ctx.principal.user_id;
  const bool unassigned_too = ctx.principal.role == Role::kCommunityStaff;
  for (const auto& it : items) {
    if (!(it.staff == me || (unassigned_too && it.staff == 0))) continue;
    auto& n = v.counts[static_cast<int>(it.kind)];
    if (++n <= kWorklistItemsPerKind) v.items.push_back(it);
  }
  if (SeesRollups(ctx.principal.role)) {
    v.rollups = true;
    for (const auto& row : casework::RollUp(items, casework::RollupBy::kCommunity)) {
      const std::string code = fmt::format("{:012d}", row.key);
      v.by_community.push_back({row.key, code, RegionName(code), row});
    }
    std::unordered_map<int64_t, std::string> names;
    BANGFU_ASSIGN_OR_RETURN(auto users, store_.users().List());
    for (const auto& u : users) names[u.id] = u.display_name;
    for (const auto& row : casework::RollUp(items, casework::RollupBy::kStaff))
      v.by_staff.push_back({row.key, "", row.key == 0 ? "未分配" : names[row.key], row});
  }
  return v;
}

Result<ComplianceView> WorklistService::Compliance(const RequestContext& ctx, const std::string& region) {
  BANGFU_RETURN_IF_ERROR(CheckReader(ctx));
  if (!SeesRollups(ctx.principal.role)) return Error::PermissionDenied("达标情况仅供区、镇街工作人员和领导查看");
  if (!standards_) return Error::FailedPrecondition("服务标准未加载（standards/）", "standards");
  std::string prefix = ctx.principal.scope;
  if (!region.empty()) {
    if (region.size() != 12 || !std::all_of(region.begin(), region.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return Error::InvalidArgument("region 应为 12 位行政区划代码", "region");
    prefix = RegionPrefix(region);
    if (!InScope(ctx.principal.scope, prefix))
      return Error::NotFound(fmt::format("地区 {} 不在您的数据范围内", region), "region");
  }
  ComplianceView v;
  v.as_of = clock_.Today();
  v.region = region.empty() ? prefix + std::string(12 - std::min<size_t>(12, prefix.size()), '0') : region;
  v.region_name = RegionName(v.region);
  CaseWorkData d;
  BANGFU_RETURN_IF_ERROR(LoadCaseWork(store_, ScopeOptions(prefix), v.as_of, d));
  BANGFU_ASSIGN_OR_RETURN(auto run, casework::ComplianceRun::Compute(*standards_, d.facts, d.cases,
                                                                     d.records, v.as_of));
  v.total = run.total();
  for (size_t i = 0; i < standards_->standards().size(); ++i) {
    const auto& s = standards_->standards()[i];
    v.standards.push_back({s.id, s.name, run.by_standard()[i]});
  }
  std::map<std::string, casework::StatusCounts> towns, communities;
  for (size_t r = 0; r < d.persons.size(); ++r) {
    const std::string& code = d.region_codes[r];
    if (code.size() != 12) continue;
    casework::StatusCounts one;
    one.n[static_cast<int>(run.status(static_cast<policy::Row>(r)))] = 1;
    towns[code.substr(0, 9) + "000"].Add(one);
    communities[code].Add(one);
  }
  for (auto& [code, c] : towns) v.by_town.push_back({code, RegionName(code), c});
  for (auto& [code, c] : communities) v.by_community.push_back({code, RegionName(code), c});
  return v;
}

Result<std::vector<ZeroEmploymentView>> WorklistService::ZeroEmployment(const RequestContext& ctx) {
  BANGFU_RETURN_IF_ERROR(CheckReader(ctx));
  const Date today = clock_.Today();
  CaseWorkData d;
  BANGFU_RETURN_IF_ERROR(LoadCaseWork(store_, ScopeOptions(ctx.principal.scope), today, d));
  std::unordered_map<int64_t, const casework::HouseholdCase*> by_id;
  for (const auto& h : d.households) by_id[h.id] = &h;
  std::vector<ZeroEmploymentView> out;
  std::map<std::string, std::string> names;
  for (const auto& it : casework::ZeroEmploymentWorklist(d.households, today)) {
    ZeroEmploymentView z;
    z.item = it;
    z.region_code = it.region ? fmt::format("{:012d}", it.region) : "";
    auto [n, fresh] = names.try_emplace(z.region_code);
    if (fresh && !z.region_code.empty()) n->second = RegionName(z.region_code);
    z.region_name = n->second;
    if (auto h = by_id.find(it.household_id); h != by_id.end()) z.members = h->second->members;
    out.push_back(std::move(z));
  }
  return out;
}

Result<PersonComplianceView> WorklistService::PersonCompliance(const RequestContext& ctx, int64_t person_id) {
  BANGFU_RETURN_IF_ERROR(CheckReader(ctx));
  BANGFU_ASSIGN_OR_RETURN(Person p, persons_.Get(ctx, person_id));
  if (!standards_) return Error::FailedPrecondition("服务标准未加载（standards/）", "standards");
  PersonComplianceView v;
  v.as_of = clock_.Today();
  CaseWorkData d;
  LoadFactsOptions o = ScopeOptions("");
  o.min_person_id = o.max_person_id = p.id;
  BANGFU_RETURN_IF_ERROR(LoadCaseWork(store_, o, v.as_of, d));
  if (d.persons.size() != 1) return Error::NotFound(fmt::format("人员 {} 不存在", person_id), "id");
  BANGFU_ASSIGN_OR_RETURN(auto run, casework::ComplianceRun::Compute(*standards_, d.facts, d.cases,
                                                                     d.records, v.as_of, 1));
  v.detail = run.Detail(0);
  if (v.detail.standard >= 0) v.standard = &standards_->standards()[v.detail.standard];
  return v;
}

}  // namespace bangfu::service
