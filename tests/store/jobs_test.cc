// The job side (migration 12) on both backends: the repository, and the posting and match use
// cases over a real store — review with its fake-posting checks, scope, incremental matching,
// warnings weighing in, the batch run, and the occupation and posting imports.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "bangfu/base/clock.h"
#include "bangfu/domain/identity.h"
#include "bangfu/service/app.h"
#include "bangfu/service/region_service.h"
#include "store_fixture.h"

namespace bangfu::store {
namespace {

using service::JobPosting;
using service::PostingInput;

Date D(int y, int m, int d) { return Date::FromYmdUnchecked(y, m, d); }

std::string IdNumber(int seq) { return IdNumberFor(D(2002, 3, 1 + seq % 28), seq); }

std::string ReadDemoTaxonomy() {
  std::ifstream f(std::string(BANGFU_SOURCE_DIR) + "/share/occupations/demo.csv");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class JobsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (!store_) return;
    std::vector<service::Region> regions;
    for (const char* c : {"500000", "500100", "500153", "500153001", "500153001001", "500153002",
                          "500153002001", "500154", "500154001", "500154001001"})
      regions.push_back(*service::MakeRegion(c, c));
    ASSERT_TRUE(store_->regions().UpsertMany(regions).ok());
    service::AppOptions o;
    o.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
    app_ = std::make_unique<service::App>(*store_, clock_, std::move(o));
    std::vector<service::Employer> es(3);
    for (int i = 0; i < 3; ++i) {
      es[i].credit_code = CreditCodeFor(i + 1);
      es[i].name = "荣昌测试单位" + std::to_string(i + 1);
      es[i].region_code = i == 2 ? "500154001001" : "500153001001";
      es[i].address = i == 1 ? "" : "昌州街道测试路 " + std::to_string(i + 1) + " 号";
    }
    ASSERT_TRUE(store_->policy_data().UpsertEmployers(es).ok());
    for (const auto& e : es) employers_.push_back(e.id);
    auto s = app_->matches().Load(ReadDemoTaxonomy());
    ASSERT_TRUE(s.ok()) << s.error().ToString();
  }

  service::RequestContext Staff(const std::string& scope = "500153", service::Role role = service::Role::kDistrictStaff) {
    service::RequestContext ctx;
    ctx.principal.user_id = 7;
    ctx.principal.username = "staff";
    ctx.principal.display_name = "审核员";
    ctx.principal.role = role;
    ctx.principal.scope = scope;
    return ctx;
  }
  service::RequestContext Employer(int64_t org) {
    service::RequestContext ctx;
    ctx.principal.user_id = 9;
    ctx.principal.username = "qiye";
    ctx.principal.role = service::Role::kEmployer;
    ctx.principal.org_id = org;
    return ctx;
  }
  PostingInput Input(const std::string& title, int64_t lo = 4000, int64_t hi = 5000) {
    PostingInput in;
    in.title = title;
    in.salary_min = lo;
    in.salary_max = hi;
    in.openings = 2;
    in.valid_until = D(2027, 1, 31);
    return in;
  }
  int64_t AddPerson(int seq, const std::string& desired, const std::string& region = "500153001001") {
    service::PersonInput in;
    in.id_number = IdNumber(seq);
    static const char* const kNames[] = {"赵一", "钱二", "孙三", "李四"};
    in.name = kNames[seq % 4];
    in.hukou_region = region;
    in.residence_region = region;
    in.education = "high_school";
    in.desired_occupation = desired;
    in.expected_salary_min = 4000;
    auto p = app_->persons().Create(Staff(), in);
    EXPECT_TRUE(p.ok()) << p.error().ToString();
    return p.ok() ? p->id : 0;
  }
  bool HasCheck(const JobPosting& p, const std::string& code) {
    for (const auto& c : p.checks)
      if (c.code == code) return true;
    return false;
  }

