// Job referrals (migration 13) on both backends: a referral naming a posting, refused for a
// posting that is not open; the one-click push, idempotent per day; who may record which
// outcome; "hired" writing the employment record and the status with history in one
// transaction, closing the open plan as 推荐就业 with its follow-ups; closing a plan with an
// employment outcome through the same function.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "bangfu/base/clock.h"
#include "bangfu/domain/identity.h"
#include "bangfu/service/app.h"
#include "bangfu/service/region_service.h"
#include "db.h"
#include "migrations.h"
#include "store_fixture.h"

namespace bangfu::store {
namespace {

using service::RequestContext;

Date D(int y, int m, int d) { return Date::FromYmdUnchecked(y, m, d); }
service::OutcomeInput O(const std::string& outcome) { return {outcome}; }

std::string IdNumber(int seq) { return IdNumberFor(D(1988, 3, 1 + seq % 28), seq); }

class ReferralsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (!store_) return;
    std::vector<service::Region> regions;
    for (const char* c : {"500000", "500100", "500153", "500153001", "500153001001", "500153001002"})
      regions.push_back(*service::MakeRegion(c, c));
    ASSERT_TRUE(store_->regions().UpsertMany(regions).ok());
    staff_ = AddUser("she1", Role::kCommunityStaff, "500153001001");
    other_staff_ = AddUser("she2", Role::kCommunityStaff, "500153001002");
    service::AppOptions o;
    o.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
    app_ = std::make_unique<service::App>(*store_, clock_, std::move(o));
    std::vector<service::Employer> es(2);
    for (int i = 0; i < 2; ++i) {
      es[i].credit_code = CreditCodeFor(i + 1);
      es[i].name = "荣昌食品厂" + std::to_string(i + 1);
      es[i].region_code = "500153001001";
      es[i].address = "昌州街道测试路 1 号";
    }
    ASSERT_TRUE(store_->policy_data().UpsertEmployers(es).ok());
    for (const auto& e : es) employers_.push_back(e.id);
    std::ifstream f(std::string(BANGFU_SOURCE_DIR) + "/share/occupations/demo.csv");
    std::stringstream ss;
    ss << f.rdbuf();
    ASSERT_TRUE(app_->matches().Load(ss.str()).ok());

    service::PersonInput in;
    in.id_number = IdNumber(1);
    in.name = "李春燕";
    in.hukou_region = in.residence_region = "500153001001";
    in.education = "high_school";
    in.desired_occupation = "包装工";
    in.household_key = "H1";
    auto p = app_->persons().Create(Staff(), in);
    ASSERT_TRUE(p.ok()) << p.error().ToString();
    person_ = p->id;
    household_ = *p->household_id;

    published_ = Posting("包装工", true);
    pending_ = Posting("分拣员", false);
  }
  int64_t AddUser(const std::string& name, Role role, const std::string& scope) {
    User u = MakeUser(name);
    u.role = role;
    u.scope = scope;
    return *store_->users().Insert(u);
  }
  RequestContext Staff() { return As(staff_, Role::kCommunityStaff, "500153001001"); }
  RequestContext As(int64_t user_id, Role role, const std::string& scope) {
    RequestContext ctx;
    ctx.principal.user_id = user_id;
    ctx.principal.username = "u" + std::to_string(user_id);
    ctx.principal.display_name = "测试";
    ctx.principal.role = role;
    ctx.principal.scope = scope;
    return ctx;
  }
  RequestContext Seeker(int64_t person) {
    RequestContext ctx = As(900, Role::kJobSeeker, "");
    ctx.principal.person_id = person;
    return ctx;
  }
  RequestContext Employer(int64_t org) {
    RequestContext ctx = As(901, Role::kEmployer, "");
    ctx.principal.org_id = org;
    return ctx;
  }
  // A referral by phone on 2026-11-18 to a job outside the platform at a registered employer.
  service::ServiceInput OutsideReferral(int64_t employer, const std::string& title) {
    service::ServiceInput in;
    in.kind = "job_referral";
    in.service_date = D(2026, 11, 18);
    in.channel = "phone";
    in.referral_employer_id = employer;
    in.referral_job_title = title;
    return in;
  }
  int64_t Posting(const std::string& title, bool publish) {
    service::PostingInput in;
    in.title = title;
    in.salary_min = 3500;
    in.salary_max = 4500;
    in.openings = 2;
    in.valid_until = D(2027, 1, 31);
    auto p = app_->postings().Create(Employer(employers_[0]), in);
    EXPECT_TRUE(p.ok()) << p.error().ToString();
    if (publish) {
      auto r = app_->postings().Review(As(staff_, Role::kDistrictStaff, "500153"), p->id, true, "");
      EXPECT_TRUE(r.ok()) << r.error().ToString();
    }
    return p->id;
  }
  int64_t AuditCount(const std::string& action) {
    service::AuditFilter f;
    f.action = action;
    f.limit = 500;
    return static_cast<int64_t>(store_->audit().Query(f)->size());
  }
  int64_t Employments() { return *store_->policy_data().Count(service::DataTable::kEmployments); }

