// Case work (migration 7) on both backends: the repository round trip, and CaseService with
// its scope checks, validations (nothing stored on bad input), plan revisions, closing with
// follow-ups and assignment by rule.
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <thread>

#include "bangfu/base/clock.h"
#include "bangfu/service/app.h"
#include "bangfu/service/casework_loader.h"
#include "bangfu/service/region_service.h"
#include "store_fixture.h"

namespace bangfu::store {
namespace {

using service::AssistancePlan;
using service::PlanStep;
using service::RequestContext;
using service::ServiceInput;

Date D(int y, int m, int d) { return Date::FromYmdUnchecked(y, m, d); }

class CaseworkTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (!store_) return;
    std::vector<service::Region> regions;
    for (const char* c : {"500000", "500100", "500153", "500153001", "500153001001", "500153001002", "500154",
                          "500154001", "500154001001"})
      regions.push_back(*service::MakeRegion(c, c));
    ASSERT_TRUE(store_->regions().UpsertMany(regions).ok());
    town_ = AddUser("town", Role::kTownStaff, "500153001");
    community_ = AddUser("she1", Role::kCommunityStaff, "500153001001");
    other_community_ = AddUser("she2", Role::kCommunityStaff, "500153001002");
    leader_ = AddUser("lead", Role::kLeader, "500153");
    service::Person p = MakePerson("a", "甲", "500153001001");
    p.created_at = Timestamp::FromSeconds(1'790'000'000);  // 2026-09-21
    person_ = *store_->persons().Insert(p);
    service::AppOptions o;
    o.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
    app_ = std::make_unique<service::App>(*store_, clock_, std::move(o));
  }
  void TearDown() override {
    other_.reset();  // its connection, before the database goes
    app_.reset();
    StoreTest::TearDown();
  }
  int64_t AddUser(const std::string& name, Role role, const std::string& scope) {
    User u = MakeUser(name);
    u.role = role;
    u.scope = scope;
    return *store_->users().Insert(u);
  }
  RequestContext As(int64_t user_id, Role role, const std::string& scope) {
    RequestContext ctx;
    ctx.principal.user_id = user_id;
    ctx.principal.username = "u" + std::to_string(user_id);
    ctx.principal.display_name = "测试";
    ctx.principal.role = role;
    ctx.principal.scope = scope;
    return ctx;
  }
  RequestContext Community() { return As(community_, Role::kCommunityStaff, "500153001001"); }
  RequestContext Town() { return As(town_, Role::kTownStaff, "500153001"); }
  service::CaseService& cases() { return app_->cases(); }
  int64_t AuditCount(const std::string& action) {
    service::AuditFilter f;
    f.action = action;
    f.limit = 500;
    return static_cast<int64_t>(store_->audit().Query(f)->size());
  }
  ServiceInput Briefing(Date on) {
    ServiceInput in;
    in.kind = "policy_briefing";
    in.service_date = on;
    in.channel = "phone";
    in.notes = "宣介求职创业补贴";
    return in;
  }
  service::PlanInput Plan() {
    service::PlanInput in;
    in.causes = {"skills_lacking", "年龄偏大"};
    in.goals = "三个月内实现就业";
    in.steps = {{0, "提供一次职业指导", "career_guidance", community_, D(2026, 11, 30), "open"},
                {0, "推荐三个岗位", "job_referral", town_, D(2026, 12, 15), "open"}};
    return in;
  }

  // Another process on the same database: its own store connection, clock and App, with the
  // standards under `standards` loaded.
  struct OtherProcess {
    OtherProcess(std::unique_ptr<service::Store> s, Timestamp now) : store(std::move(s)), clock(now) {}
    std::unique_ptr<service::Store> store;
    FixedClock clock;
    std::unique_ptr<service::App> app;  // last: goes before the store it uses
  };
  void StartOtherProcess(const std::string& standards) {
    auto other_store = OpenStore(options_);
    ASSERT_TRUE(other_store.ok()) << other_store.error().ToString();
    other_ = std::make_unique<OtherProcess>(std::move(*other_store), clock_.Now());
    service::AppOptions o;
    o.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
    other_->app = std::make_unique<service::App>(*other_->store, other_->clock, std::move(o));
    ASSERT_TRUE(other_->app->worklist().LoadStandards(standards).ok());
  }

