#include "demo_cases.h"

#include <fmt/format.h>

#include <unordered_map>

#include <random>

#include "bangfu/domain/case_types.h"
#include "bangfu/domain/person_types.h"
#include "bangfu/service/region_service.h"
#include "runtime.h"

namespace bangfu::cli {
namespace {

using service::AssistancePlan;
using service::PlanStep;
using service::ServiceRecord;

constexpr char kDemoTown[] = "500153001";

struct Step {
  const char* title;
  const char* kind;
};
// The service standard for a person able and willing to work (002 二(五)1): one policy
// briefing, one career guidance, at least three job referrals; plus what the causes call for.
const Step kStandardSteps[] = {{"开展一次就业创业政策宣介", "policy_briefing"},
                               {"提供一次职业指导", "career_guidance"},
                               {"推荐至少 3 个就业岗位", "job_referral"}};
const char* const kNotes[] = {"电话讲解一次性求职创业补贴和社保补贴", "上门了解家庭情况，本人希望就近就业",
                              "分析求职简历，建议补充实习经历", "推荐荣昌区内岗位，约定下周面试",
                              "本人情绪低落，进行心理疏导", "介绍电商直播培训班，本人有意参加"};
const char* const kJobs[] = {"包装工", "仓库管理员", "收银员", "电商客服", "保洁员", "幼儿园保育员", "会计助理"};

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(gen_); }

 private:
  std::mt19937_64 gen_;
};

}  // namespace

