// The policy data (migrations 5 and 15) on both backends: bulk upserts are idempotent, scans stream in
// the documented order, the importers validate and write all-or-nothing, and LoadFacts builds
// the columnar population of policy/facts.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "bangfu/base/clock.h"
#include "bangfu/domain/identity.h"
#include "bangfu/service/app.h"
#include "bangfu/service/facts_loader.h"
#include "bangfu/policy/pack.h"
#include "bangfu/service/region_service.h"
#include "store_fixture.h"

namespace bangfu::store {
namespace {

using service::DataKind;
using service::ImportMode;
using service::ImportOptions;

Date D(int y, int m, int d) { return Date::FromYmdUnchecked(y, m, d); }

class PolicyDataTest : public StoreTest {
 protected:
  service::PolicyDataRepository& data() { return store_->policy_data(); }

  // A real App over the store, with the regions of the test people and a fixed clock.
  service::App& App() {
    if (!app_) {
      std::vector<service::Region> regions;
      for (const char* c : {"500000", "500100", "500153", "500153001", "500153001001", "500154",
                            "500154001", "500154001001"})
        regions.push_back(*service::MakeRegion(c, c));
      EXPECT_TRUE(store_->regions().UpsertMany(regions).ok());
      service::AppOptions o;
      o.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
      app_ = std::make_unique<service::App>(*store_, clock_, std::move(o));
    }
    return *app_;
  }
  service::RequestContext Admin(const std::string& scope = "") {
    service::RequestContext ctx;
    ctx.principal.username = "test";
    ctx.principal.role = service::Role::kAdmin;
    ctx.principal.scope = scope;
    return ctx;
  }
  Result<service::ImportReport> Import(DataKind kind, const std::string& csv, bool dry_run = false,
                                       ImportMode mode = ImportMode::kAllOrNothing,
                                       const std::string& scope = "") {
    ImportOptions o;
    o.dry_run = dry_run;
    o.mode = mode;
    o.source = "test.csv";
    return App().data_importer().Run(Admin(scope), kind, csv, o);
  }
  void ImportPersons(const std::string& csv) {
    ImportOptions o;
    o.dry_run = false;
    auto r = App().person_importer().Run(Admin(), csv, o);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    ASSERT_TRUE(r->errors.empty()) << r->errors[0].line << " " << r->errors[0].field << " " << r->errors[0].message;
  }

  FixedClock clock_{Timestamp::FromSeconds(1'795'000'000)};  // 2026-11-18
  std::unique_ptr<service::App> app_;
};

// A re-import derives the rows of people already in the ledger a window at a time on every
// core and decides in file order: across more rows than one window, only the changed rows are
// updated, and each refused row is reported on its own line (a bad cell, a person outside the
// importer's scope, an ID number the file repeats).
TEST_P(PolicyDataTest, ReimportAcrossWindowsUpdatesOnlyTheChangedRows) {
  constexpr int kRows = 16384 + 200;
  auto id_of = [](int i) { return IdNumberFor(D(1990, 1, 1).AddDays(i / 1000), i % 1000); };
  auto outside = [](int i) { return i % 5000 == 7; };
  const char* names[] = {"人员甲", "人员乙", "人员丙", "人员丁", "人员戊"};
  auto file = [&](bool changed) {
    std::string csv = "姓名,身份证号,居住地区划代码,学历,毕业院校\n";
    for (int i = 0; i < kRows; ++i) {
      std::string school = "重庆大学", education = "本科";
      if (changed && (i == 3 || i == 16390)) school = "西南大学";
      if (changed && i == 16395) education = "其他";  // No level named.
      csv += fmt::format("{},{},{},{},{}\n", names[i % 5], id_of(i), outside(i) ? "500154001001" : "500153001001",
                         education, school);
    }
    if (changed) csv += fmt::format("人员甲,{},500153001001,本科,重庆大学\n", id_of(16500));
    return csv;
  };
  ImportPersons(file(false));
  ImportOptions o;
  o.dry_run = false;
  o.mode = ImportMode::kKeepGoodRows;
  auto r = App().person_importer().Run(Admin("500153"), file(true), o);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->updated, 2);
  EXPECT_EQ(r->created, 0);
  EXPECT_EQ(r->rejected, 6);  // 16395, four outside the scope, the repeated 16500.
  EXPECT_EQ(r->unchanged, kRows - 2 - 5);
  std::map<int64_t, std::string> refused;
  for (const auto& e : r->errors) refused[e.line] = e.field + ": " + e.message;
  ASSERT_EQ(refused.size(), 6u);
  EXPECT_EQ(refused[16395 + 2].rfind("education", 0), 0u) << refused[16395 + 2];
  for (int i : {7, 5007, 10007, 15007})
    EXPECT_NE(refused[i + 2].find("不在您的管辖范围内"), std::string::npos) << i << refused[i + 2];
  EXPECT_NE(refused[kRows + 2].find(fmt::format("第 {} 行重复", 16500 + 2)), std::string::npos)
      << refused[kRows + 2];
  for (int i : {3, 16390, 16395}) {
    auto p = store_->persons().FindByIdNumberHash(*App().persons().BlindIndexOf(id_of(i), D(2026, 11, 18)));
    ASSERT_TRUE(p.ok()) << i;
    EXPECT_EQ(p->school, i == 16395 ? "重庆大学" : "西南大学") << i;
    EXPECT_EQ(p->version, i == 16395 ? 1 : 2) << i;
  }
}

// Building the record of a person already in the ledger keeps the stored ciphertext of an
// unchanged ID or mobile number instead of encrypting it again (random nonces: a fresh
// encryption never equals the stored text), and encrypts a changed mobile number; the
// re-import and the update of a person both go this way.
TEST_P(PolicyDataTest, RebuildKeepsTheCiphertextsOfUnchangedNumbers) {
  const std::string id = IdNumberFor(D(1995, 3, 1), 1);
  ImportPersons("姓名,身份证号,手机号,居住地区划代码\n人员甲," + id + ",13800001111,500153001001\n");
  auto hash = App().persons().BlindIndexOf(id, D(2026, 11, 18));
  ASSERT_TRUE(hash.ok());
  auto stored = store_->persons().FindByIdNumberHash(*hash);
  ASSERT_TRUE(stored.ok());
  service::PersonInput in;
  in.id_number = id;
  in.name = "人员甲";
  in.mobile = "138 0000 1111";
  in.residence_region = "500153001001";
  const Date today = D(2026, 11, 18);
  auto same = App().persons().Build(Admin(), in, today, *stored);
  ASSERT_TRUE(same.ok()) << same.error().ToString();
  EXPECT_EQ(same->id_number_cipher, stored->id_number_cipher);
  EXPECT_EQ(same->mobile_cipher, stored->mobile_cipher);
  auto fresh = App().persons().Build(Admin(), in, today);
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(fresh->id_number_cipher, stored->id_number_cipher);
  EXPECT_NE(fresh->mobile_cipher, stored->mobile_cipher);

  const auto cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
  in.mobile = "13900002222";
  auto moved = App().persons().Build(Admin(), in, today, *stored);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->id_number_cipher, stored->id_number_cipher);
  EXPECT_NE(moved->mobile_hash, stored->mobile_hash);
  EXPECT_EQ(*cipher.Decrypt(moved->mobile_cipher), "13900002222");
  EXPECT_EQ(moved->mobile_masked, "139****2222");

