#include "bangfu/service/worklist_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "bangfu/base/log.h"
#include "bangfu/match/engine.h"
#include "bangfu/service/casework_loader.h"
#include "casework_cache.h"

namespace bangfu::service {
namespace {

bool SeesRollups(Role r) {
  return r == Role::kAdmin || r == Role::kDistrictStaff || r == Role::kTownStaff || r == Role::kLeader;
}

// The region codes under a scope prefix, [lo, hi); scopes are digits, anything else reads as
// every code, as before.
match::RegionRange ScopeRange(const std::string& prefix) {
  return match::RegionPrefixRange(prefix).value_or(match::RegionRange{});
}

constexpr int64_t kFirstCommunity = 100'000'000'000;  // codes with 12 significant digits

void LogBuild(const CaseWorkBuildStats& b) {
  log::Info("已建立帮扶工作状态：读取 {:.2f} s，计算 {:.2f} s，归档 {:.2f} s（{} 人，{} 条待办）", b.load_s,
            b.compute_s, b.state_s, b.persons, b.items);
}

}  // namespace

std::string RegionPrefix(const std::string& code) {
  std::string p = code;
  while (p.size() > 6 && p.size() % 3 == 0 && p.ends_with("000")) p.resize(p.size() - 3);
  return p;
}

WorklistService::WorklistService(Store& store, PersonService& persons, RegistrationService& registrations,
                                 const Clock& clock)
    : store_(store),
      persons_(persons),
      registrations_(registrations),
      clock_(clock),
      cache_(std::make_unique<CaseWorkCache>(store, clock)) {}

WorklistService::~WorklistService() { JoinRebuild(); }

void WorklistService::JoinRebuild() {
  std::thread rebuild;
  {
    std::lock_guard lock(rebuild_mu_);
    rebuild = std::move(rebuild_);
  }
  if (rebuild.joinable()) rebuild.join();  // the thread takes rebuild_mu_ when it ends
}

Status WorklistService::WarmUp() {
  BANGFU_ASSIGN_OR_RETURN(auto calendar, registrations_.Calendar());
  // A build under way (a request's, the timer's or StartWarmUp's) ends first: two builds at
  // once would race to be the state, and the later one might be of an older date.
  std::unique_lock lock(rebuild_mu_);
  idle_.wait(lock, [this] { return !rebuilding_; });
  rebuilding_ = true;
  lock.unlock();
  JoinRebuild();  // a finished background thread
  lock.lock();
  BANGFU_RETURN_IF_ERROR(BuildClaimed(lock, calendar, clock_.Today()));
  LogBuild(cache_->last_build());
  return OkStatus();
}

void WorklistService::StartWarmUp() {
  std::lock_guard lock(rebuild_mu_);
  if (rebuilding_) return;
  rebuilding_ = true;
  if (rebuild_.joinable()) rebuild_.join();  // a finished one: it cleared rebuilding_
  rebuild_ = std::thread([this] {
    Status s = [this]() -> Status {
      BANGFU_ASSIGN_OR_RETURN(auto calendar, registrations_.Calendar());
      return cache_->Build({standards_.get(), ScopeOptions(""), &calendar, clock_.Today()});
    }();
    if (s.ok()) LogBuild(cache_->last_build());
    else log::Warn("帮扶工作状态建立失败：{}", s.error().message);
    std::lock_guard done(rebuild_mu_);
    ReleaseBuild();
  });
}

void WorklistService::ReleaseBuild() {
  rebuilding_ = false;
  idle_.notify_all();
}

Status WorklistService::BuildClaimed(std::unique_lock<std::mutex>& lock, const domain::WorkCalendar& calendar,
                                     Date today) {
  lock.unlock();
  Status s = cache_->Build({standards_.get(), ScopeOptions(""), &calendar, today});
  lock.lock();
  ReleaseBuild();
  return s;
}

Status WorklistService::KeepCurrent() {
  BANGFU_ASSIGN_OR_RETURN(auto calendar, registrations_.Calendar());
  BANGFU_ASSIGN_OR_RETURN(const bool ready, CacheReady(clock_.Today(), calendar, /*rebuild_here=*/true));
  (void)ready;  // false only while a request's background rebuild runs
  return OkStatus();
}

Date WorklistService::StateDate() const { return cache_->as_of(); }

CaseWorkBuildStats WorklistService::LastBuild() const { return cache_->last_build(); }

Result<bool> WorklistService::CacheReady(Date today, const domain::WorkCalendar& calendar,
                                         bool rebuild_here) {
  const CaseWorkCache::Inputs in{standards_.get(), ScopeOptions(""), &calendar, today};
  auto current = [&]() -> Result<bool> {
    BANGFU_RETURN_IF_ERROR(cache_->CatchUp(in));
    return true;
  };
  if (cache_->as_of() == today) return current();
  std::unique_lock lock(rebuild_mu_);
  if (rebuilding_) return false;  // the first build or a new date's is under way: read the store
  // Read again under the lock: a build that ended since the first look makes this one current.
  const Date built = cache_->as_of();
  if (built == today) {
    lock.unlock();
    return current();
  }
  // One build at a time, and the first one only once: from here every other request sees
  // rebuilding_ and reads the store meanwhile, as while StartWarmUp builds.
  rebuilding_ = true;
  if (built == policy::kNoDate || rebuild_here) {
    BANGFU_RETURN_IF_ERROR(BuildClaimed(lock, calendar, today));
    return true;
  }
  if (rebuild_.joinable()) rebuild_.join();
  rebuild_ = std::thread([this, calendar, today] {
    const CaseWorkCache::Inputs in{standards_.get(), ScopeOptions(""), &calendar, today};
    if (Status s = cache_->Build(in); !s.ok()) log::Warn("帮扶工作状态重建失败：{}", s.error().message);
    std::lock_guard done(rebuild_mu_);
    ReleaseBuild();
  });
  return false;
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
  cache_ = std::make_unique<CaseWorkCache>(store_, clock_);  // built for the old standards
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
  BANGFU_ASSIGN_OR_RETURN(auto calendar, registrations_.Calendar());
  BANGFU_ASSIGN_OR_RETURN(const bool cached, CacheReady(clock_.Today(), calendar));
  BANGFU_ASSIGN_OR_RETURN(WorklistView v, cached ? WorklistFromCache(ctx) : WorklistFromStore(ctx, calendar));
  if (v.rollups) {
    for (auto& row : v.by_community) row.name = RegionName(row.code);
    std::unordered_map<int64_t, std::string> names;
    BANGFU_ASSIGN_OR_RETURN(auto users, store_.users().List());
    for (const auto& u : users) names[u.id] = u.display_name;
    for (auto& row : v.by_staff) row.name = row.key == 0 ? "未分配" : names[row.key];
  }
  return v;
}

namespace {

// The caller's items (most urgent first, at most kWorklistItemsPerKind of a kind, all counted)
// and, for leaders, the unnamed roll-ups.
class WorklistCollector {
 public:
  WorklistCollector(const RequestContext& ctx, WorklistView& v)
      : me_(ctx.principal.user_id),
        unassigned_too_(ctx.principal.role == Role::kCommunityStaff),
        rollups_(SeesRollups(ctx.principal.role)),
        v_(v) {
    v.rollups = rollups_;
  }
  // Items of one person after another (RollupAccumulator's contract), in any order otherwise.
  void Add(const casework::WorkItem& it) {
    if (it.staff == me_ || (unassigned_too_ && it.staff == 0)) mine_.push_back(it);
    if (rollups_) {
      community_.Add(it);
      staff_.Add(it);
    }
  }
  void Finish() {
    casework::SortByUrgency(mine_);
    for (auto& it : mine_) {
      auto& n = v_.counts[static_cast<int>(it.kind)];
      if (++n <= kWorklistItemsPerKind) v_.items.push_back(std::move(it));
    }
    if (!rollups_) return;
    for (const auto& row : community_.Rows()) v_.by_community.push_back({row.key, fmt::format("{:012d}", row.key), "", row});
    for (const auto& row : staff_.Rows()) v_.by_staff.push_back({row.key, "", "", row});
  }