Result<DemoCaseCounts> GenerateDemoCases(service::App& app, const std::vector<DemoPerson>& people, uint64_t seed) {
  DemoCaseCounts out;
  auto& users = app.store().users();
  auto town_staff = users.FindByUsername("zhen_staff");
  auto community_staff = users.FindByUsername("she_staff");
  if (!town_staff.ok() || !community_staff.ok()) return out;
  auto& cases = app.store().cases();
  const Date today = app.clock().Today();
  const Timestamp now = app.clock().Now();
  Rng rng(seed ^ 0xCA5E);
  const auto& causes = domain::UnemploymentCauses();
  const std::string community = community_staff->scope;
  BANGFU_ASSIGN_OR_RETURN(auto employers, app.store().policy_data().EmployerIdsByCode());
  std::unordered_map<int64_t, std::string> employer_names;  // of the referrals' employers
  BANGFU_RETURN_IF_ERROR(app.store().InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(cases.UpsertRule({kDemoTown, town_staff->id, ""}));
    BANGFU_RETURN_IF_ERROR(cases.UpsertRule({community, community_staff->id, ""}));
    BANGFU_RETURN_IF_ERROR(cases.ApplyRule({community, community_staff->id, ""}, today.AddDays(-90), now));
    BANGFU_RETURN_IF_ERROR(cases.ApplyRule({kDemoTown, town_staff->id, ""}, today.AddDays(-90), now));
    for (const auto& dp : people) {
      const service::Person& p = dp.person;
      if (!service::InScope(kDemoTown, p.region_code)) continue;
      const bool unemployed = p.status == "unemployed";
      const auto status = domain::ParseEmploymentStatus(p.status);
      const bool recently_employed = status && domain::IsEmployed(*status) && today.AddDays(-150) < p.status_since;
      if (!unemployed && !recently_employed) continue;
      if (!rng.Chance(service::InScope(community, p.region_code) ? 0.9 : 0.6)) continue;
      const int64_t staff = service::InScope(community, p.region_code) ? community_staff->id : town_staff->id;
      AssistancePlan plan;
      plan.person_id = p.id;
      plan.status = "open";
      plan.responsible_user_id = staff;
      plan.opened_on = recently_employed ? p.status_since.AddDays(-rng.Int(40, 90)) : today.AddDays(-rng.Int(10, 80));
      plan.causes = {std::string(causes[rng.Int(0, static_cast<int>(causes.size()) - 2)].id)};
      if (rng.Chance(0.4)) {
        std::string second(causes[rng.Int(0, static_cast<int>(causes.size()) - 2)].id);
        if (second != plan.causes[0]) plan.causes.push_back(second);
      }
      plan.goals = p.categories.empty() ? "尽快实现就业" : "三个月内实现稳定就业，落实应享政策";
      plan.revision = 1;
      plan.updated_at = now;
      // Services fall between the plan's opening and the job found (or today).
      const Date until = recently_employed ? p.status_since : today;
      const int gap = std::max(1, (until.days() - plan.opened_on.days()) / 4);
      std::vector<ServiceRecord> services;
      for (size_t i = 0; i < std::size(kStandardSteps); ++i) {
        PlanStep step{0, 0, p.id, kStandardSteps[i].title, kStandardSteps[i].kind, staff,
                      plan.opened_on.AddDays(14 * static_cast<int>(i + 1)), "open", std::nullopt};
        const Date served = plan.opened_on.AddDays(gap * static_cast<int>(i + 1));
        if ((recently_employed || rng.Chance(0.65)) && !(today < served)) {
          step.status = "done";
          step.done_on = served;
          ServiceRecord r;
          r.person_id = p.id;
          r.kind = step.service_kind;
          r.service_date = served;
          r.staff_user_id = staff;
          r.channel = rng.Chance(0.5) ? "phone" : "visit";
          r.notes = kNotes[rng.Int(0, static_cast<int>(std::size(kNotes)) - 1)];
          if (r.kind == "job_referral") {
            r.referral_job_title = kJobs[rng.Int(0, static_cast<int>(std::size(kJobs)) - 1)];
            if (!employers.empty()) {
              r.referral_employer_id = employers[rng.Int(0, static_cast<int>(employers.size()) - 1)].second;
              auto [name, fresh] = employer_names.try_emplace(*r.referral_employer_id);
              if (fresh) {
                BANGFU_ASSIGN_OR_RETURN(auto e, app.store().policy_data().GetEmployer(*r.referral_employer_id));
                name->second = e.name;
              }
              r.referral_employer_name = name->second;
            }
            r.outcome = recently_employed ? "hired" : rng.Chance(0.5) ? "pending" : "interviewed";
          }
          r.created_at = now;
          services.push_back(r);
        }
        plan.steps.push_back(step);
      }
      if (recently_employed) {
        plan.status = "closed";
        plan.closed_on = p.status_since;
        plan.close_outcome = p.status == "public_welfare_post" ? "public_welfare"
                             : p.status == "self_employed"     ? "startup"
                                                               : "self_found";
        plan.revision = 2;
        for (int months : {1, 3, 6}) {
          PlanStep f{0, 0, p.id, fmt::format("就业后第 {} 个月跟踪回访，确认是否稳定在岗", months), "follow_up", staff,
                     p.status_since.AddMonths(months), "open", std::nullopt};
          if (f.due_date < today) {
            f.status = "done";
            f.done_on = f.due_date;
            services.push_back({0, p.id, "follow_up", f.due_date, staff, "", "phone", "电话回访，本人仍在岗",
                                "job_holds", std::nullopt, std::nullopt, "", std::nullopt, now});
          }
          plan.steps.push_back(f);
        }
      }
      BANGFU_RETURN_IF_ERROR(cases.InsertPlan(plan));
      BANGFU_RETURN_IF_ERROR(cases.InsertRevision({0, plan.id, plan.revision, service::PlanSnapshot(plan), staff, "", now,
                                                   recently_employed ? "实现就业，结案" : "制定计划"}));
      for (auto& r : services) {
        r.plan_id = plan.id;
        BANGFU_RETURN_IF_ERROR(cases.InsertService(r));
      }
      out.services += static_cast<int64_t>(services.size());
      ++out.plans;
    }
    return app.audit().Record(CliContext(), "case.demo", "import", "demo", kDemoTown,
                              fmt::format(R"({{"plans":{},"services":{}}})", out.plans, out.services));
  }));
  return out;
}

}  // namespace bangfu::cli