  // A re-import with the new mobile number: the ID number's ciphertext stays as stored.
  ImportPersons("姓名,身份证号,手机号,居住地区划代码\n人员甲," + id + ",13900002222,500153001001\n");
  auto after = store_->persons().FindByIdNumberHash(*hash);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->version, stored->version + 1);
  EXPECT_EQ(after->id_number_cipher, stored->id_number_cipher);
  EXPECT_EQ(*cipher.Decrypt(after->mobile_cipher), "13900002222");
  EXPECT_EQ(after->mobile_hash, moved->mobile_hash);
}

TEST_P(PolicyDataTest, UpsertsAreIdempotentAndScansAreOrdered) {
  std::vector<service::Person> people = {MakePerson("a", "甲", "500153001001"),
                                         MakePerson("b", "乙", "500153001001"),
                                         MakePerson("c", "丙", "500154001001")};
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  std::vector<service::Employer> employers(2);
  employers[0].credit_code = CreditCodeFor(1);
  employers[0].name = "荣昌示范食品有限公司";
  employers[0].size_class = "small";
  employers[0].kind = "enterprise";
  employers[0].region_code = "500153001001";
  employers[0].base_recognised = D(2024, 3, 1);
  employers[1].credit_code = CreditCodeFor(2);
  employers[1].name = "永川某厂\t(制表符)";
  employers[1].region_code = "500118000000";
  ASSERT_TRUE(data().UpsertEmployers(employers).ok());
  ASSERT_GT(employers[0].id, 0);
  const int64_t first_id = employers[0].id;
  employers[0].name = "荣昌示范食品有限公司（更名）";
  ASSERT_TRUE(data().UpsertEmployers(employers).ok());
  EXPECT_EQ(employers[0].id, first_id);
  EXPECT_EQ(*data().Count(service::DataTable::kEmployers), 2);
  auto got = data().GetEmployer(employers[1].id);
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(got->name, "永川某厂\t(制表符)");
  EXPECT_EQ(data().GetEmployer(999999).error().code, ErrorCode::kNotFound);

  std::vector<service::Contribution> contributions;
  for (int m = 12; m >= 1; --m)
    contributions.push_back({people[0].id, employers[0].id, D(2025, m, 1), 123456, "社保"});
  contributions.push_back({people[0].id, 0, D(2025, 6, 1), 50000, "灵活"});
  contributions.push_back({people[2].id, employers[1].id, D(2025, 6, 1), 70000, "社保"});
  ASSERT_TRUE(data().UpsertContributions(contributions).ok());
  ASSERT_TRUE(data().UpsertContributions(contributions).ok());
  EXPECT_EQ(*data().Count(service::DataTable::kContributions), 14);

  std::vector<service::Employment> jobs(2);
  jobs[0] = {
      0,      people[0].id, employers[0].id, "labour_contract", D(2025, 1, 1), std::nullopt, 24,
      "社保", "J1"};
  jobs[1] = {0,  people[1].id, std::nullopt, "flexible", D(2025, 3, 1), D(2025, 9, 30),
             -1, "台账",       "J2"};
  ASSERT_TRUE(data().UpsertEmployments(jobs).ok());
  const int64_t job_id = jobs[0].id;
  jobs[0].contract_months = service::kOpenEndedContractMonths;
  ASSERT_TRUE(data().UpsertEmployments(jobs).ok());
  EXPECT_EQ(jobs[0].id, job_id);
  EXPECT_EQ(*data().Count(service::DataTable::kEmployments), 2);

  std::vector<service::Business> biz(1);
  biz[0].name = "甲的小店";
  biz[0].kind = "individual_business";
  biz[0].licence_date = D(2025, 2, 1);
  biz[0].region_code = "500153001001";
  biz[0].employees = 3;
  biz[0].online = service::Flag::kYes;
  biz[0].founder_ids = {people[0].id, people[1].id};
  biz[0].external_key = "B1";
  ASSERT_TRUE(data().UpsertBusinesses(biz).ok());
  biz[0].founder_ids = {people[1].id};  // Founders are replaced.
  ASSERT_TRUE(data().UpsertBusinesses(biz).ok());

  std::vector<service::PaidSubsidy> paid(1);
  paid[0] = {0,      "RC-HIRE-GRAD", people[0].id, employers[0].id, std::nullopt, D(2025, 8, 1),
             200000, "财政",         "P-1"};
  ASSERT_TRUE(data().UpsertPaidSubsidies(paid).ok());
  ASSERT_TRUE(data().UpsertPaidSubsidies(paid).ok());
  EXPECT_EQ(*data().Count(service::DataTable::kPaidSubsidies), 1);

  std::vector<service::DibaoPayment> dibao = {
      {people[1].id, std::nullopt, D(2025, 5, 1), 60000, "民政"}};
  ASSERT_TRUE(data().UpsertDibaoPayments(dibao).ok());
  std::vector<service::Internship> interns = {{0, people[1].id, employers[0].id, D(2025, 7, 1),
                                               D(2025, 12, 31), service::Flag::kYes,
                                               service::Flag::kNo, "", "I1"}};
  ASSERT_TRUE(data().UpsertInternships(interns).ok());
  std::vector<service::Training> trainings(1);
  trainings[0] = {0,
                  people[1].id,
                  std::nullopt,
                  "skill",
                  "C01",
                  "电工",
                  D(2025, 4, 1),
                  D(2025, 4, 20),
                  18,
                  service::Flag::kYes,
                  service::Flag::kYes,
                  service::Flag::kUnknown,
                  "",
                  "T1"};
  ASSERT_TRUE(data().UpsertTrainings(trainings).ok());
  std::vector<service::Placement> placements = {
      {0, people[1].id, employers[0].id, "保洁", D(2025, 10, 1), std::nullopt, "", "W1"}};
  ASSERT_TRUE(data().UpsertPlacements(placements).ok());

  // Scans: contributions in (person, month, payer) order.
  std::vector<std::tuple<int64_t, int32_t, int64_t>> order;
  service::DataScope all;
  ASSERT_TRUE(data()
                  .ScanContributions(all,
                                     [&](std::span<const service::Contribution> b) -> Status {
                                       for (const auto& c : b)
                                         order.emplace_back(c.person_id, c.month.days(),
                                                            c.payer_employer_id);
                                       return OkStatus();
                                     })
                  .ok());
  ASSERT_EQ(order.size(), 14u);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));

  // A sink's error stops the scan and comes back.
  auto stopped = data().ScanContributions(
      all,
      [](std::span<const service::Contribution>) -> Status { return Error::Internal("stop"); });
  EXPECT_EQ(stopped.error().message, "stop");

  // Loading: the district only (person c and the Yongchuan employer's own contributions are out).
  policy::Facts f;
  auto n = service::LoadFacts(*store_, {"500153"}, f);
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  ASSERT_EQ(f.persons.size(), 2u);
  EXPECT_EQ(f.persons.id[0], people[0].id);
  EXPECT_EQ(f.persons.birth_date[0], D(2002, 3, 15));
  EXPECT_EQ(f.persons.sex[0], policy::Sex::kFemale);
  EXPECT_EQ(f.persons.residence_region[0], 500153001001);
  EXPECT_EQ(f.persons.rural_hukou[0], policy::Tri::kUnknown);
  // Categories CSR, sorted by (category code, from): graduate (0) before dibao (1).
  ASSERT_EQ(f.persons.category_offsets, (std::vector<uint32_t>{0, 2, 4}));
  EXPECT_EQ(f.persons.categories[0].category, 0);
  EXPECT_EQ(f.persons.categories[0].to, policy::kOpenEnd);
  EXPECT_EQ(f.persons.categories[1].category, 1);
  EXPECT_EQ(f.persons.categories[1].to, D(2024, 12, 31));
  // Contributions: 13 for person 0 (12 + one flexible), none for person 1.
  ASSERT_EQ(f.contributions.person_offsets, (std::vector<uint32_t>{0, 13, 13}));
  EXPECT_EQ(f.contributions.month[0], policy::MonthOf(D(2025, 1, 1)));
  // June 2025: the flexible payment (kNoRow) sorts before the employer's.
  EXPECT_EQ(f.contributions.payer[5], policy::kNoRow);
  EXPECT_EQ(f.contributions.payer[6], 0);
  EXPECT_EQ(f.contributions.amount[6], 123456);
  for (size_t i = 1; i < f.contributions.size(); ++i) {
    auto key = [&](size_t k) {
      return std::tuple(f.contributions.person[k], f.contributions.month[k],
                        f.contributions.payer[k]);
    };
    EXPECT_LT(key(i - 1), key(i));
  }
  ASSERT_EQ(f.employments.size(), 2u);
  EXPECT_EQ(f.employments.contract_months[0], policy::kOpenEndedContract);
  EXPECT_EQ(f.employments.end[0], policy::kOpenEnd);
  EXPECT_EQ(f.employments.employer[1], policy::kNoRow);
  EXPECT_EQ(f.employments.contract_months[1], -1);
  EXPECT_EQ(f.employments.kind[1], policy::EmploymentKind::kFlexible);
  ASSERT_EQ(f.employers.size(), 1u);  // Only the one in the district is named by its records.
  EXPECT_EQ(f.employers.size_class[0], policy::EmployerSize::kSmall);
  EXPECT_EQ(f.employers.base_recognised[0], D(2024, 3, 1));
  ASSERT_EQ(f.businesses.size(), 1u);
  EXPECT_EQ(f.businesses.founder_offsets, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(f.businesses.founders[0], 1);
  EXPECT_EQ(f.businesses.online[0], policy::Tri::kTrue);
  EXPECT_EQ(f.businesses.return_home[0], policy::Tri::kUnknown);
  EXPECT_EQ(f.businesses.closed_date[0], policy::kOpenEnd);
  EXPECT_EQ(f.businesses.size_class[0], policy::EmployerSize::kUnknown);
  ASSERT_EQ(f.paid.size(), 1u);
  EXPECT_EQ(f.paid.person[0], 0);
  EXPECT_EQ(f.paid.employer[0], 0);
  EXPECT_EQ(f.paid.business[0], policy::kNoRow);
  ASSERT_EQ(f.dibao_payments.size(), 1u);
  EXPECT_EQ(f.dibao_payments.household[0], policy::kNoRow);
  ASSERT_EQ(f.internships.size(), 1u);
  EXPECT_EQ(f.internships.hired_after[0], policy::Tri::kFalse);
  ASSERT_EQ(f.trainings.size(), 1u);
  EXPECT_EQ(f.trainings.days_attended[0], 18);
  EXPECT_EQ(f.trainings.certificate[0], policy::Tri::kUnknown);
  EXPECT_EQ(f.trainings.course[0], "C01");
  ASSERT_EQ(f.placements.size(), 1u);
  EXPECT_EQ(f.placements.employer[0], 0);

  // Everyone: the out-of-district person, and the Yongchuan employer fetched by reference.
  ASSERT_TRUE(service::LoadFacts(*store_, {""}, f).ok());
  EXPECT_EQ(f.persons.size(), 3u);
  EXPECT_EQ(f.employers.size(), 2u);
  EXPECT_EQ(f.contributions.person_offsets.back(), 14u);

  // A community (a narrow prefix): only its persons' records are read, through the region
  // index; persons_only leaves every table but persons, categories and households empty.
  service::LoadFactsOptions community{"500153001001"};
  auto c = service::LoadFacts(*store_, community, f);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(f.persons.size(), 2u);
  EXPECT_EQ(c->contributions, 13);
  EXPECT_EQ(c->outside_scope, 0);
  EXPECT_EQ(f.employments.size(), 2u);
  EXPECT_EQ(f.trainings.size(), 1u);
  community.persons_only = true;
  auto lean = service::LoadFacts(*store_, community, f);
  ASSERT_TRUE(lean.ok()) << lean.error().ToString();
  EXPECT_EQ(f.persons.size(), 2u);
  EXPECT_EQ(f.persons.category_offsets, (std::vector<uint32_t>{0, 2, 4}));
  EXPECT_EQ(f.contributions.size(), 0u);
  EXPECT_EQ(f.contributions.person_offsets, (std::vector<uint32_t>{0, 0, 0}));
  EXPECT_EQ(f.employments.size(), 0u);
  EXPECT_EQ(f.businesses.size(), 0u);
  EXPECT_EQ(f.paid.size(), 0u);
  EXPECT_TRUE(f.Validate().ok());
}

