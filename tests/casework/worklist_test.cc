#include "bangfu/casework/worklist.h"

#include <gtest/gtest.h>

namespace bangfu::casework {
namespace {

Date D(int y, int m, int d) { return Date::FromYmdUnchecked(y, m, d); }

std::vector<WorkItem> Of(const std::vector<WorkItem>& all, ItemKind k) {
  std::vector<WorkItem> out;
  for (const auto& i : all)
    if (i.kind == k) out.push_back(i);
  return out;
}

// 2024-06-12 is a Wednesday; its week ends on Sunday 2024-06-16.
const Date kToday = D(2024, 6, 12);

TEST(Worklist, StepsOverdueAndDueThisWeek) {
  std::vector<WorkPerson> ps = {{1, "甲", 500153001001, 7}};
  std::vector<WorkStep> steps = {{10, 1, 8, "推荐岗位", D(2024, 6, 11), true},
                                 {11, 1, 0, "回访", D(2024, 6, 12), true},
                                 {12, 1, 0, "培训", D(2024, 6, 16), true},
                                 {13, 1, 0, "下周", D(2024, 6, 17), true},
                                 {14, 1, 0, "已完成", D(2024, 6, 1), false},
                                 {15, 99, 0, "他人", D(2024, 6, 1), true}};
  const auto w = BuildWorklist(ps, steps, {}, {}, domain::WorkCalendar(), kToday);
  const auto late = Of(w, ItemKind::kStepOverdue);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].ref_id, 10);
  EXPECT_EQ(late[0].days, 1);
  EXPECT_EQ(late[0].staff, 8);  // the step's owner
  const auto due = Of(w, ItemKind::kStepDueThisWeek);
  ASSERT_EQ(due.size(), 2u);  // today and Sunday, not next Monday
  EXPECT_EQ(due[0].staff, 7);  // no owner: the responsible staff member
  EXPECT_EQ(w.front().kind, ItemKind::kStepOverdue);  // overdue first
}

TEST(Worklist, ReferralsWithoutOutcomeFrom14Days) {
  std::vector<WorkPerson> ps = {{1, "甲", 500153001001, 7}};
  std::vector<WorkReferral> refs = {{1, 1, 7, D(2024, 5, 29), false, "焊工", "昌州机械厂"},   // 14 days
                                    {2, 1, 7, D(2024, 5, 30), false, "电工"},   // 13 days
                                    {3, 1, 7, D(2024, 5, 1), true, "厨师"}};
  const auto w = Of(BuildWorklist(ps, {}, refs, {}, domain::WorkCalendar(), kToday),
                    ItemKind::kReferralNoOutcome);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].ref_id, 1);
  EXPECT_EQ(w[0].days, 14);
  EXPECT_EQ(w[0].detail, "推荐“焊工”（昌州机械厂）14 天未反馈结果");  // the employer by name
}

TEST(Worklist, NotContactedFrom30DaysUnlessEmployed) {
  std::vector<WorkPerson> ps(4);
  ps[0] = {1, "甲", 1, 7, D(2024, 5, 13)};  // 30 days
  ps[1] = {2, "乙", 1, 7, D(2024, 5, 14)};  // 29 days
  ps[2] = {3, "丙", 1, 7, policy::kNoDate, D(2024, 4, 1)};  // never contacted since registration
  ps[3] = {4, "丁", 1, 7, D(2024, 1, 1)};
  ps[3].employed = true;
  const auto w = Of(BuildWorklist(ps, {}, {}, {}, domain::WorkCalendar(), kToday),
                    ItemKind::kNotContacted);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].person_id, 3);  // longest first
  EXPECT_EQ(w[1].person_id, 1);
  EXPECT_EQ(w[1].days, 30);
}