  FixedClock clock_{Timestamp::FromSeconds(1'795'000'000)};  // 2026-11-18
  std::unique_ptr<service::App> app_;
  std::vector<int64_t> employers_;
};

TEST_P(JobsTest, RepositoryRoundTripAndVersionConflict) {
  auto& jobs = store_->jobs();
  JobPosting p;
  p.employer_id = employers_[0];
  p.title = "仓库管理员";
  p.occupation_code = "4-02-06-01";
  p.skills = {"Excel", "叉车"};
  p.region_code = "500153001001";
  p.work_kind = "full_time";
  p.valid_until = D(2027, 1, 1);
  p.checks = {{"fee_words", "含\"押金\""}};
  p.created_at = p.updated_at = {5};
  auto id = jobs.InsertPosting(p);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  auto got = jobs.GetPosting(*id);
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(got->employer_name, "荣昌测试单位1");
  EXPECT_EQ(got->skills, p.skills);
  EXPECT_EQ(got->checks.size(), 1u);
  EXPECT_EQ(got->checks[0].message, "含\"押金\"");
  EXPECT_EQ(*got->valid_until, D(2027, 1, 1));
  got->title = "仓管";
  got->version = 2;
  ASSERT_TRUE(jobs.UpdatePosting(*got).ok());
  got->version = 2;  // Stale: the stored version is already 2.
  EXPECT_EQ(jobs.UpdatePosting(*got).error().code, ErrorCode::kConflict);
  got->id = 999999;
  got->version = 2;
  EXPECT_EQ(jobs.UpdatePosting(*got).error().code, ErrorCode::kNotFound);

  service::PostingFilter f;
  f.region_prefix = "500154";
  EXPECT_EQ(jobs.ListPostings(f)->total, 0);
  f.region_prefix = "500153001";
  f.query = "仓管";
  EXPECT_EQ(jobs.ListPostings(f)->total, 1);

  std::vector<service::OccupationRow> occ = {{"4-02-06-01", 4, "仓库管理员", "", "", {"仓管", "库管"}, false, false}};
  EXPECT_EQ(*jobs.UpsertOccupations(occ), 1);
  EXPECT_EQ(*jobs.UpsertOccupations(occ), 0);  // Idempotent.
  EXPECT_EQ(jobs.Occupations()->at(0).aliases, occ[0].aliases);
}

TEST_P(JobsTest, ReviewChecksAndScope) {
  auto& postings = app_->postings();
  // An employer posts for itself only; the title gives the occupation.
  auto p = postings.Create(Employer(employers_[0]), Input("招聘仓管（包吃住）"));
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->status, "pending");
  EXPECT_TRUE(p->occupation_from_title);
  EXPECT_FALSE(p->occupation_code.empty());
  EXPECT_TRUE(p->checks.empty());
  EXPECT_EQ(postings.Get(Employer(employers_[1]), p->id).error().code, ErrorCode::kNotFound);

  // Fee words and a missing address are findings for the reviewer.
  auto in = Input("分拣员");
  in.description = "入职先交押金 300 元及服装费";
  auto fee = postings.Create(Employer(employers_[1]), in);
  ASSERT_TRUE(fee.ok()) << fee.error().ToString();
  EXPECT_TRUE(HasCheck(*fee, "fee_words"));
  EXPECT_TRUE(HasCheck(*fee, "no_address"));

  // Review: staff only, reason required to reject; another district does not see it.
  EXPECT_EQ(postings.Review(Employer(employers_[0]), p->id, true, "").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(postings.Review(Staff("500154"), p->id, true, "").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(postings.Review(Staff(), fee->id, false, " ").error().field, "reason");
  auto rejected = postings.Review(Staff(), fee->id, false, "收取押金");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->status, "rejected");
  auto published = postings.Review(Staff(), p->id, true, "");
  ASSERT_TRUE(published.ok()) << published.error().ToString();
  EXPECT_EQ(published->status, "published");
  EXPECT_EQ(postings.Review(Staff(), p->id, true, "").error().code, ErrorCode::kFailedPrecondition);

  // The employer edits the published posting: back to review.
  auto edited = postings.Update(Employer(employers_[0]), p->id, Input("仓库管理员", 4200, 5200), published->version);
  ASSERT_TRUE(edited.ok()) << edited.error().ToString();
  EXPECT_EQ(edited->status, "pending");
  EXPECT_EQ(postings.Update(Employer(employers_[0]), p->id, Input("仓库管理员"), published->version).error().code,
            ErrorCode::kConflict);

  // Audit: every change recorded.
  service::AuditFilter af;
  af.limit = 100;
  auto entries = store_->audit().Query(af);
  ASSERT_TRUE(entries.ok());
  int posting_entries = 0;
  for (const auto& e : *entries)
    if (e.action.rfind("posting.", 0) == 0) ++posting_entries;
  EXPECT_EQ(posting_entries, 5);  // 2 creates, reject, publish, update.
}

TEST_P(JobsTest, SalaryFarAboveTheOccupationsTypicalRange) {
  auto& postings = app_->postings();
  for (int i = 0; i < service::kMinSalaryPeers; ++i) {
    auto in = Input("电子厂普工", 4000 + i * 100, 5000 + i * 200);
    in.occupation_code = "6-31-01-03";
    auto p = postings.Create(Staff(), [&] { in.employer_id = employers_[0]; return in; }());
    ASSERT_TRUE(p.ok()) << p.error().ToString();
    ASSERT_TRUE(postings.Review(Staff(), p->id, true, "").ok());
  }
  auto typical = postings.Typical("6-31-01-03", 0);
  ASSERT_TRUE(typical.ok());
  EXPECT_EQ(typical->peers, service::kMinSalaryPeers);
  EXPECT_EQ(typical->upper, 5600);  // 75th percentile of 5000..5800.
  auto in = Input("普工 月入过万", 15000, 20000);
  in.employer_id = employers_[0];
  in.occupation_code = "6-31-01-03";
  auto high = postings.Create(Staff(), in);
  ASSERT_TRUE(high.ok());
  EXPECT_TRUE(HasCheck(*high, "salary_high"));
  in.salary_min = 6000;
  in.salary_max = 7000;
  auto fine = postings.Create(Staff(), in);
  EXPECT_FALSE(HasCheck(*fine, "salary_high"));
}

TEST_P(JobsTest, MatchingIsIncrementalAndWarningsWeighIn) {
  const int64_t person = AddPerson(1, "仓库管理员");
  auto& postings = app_->postings();
  auto in = Input("仓库管理员");
  in.employer_id = employers_[0];
  auto p = postings.Create(Staff(), in);
  ASSERT_TRUE(p.ok());
  // Pending: not recommended.
  EXPECT_TRUE(app_->matches().Recommendations(Staff(), person, 10)->empty());
  ASSERT_TRUE(postings.Review(Staff(), p->id, true, "").ok());
  auto recs = app_->matches().Recommendations(Staff(), person, 10);
  ASSERT_TRUE(recs.ok()) << recs.error().ToString();
  ASSERT_EQ(recs->size(), 1u);
  EXPECT_EQ((*recs)[0].id, p->id);
  EXPECT_FALSE((*recs)[0].reasons.empty());
  const double before = (*recs)[0].score;
  auto cands = app_->matches().Candidates(Staff(), p->id, 10);
  ASSERT_TRUE(cands.ok());
  ASSERT_EQ(cands->size(), 1u);
  EXPECT_EQ((*cands)[0].id, person);
  // Staff of another district see neither.
  EXPECT_EQ(app_->matches().Recommendations(Staff("500154"), person, 10).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(app_->matches().Candidates(Staff("500154"), p->id, 10).error().code, ErrorCode::kNotFound);

  // A wage-arrears warning lowers the score; fraud removes the posting.
  service::EmployerWarning w;
  w.employer_id = employers_[0];
  w.kind = "wage_arrears";
  w.evidence = "监察指令书 17 号";
  w.from = D(2026, 10, 1);
  auto added = postings.AddWarning(Staff(), w);
  ASSERT_TRUE(added.ok()) << added.error().ToString();
  recs = app_->matches().Recommendations(Staff(), person, 10);
  ASSERT_EQ(recs->size(), 1u);
  EXPECT_LT((*recs)[0].score, before);
  w.id = added->id;
  w.kind = "fake_recruitment";
  ASSERT_TRUE(postings.UpdateWarning(Staff(), w).ok());
  EXPECT_TRUE(app_->matches().Recommendations(Staff(), person, 10)->empty());
  ASSERT_TRUE(postings.DeleteWarning(Staff(), added->id).ok());
  EXPECT_EQ(app_->matches().Recommendations(Staff(), person, 10)->size(), 1u);

  // The batch run keeps the results; closing takes the posting out at once.
  auto run = app_->matches().Run(Staff(), "");
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  EXPECT_EQ(run->run.persons, 1);
  EXPECT_EQ(run->results, 2);  // One for the person, one for the posting.
  EXPECT_EQ(store_->jobs().MatchResults("person", person)->size(), 1u);
  ASSERT_TRUE(app_->matches().Run(Staff(), "").ok());  // Replaces, does not add.
  EXPECT_EQ(store_->jobs().MatchResults("posting", p->id)->size(), 1u);
  ASSERT_TRUE(postings.Close(Staff(), p->id, "filled").ok());
  EXPECT_TRUE(app_->matches().Recommendations(Staff(), person, 10)->empty());

  // A person who finds work leaves the matcher.
  ASSERT_TRUE(app_->persons().ChangeStatus(Staff(), person, "employed_employer", D(2026, 11, 18), "", "已入职").ok());
  EXPECT_TRUE(app_->matches().Recommendations(Staff(), person, 10)->empty());
}

TEST_P(JobsTest, ExpiryIsAppliedAsOfTheClock) {
  auto in = Input("仓库管理员");
  in.employer_id = employers_[0];
  in.valid_until = D(2026, 11, 20);
  auto p = app_->postings().Create(Staff(), in);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(app_->postings().Review(Staff(), p->id, true, "").ok());
  EXPECT_EQ(*app_->postings().ExpireDue(Staff()), 0);
  clock_.Advance(3 * 86400);
  EXPECT_EQ(*app_->postings().ExpireDue(Staff()), 1);
  auto got = app_->postings().Get(Staff(), p->id);
  EXPECT_EQ(got->status, "closed");
  EXPECT_EQ(got->close_reason, "expired");
}

// The server's timer: expiry once per date, as the system account, leaving the matcher at once.
TEST_P(JobsTest, HousekeepingClosesExpiredPostingsOncePerDate) {
  const int64_t person = AddPerson(1, "仓库管理员");
  auto in = Input("仓库管理员");
  in.employer_id = employers_[0];
  in.valid_until = D(2026, 11, 20);
  auto p = app_->postings().Create(Staff(), in);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(app_->postings().Review(Staff(), p->id, true, "").ok());
  auto& keeper = app_->housekeeper();
  auto r = keeper.RunOnce();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->expiry_ran);
  EXPECT_EQ(r->expired, 0);
  EXPECT_FALSE(keeper.RunOnce()->expiry_ran);  // Same date: nothing can have become due.
  // A wage-arrears warning whose last day is today weighs in today, not tomorrow.
  service::EmployerWarning w;
  w.employer_id = employers_[0];
  w.kind = "wage_arrears";
  w.evidence = "监察指令书 18 号";
  w.from = D(2026, 11, 1);
  w.to = D(2026, 11, 18);
  ASSERT_TRUE(app_->postings().AddWarning(Staff(), w).ok());
  auto recs = app_->matches().Recommendations(Staff(), person, 10);
  ASSERT_EQ(recs->size(), 1u);
  const double warned = (*recs)[0].score;
  clock_.Advance(86400);  // 11-19, 11-20: still valid on its last day.
  EXPECT_EQ(keeper.RunOnce()->expired, 0);
  recs = app_->matches().Recommendations(Staff(), person, 10);
  ASSERT_EQ(recs->size(), 1u);
  EXPECT_GT((*recs)[0].score, warned);
  clock_.Advance(2 * 86400);
  r = keeper.RunOnce();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->expiry_ran);
  EXPECT_EQ(r->expired, 1);
  EXPECT_TRUE(app_->matches().Recommendations(Staff(), person, 10)->empty());
  auto got = app_->postings().Get(Staff(), p->id);
  EXPECT_EQ(got->status, "closed");
  EXPECT_EQ(got->close_reason, "expired");
  auto log = store_->audit().Query({});
  ASSERT_TRUE(log.ok());
  bool audited = false;
  for (const auto& e : *log) audited |= e.action == "posting.expire" && e.username == "system";
  EXPECT_TRUE(audited);
}

// Another process (a second App on the same store, as `bangfu import` from the command line
// is) writes people and postings: the server's matcher has them after CatchUp, not before.
TEST_P(JobsTest, CatchUpFilesWhatOtherProcessesWrote) {
  service::AppOptions o;
  o.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
  service::App other(*store_, clock_, std::move(o));
  ASSERT_TRUE(other.matches().Load(ReadDemoTaxonomy()).ok());  // Its own matcher, not the server's.
  clock_.Advance(1);  // Later than anything the server's matcher has seen.
  auto in = Input("仓库管理员");
  in.employer_id = employers_[0];
  auto p = other.postings().Create(Staff(), in);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(other.postings().Review(Staff(), p->id, true, "").ok());
  service::PersonInput pin;
  pin.id_number = IdNumber(5);
  pin.name = "周五";
  pin.hukou_region = pin.residence_region = "500153001001";
  pin.education = "high_school";
  pin.desired_occupation = "仓管";
  auto person = other.persons().Create(Staff(), pin);
  ASSERT_TRUE(person.ok()) << person.error().ToString();

  auto& matches = app_->matches();
  EXPECT_TRUE(matches.Recommendations(Staff(), person->id, 10)->empty());
  EXPECT_TRUE(matches.Candidates(Staff(), p->id, 10)->empty());
  auto n = matches.CatchUp();
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  EXPECT_GE(*n, 2);
  auto recs = matches.Recommendations(Staff(), person->id, 10);
  ASSERT_EQ(recs->size(), 1u);
  EXPECT_EQ((*recs)[0].id, p->id);
  ASSERT_EQ(matches.Candidates(Staff(), p->id, 10)->size(), 1u);

  // Closed and found work elsewhere: both leave at the next catch-up.
  clock_.Advance(60);
  ASSERT_TRUE(other.postings().Close(Staff(), p->id, "filled").ok());
  ASSERT_TRUE(other.persons().ChangeStatus(Staff(), person->id, "employed_employer", D(2026, 11, 18), "", "已入职").ok());
  EXPECT_EQ(matches.Recommendations(Staff(), person->id, 10)->size(), 1u);
  ASSERT_TRUE(matches.CatchUp().ok());
  EXPECT_TRUE(matches.Recommendations(Staff(), person->id, 10)->empty());
  EXPECT_TRUE(matches.Candidates(Staff(), p->id, 10)->empty());
  // Nothing new: nothing is read again.
  EXPECT_EQ(*matches.CatchUp(), 0);
}

// Catch-up follows the ledger's change feed, in commit order, not updated_at: a person whose
// transaction carries an older stamp than one the matcher has already seen (a long import that
// began before someone's edit and committed after it) is still filed.
TEST_P(JobsTest, CatchUpFilesAPersonStampedBeforeOneItSawAlready) {
  auto person_input = [](int n, const char* name) {
    service::PersonInput pin;
    pin.id_number = IdNumber(n);
    pin.name = name;
    pin.hukou_region = pin.residence_region = "500153001001";
    pin.education = "high_school";
    pin.desired_occupation = "仓管";
    return pin;
  };
  auto in = Input("仓库管理员");
  in.employer_id = employers_[0];
  auto posting = app_->postings().Create(Staff(), in);
  ASSERT_TRUE(posting.ok());
  ASSERT_TRUE(app_->postings().Review(Staff(), posting->id, true, "").ok());
  auto app_with_clock = [&](FixedClock& clock) {
    service::AppOptions o;
    o.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
    return std::make_unique<service::App>(*store_, clock, std::move(o));
  };
  FixedClock later{Timestamp::FromSeconds(1'795'000'000 + 3600)};
  FixedClock earlier{Timestamp::FromSeconds(1'795'000'000 + 60)};
  auto late_writer = app_with_clock(later);
  auto early_writer = app_with_clock(earlier);
  auto seen = late_writer->persons().Create(Staff(), person_input(7, "周七"));
  ASSERT_TRUE(seen.ok()) << seen.error().ToString();
  auto& matches = app_->matches();
  ASSERT_TRUE(matches.CatchUp().ok());
  ASSERT_EQ(matches.Recommendations(Staff(), seen->id, 10)->size(), 1u);
  // Committed now, stamped an hour before the person the matcher has seen.
  auto late = early_writer->persons().Create(Staff(), person_input(8, "吴八"));
  ASSERT_TRUE(late.ok()) << late.error().ToString();
  auto n = matches.CatchUp();
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  EXPECT_EQ(*n, 1);
  ASSERT_EQ(matches.Recommendations(Staff(), late->id, 10)->size(), 1u);
  EXPECT_EQ(*matches.CatchUp(), 0);
}

// Load files every person from one bulk read of the store (MatchPersons, each distinct
// desired-occupation text normalised once). It must file exactly what the one-person path
// (PersonChanged: the full record, normalised on its own) files: a second matcher with every
// person re-filed that way gives the same recommendations and candidates, reasons included.
// People with and without a desired occupation (one written twice, one with several wishes, one
// that fits nothing), education, major, skills and categories (active and lapsed), in two
// towns, and people not looking for work (employed, not wanting, not able) who must be absent.
TEST_P(JobsTest, LoadFilesThePersonsTheOnePersonPathFiles) {
  std::vector<int64_t> postings;
  for (const char* title : {"仓库管理员", "叉车司机", "保安员", "收银员", "电工"}) {
    for (int town = 0; town < 2; ++town) {
      auto in = Input(title, 3500 + 500 * town, 6000);
      in.employer_id = employers_[town == 0 ? 0 : 2];
      in.region_code = town == 0 ? "500153001001" : "500154001001";
      in.skills = {"叉车"};
      auto p = app_->postings().Create(Staff("500"), in);
      ASSERT_TRUE(p.ok()) << p.error().ToString();
      ASSERT_TRUE(app_->postings().Review(Staff("500"), p->id, true, "").ok());
      postings.push_back(p->id);
    }
  }
  struct Who {
    const char* desired;
    const char* region;
    const char* education;
    const char* major;
    std::vector<std::string> skills;
    bool graduate, wants, able;
  };
  const std::vector<Who> who = {
      {"仓管、叉车司机", "500153001001", "bachelor", "物流管理", {"Excel", "叉车"}, true, true, true},
      {"仓管、叉车司机", "500154001001", "high_school", "", {"叉车"}, false, true, true},
      {"", "500153002001", "", "", {}, false, true, true},
      {"保安", "500154001001", "junior_or_below", "", {}, false, true, true},
      {"zzz天外来客", "500153001001", "junior_college", "会计", {"收银"}, false, true, true},
      {"收银员/电工", "500153001001", "high_school", "", {"电工证"}, true, true, true},
      {"保安", "500153001001", "high_school", "", {}, false, false, true},
      {"保安", "500153001001", "high_school", "", {}, false, true, false},
      {"仓管、叉车司机", "500153001001", "high_school", "", {}, false, true, true},  // Finds work.
  };
  std::vector<int64_t> people;
  for (size_t i = 0; i < who.size(); ++i) {
    service::PersonInput in;
    in.id_number = IdNumber(100 + static_cast<int>(i));
    static const char* const kNames[] = {"赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七", "王八", "冯九"};
    in.name = kNames[i];
    in.hukou_region = in.residence_region = who[i].region;
    in.education = who[i].education;
    in.major = who[i].major;
    in.skills = who[i].skills;
    in.desired_occupation = who[i].desired;
    in.expected_salary_min = 3000 + 500 * static_cast<int64_t>(i);
    in.wants_work = who[i].wants;
    in.able_to_work = who[i].able;
    if (who[i].graduate) in.categories.push_back({"graduate", D(2026, 7, 1), std::nullopt, "名单"});
    in.categories.push_back({"dibao", D(2020, 1, 1), D(2021, 1, 1), "低保"});  // Lapsed.
    auto p = app_->persons().Create(Staff("500"), in);
    ASSERT_TRUE(p.ok()) << p.error().ToString();
    people.push_back(p->id);
  }
  ASSERT_TRUE(app_->persons().ChangeStatus(Staff("500"), people.back(), "employed_employer", D(2026, 11, 18), "",
                                           "已入职").ok());

  service::AppOptions o;
  o.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
  service::App bulk(*store_, clock_, service::AppOptions(o));
  service::App one_by_one(*store_, clock_, std::move(o));
  ASSERT_TRUE(bulk.matches().Load(ReadDemoTaxonomy()).ok());
  ASSERT_TRUE(one_by_one.matches().Load(ReadDemoTaxonomy()).ok());
  for (int64_t id : people) ASSERT_TRUE(one_by_one.matches().PersonChanged(id).ok());

  auto text = [](const std::vector<service::ScoredMatch>& ms) {
    std::string s;
    for (const auto& m : ms) {
      s += std::to_string(m.id) + " " + std::to_string(m.score) + ":";
      for (const auto& r : m.reasons)
        s += " " + std::to_string(static_cast<int>(r.factor)) + "/" + std::to_string(r.contribution) + "/" + r.text;
      s += "\n";
    }
    return s;
  };
  const auto ctx = Staff("500");
  for (size_t i = 0; i < people.size(); ++i) {
    auto got = bulk.matches().Recommendations(ctx, people[i], 100);
    auto want = one_by_one.matches().Recommendations(ctx, people[i], 100);
    ASSERT_TRUE(got.ok() && want.ok()) << i;
    EXPECT_EQ(text(*got), text(*want)) << "person " << i;
    const bool looking = who[i].wants && who[i].able && i + 1 < who.size();
    EXPECT_EQ(got->empty(), !looking) << "person " << i;
  }
  // The two wishes of the first person are both read: their best postings are the warehouse
  // keeper's and the forklift driver's in their own town.
  auto first = bulk.matches().Recommendations(ctx, people[0], 2);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ(std::min((*first)[0].id, (*first)[1].id), postings[0]);
  EXPECT_EQ(std::max((*first)[0].id, (*first)[1].id), postings[2]);
  std::set<int64_t> candidates;
  for (size_t i = 0; i < postings.size(); ++i) {
    auto got = bulk.matches().Candidates(ctx, postings[i], 100);
    auto want = one_by_one.matches().Candidates(ctx, postings[i], 100);
    ASSERT_TRUE(got.ok() && want.ok()) << i;
    EXPECT_EQ(text(*got), text(*want)) << "posting " << i;
    for (const auto& m : *got) candidates.insert(m.id);
  }
  // Every one of the six looking for work is someone's candidate, nobody else.
  EXPECT_EQ(candidates, std::set<int64_t>(people.begin(), people.begin() + 6));
}

// Candidates come from the matcher's person index, cut to the caller's scope inside the
// search: a town's staff see the town's people only, however many better ones live elsewhere.
TEST_P(JobsTest, CandidatesAreCutToTheCallersScope) {
  auto in = Input("仓库管理员");
  in.employer_id = employers_[0];
  auto p = app_->postings().Create(Staff(), in);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(app_->postings().Review(Staff(), p->id, true, "").ok());
  std::vector<int64_t> town1, town2;
  for (int i = 0; i < 6; ++i) town1.push_back(AddPerson(10 + i, "仓库管理员", "500153001001"));
  for (int i = 0; i < 3; ++i) town2.push_back(AddPerson(20 + i, "仓库管理员", "500153002001"));
  auto all = app_->matches().Candidates(Staff("500153"), p->id, 20);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 9u);
  service::RequestContext town = Staff("500153002", service::Role::kTownStaff);
  // The posting is in town 1: town 2's staff do not see it at all.
  EXPECT_EQ(app_->matches().Candidates(town, p->id, 20).error().code, ErrorCode::kNotFound);
  auto district = app_->matches().Candidates(Staff("500153"), p->id, 2);
  ASSERT_EQ(district->size(), 2u);
  for (const auto& m : *district) EXPECT_NE(std::find(town1.begin(), town1.end(), m.id), town1.end());
  // District staff asking for 20 get everyone; the town-1 people rank first (same town).
  std::vector<int64_t> order;
  for (const auto& m : *all) order.push_back(m.id);
  for (size_t i = 0; i < 6; ++i) EXPECT_NE(std::find(town1.begin(), town1.end(), order[i]), town1.end());
  service::RequestContext town1_staff = Staff("500153001", service::Role::kTownStaff);
  auto mine = app_->matches().Candidates(town1_staff, p->id, 20);
  ASSERT_TRUE(mine.ok()) << mine.error().ToString();
  EXPECT_EQ(mine->size(), 6u);
}

TEST_P(JobsTest, ImportsOccupationsAndPostings) {
  service::RequestContext admin = Staff("", service::Role::kAdmin);
  const std::string bad =
      "level,code,code_num,name,definition,tasks,csco_code_num,alias\n"
      "1,4-00-00-00,4000000,社会生产服务和生活服务人员,,,,\n"
      "4,4-02-06-01,4020601,仓库管理员,,,,\"仓管,库管\"\n"
      "9,4-02-06-02,4020602,理货员,,,,\n";
  auto r = app_->matches().ImportOccupations(admin, bad, false);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_FALSE(r->written);
  ASSERT_EQ(r->issues.size(), 1u);
  EXPECT_EQ(r->issues[0].line, 4);
  EXPECT_EQ(r->issues[0].column, "level");
  EXPECT_TRUE(store_->jobs().Occupations()->empty());
  const std::string good = bad.substr(0, bad.rfind("9,"));
  r = app_->matches().ImportOccupations(admin, good, false);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->written);
  EXPECT_EQ(r->created, 2);
  EXPECT_EQ(app_->matches().ImportOccupations(admin, good, false)->created, 0);
  EXPECT_EQ(app_->matches().OccupationName("4-02-06-01"), "仓库管理员");  // Reloaded from the table.
  EXPECT_EQ(app_->matches().ImportOccupations(Staff(), good, false).error().code, ErrorCode::kPermissionDenied);

  const std::string csv = "统一社会信用代码,岗位名称,招聘人数,月薪下限,月薪上限,用工形式,有效期至\n" +
                          CreditCodeFor(1) + ",仓管,3,4000,5000,全职,2027-01-31\n" +
                          CreditCodeFor(1) + ",仓管,3,4000,5000,全职,2027-01-31\n" +
                          "91500153MA0000099X,仓管,1,,,全职,\n" +
                          CreditCodeFor(2) + ",库管,x,4000,5000,兼职,\n";
  service::ImportOptions o;
  o.dry_run = false;
  o.source = "fair.csv";
  auto rep = app_->postings().Import(Staff(), csv, o);
  ASSERT_TRUE(rep.ok()) << rep.error().ToString();
  EXPECT_FALSE(rep->written);  // All or nothing.
  ASSERT_EQ(rep->errors.size(), 3u);
  EXPECT_EQ(rep->errors[0].line, 3);
  EXPECT_EQ(rep->errors[1].column, "统一社会信用代码");
  EXPECT_EQ(rep->errors[2].column, "招聘人数");
  EXPECT_EQ(store_->jobs().ListPostings({})->total, 0);
  o.mode = service::ImportMode::kKeepGoodRows;
  rep = app_->postings().Import(Staff(), csv, o);
  ASSERT_TRUE(rep->written);
  EXPECT_EQ(rep->created, 1);
  rep = app_->postings().Import(Staff(), csv, o);
  EXPECT_EQ(rep->created, 0);
  EXPECT_EQ(rep->updated, 1);
  EXPECT_EQ(store_->jobs().ListPostings({})->total, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobsTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace bangfu::store