// RC-HIRE-HARDSHIP from store data, shaped as the demo records a 低保 hire: registered
// unemployed until the day of hire (the registration's last day is the hire date), hired on a
// labour contract 13 months before the as-of date, insured by the employer every month since.
TEST_P(PolicyDataTest, HardshipHireIsFoundFromStoreData) {
  const Date hired = D(2025, 2, 10), as_of = D(2026, 3, 15);
  service::Person p = MakePerson("h", "困难", "500153001001");
  p.hukou_region = "500153001001";
  p.education = "junior_or_below";
  p.graduation_date.reset();
  p.categories = {{"dibao", D(2024, 1, 1), std::nullopt, "民政"},
                  {"registered_unemployed", D(2024, 6, 1), hired, "失业登记"}};
  std::vector<service::Person> people = {p};
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  std::vector<service::Employer> employers(1);
  employers[0].credit_code = CreditCodeFor(7);
  employers[0].name = "荣昌帮扶食品有限公司";
  employers[0].size_class = "small";
  employers[0].kind = "enterprise";
  employers[0].region_code = "500153001001";
  ASSERT_TRUE(data().UpsertEmployers(employers).ok());
  std::vector<service::Employment> jobs = {{0, people[0].id, employers[0].id, "labour_contract",
                                            hired, std::nullopt, 36, "社保", "H1"}};
  ASSERT_TRUE(data().UpsertEmployments(jobs).ok());
  std::vector<service::Contribution> contributions;
  for (Date m = D(2025, 2, 1); m < D(2026, 3, 1); m = m.AddMonths(1))
    contributions.push_back({people[0].id, employers[0].id, m, 110000, "社保"});
  ASSERT_TRUE(data().UpsertContributions(contributions).ok());

  policy::Facts f;
  ASSERT_TRUE(service::LoadFacts(*store_, {"500153"}, f).ok());
  auto pack = policy::LoadPackFile(std::string(BANGFU_SOURCE_DIR) +
                                   "/policies/cq-rongchang-2022.yaml");
  ASSERT_TRUE(pack.ok());
  auto engine = policy::Engine::Create(pack.pack, f);
  ASSERT_TRUE(engine.ok()) << engine.error().ToString();
  const auto result = (*engine)->Run(as_of, 1);
  auto why = (*engine)->Explain(result, "RC-HIRE-HARDSHIP", 0);
  ASSERT_TRUE(why.ok()) << why.error().ToString();
  EXPECT_EQ(why->outcome, policy::Outcome::kEligible);

  // A registration that ended the day before the hire is not "registered when hired".
  f.persons.categories[1].to = hired.AddDays(-1);
  auto before = policy::Engine::Create(pack.pack, f);
  ASSERT_TRUE(before.ok());
  const auto r2 = (*before)->Run(as_of, 1);
  EXPECT_EQ((*before)->Explain(r2, "RC-HIRE-HARDSHIP", 0)->outcome, policy::Outcome::kNotEligible);
}

