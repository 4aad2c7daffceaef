#include "demo_people.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <set>
#include <unordered_set>

#include "bangfu/domain/identity.h"
#include "runtime.h"

namespace bangfu::cli {
namespace {

using service::CategoryPeriod;
using service::Person;
using service::PersonInput;

// Surnames with rough frequencies (per mille) of the 2020 census, plus names common in
// Chongqing (谭 冉 向 蒲 邓 唐 蒋 曾 ...).
const std::vector<std::pair<const char*, int>> kSurnames = {
    {"王", 74}, {"李", 72}, {"张", 69}, {"刘", 54}, {"陈", 53}, {"杨", 34}, {"黄", 23}, {"赵", 22},
    {"吴", 20}, {"周", 19}, {"徐", 17}, {"孙", 15}, {"马", 15}, {"朱", 14}, {"胡", 13}, {"郭", 12},
    {"何", 12}, {"林", 11}, {"罗", 11}, {"高", 11}, {"谭", 10}, {"唐", 10}, {"邓", 10}, {"蒋", 8},
    {"曾", 8},  {"冉", 6},  {"向", 6},  {"蒲", 5},  {"彭", 7},  {"袁", 6},  {"付", 5},  {"廖", 5},
    {"刁", 3},  {"钟", 4},  {"熊", 4},  {"喻", 3},  {"龚", 3},  {"程", 4},  {"雷", 4},  {"魏", 4}};

// Given names by generation: [born before 1985][sex], [born 1985 or later][sex].
const std::vector<const char*> kOlderMale = {"建国", "志强", "建华", "国强", "永红", "德明", "文华", "长江",
                                             "明", "军", "勇", "伟", "平", "华", "刚", "斌", "学军", "光明", "大勇", "正华"};
const std::vector<const char*> kOlderFemale = {"秀英", "桂英", "玉兰", "秀兰", "淑芬", "丽", "芳", "红梅",
                                               "小琴", "春梅", "玉梅", "凤", "英", "萍", "敏", "素华", "琼", "燕"};
const std::vector<const char*> kYoungMale = {"浩然", "子轩", "宇航", "俊杰", "浩宇", "博文", "思远", "梓豪",
                                             "家乐", "明轩", "睿", "鑫", "一鸣", "天佑", "嘉俊", "泽宇", "文博", "皓", "晨阳", "宏宇"};
const std::vector<const char*> kYoungFemale = {"欣怡", "梓涵", "雨桐", "思雨", "诗涵", "佳怡", "可馨", "雅琪",
                                               "若曦", "梦瑶", "晓雨", "静怡", "心悦", "紫萱", "婉婷", "语嫣", "悦", "琳", "颖", "瑶"};

struct School {
  const char* name;
  const char* level;  // Most common education id of its graduates.
  std::vector<const char*> majors;
};
const std::vector<School> kSchools = {
    {"重庆大学", "bachelor", {"机械工程", "土木工程", "电气工程及其自动化", "计算机科学与技术", "会计学"}},
    {"西南大学", "bachelor", {"汉语言文学", "学前教育", "农学", "食品科学与工程", "心理学"}},
    {"重庆文理学院", "bachelor", {"会计学", "软件工程", "园林", "材料科学与工程", "小学教育"}},
    {"重庆工商大学", "bachelor", {"市场营销", "电子商务", "财务管理", "国际经济与贸易"}},
    {"重庆交通大学", "bachelor", {"交通运输", "道路桥梁与渡河工程", "物流管理"}},
    {"重庆师范大学", "bachelor", {"英语", "数学与应用数学", "体育教育", "美术学"}},
    {"四川外国语大学", "bachelor", {"英语", "日语", "新闻学", "商务英语"}},
    {"重庆三峡学院", "bachelor", {"环境工程", "社会工作", "旅游管理"}},
    {"重庆医科大学", "bachelor", {"护理学", "临床医学", "药学"}},
    {"四川大学", "master", {"计算机科学与技术", "临床医学", "法学", "公共管理"}},
    {"西南石油大学", "bachelor", {"石油工程", "化学工程与工艺", "安全工程"}},
    {"四川农业大学", "bachelor", {"动物医学", "动物科学", "农林经济管理"}},
    {"重庆工程职业技术学院", "junior_college", {"建筑工程技术", "工程造价", "测绘工程技术"}},
    {"重庆电子工程职业学院", "junior_college", {"电子商务", "计算机网络技术", "物联网应用技术", "软件技术"}},
    {"重庆城市管理职业学院", "junior_college", {"社会工作", "老年服务与管理", "物业管理"}},
    {"重庆工业职业技术学院", "junior_college", {"机电一体化技术", "汽车检测与维修技术", "模具设计与制造"}},
    {"重庆医药高等专科学校", "junior_college", {"护理", "药学", "医学检验技术"}},
    {"重庆水利电力职业技术学院", "junior_college", {"水利工程", "发电厂及电力系统"}},
    {"重庆旅游职业学院", "junior_college", {"酒店管理与数字化运营", "烹饪工艺与营养", "导游"}},
    {"荣昌区职业教育中心", "high_school", {"畜禽生产技术", "汽车运用与维修", "电子商务"}},
};
const std::vector<const char*> kGraduateWishes = {"会计", "电商运营", "软件开发", "幼儿教师", "护士", "行政文员",
                                                  "销售", "新媒体运营", "机械设计", "施工员", "质检员", "人力资源"};
const std::vector<const char*> kWorkerWishes = {"普工", "保安", "保洁", "厨师", "司机", "仓管", "焊工", "电工",
                                                "养殖工", "家政服务", "收银员", "搬运工"};
const std::vector<const char*> kSkills = {"驾驶 C1", "电焊", "Excel", "烹饪", "养猪", "育婴", "电工证",
                                          "叉车", "直播带货", "CAD", "普通话二甲", "缝纫"};
const std::vector<const char*> kMobilePrefixes = {"138", "139", "135", "136", "137", "150", "151", "152", "157",
                                                  "158", "159", "182", "183", "187", "188", "130", "131", "132",
                                                  "155", "156", "185", "186", "133", "153", "177", "180", "181", "189", "199"};
class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  double Real() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  bool Chance(double p) { return Real() < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Int(0, static_cast<int>(v.size()) - 1)]; }
  const char* Surname() {
    int total = 0;
    for (auto& s : kSurnames) total += s.second;
    int r = Int(0, total - 1);
    for (auto& s : kSurnames) {
      if (r < s.second) return s.first;
      r -= s.second;
    }
    return "王";
  }