  FixedClock clock_{Timestamp::FromSeconds(1'795'000'000)};  // 2026-11-18
  std::unique_ptr<service::App> app_;
  std::vector<int64_t> employers_;
  int64_t staff_ = 0, other_staff_ = 0, person_ = 0, household_ = 0, published_ = 0, pending_ = 0;
};

TEST_P(ReferralsTest, ReferralToAPostingTakesItsEmployerAndIsRefusedWhenNotOpen) {
  service::ServiceInput in;
  in.kind = "job_referral";
  in.service_date = D(2026, 11, 18);
  in.channel = "phone";
  in.referral_posting_id = pending_;
  auto refused = app_->cases().RecordService(Staff(), person_, in);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field, "referral_posting_id");
  in.referral_posting_id = 999999;
  EXPECT_EQ(app_->cases().RecordService(Staff(), person_, in).error().field, "referral_posting_id");
  ASSERT_TRUE(app_->postings().Close(As(staff_, Role::kDistrictStaff, "500153"), published_, "filled").ok());
  in.referral_posting_id = published_;
  auto closed = app_->cases().RecordService(Staff(), person_, in);
  ASSERT_FALSE(closed.ok());
  EXPECT_NE(closed.error().message.find("已关闭"), std::string::npos) << closed.error().message;
  EXPECT_TRUE(store_->cases().ServicesForPerson(person_)->empty());
  EXPECT_EQ(AuditCount("case.service.create"), 0);

  const int64_t open = Posting("装卸工", true);
  in.referral_posting_id = open;
  in.referral_job_title = "会被岗位名称替换";
  auto ok = app_->cases().RecordService(Staff(), person_, in);
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(ok->referral_employer_id, employers_[0]);
  EXPECT_EQ(ok->referral_employer_name, "荣昌食品厂1");  // copied from the posting's employer
  EXPECT_EQ(ok->referral_job_title, "装卸工");
  EXPECT_EQ(ok->outcome, "pending");
  auto stored = store_->cases().GetService(ok->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->referral_posting_id, open);
  // The unique index: one referral of the person to the posting a day.
  service::ServiceRecord again = *stored;
  EXPECT_EQ(store_->cases().InsertService(again).error().code, ErrorCode::kConflict);
  EXPECT_EQ((*store_->cases().FindReferral(person_, open, D(2026, 11, 18)))->id, ok->id);
  EXPECT_FALSE(*store_->cases().FindReferral(person_, open, D(2026, 11, 17)));
  EXPECT_EQ(store_->cases().ReferralsToEmployer(employers_[0], 10)->size(), 1u);
  EXPECT_TRUE(store_->cases().ReferralsToEmployer(employers_[1], 10)->empty());

  // A job outside the platform: a registered employer picked by name (its name copied) ...
  const service::ServiceInput outside = OutsideReferral(employers_[1], "电话联系的外地岗位");
  auto registered = app_->cases().RecordService(Staff(), person_, outside);
  ASSERT_TRUE(registered.ok()) << registered.error().ToString();
  EXPECT_EQ(registered->referral_employer_name, "荣昌食品厂2");
  // ... or an employer the platform does not know, by the name typed, with a contact.
  service::ServiceInput unknown = outside;
  unknown.referral_employer_id.reset();
  unknown.referral_employer_name = "  重庆某物流公司（外地）  ";
  unknown.referral_job_title = "分拣员";
  unknown.referral_contact = "王经理 023-46781234";
  auto named = app_->cases().RecordService(Staff(), person_, unknown);
  ASSERT_TRUE(named.ok()) << named.error().ToString();
  auto read = store_->cases().GetService(named->id);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->referral_employer_id);
  EXPECT_EQ(read->referral_employer_name, "重庆某物流公司（外地）");
  EXPECT_EQ(read->referral_job_title, "分拣员");
  EXPECT_EQ(read->referral_contact, "王经理 023-46781234");
  EXPECT_EQ(read->outcome, "pending");
  // Each missing or overlong field is named; nothing is stored.
  const size_t before = store_->cases().ServicesForPerson(person_)->size();
  auto rejected = [&](service::ServiceInput in) {
    auto r = app_->cases().RecordService(Staff(), person_, in);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().field;
  };
  service::ServiceInput bad = unknown;
  bad.referral_employer_name = "  ";
  EXPECT_EQ(rejected(bad), "referral_employer_name");
  bad = unknown;
  bad.referral_job_title = "";
  EXPECT_EQ(rejected(bad), "referral_job_title");
  bad = unknown;
  bad.referral_contact = std::string(101, 'x');
  EXPECT_EQ(rejected(bad), "referral_contact");
  bad = unknown;
  std::string long_name;
  for (int i = 0; i < 101; ++i) long_name += "厂";
  bad.referral_employer_name = long_name;
  EXPECT_EQ(rejected(bad), "referral_employer_name");
  bad = unknown;
  bad.kind = "policy_briefing";
  bad.referral_job_title.clear();
  bad.referral_employer_name.clear();
  EXPECT_EQ(rejected(bad), "referral_employer_id");  // a contact on another kind of service
  EXPECT_EQ(store_->cases().ServicesForPerson(person_)->size(), before);
}