TEST(Worklist, RegistrationDeadlineOnTheWorkingDayCalendar) {
  domain::WorkCalendar cal;
  cal.AddHoliday(D(2024, 6, 10), "端午节");  // Monday
  std::vector<WorkPerson> ps = {{1, "甲", 1, 7}, {2, "乙", 1, 7}, {3, "丙", 1, 7}};
  // Applied Tue 6-04: working days 6-05,06,07,11,12,13,14 → due Fri 6-14 (6-10 is a holiday).
  // On Wed 6-12 two working days are left: listed. Applied Thu 6-06 → due 6-18, 4 left: not.
  // Applied Thu 5-30 → due 6-11: one working day late.
  std::vector<WorkRegistration> regs = {{1, 1, D(2024, 6, 4)}, {2, 2, D(2024, 6, 6)},
                                        {3, 3, D(2024, 5, 30)}};
  const auto w = Of(BuildWorklist(ps, {}, {}, regs, cal, kToday), ItemKind::kRegistrationDue);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].person_id, 3);
  EXPECT_EQ(w[0].due, D(2024, 6, 11));
  EXPECT_EQ(w[0].days, 1);
  EXPECT_EQ(w[1].person_id, 1);
  EXPECT_EQ(w[1].due, D(2024, 6, 14));
  EXPECT_EQ(w[1].days, -2);
}

TEST(Worklist, MissingServicesAndRollUps) {
  std::vector<WorkPerson> ps(3);
  ps[0] = {1, "甲", 500153001001, 7};
  ps[0].missing_services = 2;
  ps[0].next_deadline = D(2024, 6, 1);
  ps[1] = {2, "乙", 500153001002, 8};
  ps[1].missing_services = 1;
  ps[1].next_deadline = D(2024, 6, 30);
  ps[2] = {3, "丙", 500153002001, 8};
  const auto w = BuildWorklist(ps, {}, {}, {}, domain::WorkCalendar(), kToday);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].person_id, 1);  // past its deadline
  EXPECT_EQ(w[0].days, 11);
  const auto by_staff = RollUp(w, RollupBy::kStaff);
  ASSERT_EQ(by_staff.size(), 2u);
  const auto by_town = RollUp(w, RollupBy::kTown);
  ASSERT_EQ(by_town.size(), 1u);
  EXPECT_EQ(by_town[0].key, 500153001);
  EXPECT_EQ(by_town[0].people, 2);
  EXPECT_EQ(by_town[0].n[static_cast<int>(ItemKind::kMissingService)], 2);
}

TEST(ZeroEmployment, ActionsAndDays) {
  const Date since = D(2024, 4, 1);  // 72 days before kToday
  auto member = [](int64_t id, bool plan) {
    HouseholdMember m;
    m.person_id = id;
    m.open_plan = plan;
    return m;
  };
  std::vector<HouseholdCase> hs(6);
  hs[0] = {1, 1, since, {member(1, false), member(2, false)}};            // no plan
  hs[1] = {2, 1, D(2024, 5, 1), {member(3, true)}};                       // 42 days: refer
  hs[2] = {3, 1, since, {member(4, true)}};                               // 72 days: post
  hs[3] = {4, 1, since, {member(5, true)}};
  hs[3].members[0].public_welfare_offered = D(2024, 5, 1);               // offered: follow up
  hs[4] = {5, 1, since, {member(6, true)}};
  hs[4].members[0].employed = true;                                       // not zero any more
  hs[5] = {6, 1, D(2024, 6, 13), {member(7, false)}};                     // from tomorrow
  const auto z = ZeroEmploymentWorklist(hs, kToday);
  ASSERT_EQ(z.size(), 4u);
  EXPECT_EQ(z[0].household_id, 1);
  EXPECT_EQ(z[0].days, 72);
  EXPECT_EQ(z[0].action, HouseholdAction::kMakePlan);
  EXPECT_EQ(z[1].action, HouseholdAction::kPublicWelfarePost);
  EXPECT_EQ(z[2].action, HouseholdAction::kFollowUp);
  EXPECT_EQ(z[3].household_id, 2);
  EXPECT_EQ(z[3].action, HouseholdAction::kRefer);
  // Exactly at the threshold public-welfare placement is due.
  ZeroEmploymentOptions o;
  o.public_welfare_after_days = 42;
  EXPECT_EQ(ZeroEmploymentWorklist({hs[1]}, kToday, o)[0].action,
            HouseholdAction::kPublicWelfarePost);
}

}  // namespace
}  // namespace bangfu::casework