 private:
  int64_t me_;
  bool unassigned_too_, rollups_;
  WorklistView& v_;
  std::vector<casework::WorkItem> mine_;
  casework::RollupAccumulator community_{casework::RollupBy::kCommunity};
  casework::RollupAccumulator staff_{casework::RollupBy::kStaff};
};

}  // namespace

Result<WorklistView> WorklistService::WorklistFromCache(const RequestContext& ctx) {
  WorklistView v;
  v.as_of = clock_.Today();
  v.standards_loaded = standards_ != nullptr;
  WorklistCollector out(ctx, v);
  const auto range = ScopeRange(ctx.principal.scope);
  cache_->Read([&](const CaseWorkCache::Communities& communities) {
    for (auto c = communities.lower_bound(static_cast<int64_t>(range.lo));
         c != communities.end() && range.Contains(static_cast<match::RegionCode>(c->first)); ++c)
      for (const auto& [id, p] : c->second.persons)
        for (const auto& it : p.items) out.Add(it);
  });
  out.Finish();
  return v;
}

Result<WorklistView> WorklistService::WorklistFromStore(const RequestContext& ctx,
                                                        const domain::WorkCalendar& calendar) {
  WorklistView v;
  v.as_of = clock_.Today();
  v.standards_loaded = standards_ != nullptr;
  CaseWorkData d;
  BANGFU_RETURN_IF_ERROR(LoadCaseWork(store_, ScopeOptions(ctx.principal.scope), v.as_of, d));
  BANGFU_ASSIGN_OR_RETURN(const CaseWork cw, ComputeCaseWork(standards_.get(), d, calendar, v.as_of));
  // Grouped by person, as the roll-ups need; Finish sorts the caller's items, the one sort.
  WorklistCollector out(ctx, v);
  for (const auto& it : cw.work.items) out.Add(it);
  out.Finish();
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
  const size_t ns = standards_->standards().size();
  std::vector<casework::StatusCounts> by_standard(ns);
  std::map<int64_t, casework::StatusCounts> communities;
  BANGFU_ASSIGN_OR_RETURN(auto calendar, registrations_.Calendar());
  BANGFU_ASSIGN_OR_RETURN(const bool cached, CacheReady(v.as_of, calendar));
  if (cached) {
    const auto range = ScopeRange(prefix);
    cache_->Read([&](const CaseWorkCache::Communities& all) {
      for (auto c = all.lower_bound(static_cast<int64_t>(range.lo));
           c != all.end() && range.Contains(static_cast<match::RegionCode>(c->first)); ++c) {
        v.total.Add(c->second.total);
        for (size_t i = 0; i < ns && i < c->second.by_standard.size(); ++i) by_standard[i].Add(c->second.by_standard[i]);
        if (c->first >= kFirstCommunity) communities[c->first].Add(c->second.total);
      }
    });
  } else {
    CaseWorkData d;
    BANGFU_RETURN_IF_ERROR(LoadCaseWork(store_, ScopeOptions(prefix), v.as_of, d));
    BANGFU_ASSIGN_OR_RETURN(auto run, casework::ComplianceRun::Compute(*standards_, d.facts, d.cases,
                                                                       d.records, v.as_of));
    v.total = run.total();
    by_standard = run.by_standard();
    for (size_t r = 0; r < d.persons.size(); ++r) {
      if (d.region_codes[r].size() != 12) continue;
      ++communities[d.persons[r].region].n[static_cast<int>(run.status(static_cast<policy::Row>(r)))];
    }
  }
  for (size_t i = 0; i < ns; ++i) {
    const auto& s = standards_->standards()[i];
    v.standards.push_back({s.id, s.name, by_standard[i]});
  }
  std::map<int64_t, casework::StatusCounts> towns;
  for (const auto& [code, c] : communities) towns[code / 1000 * 1000].Add(c);
  for (const auto& [code, c] : towns) {
    const std::string text = fmt::format("{:012d}", code);
    v.by_town.push_back({text, RegionName(text), c});
  }
  for (const auto& [code, c] : communities) {
    const std::string text = fmt::format("{:012d}", code);
    v.by_community.push_back({text, RegionName(text), c});
  }
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