// Migration 43 names the referrals made before it by their registered employer. A database built
// at version 40 (the one before 43), before the name existed, holds referrals to registered
// employers (typed, and through a posting), one to an employer id no employers row has, and a
// service that is no referral; upgrading it fills in the names of the registered employers and
// leaves the others without one.
TEST_P(ReferralsTest, Migration43NamesOlderReferralsByTheirEmployer) {
  const StoreOptions o = FreshOptions();
  if (GetParam() == "sqlite") fs::create_directories(o.data_dir);
  Db db(GetParam() == "sqlite" ? Dialect::kSqlite : Dialect::kPostgres,
        GetParam() == "sqlite" ? "db=" + (fs::path(o.data_dir) / "bangfu.db").string() : PgConnect(o.url), 1);
  ASSERT_TRUE(db.Connect().ok());
  // Every migration before 43 (numbers have gaps: the one before it is 40).
  std::vector<Migration> before43;
  for (const auto& m : Migrations())
    if (m.version < 43) before43.push_back(m);
  ASSERT_EQ(before43.back().version, 40);
  auto built = ApplyMigrations(db, before43, true);
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  ASSERT_EQ(GetMigrationStatus(o)->current, 40);

  long long a = 0, b = 0, typed = 0, posted = 0, dangling = 0, briefing = 0;
  {
    auto raw = RawFor(o);
    long long staff = 0, person = 0, posting = 0;
    // soci binds by reference and may read after the full expression: named values only.
    const std::string code_a = CreditCodeFor(91), code_b = CreditCodeFor(92);
    const std::string referral = "job_referral", briefing_kind = "policy_briefing";
    const std::string packer = "包装工", driver = "驾驶员", porter = "搬运工", none_title;
    *raw << "INSERT INTO users (username, display_name, role, scope, password_hash, created_at, password_changed_at) "
            "VALUES ('she_old', '旧专员', 'community_staff', '500153001001', 'x', 1, 1) RETURNING id",
        soci::into(staff);
    *raw << "INSERT INTO employers (credit_code, name, region_code) VALUES (:c, '荣昌老字号食品厂', '500153001001') "
            "RETURNING id",
        soci::use(code_a), soci::into(a);
    *raw << "INSERT INTO employers (credit_code, name, region_code) VALUES (:c, '昌元物流有限公司', '500153001001') "
            "RETURNING id",
        soci::use(code_b), soci::into(b);
    *raw << "INSERT INTO persons (id_number_cipher, id_number_hash, id_number_masked, name, birth_date, sex, "
            "region_code, status, status_since, created_at, updated_at) VALUES ('v1.x', 'old-hash', "
            "'500153********0000', '王旧档', '1990-01-01', 'M', '500153001001', 'unemployed', '2025-01-01', 1, 1) "
            "RETURNING id",
        soci::into(person);
    *raw << "INSERT INTO job_postings (employer_id, title, region_code, work_kind, status, created_at, updated_at) "
            "VALUES (:e, '驾驶员', '500153001001', 'full_time', 'published', 1, 1) RETURNING id",
        soci::use(b), soci::into(posting);
    const std::string insert =
        "INSERT INTO service_records (person_id, kind, service_date, staff_user_id, channel, referral_employer_id, "
        "referral_job_title, referral_posting_id, created_at) VALUES (:p, :k, '2025-03-01', :s, 'visit', :e, :t, :j, 1) "
        "RETURNING id";
    soci::indicator with = soci::i_ok, none = soci::i_null;
    long long missing_employer = b + 1000, no_id = 0;
    *raw << insert, soci::use(person), soci::use(referral), soci::use(staff), soci::use(a, with),
        soci::use(packer), soci::use(no_id, none), soci::into(typed);
    *raw << insert, soci::use(person), soci::use(referral), soci::use(staff), soci::use(b, with),
        soci::use(driver), soci::use(posting, with), soci::into(posted);
    *raw << insert, soci::use(person), soci::use(referral), soci::use(staff),
        soci::use(missing_employer, with), soci::use(porter), soci::use(no_id, none), soci::into(dangling);
    *raw << insert, soci::use(person), soci::use(briefing_kind), soci::use(staff),
        soci::use(no_id, none), soci::use(none_title), soci::use(no_id, none), soci::into(briefing);
  }

  auto upgraded = Migrate(o);
  ASSERT_TRUE(upgraded.ok()) << upgraded.error().ToString();
  EXPECT_GT(*upgraded, 0);
  EXPECT_EQ(GetMigrationStatus(o)->current, LatestSchemaVersion());
  auto opened = OpenStore(o);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  auto& cases = (*opened)->cases();
  EXPECT_EQ(cases.GetService(typed)->referral_employer_name, "荣昌老字号食品厂");
  EXPECT_EQ(cases.GetService(posted)->referral_employer_name, "昌元物流有限公司");
  EXPECT_EQ(cases.GetService(posted)->referral_job_title, "驾驶员");
  EXPECT_EQ(cases.GetService(dangling)->referral_employer_name, "");
  EXPECT_EQ(cases.GetService(briefing)->referral_employer_name, "");
  EXPECT_EQ(cases.GetService(typed)->referral_contact, "");
  // The employer's list reads the name filled in.
  auto to_b = cases.ReferralsToEmployer(b, 10);
  ASSERT_TRUE(to_b.ok()) << to_b.error().ToString();
  ASSERT_EQ(to_b->size(), 1u);
  EXPECT_EQ(to_b->at(0).referral_employer_name, "昌元物流有限公司");
}