  FixedClock clock_{Timestamp::FromSeconds(1'795'000'000)};  // 2026-11-18
  std::unique_ptr<service::App> app_;
  std::unique_ptr<OtherProcess> other_;
  int64_t town_ = 0, community_ = 0, other_community_ = 0, leader_ = 0, person_ = 0;
};

TEST_P(CaseworkTest, RepositoryRoundTripAndRuleByLongestPrefix) {
  auto& repo = store_->cases();
  service::ServiceRecord r;
  r.person_id = person_;
  r.kind = "job_referral";
  r.service_date = D(2026, 11, 1);
  r.staff_user_id = community_;
  r.channel = "visit";
  r.notes = "推荐到食品厂";
  r.outcome = "pending";
  r.referral_employer_id = 7;
  r.referral_job_title = "包装工";
  r.created_at = {42};
  auto id = repo.InsertService(r);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  auto got = repo.GetService(*id);
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(got->referral_employer_id, 7);
  EXPECT_FALSE(got->plan_id);
  EXPECT_EQ(got->staff_name, "测试she1");
  ASSERT_TRUE(repo.SetServiceOutcome(*id, "hired", {2}).ok());
  EXPECT_EQ(repo.ServicesForPerson(person_)->at(0).outcome, "hired");
  EXPECT_EQ(repo.GetService(*id + 100).error().code, ErrorCode::kNotFound);

  AssistancePlan plan;
  plan.person_id = person_;
  plan.status = "open";
  plan.responsible_user_id = community_;
  plan.opened_on = D(2026, 11, 2);
  plan.causes = {"age", "family_care"};
  plan.goals = "就业";
  plan.revision = 1;
  plan.steps = {{0, 0, 0, "回访", "follow_up", community_, D(2026, 12, 1), "open", std::nullopt}};
  ASSERT_TRUE(repo.InsertPlan(plan).ok());
  ASSERT_GT(plan.steps[0].id, 0);
  AssistancePlan second = plan;
  second.id = 0;
  second.steps.clear();
  EXPECT_EQ(repo.InsertPlan(second).error().code, ErrorCode::kConflict);  // One open plan per person.
  plan.steps[0].status = "done";
  plan.steps[0].done_on = D(2026, 11, 3);
  plan.steps.push_back({0, 0, 0, "培训", "training_offer", town_, D(2026, 11, 20), "open", std::nullopt});
  ASSERT_TRUE(repo.UpdatePlan(plan).ok());
  auto current = repo.CurrentPlan(person_);
  ASSERT_TRUE(current.ok() && *current);
  EXPECT_EQ((*current)->causes, (std::vector<std::string>{"age", "family_care"}));
  ASSERT_EQ((*current)->steps.size(), 2u);
  EXPECT_EQ((*current)->steps[0].title, "培训");  // By due date.
  EXPECT_EQ((*current)->steps[1].done_on, D(2026, 11, 3));
  ASSERT_TRUE(repo.InsertRevision({0, plan.id, 1, "{}", community_, "", {9}, "制定"}).ok());
  EXPECT_EQ(repo.Revisions(plan.id)->at(0).changed_by_name, "测试she1");
  // Every plan of the person, newest first, without steps (the person page's timeline).
  plan.status = "closed";
  plan.closed_on = D(2026, 11, 4);
  ASSERT_TRUE(repo.UpdatePlan(plan).ok());
  second.opened_on = D(2026, 11, 10);
  ASSERT_TRUE(repo.InsertPlan(second).ok());
  auto plans = repo.PlansForPerson(person_);
  ASSERT_TRUE(plans.ok()) << plans.error().ToString();
  ASSERT_EQ(plans->size(), 2u);
  EXPECT_EQ(plans->at(0).id, second.id);
  EXPECT_EQ(plans->at(1).closed_on, D(2026, 11, 4));
  EXPECT_TRUE(plans->at(1).steps.empty());
  EXPECT_TRUE(repo.PlansForPerson(person_ + 1000)->empty());

  // Rules: the longer prefix wins; people already assigned keep their staff.
  service::Person b = MakePerson("b", "乙", "500153001001");
  service::Person c = MakePerson("c", "丙", "500153001002");
  const int64_t pb = *store_->persons().Insert(b);
  const int64_t pc = *store_->persons().Insert(c);
  ASSERT_TRUE(repo.UpsertAssignment({person_, town_, "", D(2026, 11, 1), town_, "", {3}}).ok());
  ASSERT_TRUE(repo.UpsertRule({"500153001001", community_, ""}).ok());
  service::AssignmentRule town_rule{"500153001", town_, ""};
  ASSERT_TRUE(repo.UpsertRule(town_rule).ok());
  EXPECT_EQ(*repo.ApplyRule(town_rule, D(2026, 11, 5), {2}), 1);  // Only 丙: 乙 is under the longer rule.
  EXPECT_EQ((*repo.GetAssignment(pc))->staff_user_id, town_);
  EXPECT_FALSE(*repo.GetAssignment(pb));
  EXPECT_EQ(*repo.ApplyRule({"500153001001", community_, ""}, D(2026, 11, 5), {2}), 1);
  EXPECT_EQ((*repo.GetAssignment(pb))->rule, "500153001001");
  EXPECT_EQ((*repo.GetAssignment(person_))->staff_user_id, town_);
  EXPECT_EQ(repo.Rules()->size(), 2u);
  ASSERT_TRUE(repo.DeleteRule("500153001").ok());
  EXPECT_EQ(repo.Rules()->size(), 1u);
}

TEST_P(CaseworkTest, RecordingAServiceValidatesAndStoresNothingOnBadInput) {
  auto expect_rejected = [&](ServiceInput in, const std::string& field) {
    auto r = cases().RecordService(Community(), person_, in);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().ToString();
    EXPECT_EQ(r.error().field, field) << r.error().ToString();
  };
  expect_rejected(Briefing(D(2026, 11, 19)), "service_date");  // Tomorrow.
  expect_rejected(Briefing(D(2026, 9, 20)), "service_date");   // Before the person entered the ledger.
  ServiceInput bad = Briefing(D(2026, 11, 18));
  bad.kind = "massage";
  expect_rejected(bad, "kind");
  bad = Briefing(D(2026, 11, 18));
  bad.channel = "pigeon";
  expect_rejected(bad, "channel");
  bad = Briefing(D(2026, 11, 18));
  bad.outcome = "hired";
  expect_rejected(bad, "outcome");
  ServiceInput referral = Briefing(D(2026, 11, 18));
  referral.kind = "job_referral";
  referral.referral_employer_id = 999;
  referral.referral_job_title = "包装工";
  expect_rejected(referral, "referral_employer_id");  // No such employer.
  EXPECT_TRUE(store_->cases().ServicesForPerson(person_)->empty());
  EXPECT_EQ(AuditCount("case.service.create"), 0);

  // Outside the caller's scope the person does not exist; leaders read but do not record.
  auto outside = cases().RecordService(As(other_community_, Role::kCommunityStaff, "500153001002"), person_,
                                       Briefing(D(2026, 11, 18)));
  EXPECT_EQ(outside.error().code, ErrorCode::kNotFound);
  auto leader = cases().RecordService(As(leader_, Role::kLeader, "500153"), person_, Briefing(D(2026, 11, 18)));
  EXPECT_EQ(leader.error().code, ErrorCode::kPermissionDenied);

  auto ok = cases().RecordService(Community(), person_, Briefing(D(2026, 11, 18)));
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(ok->staff_user_id, community_);
  EXPECT_EQ(AuditCount("case.service.create"), 1);
  auto listed = cases().Services(As(leader_, Role::kLeader, "500153"), person_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->at(0).notes, "宣介求职创业补贴");
  // An outcome learned later, only one that fits the kind.
  EXPECT_EQ(cases().SetOutcome(Community(), ok->id, "hired").error().field, "outcome");
}

TEST_P(CaseworkTest, PlanRevisionsCloseWithFollowUpsAndServicesCompleteSteps) {
  service::PlanInput bad = Plan();
  bad.steps[1].owner_user_id = other_community_;  // Another community's worker.
  auto rejected = cases().SavePlan(Community(), person_, bad);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().field, "steps[1].owner_user_id");
  bad = Plan();
  bad.causes = {"lazy"};
  EXPECT_EQ(cases().SavePlan(Community(), person_, bad).error().field, "causes");
  EXPECT_FALSE(*store_->cases().CurrentPlan(person_));

  auto plan = cases().SavePlan(Community(), person_, Plan());
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  EXPECT_EQ(plan->revision, 1);
  EXPECT_EQ(plan->responsible_user_id, community_);  // No rule: the one who made it.
  EXPECT_EQ(plan->causes, (std::vector<std::string>{"skills_lacking", "age"}));

  // Revise: drop the referral step (cancelled, kept), add one.
  service::PlanInput revised = Plan();
  revised.steps = {{plan->steps[0].id, "提供一次职业指导", "career_guidance", community_, D(2026, 11, 25), "open"},
                   {0, "心理疏导", "counselling", community_, D(2026, 12, 1), "open"}};
  revised.reason = "本人暂不考虑外出务工";
  auto v2 = cases().SavePlan(Community(), person_, revised);
  ASSERT_TRUE(v2.ok()) << v2.error().ToString();
  EXPECT_EQ(v2->revision, 2);
  ASSERT_EQ(v2->steps.size(), 3u);
  EXPECT_EQ(v2->steps[2].status, "cancelled");

  // A career guidance service completes the guidance step.
  ServiceInput guidance = Briefing(D(2026, 11, 18));
  guidance.kind = "career_guidance";
  auto g = cases().RecordService(Community(), person_, guidance);
  ASSERT_TRUE(g.ok()) << g.error().ToString();
  EXPECT_EQ(g->plan_id, plan->id);
  auto view = cases().Case(Community(), person_);
  ASSERT_TRUE(view.ok()) << view.error().ToString();
  EXPECT_EQ(view->plan->steps[0].status, "done");
  EXPECT_EQ(view->plan->steps[0].done_on, D(2026, 11, 18));
  ASSERT_EQ(view->revisions.size(), 2u);
  EXPECT_EQ(view->revisions[0].reason, "本人暂不考虑外出务工");
  EXPECT_NE(view->revisions[1].snapshot.find("推荐三个岗位"), std::string::npos);
  EXPECT_EQ(view->staff.size(), 2u);  // Town staff and this community's worker.

  // Close: found a job on 2026-11-10 → follow-ups due 12-10, 02-10, 05-10.
  service::CloseInput close{"self_found", D(2026, 11, 18), D(2026, 11, 10), "在荣昌某超市上班"};
  close.outcome = "promoted";
  EXPECT_EQ(cases().ClosePlan(Community(), person_, close).error().field, "outcome");
  close.outcome = "self_found";
  auto closed = cases().ClosePlan(Community(), person_, close);
  ASSERT_TRUE(closed.ok()) << closed.error().ToString();
  EXPECT_EQ(closed->status, "closed");
  std::vector<Date> due;
  for (const auto& s : closed->steps)
    if (s.service_kind == "follow_up") due.push_back(s.due_date);
  EXPECT_EQ(due, (std::vector<Date>{D(2026, 12, 10), D(2027, 2, 10), D(2027, 5, 10)}));
  EXPECT_EQ(cases().ClosePlan(Community(), person_, close).error().code, ErrorCode::kFailedPrecondition);

  // A follow-up without a result leaves the step open; job_holds completes the first one.
  ServiceInput call = Briefing(D(2026, 11, 18));
  call.kind = "follow_up";
  call.outcome = "unreachable";
  ASSERT_TRUE(cases().RecordService(Community(), person_, call).ok());
  call.outcome = "job_holds";
  ASSERT_TRUE(cases().RecordService(Community(), person_, call).ok());
  auto after = *store_->cases().CurrentPlan(person_);
  int done = 0;
  for (const auto& s : after->steps)
    if (s.service_kind == "follow_up" && s.status == "done") ++done;
  EXPECT_EQ(done, 1);
  EXPECT_EQ(AuditCount("case.plan.close"), 1);
  EXPECT_EQ(AuditCount("case.plan.update"), 1);
}

TEST_P(CaseworkTest, AssignmentByRuleAndByHand) {
  EXPECT_EQ(cases().SetRule(Community(), "500153001001", community_).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(cases().SetRule(Town(), "500154001", town_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(cases().SetRule(Town(), "500153001001", other_community_).error().field, "staff_user_id");
  auto assigned = cases().SetRule(Town(), "500153001001", community_);
  ASSERT_TRUE(assigned.ok()) << assigned.error().ToString();
  EXPECT_EQ(*assigned, 1);
  auto rules = cases().Rules(Town());
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->size(), 1u);
  EXPECT_EQ(rules->at(0).staff_user_id, community_);
  auto view = cases().Case(Town(), person_);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->assignment->staff_user_id, community_);
  EXPECT_EQ(view->assignment->rule, "500153001001");

  ASSERT_TRUE(cases().SavePlan(Community(), person_, Plan()).ok());
  EXPECT_EQ(cases().Assign(Town(), person_, other_community_).error().field, "staff_user_id");
  auto moved = cases().Assign(Town(), person_, town_);
  ASSERT_TRUE(moved.ok()) << moved.error().ToString();
  auto plan = *store_->cases().CurrentPlan(person_);
  EXPECT_EQ(plan->responsible_user_id, town_);
  EXPECT_EQ(plan->revision, 2);
  EXPECT_EQ(AuditCount("case.assign"), 1);
  EXPECT_EQ(AuditCount("case.rule.set"), 1);
}

// One truth for the responsible staff member: the assignment, copied to
// persons.responsible_user_id in the same write; reading the case writes nothing.
TEST_P(CaseworkTest, AssignmentIsCopiedToThePersonAndReadingWritesNothing) {
  ASSERT_TRUE(cases().SetRule(Town(), "500153001001", community_).ok());
  EXPECT_EQ(store_->persons().Get(person_)->responsible_user_id, community_);

  // A person entered after the rule: the 帮扶 card reads without assigning.
  service::Person later = MakePerson("b", "乙", "500153001001");
  later.created_at = Timestamp::FromSeconds(1'790'000'000);
  const int64_t later_id = *store_->persons().Insert(later);
  auto view = cases().Case(Community(), later_id);
  ASSERT_TRUE(view.ok()) << view.error().ToString();
  EXPECT_FALSE(view->assignment.has_value());
  EXPECT_FALSE(store_->cases().GetAssignment(later_id)->has_value());
  EXPECT_FALSE(store_->persons().Get(later_id)->responsible_user_id.has_value());
  EXPECT_EQ(AuditCount("case.assign"), 0);

  // The explicit action assigns by the rule, both places at once.
  EXPECT_EQ(cases().AssignByRule(As(leader_, Role::kLeader, "500153"), later_id).error().code,
            ErrorCode::kPermissionDenied);
  auto by_rule = cases().AssignByRule(Community(), later_id);
  ASSERT_TRUE(by_rule.ok()) << by_rule.error().ToString();
  EXPECT_EQ(by_rule->staff_user_id, community_);
  EXPECT_EQ(by_rule->rule, "500153001001");
  EXPECT_EQ(store_->persons().Get(later_id)->responsible_user_id, community_);
  EXPECT_EQ(AuditCount("case.assign"), 1);

  // No rule covers the other community: the action says so and writes nothing.
  service::Person elsewhere = MakePerson("c", "丙", "500153001002");
  const int64_t elsewhere_id = *store_->persons().Insert(elsewhere);
  EXPECT_EQ(cases().AssignByRule(Town(), elsewhere_id).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(store_->persons().Get(elsewhere_id)->responsible_user_id.has_value());

  // By hand: the person's column follows, and the ledger filter finds them under the new one.
  ASSERT_TRUE(cases().Assign(Town(), later_id, town_).ok());
  EXPECT_EQ(store_->persons().Get(later_id)->responsible_user_id, town_);
  EXPECT_EQ((*store_->cases().GetAssignment(later_id))->staff_user_id, town_);
}

TEST_P(CaseworkTest, NeedsAreValidatedStoredAndSwitchTheTrainingRequirementOn) {
  ASSERT_TRUE(app_->worklist().LoadStandards(std::string(BANGFU_SOURCE_DIR) + "/standards").ok());
  auto train = [&]() {
    auto c = app_->worklist().PersonCompliance(Community(), person_);
    EXPECT_TRUE(c.ok()) << c.error().ToString();
    EXPECT_EQ(c->standard->id, "cq-rongchang-2022");
    for (size_t i = 0; i < c->standard->requirements.size(); ++i)
      if (c->standard->requirements[i].id == "RC-S-TRAIN") return c->detail.requirements[i];
    ADD_FAILURE() << "RC-S-TRAIN not found";
    return casework::RequirementStatus{};
  };
  EXPECT_FALSE(train().applies);  // Nothing recorded: no training need.

  service::NeedsInput in{true, "电工", false, "visit", D(2026, 11, 18)};
  auto bad = in;
  bad.channel = "letter";
  EXPECT_EQ(cases().SetNeeds(Community(), person_, bad).error().field, "channel");
  bad = in;
  bad.recorded_on = D(2026, 11, 19);
  EXPECT_EQ(cases().SetNeeds(Community(), person_, bad).error().field, "recorded_on");
  bad.recorded_on = D(2026, 9, 1);  // Before the person entered the ledger.
  EXPECT_EQ(cases().SetNeeds(Community(), person_, bad).error().field, "recorded_on");
  bad = in;
  bad.training_need = false;
  EXPECT_EQ(cases().SetNeeds(Community(), person_, bad).error().field, "training_wish");
  EXPECT_EQ(cases().SetNeeds(As(leader_, Role::kLeader, "500153"), person_, in).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(cases().SetNeeds(As(other_community_, Role::kCommunityStaff, "500153001002"), person_, in)
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_FALSE(store_->cases().GetNeeds(person_)->has_value());
  EXPECT_EQ(AuditCount("case.needs.set"), 0);

  auto saved = cases().SetNeeds(Community(), person_, in);
  ASSERT_TRUE(saved.ok()) << saved.error().ToString();
  auto view = cases().Case(Community(), person_);
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(view->needs.has_value());
  EXPECT_TRUE(view->needs->training_need);
  EXPECT_EQ(view->needs->training_wish, "电工");
  EXPECT_FALSE(view->needs->startup_intention);
  EXPECT_EQ(view->needs->channel, "visit");
  EXPECT_EQ(view->needs->recorded_on, D(2026, 11, 18));
  EXPECT_EQ(view->needs->recorded_by, community_);
  EXPECT_EQ(AuditCount("case.needs.set"), 1);

  // The need reaches the standard: three training offers now apply, and each recorded one
  // counts in the next answer.
  auto t = train();
  EXPECT_TRUE(t.applies);
  EXPECT_EQ(t.missing(), 3);
  ServiceInput offer = Briefing(D(2026, 11, 18));
  offer.kind = "training_offer";
  ASSERT_TRUE(cases().RecordService(Community(), person_, offer).ok());
  EXPECT_EQ(train().missing(), 2);

  // Replaced, not appended: no training need any more.
  in.training_need = false;
  in.training_wish.clear();
  in.startup_intention = true;
  ASSERT_TRUE(cases().SetNeeds(Community(), person_, in).ok());
  EXPECT_FALSE(train().applies);
  EXPECT_TRUE((*store_->cases().GetNeeds(person_))->startup_intention);
}

// A service recorded shows in the very next worklist: the person's missing count drops.
TEST_P(CaseworkTest, TheNextWorklistSeesARecordedService) {
  ASSERT_TRUE(app_->worklist().LoadStandards(std::string(BANGFU_SOURCE_DIR) + "/standards").ok());
  auto missing = [&]() {
    auto w = app_->worklist().Worklist(Community());
    EXPECT_TRUE(w.ok()) << w.error().ToString();
    // The item reads "缺 N 项规定服务…": N requirements still missing.
    for (const auto& it : w->items)
      if (it.person_id == person_ && it.kind == casework::ItemKind::kMissingService)
        return std::stoi(it.detail.substr(std::string("缺 ").size()));
    return 0;
  };
  const int before = missing();
  EXPECT_GT(before, 0);
  ASSERT_TRUE(cases().RecordService(Community(), person_, Briefing(D(2026, 11, 18))).ok());
  EXPECT_EQ(missing(), before - 1);
}

// A rule covers a person from the start: created through the service, the longest rule wins
// (an import: ImportAssignsNewPersonsByTheLongestRule); the person's copy follows the
// assignment even when a person write carried a stale one.
TEST_P(CaseworkTest, NewPersonsAreAssignedByRuleAndTheCopyFollowsTheAssignment) {
  ASSERT_TRUE(cases().SetRule(Town(), "500153001", town_).ok());
  ASSERT_TRUE(cases().SetRule(Town(), "500153001001", community_).ok());
  auto create = [&](int seq, const std::string& region) {
    service::PersonInput in;
    in.id_number = IdNumberFor(D(1988, 3, 1 + seq), 100 + seq);
    in.name = seq == 1 ? "新建甲" : "新建乙";
    in.hukou_region = in.residence_region = region;
    auto p = app_->persons().Create(Town(), in);
    EXPECT_TRUE(p.ok()) << p.error().ToString();
    return *p;
  };
  const service::Person in_community = create(1, "500153001001");
  EXPECT_EQ(in_community.responsible_user_id.value_or(0), community_);
  EXPECT_EQ((*store_->cases().GetAssignment(in_community.id))->rule, "500153001001");
  const service::Person in_town = create(2, "500153001002");
  EXPECT_EQ(store_->persons().Get(in_town.id)->responsible_user_id.value_or(0), town_);
  EXPECT_EQ(AuditCount("case.assign"), 2);

  // A person write carrying a stale copy, then the repair PersonService::Update makes in its
  // transaction.
  ASSERT_TRUE(cases().Assign(Town(), in_community.id, town_).ok());
  service::Person stale = *store_->persons().Get(in_community.id);
  stale.responsible_user_id = community_;
  ASSERT_TRUE(store_->persons().Update(stale).ok());
  const int64_t fed = *store_->persons().ChangePosition();
  ASSERT_TRUE(store_->cases().SyncResponsible(in_community.id, in_community.id, {8}).ok());
  EXPECT_EQ(store_->persons().Get(in_community.id)->responsible_user_id.value_or(0), town_);
  // The in-memory state reads the repair from the change feed.
  auto repaired = store_->persons().ChangedSince(fed);
  ASSERT_TRUE(repaired.ok()) << repaired.error().ToString();
  EXPECT_EQ(repaired->persons, (std::vector<std::pair<int64_t, int64_t>>{{in_community.id, in_community.id}}));
  // And case-work rows by their stamps, at most limit + 1 of them.
  ASSERT_TRUE(cases().RecordService(Town(), in_community.id, Briefing(D(2026, 11, 18))).ok());
  ASSERT_TRUE(cases().RecordService(Town(), in_town.id, Briefing(D(2026, 11, 18))).ok());
  auto changed = store_->cases().ChangedAfter(0, 1000);
  ASSERT_TRUE(changed.ok()) << changed.error().ToString();
  EXPECT_EQ(changed->size(), 2u);
  EXPECT_TRUE(std::any_of(changed->begin(), changed->end(),
                          [&](const service::CaseChange& c) { return c.person_id == in_town.id; }));
  EXPECT_EQ(store_->cases().ChangedAfter(0, 0)->size(), 1u);
  // And through the service: an edit keeps the assignment's staff member.
  service::PersonInput edit;
  edit.id_number = IdNumberFor(D(1988, 3, 2), 101);
  edit.name = "新建甲改";
  edit.hukou_region = edit.residence_region = "500153001001";
  auto updated = app_->persons().Update(Town(), in_community.id, edit, store_->persons().Get(in_community.id)->version, "");
  ASSERT_TRUE(updated.ok()) << updated.error().ToString();
  EXPECT_EQ(updated->responsible_user_id.value_or(0), town_);
}

// An import chooses each new person's staff member by the same longest-prefix rule in memory
// and writes it with the person: the copy and the assignment agree, people no rule covers get
// neither, and more people than one many-row INSERT holds keep their own rows.
TEST_P(CaseworkTest, ImportAssignsNewPersonsByTheLongestRule) {
  ASSERT_TRUE(cases().SetRule(Town(), "500153001", town_).ok());
  ASSERT_TRUE(cases().SetRule(Town(), "500153001001", community_).ok());
  std::string csv = "姓名,身份证号,居住地区划代码\n";
  const char* regions[] = {"500153001001", "500153001002", "500154001001"};
  for (int i = 0; i < 150; ++i)
    csv += std::string("导入") + (i % 2 ? "甲" : "乙") + "," + IdNumberFor(D(1990, 1, 1 + i % 28), 100 + i) + "," + regions[i % 3] + "\n";
  service::ImportOptions o;
  o.dry_run = false;
  o.source = "test.csv";
  RequestContext admin = As(0, Role::kAdmin, "");
  auto report = app_->person_importer().Run(admin, csv, o);
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  ASSERT_TRUE(report->errors.empty()) << report->errors[0].line << " " << report->errors[0].field << " "
                                      << report->errors[0].message;
  EXPECT_EQ(report->created, 150);
  service::PersonFilter f;
  f.as_of = D(2026, 11, 18);
  f.size = 200;
  f.region_prefix = "500153";
  auto listed = store_->persons().List(f);
  ASSERT_TRUE(listed.ok());
  int by_community = 0, by_town = 0;
  for (const auto& item : listed->items) {
    if (item.id == person_) continue;
    auto p = store_->persons().Get(item.id);
    ASSERT_TRUE(p.ok());
    auto a = store_->cases().GetAssignment(p->id);
    ASSERT_TRUE(a.ok() && a->has_value()) << p->region_code;
    const bool community = p->region_code == "500153001001";
    EXPECT_EQ((*a)->staff_user_id, community ? community_ : town_) << p->region_code;
    EXPECT_EQ((*a)->rule, community ? "500153001001" : "500153001");
    EXPECT_EQ(p->responsible_user_id.value_or(0), (*a)->staff_user_id);
    (community ? by_community : by_town)++;
  }
  EXPECT_EQ(by_community, 50);
  EXPECT_EQ(by_town, 50);
  f.region_prefix = "500154";
  listed = store_->persons().List(f);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total, 50);
  for (const auto& item : listed->items) {
    EXPECT_FALSE(store_->persons().Get(item.id)->responsible_user_id.has_value());
    EXPECT_FALSE(store_->cases().GetAssignment(item.id)->has_value());
  }
  // The bulk insert refuses a second assignment of the same person, whole.
  service::CaseAssignment again;
  again.person_id = listed->items[0].id;
  again.staff_user_id = town_;
  again.assigned_on = D(2026, 11, 18);
  service::CaseAssignment twice = again;
  twice.person_id = listed->items[1].id;
  ASSERT_TRUE(store_->cases().InsertAssignments({twice}).ok());
  auto dup = store_->cases().InsertAssignments({again, twice});
  EXPECT_FALSE(dup.ok());
  EXPECT_FALSE(store_->cases().GetAssignment(again.person_id)->has_value());
}

TEST(AssignmentRuleIndexTest, LongestPrefixWins) {
  service::AssignmentRuleIndex none({});
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.Find("500153001001"), nullptr);
  service::AssignmentRuleIndex index({{"500153", 1, ""}, {"500153001001", 3, ""}, {"500153001", 2, ""}, {"50", 9, ""}});
  EXPECT_EQ(index.Find("500153001001")->staff_user_id, 3);
  EXPECT_EQ(index.Find("500153001002")->staff_user_id, 2);
  EXPECT_EQ(index.Find("500153002001")->staff_user_id, 1);
  EXPECT_EQ(index.Find("500154001001")->staff_user_id, 9);
  EXPECT_EQ(index.Find("510000000000"), nullptr);
  EXPECT_EQ(index.Find("5001")->staff_user_id, 9);
  EXPECT_EQ(index.Find("5"), nullptr);
  EXPECT_EQ(index.Find("50")->staff_user_id, 9);
}

// A person another process writes with a stamp older than one this process has read already
// (an import that began before someone's edit and committed after it) is caught up through the
// ledger's change feed: updated_at alone, even with its look-back, would never read it.
TEST_P(CaseworkTest, APersonCommittedLateWithAnOldStampIsPickedUp) {
  const std::string standards = std::string(BANGFU_SOURCE_DIR) + "/standards";
  ASSERT_TRUE(app_->worklist().LoadStandards(standards).ok());
  auto items_of = [&](int64_t person) {
    auto w = app_->worklist().Worklist(Community());
    EXPECT_TRUE(w.ok()) << w.error().ToString();
    size_t n = 0;
    for (const auto& it : w->items) n += it.person_id == person;
    return n;
  };
  ASSERT_GT(items_of(person_), 0u);
  ASSERT_NO_FATAL_FAILURE(StartOtherProcess(standards));
  // This process writes an hour later and reads it back: its newest stamp is an hour ahead.
  clock_.Advance(3600);
  ASSERT_TRUE(app_->cases().RecordService(Community(), person_, Briefing(D(2026, 11, 18))).ok());
  ASSERT_GT(items_of(person_), 0u);
  // Committed now, stamped long before.
  service::Person late = MakePerson("late", "丁", "500153001001");
  late.created_at = Timestamp::FromSeconds(1'790'000'000);
  auto id = other_->store->persons().Insert(late);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_GT(items_of(*id), 0u);
}

// The worklist and compliance come from the state the server keeps in memory: a write by
// another process (its own store connection and App) counts in this process's next answer,
// and the state caught up write by write equals one built afresh.
TEST_P(CaseworkTest, AnotherProcessesWritesArePickedUpByTheNextWorklist) {
  const std::string standards = std::string(BANGFU_SOURCE_DIR) + "/standards";
  ASSERT_TRUE(app_->worklist().LoadStandards(standards).ok());
  service::Person second = MakePerson("b", "乙", "500153001001");
  second.created_at = Timestamp::FromSeconds(1'790'000'000);
  const int64_t person2 = *store_->persons().Insert(second);
  auto items_of = [&](service::App& app, int64_t person) {
    auto w = app.worklist().Worklist(Community());
    EXPECT_TRUE(w.ok()) << w.error().ToString();
    std::vector<std::string> out;
    for (const auto& it : w->items)
      if (it.person_id == person) out.push_back(std::string(casework::Name(it.kind)) + " " + it.detail);
    return out;
  };
  auto leader = As(leader_, Role::kLeader, "500153");
  auto complete = [&](service::App& app) {
    auto c = app.worklist().Compliance(leader, "");
    EXPECT_TRUE(c.ok()) << c.error().ToString();
    return c->total.n;
  };
  const auto before = items_of(*app_, person_);
  ASSERT_FALSE(before.empty());
  const auto counts_before = complete(*app_);

  ASSERT_NO_FATAL_FAILURE(StartOtherProcess(standards));
  service::App& other = *other_->app;

  // A service recorded there: the missing-service item of 甲 changes here.
  ASSERT_TRUE(other.cases().RecordService(Community(), person_, Briefing(D(2026, 11, 18))).ok());
  EXPECT_NE(items_of(*app_, person_), before);
  // Reassigned there to the town's staff: 甲's items leave the community worker's list here.
  ASSERT_TRUE(other.cases().Assign(Town(), person_, town_).ok());
  EXPECT_TRUE(items_of(*app_, person_).empty());
  // Needs recorded there for 乙 (a training requirement applies now), and a plan for 乙.
  service::NeedsInput needs;
  needs.training_need = true;
  needs.channel = "phone";
  needs.recorded_on = D(2026, 11, 18);
  ASSERT_TRUE(other.cases().SetNeeds(Community(), person2, needs).ok());
  ASSERT_TRUE(other.cases().SavePlan(Community(), person2, Plan()).ok());

  // Caught up write by write here = built afresh there.
  EXPECT_EQ(items_of(*app_, person2), items_of(other, person2));
  EXPECT_EQ(items_of(*app_, person_), items_of(other, person_));
  EXPECT_EQ(complete(*app_), complete(other));
  EXPECT_EQ(complete(*app_), counts_before);  // the same people, each still covered once

  // A new date: the state is rebuilt, and the answer meanwhile comes from the store.
  clock_.Set(Timestamp::FromSeconds(1'795'000'000 + 86'400));
  const auto next_day = items_of(*app_, person2);
  EXPECT_FALSE(next_day.empty());
  ASSERT_TRUE(app_->worklist().WarmUp().ok());  // after the background rebuild: from memory
  EXPECT_EQ(items_of(*app_, person2), next_day);

  // The server's timer rebuilds the state when the date changes, before any request asks.
  clock_.Set(Timestamp::FromSeconds(1'795'000'000 + 2 * 86'400));
  EXPECT_NE(app_->worklist().StateDate(), clock_.Today());
  auto kept = app_->housekeeper().RunOnce();
  ASSERT_TRUE(kept.ok()) << kept.error().ToString();
  EXPECT_EQ(app_->worklist().StateDate(), clock_.Today());
}

// A load that names its persons (the catch-up's window of ids) reads exactly them, each as a
// load of everyone sees them: case columns, assignment, service records, referrals.
TEST_P(CaseworkTest, ALoadOfNamedPersonsReadsExactlyThem) {
  std::vector<int64_t> ids = {person_};
  for (int i = 0; i < 4; ++i) {
    service::Person p = MakePerson("n" + std::to_string(i), "丁" + std::to_string(i), "500153001001");
    p.created_at = Timestamp::FromSeconds(1'790'000'000);
    ids.push_back(*store_->persons().Insert(p));
  }
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t k = 0; k <= i % 3; ++k)
      ASSERT_TRUE(cases().RecordService(Community(), ids[i], Briefing(D(2026, 11, 1 + static_cast<int>(k)))).ok());
  ASSERT_TRUE(cases().Assign(Town(), ids[3], community_).ok());
  service::CaseWorkData all, some;
  service::LoadFactsOptions o;
  ASSERT_TRUE(service::LoadCaseWork(*store_, o, clock_.Today(), all).ok());
  o.person_ids = {ids[1], ids[3], ids[4]};
  o.min_person_id = ids[1];
  o.max_person_id = ids[4];
  auto n = service::LoadCaseWork(*store_, o, clock_.Today(), some);
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  ASSERT_EQ(some.facts.persons.id, o.person_ids);  // not ids[2], which lies between them
  EXPECT_EQ(n->services, 2 + 1 + 2);
  for (size_t r = 0; r < some.persons.size(); ++r) {
    const auto& w = some.persons[r];
    const policy::Row a = all.RowOf(w.id);
    ASSERT_NE(a, policy::kNoRow);
    const auto& x = all.persons[a];
    EXPECT_EQ(std::tie(w.name, w.region, w.staff, w.last_contact, w.first_seen, w.employed),
              std::tie(x.name, x.region, x.staff, x.last_contact, x.first_seen, x.employed));
    EXPECT_EQ(some.records.offsets[r + 1] - some.records.offsets[r],
              all.records.offsets[a + 1] - all.records.offsets[a]);
    EXPECT_EQ(some.cases.intention[r], all.cases.intention[a]);
  }
  EXPECT_EQ(some.persons[1].staff, community_);
}

// Many persons changed at once by another process — a rule assigning 1,200 of them, services
// and reassignments of persons at the edges of the catch-up's windows of ids — are caught up
// here (in windows, not a rebuild: fewer than its limit) into the state a fresh build has:
// a person the catch-up missed would stay unassigned in the roll-up by staff.
TEST_P(CaseworkTest, ManyChangesAreCaughtUpAsAFreshBuildSeesThem) {
  const std::string standards = std::string(BANGFU_SOURCE_DIR) + "/standards";
  ASSERT_TRUE(app_->worklist().LoadStandards(standards).ok());
  std::vector<service::Person> people;
  for (int i = 0; i < 1200; ++i) {
    service::Person p = MakePerson("m" + std::to_string(i), "丙" + std::to_string(i),
                                   i % 2 ? "500153001001" : "500153001002");
    p.created_at = Timestamp::FromSeconds(1'790'000'000);
    people.push_back(std::move(p));
  }
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  auto leader = As(leader_, Role::kLeader, "500153");
  auto picture = [&](service::App& app) {
    std::vector<std::string> out;
    auto w = app.worklist().Worklist(leader);
    EXPECT_TRUE(w.ok()) << w.error().ToString();
    for (const auto* rows : {&w->by_staff, &w->by_community})
      for (const auto& r : *rows)
        out.push_back(fmt::format("{} {} {}", r.key, r.counts.people, fmt::join(r.counts.n, ",")));
    auto t = app.worklist().Worklist(Town());
    EXPECT_TRUE(t.ok()) << t.error().ToString();
    out.push_back(fmt::format("town {}", fmt::join(t->counts, ",")));
    for (const auto& it : t->items)
      out.push_back(fmt::format("{} {} {}", it.person_id, casework::Name(it.kind), it.detail));
    auto c = app.worklist().Compliance(leader, "");
    EXPECT_TRUE(c.ok()) << c.error().ToString();
    out.push_back(fmt::format("compliance {}", fmt::join(c->total.n, ",")));
    return out;
  };
  const auto before = picture(*app_);  // the state is built here, before the writes

  ASSERT_NO_FATAL_FAILURE(StartOtherProcess(standards));
  service::App& other = *other_->app;
  auto assigned = other.cases().SetRule(Town(), "500153001", town_);
  ASSERT_TRUE(assigned.ok()) << assigned.error().ToString();
  EXPECT_EQ(*assigned, 1201);  // 甲 and the 1,200
  for (const size_t i : {0, 1, 510, 511, 512, 513, 1023, 1024, 1199}) {
    ASSERT_TRUE(other.cases().RecordService(Town(), people[i].id, Briefing(D(2026, 11, 18))).ok());
    if (i % 2) {
      ASSERT_TRUE(other.cases().Assign(Town(), people[i].id, community_).ok());
    }
  }

  const auto caught_up = picture(*app_);
  EXPECT_NE(caught_up, before);
  EXPECT_EQ(caught_up, picture(other));
}

// Two first requests at once, with no background build running, build the case-work state
// once: the one that claims the build builds it, the other reads the store meanwhile, and both
// answer alike. StartWarmUp at the same moment still makes one build, and nothing waits
// forever; WarmUp afterwards waits for the build under way and builds once more.
TEST_P(CaseworkTest, TwoFirstRequestsAtOnceBuildTheStateOnce) {
  const std::string standards = std::string(BANGFU_SOURCE_DIR) + "/standards";
  std::vector<service::Person> people;
  for (int i = 0; i < 3000; ++i) {  // a build long enough for both requests to arrive in it
    service::Person p = MakePerson("w" + std::to_string(i), "戊" + std::to_string(i),
                                   i % 2 ? "500153001001" : "500153001002");
    p.created_at = Timestamp::FromSeconds(1'790'000'000);
    people.push_back(std::move(p));
  }
  ASSERT_TRUE(store_->persons().InsertMany(people).ok());
  const auto leader = As(leader_, Role::kLeader, "500153");
  auto picture = [](const service::WorklistView& w) {
    std::vector<std::string> out;
    for (const auto& r : w.by_community)
      out.push_back(fmt::format("{} {} {}", r.key, r.counts.people, fmt::join(r.counts.n, ",")));
    return out;
  };
  for (const bool with_warm_up : {false, true}) {
    SCOPED_TRACE(with_warm_up ? "with StartWarmUp" : "requests only");
    service::AppOptions o;
    o.cipher = service::PersonalDataCipher::FromKeyMaterial(std::string(64, 'k'));
    service::App app(*store_, clock_, std::move(o));
    ASSERT_TRUE(app.worklist().LoadStandards(standards).ok());
    std::latch go(with_warm_up ? 3 : 2);
    std::vector<std::vector<std::string>> answers(2);
    std::vector<std::thread> requests;
    for (size_t i = 0; i < answers.size(); ++i)
      requests.emplace_back([&, i] {
        go.arrive_and_wait();
        auto w = app.worklist().Worklist(leader);
        EXPECT_TRUE(w.ok()) << w.error().ToString();
        if (w.ok()) answers[i] = picture(*w);
      });
    if (with_warm_up) {
      go.arrive_and_wait();
      app.worklist().StartWarmUp();
    }
    for (auto& t : requests) t.join();
    // The build may still run (StartWarmUp's, or the claiming request's has ended): wait for it.
    for (int i = 0; i < 6000 && app.worklist().StateDate() != clock_.Today(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(app.worklist().StateDate(), clock_.Today());
    EXPECT_EQ(app.worklist().LastBuild().builds, 1);
    EXPECT_EQ(app.worklist().LastBuild().persons, 3001);
    EXPECT_FALSE(answers[0].empty());
    EXPECT_EQ(answers[0], answers[1]);
    auto after = app.worklist().Worklist(leader);  // from memory, the same picture
    ASSERT_TRUE(after.ok()) << after.error().ToString();
    EXPECT_EQ(picture(*after), answers[0]);
    ASSERT_TRUE(app.worklist().WarmUp().ok());
    EXPECT_EQ(app.worklist().LastBuild().builds, 2);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseworkTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace bangfu::store
