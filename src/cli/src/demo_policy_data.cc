#include "demo_policy_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>

#include "bangfu/domain/identity.h"
#include "demo_people.h"
#include "runtime.h"

namespace bangfu::cli {

const std::vector<DemoEmployer>& DemoEmployers() {
  // A district's mix: mostly micro and small firms (food, ceramics, pig farming, logistics,
  // retail), a few medium and large ones, public bodies that host public-welfare posts and
  // internships, and a training school.
  static const std::vector<DemoEmployer> k = {
      {"重庆荣昌示范食品有限公司", "small", "enterprise", "C14 食品制造业"},
      {"荣昌区安富陶瓷有限公司", "small", "enterprise", "C30 非金属矿物制品业"},
      {"重庆荣昌昌元畜牧科技有限公司", "micro", "enterprise", "A03 畜牧业"},
      {"重庆渝西电子科技有限公司", "medium", "enterprise", "C39 计算机、通信和其他电子设备制造业"},
      {"荣昌区广顺物流有限公司", "small", "enterprise", "G54 道路运输业"},
      {"重庆荣昌建设工程有限公司", "medium", "enterprise", "E48 土木工程建筑业"},
      {"荣昌区惠民连锁超市有限公司", "small", "enterprise", "F52 零售业"},
      {"荣昌区人民医院", "large", "public_institution", "Q84 卫生"},
      {"重庆荣昌夏布文化有限公司", "micro", "enterprise", "C17 纺织业"},
      {"荣昌区峰高农机专业合作社", "micro", "cooperative", "A05 农、林、牧、渔专业及辅助性活动"},
      {"重庆荣昌卤鹅餐饮管理有限公司", "small", "enterprise", "H62 餐饮业"},
      {"重庆双河电子商务有限公司", "micro", "enterprise", "I64 互联网和相关服务"},
      {"荣昌区清江家政服务部", "micro", "individual_business", "O80 居民服务业"},
      {"重庆西部饲料有限公司", "large", "enterprise", "C13 农副食品加工业"},
      {"荣昌区昌州街道办事处", "large", "public_institution", "S92 国家机构"},
      {"荣昌区示范职业培训学校", "small", "social_org", "P83 教育"},
  };
  return k;
}

const std::vector<size_t>& DemoSmallEmployers() {
  static const std::vector<size_t> k = [] {
    std::vector<size_t> v;
    for (size_t i = 0; i < DemoEmployers().size(); ++i) {
      const auto& e = DemoEmployers()[i];
      if (std::string(e.kind) == "enterprise" &&
          (std::string(e.size_class) == "small" || std::string(e.size_class) == "micro"))
        v.push_back(i);
    }
    return v;
  }();
  return k;
}

namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // GB 32100, 31 characters.
constexpr size_t kPublicBody = 14;                               // Hosts public-welfare posts.
constexpr size_t kTrainingSchool = 15;                           // Runs the trainings.
constexpr size_t kInternshipBases[] = {0, 3, 7};                 // 见习基地.
constexpr size_t kQualityBase = 3;                               // 高质量就业基地.
constexpr size_t kIncubator = 11;                                // 创业孵化基地.
constexpr size_t kWorkshops[] = {1, 8, 9};                       // 就业帮扶车间.

// What the bureau has recognised, as its documents would record it: one quality employment
// base recognised two years ago (its grant and first performance year are due), a district
// incubator recognised last year, and workshops evaluated for the last two years — one failed
// the latest evaluation.
std::vector<service::EmployerRecognition> DemoRecognitions(
    const std::vector<service::Employer>& employers, Date today, const std::string& source) {
  std::vector<service::EmployerRecognition> out;
  const int y = today.year();
  auto add = [&](size_t e, const char* kind, Date on, std::string level, int32_t year,
                 std::string grade, int32_t jobs, std::string document) {
    service::EmployerRecognition r;
    r.employer_id = employers[e].id;
    r.kind = kind;
    r.recognised_on = on;
    r.level = std::move(level);
    r.year = year;
    r.grade = std::move(grade);
    r.stable_jobs = jobs;
    r.document = std::move(document);
    r.source = source;
    r.external_key = fmt::format("DEMO-REC-{}-{}-{}", e, kind, year);
    out.push_back(std::move(r));
  };
  add(kQualityBase, "quality_base", Date::FromYmdUnchecked(y - 2, 6, 18), "", 0, "", -1,
      fmt::format("荣人社发〔{}〕45号", y - 2));
  add(kIncubator, "incubator", Date::FromYmdUnchecked(y - 1, 9, 1), "district", 0, "", -1,
      fmt::format("荣人社发〔{}〕71号", y - 1));
  const char* grades[] = {"excellent", "good", "pass"};
  for (size_t i = 0; i < std::size(kWorkshops); ++i) {
    for (int year : {y - 2, y - 1}) {
      const bool failed = i == 2 && year == y - 1;
      add(kWorkshops[i], "workshop", Date::FromYmdUnchecked(year + 1, 3, 20), "", year,
          failed ? "failed" : grades[(i + static_cast<size_t>(year)) % 3],
          failed ? 4 : static_cast<int32_t>(8 + 6 * i + static_cast<size_t>(year % 5)),
          fmt::format("荣乡振发〔{}〕{}号", year + 1, 12 + i));
    }
  }
  return out;
}

bool Has(const service::Person& p, const char* category, Date at) {
  for (const auto& c : p.categories)
    if (c.category == category && c.ActiveAt(at)) return true;
  return false;
}

// Months [from, to] as first days.
std::vector<Date> Months(Date from, Date to) {
  std::vector<Date> out;
  for (Date m = Date::FromYmdUnchecked(from.year(), from.month(), 1); !(to < m); m = m.AddMonths(1))
    out.push_back(m);
  return out;
}

}  // namespace

