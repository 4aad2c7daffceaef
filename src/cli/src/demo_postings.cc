// Demo postings for the synthetic 荣昌区: published and pending postings of the demo
// employers, two employer warnings, and pending postings that trip the review checks.
#include <fmt/format.h>

#include <string_view>

#include "demo.h"
#include "runtime.h"

namespace bangfu::cli {
namespace {

// 装配钳工 (assembly worker), in the demo taxonomy: what district job boards mean by 普工.
constexpr char kFactoryWorker[] = "6-20-01-01";

struct DemoJob {
  const char* title;
  const char* kind;  // match::WorkKindId
  const char* education;
  int64_t salary_min, salary_max;
  int openings;
  const char* skills;
  const char* description;
  bool publish;
};

// Job-board titles as Rongchang employers write them; salaries in yuan per month.
const DemoJob kJobs[] = {
    {"仓库管理员", "full_time", "high_school", 3500, 4500, 2, "Excel、叉车", "负责仓库收发货、盘点，熟悉 Excel。", true},
    {"普工（包吃住）", "full_time", "", 4000, 6000, 10, "", "流水线作业，两班倒，包吃住。", true},
    {"电商客服", "full_time", "junior_college", 3500, 5000, 3, "打字、沟通", "负责网店售前售后咨询。", true},
    {"叉车司机", "full_time", "", 4500, 6000, 2, "叉车证", "持叉车证，厂区内搬运。", true},
    {"餐厅服务员", "full_time", "", 3000, 3800, 4, "", "火锅店前厅服务，排班制。", true},
    {"幼儿园保育员", "full_time", "high_school", 2800, 3500, 2, "保育员证", "协助教师照料幼儿生活。", true},
    {"汽修学徒工", "full_time", "high_school", 3000, 4500, 2, "驾驶", "跟师傅学习汽车维修保养。", true},
    {"会计", "full_time", "junior_college", 4000, 6000, 1, "会计、Excel", "负责公司日常账务、纳税申报。", true},
    {"小区保安", "full_time", "", 3000, 3600, 3, "", "小区门岗及巡逻，三班倒。", true},
    {"保洁员", "part_time", "", 2200, 2800, 4, "", "写字楼日常保洁。", true},
    {"外卖骑手", "gig", "", 5000, 8000, 10, "驾驶", "按单计酬，时间自由。", true},
    {"Java开发工程师", "full_time", "bachelor", 7000, 12000, 2, "Java、MySQL", "参与企业管理系统开发。", true},
    {"生猪饲养员", "full_time", "", 4500, 5500, 3, "", "规模养殖场生猪饲养与防疫配合。", true},
    {"电工", "full_time", "high_school", 5000, 7000, 2, "电工证", "厂区设备电气维护。", true},
    {"焊工", "full_time", "", 5500, 7500, 3, "焊工证", "钢结构焊接。", true},
    {"行政文员（见习）", "internship", "junior_college", 2200, 2500, 2, "Excel、Word", "就业见习岗位，见习期 6 个月。", true},
    {"社区保洁（公益性岗位）", "public_welfare", "", 2100, 2100, 2, "", "社区公共区域保洁，安置就业困难人员。", true},
    {"养老护理员", "full_time", "", 3800, 4800, 3, "护理", "养老院老人日常照护。", true},
    {"普工", "full_time", "", 4200, 5500, 8, "", "电子厂装配。", true},
    {"包装工", "full_time", "", 3800, 5000, 5, "", "食品包装。", true},
    {"普工（长白班）", "full_time", "", 4000, 5200, 6, "", "五金厂操作工。", true},
    {"装配普工", "full_time", "", 4300, 5800, 6, "", "摩托车配件装配。", true},
    {"流水线普工", "full_time", "", 4100, 5600, 10, "", "鞋厂流水线。", true},
    // Pending, for the reviewer: one asks for a deposit, one pays far above other 普工 posts.
    {"仓库分拣员", "full_time", "", 4000, 5000, 5, "", "入职需先交押金 300 元，服装费 100 元，工作满三个月退还。", false},
    {"普工（急招）", "full_time", "", 15000, 20000, 20, "", "轻松月入过万，无需经验。", false},
    {"前台接待", "full_time", "high_school", 3200, 4000, 1, "礼仪", "公司前台接待与来访登记。", false},
    {"数控车床操作工", "full_time", "high_school", 5000, 7000, 2, "数控", "数控车床操作，有经验优先。", false},
};

}  // namespace

Result<int64_t> GenerateDemoPostings(service::App& app) {
  const service::RequestContext ctx = CliContext();
  service::PostingFilter any;
  any.region_prefix = kDemoDistrict;
  any.size = 1;
  BANGFU_ASSIGN_OR_RETURN(auto existing, app.store().jobs().ListPostings(any));
  if (existing.total > 0) return int64_t{0};
  std::vector<service::Employer> employers;
  service::DataScope scope;
  scope.region_prefix = kDemoDistrict;
  BANGFU_RETURN_IF_ERROR(app.store().policy_data().ScanEmployers(
      scope, [&](std::span<const service::Employer> batch) -> Status {
        for (const auto& e : batch)
          if (e.region_code.size() == 12 && employers.size() < 40) employers.push_back(e);
        return OkStatus();
      }));
  if (employers.empty()) return int64_t{0};
  const Date today = app.clock().Today();
  int64_t n = 0, i = 0;
  for (const auto& j : kJobs) {
    const service::Employer& e = employers[static_cast<size_t>(i++) % employers.size()];
    service::PostingInput in;
    in.employer_id = e.id;
    in.title = j.title;
    in.openings = j.openings;
    in.education = j.education;
    in.skills = service::SplitList(j.skills);
    in.salary_min = j.salary_min;
    in.salary_max = j.salary_max;
    in.work_kind = j.kind;
    in.description = j.description;
    in.valid_until = today.AddDays(60 + static_cast<int>(i % 30));
    // The factory-floor jobs share one occupation, so that the district has the peers the
    // salary check compares with.
    if (std::string_view(j.title).find("普工") != std::string_view::npos) in.occupation_code = kFactoryWorker;
    if (e.address.empty()) in.address = fmt::format("重庆市荣昌区昌州街道工业园区 {} 号", i);
    BANGFU_ASSIGN_OR_RETURN(auto p, app.postings().Create(ctx, in));
    if (j.publish) BANGFU_RETURN_IF_ERROR(app.postings().Review(ctx, p.id, true, ""));
    ++n;
  }
  // Two warnings, on employers that have published postings (their scores show the penalty).
  service::EmployerWarning arrears;
  arrears.employer_id = employers[1 % employers.size()].id;
  arrears.kind = "wage_arrears";
  arrears.evidence = "荣昌区人社局劳动保障监察限期整改指令书 荣人社监令〔2026〕17号";
  arrears.from = today.AddDays(-90);
  BANGFU_RETURN_IF_ERROR(app.postings().AddWarning(ctx, arrears));
  service::EmployerWarning bias;
  bias.employer_id = employers[4 % employers.size()].id;
  bias.kind = "discrimination";
  bias.evidence = "12333 投诉 2026-0815-031：招聘启事限定“仅限本地男性”，已责令改正";
  bias.from = today.AddDays(-30);
  bias.to = today.AddDays(335);
  BANGFU_RETURN_IF_ERROR(app.postings().AddWarning(ctx, bias));
  return n;
}

}  // namespace bangfu::cli