 private:
  std::mt19937_64 rng_;
};

}  // namespace

Result<int64_t> GenerateDemoPeople(service::App& app, const DemoPeopleOptions& o,
                                   std::vector<DemoPerson>* created) {
  const Date today = app.clock().Today();
  const int year = today.year();
  Gen g(o.seed);
  // Villages (communities) of the district, by town.
  BANGFU_ASSIGN_OR_RETURN(auto towns, app.regions().Children(o.district));
  std::vector<service::Region> villages;
  for (const auto& t : towns) {
    BANGFU_ASSIGN_OR_RETURN(auto v, app.regions().Children(t.code));
    villages.insert(villages.end(), v.begin(), v.end());
  }
  if (villages.empty()) return Error::FailedPrecondition("行政区划中没有 " + o.district + " 的村居，请先导入区划");

  const auto ctx = CliContext();
  std::unordered_set<std::string> ids, mobiles;
  struct Planned {
    PersonInput in;
    std::vector<service::StatusChange> history;
    std::vector<service::Contact> contacts;
  };
  std::vector<Planned> people;
  int household_no = 0;
  // The scripted cases (see demo_people.h), each made once.
  bool presigned_done = false, hardship_hire_done = false;
  const Date may_signing = Date::FromYmdUnchecked(year, 5, 6);

  while (static_cast<int64_t>(people.size()) < o.persons) {
    // A household: a graduate alone (55%), or a hardship household of 1–4 members.
    const bool graduate_household = g.Chance(0.55);
    const auto& village = g.Pick(villages);
    const std::string hkey = fmt::format("DEMO-{:06d}", ++household_no);
    const int members = graduate_household ? 1 : g.Int(1, 4);
    const char* surname = g.Surname();
    const bool rural = village.name.find("村") != std::string::npos;
    // Household-wide categories: 低保 and 脱贫 apply to every member.
    const bool dibao = !graduate_household && g.Chance(0.30);
    const bool poverty = !graduate_household && rural && g.Chance(0.45);
    for (int m = 0; m < members && static_cast<int64_t>(people.size()) < o.persons; ++m) {
      Planned p;
      PersonInput& in = p.in;
      const bool male = g.Chance(0.52);
      // Ages: graduates 21–27; hardship members 18–59.
      const bool graduate = graduate_household || (m > 0 && g.Chance(0.15));
      const int grad_year = year - g.Int(0, 2);
      int age = graduate ? g.Int(21, 24) + (year - grad_year) : g.Int(18, 59);
      Date birth = Date::FromYmdUnchecked(year - age, g.Int(1, 12), g.Int(1, 28));
      if (today < birth.AddYears(age)) birth = birth.AddYears(-1);
      // ID number: 500153 + birth + sequence with sex parity + check character.
      std::string id;
      do {
        int seq = g.Int(0, 99) * 10 + (male ? 2 * g.Int(0, 4) + 1 : 2 * g.Int(0, 4));
        id = fmt::format("{}{:04d}{:02d}{:02d}{:03d}", o.district, birth.year(), birth.month(), birth.day(), seq);
        id.push_back(domain::IdNumber::CheckCharacter(id));
      } while (!ids.insert(id).second);
      in.id_number = id;
      const auto& given = birth.year() < 1985 ? (male ? kOlderMale : kOlderFemale) : (male ? kYoungMale : kYoungFemale);
      in.name = std::string(surname) + g.Pick(given);
      if (g.Chance(0.93)) {
        std::string mobile;
        do mobile = fmt::format("{}{:08d}", g.Pick(kMobilePrefixes), g.Int(0, 99999999));
        while (!mobiles.insert(mobile).second);
        in.mobile = mobile;
      }
      in.hukou_region = village.code;
      in.residence_region = g.Chance(0.85) ? village.code : g.Pick(villages).code;
      in.household_key = hkey;
      if (graduate) {
        const auto& school = g.Pick(kSchools);
        in.school = school.name;
        in.major = g.Pick(school.majors);
        in.education = school.level;
        if (in.education == std::string("bachelor") && g.Chance(0.06)) in.education = "master";
        in.graduation_date = Date::FromYmdUnchecked(grad_year, g.Chance(0.8) ? 6 : 7, g.Int(20, 30));
        if (today < *in.graduation_date) in.graduation_date = today;
        in.categories.push_back({"graduate", *in.graduation_date, std::nullopt, fmt::format("区教委移交名单 {}", grad_year)});
        in.desired_occupation = g.Pick(kGraduateWishes);
        in.expected_salary_min = 3000 + 500 * g.Int(0, 6);
        in.expected_salary_max = in.expected_salary_min + 1000 * g.Int(1, 3);
      } else {
        in.education = age > 45 ? (g.Chance(0.8) ? "junior_or_below" : "high_school")
                                : (g.Chance(0.6) ? "high_school" : "junior_or_below");
        in.desired_occupation = g.Pick(kWorkerWishes);
        in.expected_salary_min = 2200 + 200 * g.Int(0, 8);
        in.expected_salary_max = in.expected_salary_min + 500 * g.Int(1, 4);
      }
      if (g.Chance(0.5)) in.skills.push_back(g.Pick(kSkills));
      const Date from = today.AddYears(-g.Int(0, 4)).AddDays(-g.Int(0, 300));
      if (dibao) {
        // 低保 is reviewed yearly: a current period that started within the last two years.
        const Date dibao_from = today.AddDays(-g.Int(0, 700));
        in.categories.push_back({"dibao", dibao_from, dibao_from.AddYears(3), fmt::format("区民政局低保名单 {}年", dibao_from.year())});
      }
      if (poverty) in.categories.push_back({"poverty_alleviated", Date::FromYmdUnchecked(2020, 12, 31), std::nullopt, "区乡村振兴局脱贫人口监测系统"});
      if (!graduate) {
        if (g.Chance(0.10)) in.categories.push_back({"disabled", from, std::nullopt, "区残联残疾人证"});
        if ((male && age >= 50) || (!male && age >= 40))
          if (g.Chance(0.35)) in.categories.push_back({"laid_off_4050", from, std::nullopt, "去产能企业职工安置名单"});
        if (g.Chance(0.12)) in.categories.push_back({"long_term_unemployed", from, std::nullopt, "失业登记系统（连续失业一年以上）"});
        if (male && g.Chance(0.05)) in.categories.push_back({"veteran", from, std::nullopt, "区退役军人事务局"});
        if (rural && g.Chance(0.15)) in.categories.push_back({"migrant_worker", from, std::nullopt, "返乡农民工登记"});
        // Everyone on the hardship ledger is there for a reason.
        if (in.categories.empty()) {
          if ((male && age >= 50) || (!male && age >= 40)) {
            in.categories.push_back({"laid_off_4050", from, std::nullopt, "去产能企业职工安置名单"});
          } else if (rural) {
            in.categories.push_back({"migrant_worker", from, std::nullopt, "返乡农民工登记"});
          } else {
            in.categories.push_back({"long_term_unemployed", from, std::nullopt, "失业登记系统（连续失业一年以上）"});
          }
        }
      }
      // Status and its history.
      in.able_to_work = graduate || !g.Chance(0.06);
      const double r = g.Real();
      std::string status;
      std::string detail;
      if (graduate) {
        status = r < 0.45 ? "unemployed" : r < 0.80 ? "employed_employer" : r < 0.86 ? "flexible"
               : r < 0.91 ? "further_study" : r < 0.93 ? "army" : r < 0.96 ? "self_employed" : "no_intention";
      } else {
        status = !in.able_to_work ? "no_intention"
               : r < 0.55 ? "unemployed" : r < 0.75 ? "employed_employer" : r < 0.85 ? "flexible"
               : r < 0.92 ? "public_welfare_post" : "self_employed";
      }
      if (status == "employed_employer") detail = g.Pick(DemoEmployers()).name;
      Date first = in.graduation_date ? *in.graduation_date : from;
      Date since = std::min(today, first.AddDays(g.Int(10, 200)));
      // Graduates of this year who signed before leaving school (签约): employed since May.
      bool presigned = false;
      if (graduate && status == "employed_employer" && grad_year == year && may_signing.AddDays(14) < today &&
          (!presigned_done || g.Chance(0.2))) {
        presigned = presigned_done = true;
        since = may_signing.AddDays(g.Int(0, 14));
        detail = DemoEmployers()[g.Pick(DemoSmallEmployers())].name;
      }
      // A 低保 member hired out of registered unemployment 13–15 months ago.
      bool scripted_hardship = false;
      if (dibao && status == "employed_employer" && !hardship_hire_done) {
        hardship_hire_done = scripted_hardship = true;
        since = today.AddMonths(-13 - g.Int(0, 2)).AddDays(-g.Int(0, 20));
        first = std::min(first, since.AddDays(-120));
        for (auto& c : in.categories)
          if (c.category == "dibao") c.valid_from = std::min(c.valid_from, since.AddDays(-200));
      }
      // 登记失业: half of the hardship members registered; registration ends with employment,
      // its last day being the day of hire (the person was registered unemployed when hired,
      // as RC-HIRE-HARDSHIP asks: registered_unemployed(person, employment.start)).
      if (!graduate && (g.Chance(0.5) || scripted_hardship) &&
          std::none_of(in.categories.begin(), in.categories.end(),
                       [](const CategoryPeriod& c) { return c.category == "registered_unemployed"; })) {
        const bool employed_now = status == "employed_employer" || status == "flexible" ||
                                  status == "public_welfare_post" || status == "self_employed";
        in.categories.push_back({"registered_unemployed", first,
                                 employed_now ? std::optional<Date>(since) : std::nullopt,
                                 "荣昌区失业登记"});
      }
      in.status = status;
      in.status_since = since;
      if (!presigned)
        p.history.push_back({0, 0, "unemployed", "", first, {}, 0, "演示数据", graduate ? "离校未就业，纳入台账" : "纳入困难人员台账"});
      if (status != "unemployed")
        p.history.push_back({0, 0, status, detail, since, {}, 0, "演示数据",
                             presigned ? "毕业前签约，已在" + detail + "就业"
                             : status == "employed_employer" ? "电话回访：已在" + detail + "就业" : "走访确认"});
      // Contacts in the last 90 days.
      const int n = g.Int(0, 3);
      for (int c = 0; c < n; ++c) {
        const Date d = today.AddDays(-g.Int(0, 90));
        // The classification of 004 二(六) that matches the status.
        const bool employed = status == "employed_employer" || status == "flexible" ||
                              status == "self_employed" || status == "public_welfare_post";
        const std::string result = employed ? "employed" : status == "unemployed" ? "unemployed" : "no_intention";
        p.contacts.push_back({0, 0, d, g.Chance(0.6) ? "phone" : g.Chance(0.7) ? "visit" : "online", result,
                              result == "unemployed" ? "仍在求职，已推送岗位信息" : "情况稳定", 0, {}});
      }
      people.push_back(std::move(p));
    }
  }

  const Timestamp now = app.clock().Now();
  std::vector<Person> built;
  built.reserve(people.size());
  for (const auto& p : people) {
    BANGFU_ASSIGN_OR_RETURN(Person person, app.persons().Build(ctx, p.in, today));
    person.created_at = now;
    person.updated_at = now;
    Date last;
    for (const auto& c : p.contacts) last = std::max(last, c.date);
    if (!p.contacts.empty()) person.last_contact = last;
    built.push_back(std::move(person));
  }
  BANGFU_RETURN_IF_ERROR(app.store().InTransaction([&]() -> Status {
    std::set<int64_t> households;
    for (size_t i = 0; i < built.size(); ++i) {
      BANGFU_ASSIGN_OR_RETURN(int64_t hid, app.persons().HouseholdForKey(people[i].in.household_key, built[i].region_code));
      built[i].household_id = hid;
      households.insert(hid);
    }
    BANGFU_RETURN_IF_ERROR(app.store().persons().InsertMany(built));
    for (size_t i = 0; i < built.size(); ++i) {
      for (auto h : people[i].history) {
        h.person_id = built[i].id;
        h.recorded_at = now;
        BANGFU_RETURN_IF_ERROR(app.store().persons().AppendStatus(h));
      }
      for (auto c : people[i].contacts) {
        c.person_id = built[i].id;
        c.recorded_at = now;
        BANGFU_RETURN_IF_ERROR(app.store().persons().AppendContact(c));
      }
    }
    for (int64_t h : households) BANGFU_RETURN_IF_ERROR(app.persons().RecomputeHousehold(h, today));
    if (created) {
      for (size_t i = 0; i < built.size(); ++i) {
        const auto& last = people[i].history.back();
        created->push_back({built[i], last.status == "employed_employer" ? last.detail : ""});
      }
    }
    return app.audit().Record(ctx, "person.demo", "import", "demo", o.district,
                              fmt::format(R"({{"persons":{},"seed":{}}})", built.size(), o.seed));
  }));
  return static_cast<int64_t>(built.size());
}

}  // namespace bangfu::cli