Result<DemoDataCounts> GenerateDemoPolicyData(service::App& app,
                                              const std::vector<DemoPerson>& people, uint64_t seed,
                                              const std::string& district) {
  std::mt19937_64 rng(seed ^ 0x5eedda7aULL);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto between = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const Date today = app.clock().Today();
  const Date last_month = Date::FromYmdUnchecked(today.year(), today.month(), 1).AddMonths(-1);
  const std::string source = "演示数据";

  // Employers with valid credit codes: 9 (enterprise registration) 1/2/3, the district's code,
  // a 9-character organisation code from the seed, and the check character.
  std::vector<service::Employer> employers;
  std::map<std::string, size_t> by_name;
  BANGFU_ASSIGN_OR_RETURN(auto towns, app.regions().Children(district));
  for (size_t i = 0; i < DemoEmployers().size(); ++i) {
    const auto& d = DemoEmployers()[i];
    std::string first17 = std::string(std::string(d.kind) == "public_institution" ? "12"
                                      : d.kind == std::string("social_org")       ? "52"
                                                                                  : "91") +
                          district;
    for (int c = 0; c < 9; ++c) first17.push_back(kAlphabet[rng() % 31]);
    service::Employer e;
    e.credit_code = first17 + domain::CreditCode::CheckCharacter(first17);
    e.name = d.name;
    e.size_class = d.size_class;
    e.kind = d.kind;
    e.industry = d.industry;
    e.region_code = towns.empty() ? district + "000000" : towns[rng() % towns.size()].code;
    e.contact_name = "人事专员";
    e.external_key = fmt::format("DEMO-ORG-{:03d}", i + 1);
    for (size_t b : kInternshipBases)
      if (b == i) e.base_recognised = Date::FromYmdUnchecked(today.year() - 2, 3, 15);
    by_name[e.name] = i;
    employers.push_back(std::move(e));
  }

  std::vector<service::Employment> jobs;
  std::vector<service::Contribution> contributions;
  std::vector<service::Business> businesses;
  std::vector<service::Internship> internships;
  std::vector<service::Training> trainings;
  std::vector<service::Placement> placements;
  std::vector<service::DibaoPayment> dibao;
  std::vector<service::PaidSubsidy> paid;
  std::vector<service::EmployerRecognition> recognitions;
  std::map<int64_t, bool> household_paid;  // 低保 is paid to a household, once a month.
  DemoDataCounts counts;
  BANGFU_RETURN_IF_ERROR(app.store().InTransaction([&]() -> Status {
    auto& data = app.store().policy_data();
    // Employers first: the records name them by id.
    BANGFU_RETURN_IF_ERROR(data.UpsertEmployers(employers));
    recognitions = DemoRecognitions(employers, today, "区人力社保局认定文件");
    BANGFU_RETURN_IF_ERROR(data.UpsertRecognitions(recognitions));
    int n = 0;
    for (const auto& [p, employer_name] : people) {
      ++n;
      const std::string key = fmt::format("DEMO-{}", p.id);
      const Date since = p.status_since;
      if (p.status == "employed_employer") {
        auto it = by_name.find(employer_name);
        const size_t e = it != by_name.end() ? it->second : rng() % employers.size();
        const bool graduate = p.graduation_date.has_value();
        const int r = between(0, 9);
        const int32_t months = graduate && since.year() == p.graduation_date->year() ? 24
                               : r < 5                                               ? 36
                               : r < 8                                               ? 24
                               : r < 9                                               ? 12
                                       : service::kOpenEndedContractMonths;
        jobs.push_back({0, p.id, employers[e].id, "labour_contract", since, std::nullopt, months,
                        source, key + "-JOB"});
        // Insured from the month of hiring to last month (most employers pay; a few do not
        // yet; every 低保 member's employer does, so the hardship hire subsidy has cases).
        if (Has(p, "dibao", since) || chance(0.92))
          for (Date m : Months(since, last_month))
            contributions.push_back(
                {p.id, employers[e].id, m, 110000 + 100 * between(0, 400), source});
      } else if (p.status == "flexible") {
        jobs.push_back(
            {0, p.id, std::nullopt, "flexible", since, std::nullopt, 0, source, key + "-FLEX"});
        if (chance(0.5))
          for (Date m : Months(std::max(since, today.AddMonths(-18)), last_month))
            contributions.push_back({p.id, 0, m, 95000, source});
      } else if (p.status == "self_employed") {
        jobs.push_back({0, p.id, std::nullopt, "self_employed", since, std::nullopt, 0, source,
                        key + "-SELF"});
        service::Business b;
        b.name = fmt::format("{}{}", p.name, chance(0.5) ? "小吃店" : "电商工作室");
        b.kind = chance(0.7) ? "individual_business" : "enterprise";
        b.size_class = "micro";
        b.licence_date = since;
        b.region_code = p.region_code;
        b.employees = between(1, 6);
        b.online = chance(0.3) ? service::Flag::kYes : service::Flag::kNo;
        b.return_home =
            Has(p, "migrant_worker", since) ? service::Flag::kYes : service::Flag::kUnknown;
        b.founder_ids = {p.id};
        b.source = source;
        b.external_key = key + "-BIZ";
        businesses.push_back(std::move(b));
      } else if (p.status == "public_welfare_post") {
        jobs.push_back({0, p.id, employers[kPublicBody].id, "public_welfare_post", since,
                        std::nullopt, 12, source, key + "-PWP"});
        placements.push_back({0, p.id, employers[kPublicBody].id, chance(0.5) ? "保洁" : "治安巡逻",
                              since, std::nullopt, source, key + "-PWP"});
      }
      // Internships: some graduates, at a recognised base; finished ones retained half the time.
      if (p.graduation_date && (p.status == "unemployed" || p.status == "employed_employer") &&
          chance(0.08)) {
        const size_t base = kInternshipBases[rng() % 3];
        const Date start =
            std::min(today.AddMonths(-2), p.graduation_date->AddDays(between(10, 60)));
        const Date end = start.AddMonths(6);
        const bool finished = end < today;
        internships.push_back({0, p.id, employers[base].id, start, end,
                               finished ? service::Flag::kYes : service::Flag::kUnknown,
                               finished ? (chance(0.5) ? service::Flag::kYes : service::Flag::kNo)
                                        : service::Flag::kUnknown,
                               source, key + "-INT"});
      }
      // Trainings: hardship people, 脱贫人口 with the days they attended.
      if (!p.graduation_date && chance(0.10)) {
        const Date start = today.AddDays(-between(30, 300));
        const bool poor = Has(p, "poverty_alleviated", start);
        const int days = between(10, 30);
        trainings.push_back(
            {0, p.id, employers[kTrainingSchool].id, chance(0.8) ? "skill" : "startup_business",
             chance(0.5) ? "RC-2026-DG01" : "RC-2026-PR02", chance(0.5) ? "电工" : "中式烹调师",
             start, start.AddDays(days + 4), poor ? days - between(0, 3) : -1, service::Flag::kYes,
             chance(0.85) ? service::Flag::kYes : service::Flag::kNo,
             chance(0.6) ? service::Flag::kYes : service::Flag::kUnknown, source, key + "-TRN"});
      }
      // 低保: the household's first member is the applicant; paid monthly while the period runs.
      if (p.household_id && !household_paid[*p.household_id]) {
        for (const auto& c : p.categories) {
          if (c.category != "dibao") continue;
          household_paid[*p.household_id] = true;
          const Date to = c.valid_to ? std::min(*c.valid_to, last_month) : last_month;
          for (Date m : Months(std::max(c.valid_from, today.AddMonths(-12)), to))
            dibao.push_back(
                {p.id, p.household_id, m, 62000 + 1000 * between(0, 20), "区民政局低保发放"});
        }
      }
      // Already paid: one-time job-seeking subsidies to some graduates of hardship families.
      if (p.graduation_date && Has(p, "dibao", *p.graduation_date) && chance(0.3)) {
        paid.push_back({0, "RC-JOBSEEK", p.id, std::nullopt, std::nullopt,
                        p.graduation_date->AddMonths(-2), 80000, "重庆市就业信息系统",
                        fmt::format("JS-{}-{:05d}", p.graduation_date->year(), n)});
      }
    }
    // One hire subsidy already paid last year, so that "only once" has something to hold on to.
    for (const auto& j : jobs) {
      if (j.kind == "labour_contract" && j.start < today.AddYears(-1).AddMonths(-6)) {
        paid.push_back({0, "RC-HIRE-ONCE", j.person_id, j.employer_id, std::nullopt,
                        j.start.AddMonths(13), 600000, "重庆市就业信息系统",
                        fmt::format("HIRE-{}", j.person_id)});
        break;
      }
    }
    BANGFU_RETURN_IF_ERROR(data.UpsertEmployments(jobs));
    BANGFU_RETURN_IF_ERROR(data.UpsertContributions(contributions));
    BANGFU_RETURN_IF_ERROR(data.UpsertBusinesses(businesses));
    BANGFU_RETURN_IF_ERROR(data.UpsertInternships(internships));
    BANGFU_RETURN_IF_ERROR(data.UpsertTrainings(trainings));
    BANGFU_RETURN_IF_ERROR(data.UpsertPlacements(placements));
    BANGFU_RETURN_IF_ERROR(data.UpsertDibaoPayments(dibao));
    return data.UpsertPaidSubsidies(paid);
  }));
  counts.employers = static_cast<int64_t>(employers.size());
  counts.employments = static_cast<int64_t>(jobs.size());
  counts.contributions = static_cast<int64_t>(contributions.size());
  counts.businesses = static_cast<int64_t>(businesses.size());
  counts.internships = static_cast<int64_t>(internships.size());
  counts.trainings = static_cast<int64_t>(trainings.size());
  counts.placements = static_cast<int64_t>(placements.size());
  counts.dibao_payments = static_cast<int64_t>(dibao.size());
  counts.paid = static_cast<int64_t>(paid.size());
  counts.recognitions = static_cast<int64_t>(recognitions.size());
  return counts;
}

Result<DemoDataSummary> GenerateDemoData(service::App& app, const DemoPeopleOptions& options) {
  std::vector<DemoPerson> people;
  DemoDataSummary out;
  BANGFU_ASSIGN_OR_RETURN(out.persons, GenerateDemoPeople(app, options, &people));
  BANGFU_ASSIGN_OR_RETURN(out.records,
                          GenerateDemoPolicyData(app, people, options.seed, options.district));
  BANGFU_ASSIGN_OR_RETURN(out.cases, GenerateDemoCases(app, people, options.seed));
  return out;
}

std::string DemoDataSummary::ToString() const {
  const auto& r = records;
  return fmt::format(
      "人员 {}，用人单位 {}，就业记录 {}，社保缴费 {}，经营主体 {}，见习 {}，培训 {}，"
      "公益性岗位 {}，低保发放 {}，已发放补贴 {}，单位认定及评估 {}，帮扶计划 {}，"
      "服务记录 {}",
      persons, r.employers, r.employments, r.contributions, r.businesses, r.internships,
      r.trainings, r.placements, r.dibao_payments, r.paid, r.recognitions, cases.plans, cases.services);
}

}  // namespace bangfu::cli
