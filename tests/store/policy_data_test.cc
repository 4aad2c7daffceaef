// The policy data (migration 5) on both backends: bulk upserts are idempotent, scans stream in
// the documented order, and LoadFacts builds the columnar population of policy/facts.h.
#include <gtest/gtest.h>

#include <algorithm>

#include "bangfu/domain/identity.h"
#include "bangfu/service/facts_loader.h"
#include "store_fixture.h"

namespace bangfu::store {
namespace {

Date D(int y, int m, int d) { return Date::FromYmdUnchecked(y, m, d); }

// A valid unified social credit code whose organisation code ends in `n`.
std::string CreditCodeFor(int n) {
  char first17[18];
  std::snprintf(first17, sizeof first17, "91500153MA%07d", n);
  return std::string(first17) + domain::CreditCode::CheckCharacter(first17);
}

class PolicyDataTest : public StoreTest {
 protected:
  service::PolicyDataRepository& data() { return store_->policy_data(); }

};

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
}

INSTANTIATE_TEST_SUITE_P(Backends, PolicyDataTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace bangfu::store