constexpr char kPersons[] =
    "姓名,身份证号,居住地区划代码,学历,毕业时间,人员类别,就业状态\n"
    "张三,{A},500153001001,本科,2026-06-30,高校毕业生,未就业\n"
    "李四,{B},500153001001,初中,,低保,未就业\n"
    "王五,{C},500154001001,初中,,,未就业\n";

std::string Fill(std::string s, const std::vector<std::pair<std::string, std::string>>& vars) {
  for (const auto& [k, v] : vars)
    for (size_t p = s.find(k); p != std::string::npos; p = s.find(k)) s.replace(p, k.size(), v);
  return s;
}

TEST_P(PolicyDataTest, ImportsValidateReferencesAndAreIdempotent) {
  const std::string a = IdNumberFor(D(2003, 3, 15), 123), b = IdNumberFor(D(1975, 8, 1), 222),
                    c = IdNumberFor(D(1980, 1, 2), 331), stranger = IdNumberFor(D(1990, 1, 1), 444);
  const std::string e1 = CreditCodeFor(11), e2 = CreditCodeFor(12);
  const std::vector<std::pair<std::string, std::string>> vars = {
      {"{A}", a}, {"{B}", b}, {"{C}", c}, {"{X}", stranger}, {"{E1}", e1}, {"{E2}", e2}};
  ImportPersons(Fill(kPersons, vars));

  // Employers: a bad credit code, an unknown size and an unknown region are each reported.
  const std::string employers = Fill(
      "统一社会信用代码,单位名称,企业规模,单位类型,所在地区划代码,基地认定日期\n"
      "{E1},荣昌示范食品有限公司,小型,企业,500153001001,2024-03-01\n"
      "{E2},荣昌昌元商贸有限公司,微型企业,企业,,\n"
      "91500153MA0000001X,错误代码公司,小型,企业,500153001001,\n"
      "{E1},重复,小型,企业,500153001001,\n"
      ",无代码,巨型,企业,599999,\n",
      vars);
  auto dry = Import(DataKind::kEmployers, employers, true);
  ASSERT_TRUE(dry.ok()) << dry.error().ToString();
  EXPECT_EQ(dry->rows, 5);
  EXPECT_EQ(dry->rejected, 3);
  EXPECT_FALSE(dry->written);
  std::set<std::string> columns;
  for (const auto& e : dry->errors) columns.insert(std::to_string(e.line) + ":" + e.column);
  EXPECT_TRUE(columns.count("4:统一社会信用代码")) << dry->errors[0].message;
  EXPECT_TRUE(columns.count("5:统一社会信用代码"));  // Same code as line 2.
  EXPECT_TRUE(columns.count("6:企业规模"));
  EXPECT_TRUE(columns.count("6:所在地区划代码"));
  EXPECT_EQ(*data().Count(service::DataTable::kEmployers), 0);
  // All-or-nothing with errors writes nothing.
  auto none = Import(DataKind::kEmployers, employers);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->written);
  EXPECT_EQ(*data().Count(service::DataTable::kEmployers), 0);
  auto kept = Import(DataKind::kEmployers, employers, false, ImportMode::kKeepGoodRows);
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(kept->written);
  EXPECT_EQ(kept->created, 2);
  EXPECT_EQ(*data().Count(service::DataTable::kEmployers), 2);

  // Contributions: money exact to the fen; unknown people and employers named with line and column.
  std::string contributions = "身份证号,缴费单位统一社会信用代码,参保月份,缴费金额(元)\n";
  for (int m = 1; m <= 12; ++m)
    contributions += Fill("{B},{E1},2025-" + std::to_string(m) + ",1234.56\n", vars);
  auto ok = Import(DataKind::kContributions, contributions);
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  ASSERT_TRUE(ok->errors.empty()) << ok->errors[0].message;
  EXPECT_EQ(ok->created, 12);
  auto again = Import(DataKind::kContributions, contributions);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 12);
  EXPECT_EQ(*data().Count(service::DataTable::kContributions), 12);

  auto bad = Import(DataKind::kContributions,
                    Fill("身份证号,缴费单位统一社会信用代码,参保月份,缴费金额(元)\n"
                         "{X},{E1},2025-01,100\n"
                         "{B},91500153MA0000099Y,2025-01,100\n"
                         "{B},{E1},2025-13,100\n"
                         "{B},{E1},2025-02,12.345\n"
                         "{B},,2025-02,88.8\n",
                         vars));
  ASSERT_TRUE(bad.ok());
  ASSERT_EQ(bad->errors.size(), 4u);
  EXPECT_EQ(bad->errors[0].line, 2);
  EXPECT_EQ(bad->errors[0].column, "身份证号");
  EXPECT_NE(bad->errors[0].message.find("台账中没有"), std::string::npos);
  EXPECT_EQ(bad->errors[1].column, "缴费单位统一社会信用代码");
  EXPECT_EQ(bad->errors[2].column, "参保月份");
  EXPECT_EQ(bad->errors[3].column, "缴费金额(元)");
  EXPECT_FALSE(bad->written);
  EXPECT_EQ(*data().Count(service::DataTable::kContributions), 12);

  // A person outside the caller's scope is refused like an unknown one.
  auto scoped = Import(DataKind::kEmployments,
                       Fill("身份证号,统一社会信用代码,就业形式,入职日期,合同期限(月)\n"
                            "{C},{E1},劳动合同,2025-01-01,24\n",
                            vars),
                       true, ImportMode::kAllOrNothing, "500153");
  ASSERT_TRUE(scoped.ok());
  ASSERT_EQ(scoped->errors.size(), 1u);
  EXPECT_NE(scoped->errors[0].message.find("管辖范围"), std::string::npos);

  auto jobs = Import(DataKind::kEmployments,
                     Fill("身份证号,统一社会信用代码,就业形式,入职日期,离职日期,合同期限(月)\n"
                          "{A},{E2},劳动合同,2026-05-06,,24\n"
                          "{B},{E1},劳动合同,2024-12-01,,无固定期限\n"
                          "{C},,灵活就业,2025-03-01,2025-02-01,\n"
                          "{A},,劳动合同,2026-01-01,,两年\n",
                          vars),
                     false, ImportMode::kKeepGoodRows);
  ASSERT_TRUE(jobs.ok()) << jobs.error().ToString();
  ASSERT_EQ(jobs->errors.size(), 3u);
  EXPECT_EQ(jobs->errors[0].column, "离职日期");
  EXPECT_EQ(jobs->created, 2);

  // The other tables, each once and then again unchanged.
  const std::vector<std::pair<DataKind, std::string>> files = {
      {DataKind::kBusinesses,
       "经营主体名称,创办人身份证号,主体类型,成立日期,从业人数,是否返乡创业\n"
       "李四小吃店,{B},个体工商户,2025-01-10,3,是\n"},
      {DataKind::kInternships,
       "身份证号,见习基地统一社会信用代码,见习开始日期,见习结束日期,是否完成见习,是否留用\n"
       "{A},{E1},2026-07-01,2026-12-31,,\n"},
      {DataKind::kTrainings,
       "身份证号,培训类型,课程编号,开班日期,结业日期,出勤天数,是否补贴目录课程,是否结业\n"
       "{B},职业技能培训,C-01,2025-04-01,2025-04-20,18,是,是\n"},
      {DataKind::kPlacements,
       "身份证号,安置单位统一社会信用代码,岗位名称,上岗日期\n{B},{E2},保洁,2025-10-01\n"},
      {DataKind::kDibaoPayments,
       "身份证号,发放月份,发放金额(元)\n{B},2025-05,620\n{B},2025-06,620.00\n"},
      {DataKind::kPaidSubsidies,
       "补贴项目,身份证号,统一社会信用代码,发放日期,发放金额(元),来源系统,支付流水号\n"
       "RC-HIRE-HARDSHIP,{B},{E1},2025-12-20,6000,重庆就业信息系统,ZF-001\n"},
  };
  for (const auto& [kind, text] : files) {
    const std::string csv = Fill(text, vars);
    auto first = Import(kind, csv);
    ASSERT_TRUE(first.ok()) << first.error().ToString();
    ASSERT_TRUE(first->errors.empty())
        << service::DataKindName(kind) << ": " << first->errors[0].message;
    EXPECT_GT(first->created, 0) << service::DataKindName(kind);
    auto second = Import(kind, csv);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->created, 0) << service::DataKindName(kind);
  }
  // A missing required column is an error of the whole file, naming the column.
  auto missing = Import(DataKind::kDibaoPayments, "身份证号,发放金额(元)\n" + b + ",620\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "发放月份");

  policy::Facts f;
  ASSERT_TRUE(service::LoadFacts(*store_, {"500153"}, f).ok());
  EXPECT_EQ(f.persons.size(), 2u);
  EXPECT_EQ(f.contributions.size(), 12u);
  EXPECT_EQ(f.contributions.amount[0], 123456);
  EXPECT_EQ(f.employments.size(), 2u);
  EXPECT_EQ(f.dibao_payments.amount[1], 62000);
  EXPECT_EQ(f.paid.amount[0], 600000);
  EXPECT_EQ(f.trainings.subsidised[0], policy::Tri::kTrue);
  EXPECT_EQ(f.businesses.return_home[0], policy::Tri::kTrue);
  EXPECT_EQ(f.internships.end[0], D(2026, 12, 31));
}