TEST_P(ReferralsTest, PushIsIdempotentAndHiredFlowsIntoTheLedger) {
  auto& refs = app_->referrals();
  auto first = refs.Push(Staff(), person_, {published_, "online", "已电话告知"});
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->record.kind, "job_referral");
  EXPECT_EQ(first->record.referral_posting_id, published_);
  EXPECT_NE(first->record.notes.find("一键推送"), std::string::npos) << first->record.notes;
  EXPECT_NE(first->record.notes.find("已电话告知"), std::string::npos);
  auto second = refs.Push(Staff(), person_, {published_, "online", ""});
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->record.id, first->record.id);
  EXPECT_EQ(store_->cases().ServicesForPerson(person_)->size(), 1u);
  EXPECT_EQ(refs.Push(Staff(), person_, {pending_, "online", ""}).error().field, "posting_id");
  EXPECT_EQ(refs.Push(As(other_staff_, Role::kCommunityStaff, "500153001002"), person_, {published_, "", ""})
                .error()
                .code,
            ErrorCode::kNotFound);
  const int64_t id = first->record.id;

  // The person sees it and may say applied or declined, nothing else; others' referrals are absent.
  auto mine = refs.Mine(Seeker(person_));
  ASSERT_TRUE(mine.ok()) << mine.error().ToString();
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->at(0).posting->title, "包装工");
  EXPECT_EQ(mine->at(0).employer_name, "荣昌食品厂1");
  EXPECT_EQ(refs.SetOutcome(Seeker(person_), id, O("hired")).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(refs.SetOutcome(Seeker(person_ + 1), id, O("applied")).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(refs.SetOutcome(Seeker(person_), id, O("applied")).ok());

  // The employer sees who was referred; another employer does not.
  auto theirs = refs.Mine(Employer(employers_[0]));
  ASSERT_TRUE(theirs.ok());
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ(theirs->at(0).person_name, "李春燕");
  EXPECT_EQ(theirs->at(0).record.outcome, "applied");
  EXPECT_TRUE(refs.Mine(Employer(employers_[1]))->empty());
  EXPECT_EQ(refs.SetOutcome(Employer(employers_[1]), id, O("hired")).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(refs.SetOutcome(Employer(employers_[0]), id, O("declined")).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(refs.Mine(Staff()).error().code, ErrorCode::kPermissionDenied);

  // Bad hire input stores nothing.
  service::OutcomeInput bad{"hired", D(2026, 11, 19)};
  EXPECT_EQ(refs.SetOutcome(Employer(employers_[0]), id, bad).error().field, "start_date");
  bad.start_date = D(2026, 11, 1);  // Before the referral.
  EXPECT_EQ(refs.SetOutcome(Employer(employers_[0]), id, bad).error().field, "start_date");
  bad = {"hired", std::nullopt, -1, "moonlighting"};
  EXPECT_EQ(refs.SetOutcome(Employer(employers_[0]), id, bad).error().field, "employment_kind");
  EXPECT_EQ(Employments(), 0);
  EXPECT_TRUE((*store_->households().Get(household_)).zero_employment);

  service::OutcomeInput hire{"hired", D(2026, 11, 18), 36, ""};
  auto hired = refs.SetOutcome(Employer(employers_[0]), id, hire);
  ASSERT_TRUE(hired.ok()) << hired.error().ToString();
  EXPECT_EQ(hired->outcome, "hired");
  EXPECT_EQ(Employments(), 1);
  service::Person after = *store_->persons().Get(person_);
  EXPECT_EQ(after.status, "employed_employer");
  EXPECT_EQ(after.status_since, D(2026, 11, 18));
  auto history = *store_->persons().StatusHistory(person_);
  EXPECT_EQ(history.back().status, "employed_employer");
  EXPECT_EQ(history.back().reason, "岗位推荐录用");
  EXPECT_EQ(history.back().recorded_by, 901);
  EXPECT_FALSE((*store_->households().Get(household_)).zero_employment);
  EXPECT_EQ(AuditCount("person.employment"), 1);
  EXPECT_EQ(AuditCount("person.status"), 1);
  // Hired is final; recording it again changes nothing.
  ASSERT_TRUE(refs.SetOutcome(Staff(), id, O("hired")).ok());
  EXPECT_EQ(refs.SetOutcome(Staff(), id, O("rejected")).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Employments(), 1);
  EXPECT_EQ(store_->persons().StatusHistory(person_)->size(), history.size());
  // An employed person is no longer recommended.
  EXPECT_TRUE(app_->matches().Recommendations(Staff(), person_, 10)->empty());
}

TEST_P(ReferralsTest, ClosingThePlanWithEmploymentRecordsItOnce) {
  service::PlanInput plan;
  plan.causes = {"skills_lacking"};
  plan.goals = "三个月内就业";
  ASSERT_TRUE(app_->cases().SavePlan(Staff(), person_, plan).ok());
  service::CloseInput close{"self_found", D(2026, 11, 18), D(2026, 11, 10), "在超市上班"};
  close.employer_id = 999999;
  EXPECT_EQ(app_->cases().ClosePlan(Staff(), person_, close).error().field, "employer_id");
  close.employer_id = employers_[1];
  close.employment_kind = "dispatch";
  close.contract_months = 12;
  auto closed = app_->cases().ClosePlan(Staff(), person_, close);
  ASSERT_TRUE(closed.ok()) << closed.error().ToString();
  EXPECT_EQ(Employments(), 1);
  service::Person after = *store_->persons().Get(person_);
  EXPECT_EQ(after.status, "employed_employer");
  EXPECT_EQ(after.status_since, D(2026, 11, 10));
  EXPECT_EQ(store_->persons().StatusHistory(person_)->back().reason, "结案：自主就业；在超市上班");
  int follow_ups = 0;
  for (const auto& s : closed->steps) follow_ups += s.service_kind == "follow_up";
  EXPECT_EQ(follow_ups, 3);

  // A hire through a referral closes the open plan itself, as 推荐就业, in the same transaction
  // as the employment: open steps cancelled, follow-ups from the job start, audited.
  plan.steps = {{0, "参加技能培训", "training_offer", staff_, D(2026, 12, 1), "open"}};
  ASSERT_TRUE(app_->cases().SavePlan(Staff(), person_, plan).ok());
  const int64_t closes = AuditCount("case.plan.close");
  auto pushed = app_->referrals().Push(Staff(), person_, {published_, "", ""});
  ASSERT_TRUE(pushed.ok()) << pushed.error().ToString();
  service::OutcomeInput hire{"hired", D(2026, 11, 18), 12, ""};
  auto employer_ctx = Employer(employers_[0]);
  ASSERT_TRUE(app_->referrals().SetOutcome(employer_ctx, pushed->record.id, hire).ok());
  EXPECT_EQ(Employments(), 2);
  auto view = app_->cases().Case(Staff(), person_);
  ASSERT_TRUE(view.ok()) << view.error().ToString();
  ASSERT_TRUE(view->plan);
  EXPECT_EQ(view->plan->status, "closed");
  EXPECT_EQ(view->plan->close_outcome, "referral");
  EXPECT_EQ(view->plan->closed_on, D(2026, 11, 18));
  std::vector<Date> due;
  for (const auto& s : view->plan->steps) {
    if (s.service_kind == "follow_up" && s.status == "open") due.push_back(s.due_date);
    if (s.service_kind == "training_offer") {
      EXPECT_EQ(s.status, "cancelled");
    }
  }
  EXPECT_EQ(due, (std::vector<Date>{D(2026, 12, 18), D(2027, 2, 18), D(2027, 5, 18)}));
  ASSERT_FALSE(view->revisions.empty());
  EXPECT_EQ(view->revisions.front().reason, "结案: 岗位推荐录用（包装工）");
  EXPECT_EQ(view->revisions.front().changed_by, 901);
  EXPECT_EQ(AuditCount("case.plan.close"), closes + 1);
  // Nothing is left open to close by hand.
  auto again = app_->cases().ClosePlan(Staff(), person_, {"referral", D(2026, 11, 18), std::nullopt, ""});
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(ReferralsTest, HireWithoutAnOpenPlanClosesNothing) {
  auto pushed = app_->referrals().Push(Staff(), person_, {published_, "", ""});
  ASSERT_TRUE(pushed.ok()) << pushed.error().ToString();
  ASSERT_TRUE(app_->referrals().SetOutcome(Staff(), pushed->record.id, O("hired")).ok());
  EXPECT_EQ(AuditCount("case.plan.close"), 0);
  EXPECT_FALSE(app_->cases().Case(Staff(), person_)->plan);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReferralsTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace bangfu::store