// Recognitions (migration 15) arrive as a file from the bureau's documents: each kind has its
// own fields, mistakes are named by line and column, a re-import corrects the same record, and
// the rules that read them (RC-BASE, RC-INCUBATOR, RC-WORKSHOP) find the employers.
TEST_P(PolicyDataTest, RecognitionsAreImportedAndFoundByTheRules) {
  const std::string e1 = CreditCodeFor(21), e2 = CreditCodeFor(22), e3 = CreditCodeFor(23);
  const std::vector<std::pair<std::string, std::string>> vars = {
      {"{E1}", e1}, {"{E2}", e2}, {"{E3}", e3}, {"{X}", CreditCodeFor(29)}};
  App();
  auto employers = Import(DataKind::kEmployers,
                          Fill("统一社会信用代码,单位名称,单位类型,所在地区划代码\n"
                               "{E1},荣昌就业基地有限公司,企业,500153001001\n"
                               "{E2},荣昌创业孵化园有限公司,企业,500153001001\n"
                               "{E3},荣昌夏布帮扶车间有限公司,企业,500153001001\n",
                               vars));
  ASSERT_TRUE(employers.ok()) << employers.error().ToString();
  ASSERT_EQ(employers->created, 3);

  const std::string header = "统一社会信用代码,认定类型,认定日期,认定级别,评估年度,评估等次,稳岗就业人数,认定文号\n";
  auto bad = Import(DataKind::kRecognitions,
                    Fill(header +
                             "{X},就业基地,2024-06-18,,,,,荣人社发〔2024〕45号\n"  // 2: unknown employer
                             "{E1},示范基地,2024-06-18,,,,,\n"                      // 3: unknown kind
                             "{E2},创业孵化基地,2025-09-01,,,,,\n"                  // 4: no level
                             "{E3},帮扶车间,2026-03-20,,,良好,10,\n"                // 5: no year
                             "{E3},帮扶车间,2026-03-20,,2027,良好,10,\n"            // 6: year after date
                             "{E3},帮扶车间,2026-03-20,,2025,很好,10,\n"            // 7: unknown grade
                             "{E1},就业基地,2024-06-18,市级,,,,\n"                  // 8: level on a base
                             "{E1},就业基地,2024-06-31,,,,,\n"                      // 9: bad date
                             "{E3},帮扶车间,2026-03-20,,2025,合格,,\n",             // 10: no jobs
                         vars),
                    true);
  ASSERT_TRUE(bad.ok()) << bad.error().ToString();
  EXPECT_EQ(bad->rows, 9);
  EXPECT_EQ(bad->rejected, 9);
  std::set<std::string> where;
  for (const auto& e : bad->errors) where.insert(std::to_string(e.line) + ":" + e.column);
  for (const char* w : {"2:统一社会信用代码", "3:认定类型", "4:认定级别", "5:评估年度",
                        "6:评估年度", "7:评估等次", "8:认定级别", "9:认定日期", "10:稳岗就业人数"})
    EXPECT_TRUE(where.count(w)) << w;
  EXPECT_EQ(*data().Count(service::DataTable::kRecognitions), 0);

  // An incubator recognised at district level, then upgraded to city level; two workshop
  // evaluations; a duplicate line is refused by its key, naming the first line.
  const std::string good = Fill(header +
                                    "{E1},更加充分更高质量就业基地,2024-06-18,,,,,荣人社发〔2024〕45号\n"
                                    "{E2},创业孵化基地,2025-09-01,区级,,,,\n"
                                    "{E2},孵化基地,2026-04-01,市级,,,,\n"
                                    "{E3},就业帮扶车间,2025-03-20,,2024,良好,10,\n"
                                    "{E3},就业帮扶车间,2026-03-01,,2025,优秀,12,\n",
                                vars);
  auto first = Import(DataKind::kRecognitions, good);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  ASSERT_TRUE(first->errors.empty()) << first->errors[0].message;
  EXPECT_EQ(first->created, 5);
  auto again = Import(DataKind::kRecognitions, good);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 5);
  auto dup = Import(DataKind::kRecognitions,
                    Fill(header + "{E3},帮扶车间,2026-03-01,,2025,优秀,12,\n"
                                  "{E3},帮扶车间,2026-03-02,,2025,良好,12,\n",
                         vars),
                    true);
  ASSERT_TRUE(dup.ok());
  ASSERT_EQ(dup->errors.size(), 1u);
  EXPECT_EQ(dup->errors[0].line, 3);
  EXPECT_NE(dup->errors[0].message.find("第 2 行"), std::string::npos);

  // Every record known: the incubator keeps its first date and has reached city level; the
  // workshop's latest evaluation is 2025's.
  policy::Facts f;
  ASSERT_TRUE(service::LoadFacts(*store_, {"500153"}, f).ok());
  ASSERT_EQ(f.employers.size(), 3u);  // By id: E1, E2, E3.
  const auto& E = f.employers;
  EXPECT_EQ(E.quality_base_recognised[0], D(2024, 6, 18));
  EXPECT_EQ(E.quality_base_recognised[1], policy::kNoDate);
  EXPECT_EQ(E.incubator_recognised[1], D(2025, 9, 1));
  EXPECT_EQ(E.incubator_level[1], policy::IncubatorLevel::kCity);
  EXPECT_EQ(E.incubator_level[0], policy::IncubatorLevel::kUnknown);
  EXPECT_EQ(E.workshop_year[2], 2025);
  EXPECT_EQ(E.workshop_grade[2], policy::WorkshopGrade::kExcellent);
  EXPECT_EQ(E.workshop_stable_jobs[2], 12);
  EXPECT_EQ(E.workshop_stable_jobs[0], -1);

  auto pack = policy::LoadPackFile(std::string(BANGFU_SOURCE_DIR) +
                                   "/policies/cq-rongchang-2022.yaml");
  ASSERT_TRUE(pack.ok());
  // The facts as they stood at a date, and the run at that date.
  struct AsOf {
    policy::Facts facts;
    std::unique_ptr<policy::Engine> engine;
    policy::RunResult result;
  };
  auto at = [&](Date as_of) {
    auto x = std::make_unique<AsOf>();
    service::LoadFactsOptions o;
    o.region_prefix = "500153";
    o.as_of = as_of;
    EXPECT_TRUE(service::LoadFacts(*store_, o, x->facts).ok());
    auto engine = policy::Engine::Create(pack.pack, x->facts);
    EXPECT_TRUE(engine.ok());
    x->engine = std::move(engine).value();
    x->result = x->engine->Run(as_of, 1);
    return x;
  };
  const auto may = at(D(2026, 5, 15));
  auto base = may->engine->Explain(may->result, "RC-BASE", 0);
  ASSERT_TRUE(base.ok());
  EXPECT_EQ(base->outcome, policy::Outcome::kEligible);
  EXPECT_EQ(base->amount, 60000000);
  EXPECT_EQ(may->engine->Explain(may->result, "RC-BASE", 1)->outcome,
            policy::Outcome::kNotEligible);
  // By May 2026 the incubator is city level (60万); before the upgrade it was district (20万).
  auto incubator = may->engine->Explain(may->result, "RC-INCUBATOR", 1);
  ASSERT_TRUE(incubator.ok());
  EXPECT_EQ(incubator->outcome, policy::Outcome::kEligible);
  EXPECT_EQ(incubator->amount, 60000000);
  const auto december = at(D(2025, 12, 1));
  EXPECT_EQ(december->facts.employers.incubator_level[1], policy::IncubatorLevel::kDistrict);
  auto district = december->engine->Explain(december->result, "RC-INCUBATOR", 1);
  ASSERT_TRUE(district.ok());
  EXPECT_EQ(district->amount, 20000000);
  // Before any recognition nothing is known.
  EXPECT_EQ(at(D(2025, 8, 31))->facts.employers.incubator_level[1],
            policy::IncubatorLevel::kUnknown);

  // The workshop rule reads the 2025 evaluation; its per-job rates are open in the source, so
  // it is found but not configured — not "not eligible".
  auto workshop = may->engine->Explain(may->result, "RC-WORKSHOP", 2);
  ASSERT_TRUE(workshop.ok());
  EXPECT_EQ(workshop->outcome, policy::Outcome::kNotConfigured);
  ASSERT_EQ(workshop->conditions.size(), 3u);
  for (const auto& c : workshop->conditions) EXPECT_EQ(c.result, policy::Tri::kTrue) << c.text;
  // A run in 2025, before the 2025 evaluation existed, reads the 2024 evaluation (the last
  // completed year then), not "none".
  const auto june = at(D(2025, 6, 1));
  EXPECT_EQ(june->facts.employers.workshop_year[2], 2024);
  EXPECT_EQ(june->facts.employers.workshop_grade[2], policy::WorkshopGrade::kGood);
  auto june_why = june->engine->Explain(june->result, "RC-WORKSHOP", 2);
  ASSERT_TRUE(june_why.ok());
  EXPECT_EQ(june_why->outcome, policy::Outcome::kNotConfigured);
  for (const auto& c : june_why->conditions) EXPECT_EQ(c.result, policy::Tri::kTrue) << c.text;
  // In February 2026 the 2025 evaluation (dated 2026-03-01) is not yet known: the 2024 one is
  // the latest, and it is not the last completed year's.
  const auto february = at(D(2026, 2, 15));
  EXPECT_EQ(february->facts.employers.workshop_year[2], 2024);
  auto later_why = february->engine->Explain(february->result, "RC-WORKSHOP", 2);
  ASSERT_TRUE(later_why.ok());
  int year_conditions = 0;
  for (const auto& c : later_why->conditions)
    if (c.text.find("workshop_year") != std::string::npos) {
      ++year_conditions;
      EXPECT_EQ(c.result, policy::Tri::kFalse);
    }
  EXPECT_EQ(year_conditions, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, PolicyDataTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace bangfu::store
