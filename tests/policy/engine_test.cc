// Evaluation: three-valued logic, each function's boundary, exact money and ratios, parameter
// effective dates, limits, explanations, and agreement between threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "bangfu/policy/cases.h"
#include "bangfu/policy/pack.h"
#include "bangfu/policy/synthetic.h"

namespace bangfu::policy {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

// A pack with one rule `R` for `subject` paying `amount` when `cond` holds.
std::string OneRule(const std::string& subject, const std::string& payee, const std::string& cond,
                    const std::string& amount = "1", const std::string& extra = "") {
  return "pack: t\nname: t\nsource: t\n"
         "parameters:\n"
         "  - {name: p, type: money, source: s, values: [{from: 2022-01-01, value: 100}, "
         "{from: 2023-07-01, value: 200}]}\n"
         "groups:\n  - {name: cap, key: person, per: ever, total: 2400}\n"
         "rules:\n  - id: R\n    name: 测试\n    clause: c\n    for: " +
         subject + "\n    payee: " + payee + "\n" + extra + "    when:\n      - " + cond +
         "\n    amount: " + amount + "\n";
}

struct World {
  CaseFacts cf;
  std::unique_ptr<Engine> engine;
};
World Make(const std::string& pack_text, const std::string& facts_yaml) {
  World w;
  const LoadResult r = LoadPackText(pack_text, "t.yaml");
  EXPECT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics.front().ToString());
  auto cf = ReadCaseFacts(facts_yaml, "f.yaml");
  EXPECT_TRUE(cf.ok()) << (cf.ok() ? "" : cf.error().message);
  if (!r.ok() || !cf.ok()) return w;
  w.cf = std::move(cf).value();
  auto e = Engine::Create(r.pack, w.cf.facts);
  EXPECT_TRUE(e.ok());
  if (e.ok()) w.engine = std::move(e).value();
  return w;
}

// ---- three-valued logic (Kleene) over two boolean fields ----
struct LogicCase {
  const char* a;
  const char* b;
  Outcome and_, or_;
};
class Kleene : public ::testing::TestWithParam<LogicCase> {};
TEST_P(Kleene, AndOr) {
  const LogicCase& c = GetParam();
  const std::string facts =
      std::string(
          "persons: [{id: p}]\nemployers: [{id: e}]\ninternships:\n  - {id: i, person: p, "
          "base: e, finished: ") +
      c.a + ", hired_after: " + c.b + "}\n";
  for (const char* op : {"and", "or"}) {
    World w = Make(OneRule("internship", "base",
                           std::string("internship.finished ") + op + " internship.hired_after"),
                   facts);
    ASSERT_TRUE(w.engine);
    const RunResult run = w.engine->Run(D("2024-01-01"), 1);
    EXPECT_EQ(run.outcome(0, 0), std::string(op) == "and" ? c.and_ : c.or_)
        << c.a << " " << op << " " << c.b;
  }
}
constexpr Outcome Y = Outcome::kEligible, N = Outcome::kNotEligible, U = Outcome::kUndecidable;

// The outcomes, subject by subject in the order of `facts`, of a pack whose one rule on
// `subject` has the condition `cond`, run on `as_of`; empty when the pack does not load.
std::vector<Outcome> OneRuleOutcomes(const std::string& subject, const std::string& cond, const std::string& facts,
                                     const char* as_of, size_t subjects) {
  World w = Make(OneRule(subject, subject, cond), facts);
  if (!w.engine) return {};
  const RunResult run = w.engine->Run(D(as_of), 1);
  std::vector<Outcome> out;
  for (size_t row = 0; row < subjects; ++row) out.push_back(run.outcome(0, static_cast<Row>(row)));
  return out;
}
INSTANTIATE_TEST_SUITE_P(
    Engine, Kleene,
    ::testing::Values(LogicCase{"true", "true", Y, Y}, LogicCase{"true", "false", N, Y},
                      LogicCase{"true", "unknown", U, Y}, LogicCase{"false", "true", N, Y},
                      LogicCase{"false", "false", N, N}, LogicCase{"false", "unknown", N, U},
                      LogicCase{"unknown", "true", U, Y}, LogicCase{"unknown", "false", N, U},
                      LogicCase{"unknown", "unknown", U, U}));

// ---- function boundaries: one condition, one person, several as-of dates ----
struct Boundary {
  const char* what;
  const char* subject;
  const char* cond;
  const char* facts;
  const char* as_of;
  Outcome want;
};
class Boundaries : public ::testing::TestWithParam<Boundary> {};
TEST_P(Boundaries, Hold) {
  const Boundary& b = GetParam();
  World w = Make(OneRule(b.subject, "person", b.cond), b.facts);
  ASSERT_TRUE(w.engine);
  const RunResult run = w.engine->Run(D(b.as_of), 1);
  EXPECT_EQ(run.outcome(0, 0), b.want) << b.what;
}
constexpr const char* kLeap = "persons: [{id: p, birth: 2000-02-29, sex: male}]";
constexpr const char* kGrad = "persons: [{id: p, graduated: 2022-06-30}]";
constexpr const char* kWoman = "persons: [{id: p, birth: 1984-05-10, sex: female}]";
constexpr const char* kMan = "persons: [{id: p, birth: 1974-05-10, sex: male}]";
constexpr const char* kNoSex = "persons: [{id: p, birth: 1960-05-10}]";
constexpr const char* kCat =
    "persons: [{id: p, categories: [{category: dibao, from: 2023-01-01, to: 2023-12-31}]}]";
constexpr const char* kPaid =
    "persons: [{id: p}]\nemployers: [{id: e}, {id: f}]\ncontributions:\n"
    "  - {person: p, payer: e, from: 2023-01, to: 2023-12}\n"
    "  - {person: p, payer: f, from: 2023-06}\n";
constexpr const char* kBiz =
    "persons: [{id: p}]\nbusinesses: [{id: b, founders: [p], licence: 2021-08-31}]";
INSTANTIATE_TEST_SUITE_P(
    Engine, Boundaries,
    ::testing::Values(
        Boundary{"29 Feb: not 21 on 28 Feb", "person", "age(person, as_of) >= 21", kLeap,
                 "2021-02-28", N},
        Boundary{"29 Feb: 21 on 1 Mar", "person", "age(person, as_of) >= 21", kLeap, "2021-03-01",
                 Y},
        Boundary{"29 Feb: 24 on 29 Feb", "person", "age(person, as_of) >= 24", kLeap, "2024-02-29",
                 Y},
        Boundary{"woman 40 on her birthday", "person", "is_4050(person, as_of)", kWoman,
                 "2024-05-10", Y},
        Boundary{"woman 39 the day before", "person", "is_4050(person, as_of)", kWoman,
                 "2024-05-09", N},
        Boundary{"man 50 on his birthday", "person", "is_4050(person, as_of)", kMan, "2024-05-10",
                 Y},
        Boundary{"man 49 the day before", "person", "is_4050(person, as_of)", kMan, "2024-05-09",
                 N},
        Boundary{"sex unknown: 4050 undecidable", "person", "is_4050(person, as_of)", kNoSex,
                 "2024-05-10", U},
        Boundary{"within 2 years the day before", "person",
                 "left_school_within(person, as_of, years(2))", kGrad, "2024-06-29", Y},
        Boundary{"not within 2 years on the anniversary", "person",
                 "left_school_within(person, as_of, years(2))", kGrad, "2024-06-30", N},
        Boundary{"graduate of the year", "person", "graduate_of_year(person, as_of)", kGrad,
                 "2022-01-01", Y},
        Boundary{"not a graduate of the next year", "person", "graduate_of_year(person, as_of)",
                 kGrad, "2023-01-01", N},
        Boundary{"graduation unknown", "person", "graduate_of_year(person, as_of)",
                 "persons: [{id: p}]", "2023-01-01", U},
        Boundary{"category on its last day", "person", "has_category(person, {dibao}, as_of)", kCat,
                 "2023-12-31", Y},
        Boundary{"category the day after", "person", "has_category(person, {dibao}, as_of)", kCat,
                 "2024-01-01", N},
        Boundary{"operating 1 year on the anniversary (31 Aug → 31 Aug)", "business",
                 "years_operating(business) >= 1", kBiz, "2022-08-31", Y},
        Boundary{"operating < 1 year the day before", "business", "years_operating(business) >= 1",
                 kBiz, "2022-08-30", N},
        Boundary{"date arithmetic clamps to month end", "person",
                 "2023-08-31 + months(6) == 2024-02-29", "persons: [{id: p}]", "2024-01-01", Y},
        Boundary{"year on 1 January", "person", "year(as_of) == 2024", "persons: [{id: p}]",
                 "2024-01-01", Y},
        Boundary{"year on 31 December", "person", "year(as_of) == 2024", "persons: [{id: p}]",
                 "2023-12-31", N},
        Boundary{"year past the table", "person", "year(2500-03-01) == 2500", "persons: [{id: p}]",
                 "2024-01-01", Y},
        Boundary{"exact money: 13.50 yuan", "person", "13.50 + 0.50 == 14", "persons: [{id: p}]",
                 "2024-01-01", Y}));

// contribution_months needs an employer reachable from the subject; test it through an
// employment.
TEST(Engine, ContributionMonthsCountsOnlyTheSamePayerEndingLastMonth) {
  const std::string facts =
      std::string(kPaid) +
      "employments:\n  - {id: m1, person: p, employer: e, start: 2023-01-01}\n"
      "  - {id: m2, person: p, employer: f, start: 2023-06-01}\n";
  const char* cond = "contribution_months(person, employer) >= 12";
  World w = Make(OneRule("employment", "employer", cond), facts);
  ASSERT_TRUE(w.engine);
  RunResult run = w.engine->Run(D("2024-01-15"), 1);
  EXPECT_EQ(run.outcome(0, 0), Y);  // e: 2023-01 … 2023-12
  EXPECT_EQ(run.outcome(0, 1), N);  // f: only 2023-06
  run = w.engine->Run(D("2024-02-01"), 1);
  EXPECT_EQ(run.outcome(0, 0), N);  // 2024-01 not paid: no longer paying
  auto why = w.engine->Explain(run, "R", 0);
  ASSERT_TRUE(why.ok());
  EXPECT_NE(why->conditions[0].missing.find("本单位连续缴纳社保: 0个月，需 ≥ 12个月"),
            std::string::npos)
      << why->ToText();
}

TEST(Engine, RatiosCompareExactly) {
  const std::string facts =
      "persons: [{id: a}, {id: b}, {id: c}]\nemployers: [{id: e}]\ninternships:\n"
      "  - {id: i1, person: a, base: e, end: 2023-12-31, finished: true, hired_after: true}\n"
      "  - {id: i2, person: b, base: e, end: 2023-12-31, finished: true, hired_after: false}\n"
      "  - {id: i3, person: c, base: e, end: 2023-12-31, finished: true, hired_after: false}\n";
  for (const auto& [bound, want] : std::vector<std::pair<std::string, Outcome>>{
           {"33%", Y}, {"33.34%", N}, {"33.333%", Y}, {"34%", N}}) {
    World w = Make(OneRule("internship", "base", "retention_rate(base) >= " + bound), facts);
    ASSERT_TRUE(w.engine);
    EXPECT_EQ(w.engine->Run(D("2024-01-01"), 1).outcome(0, 0), want) << "1/3 >= " << bound;
  }
}

TEST(Engine, ParametersFollowTheirEffectiveDates) {
  World w = Make(OneRule("person", "person", "true", "param.p"), "persons: [{id: p}]");
  ASSERT_TRUE(w.engine);
  EXPECT_EQ(w.engine->Run(D("2021-12-31"), 1).outcome(0, 0), Outcome::kNotConfigured);
  RunResult before = w.engine->Run(D("2023-06-30"), 1);
  EXPECT_EQ(before.amount(0, 0), 10000);
  RunResult after = w.engine->Run(D("2023-07-01"), 1);
  EXPECT_EQ(after.amount(0, 0), 20000);
  auto why = w.engine->Explain(after, "R", 0);
  ASSERT_TRUE(why.ok());
  ASSERT_EQ(why->parameters.size(), 1u);
  EXPECT_EQ(why->parameters[0].value, "200.00元");
  EXPECT_EQ(why->parameters[0].from, "2023-07-01");
  EXPECT_EQ(why->parameters[0].source, "s");
  auto pack = LoadPackText(OneRule("person", "person", "true", "param.p"), "t.yaml").pack;
  auto o = MakeOverride(*pack, "p", "", "12.34");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(w.engine->Run(D("2021-01-01"), 1, {*o}).amount(0, 0), 1234);
  EXPECT_FALSE(MakeOverride(*pack, "p", "", "1.234").ok());
  EXPECT_FALSE(MakeOverride(*pack, "nope", "", "1").ok());
}

TEST(Engine, TotalCapAcrossTheRunAndThePaidLedger) {
  const std::string facts =
      "persons: [{id: p}, {id: q}]\ntrainings:\n"
      "  - {id: t1, person: p}\n  - {id: t2, person: p}\n  - {id: t3, person: p}\n"
      "  - {id: t4, person: q}\n"
      "paid:\n  - {rule: cap, person: q, paid_on: 2023-01-01, amount: 2000}\n";
  World w = Make(OneRule("training", "person", "true", "1000", "    once: cap\n"), facts);
  ASSERT_TRUE(w.engine);
  const RunResult run = w.engine->Run(D("2024-01-01"), 2);
  EXPECT_EQ(run.amount(0, 0), 100000);
  EXPECT_EQ(run.amount(0, 1), 100000);
  EXPECT_EQ(run.amount(0, 2), 40000);  // 2400 − 2000 left
  EXPECT_EQ(run.limit(0, 2), LimitApplied::kCapped);
  // People read what the limit did, in words with the amount, not its machine name.
  auto capped = w.engine->Explain(run, "R", 2);
  ASSERT_TRUE(capped.ok());
  EXPECT_NE(capped->ToText().find("限额与不重复享受: 金额按封顶标准或剩余额度核减为 400.00元"), std::string::npos)
      << capped->ToText();
  EXPECT_EQ(capped->ToText().find("capped"), std::string::npos) << capped->ToText();
  EXPECT_NE(capped->ToText().find("对象: 培训 #"), std::string::npos) << capped->ToText();
  EXPECT_EQ(run.amount(0, 3), 40000);  // q was paid 2000 before
  EXPECT_EQ(run.eligible_before_limits(0), 4);
  EXPECT_EQ(run.total_amount(0), 280000);
}

// Every value of E below `last` has a label and reads back from its name.
template <typename E, typename Parse>
void ExpectLabelledAndParsed(E last, Parse parse) {
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    const auto e = static_cast<E>(i);
    EXPECT_FALSE(Label(e).empty()) << Name(e);
    EXPECT_EQ(parse(Name(e)), e);
  }
}

// Every machine name of an explanation has its Chinese words, and the name reads back.
TEST(Labels, EveryNameHasWordsAndReadsBack) {
  ExpectLabelledAndParsed(SubjectKind::kEmployer, ParseSubjectKind);
  ExpectLabelledAndParsed(PayeeKind::kInstitution, ParsePayeeKind);
  ExpectLabelledAndParsed(Outcome::kNotConfigured, ParseOutcome);
  for (int i = 1; i <= static_cast<int>(LimitApplied::kTopUp); ++i) {
    const auto l = static_cast<LimitApplied>(i);
    EXPECT_FALSE(Label(l).empty()) << Name(l);
    EXPECT_FALSE(LimitText(l, 100).empty()) << Name(l);
    EXPECT_EQ(LimitText(l, 100).find(Name(l)), std::string::npos) << Name(l);
    EXPECT_EQ(ParseLimitApplied(Name(l)), l);
  }
  EXPECT_EQ(LimitText(LimitApplied::kNone, 100), "");
  EXPECT_EQ(LimitText(LimitApplied::kTopUp, 40000000), "升级到更高标准，补发差额 400000.00元（此前已按较低标准领取）");
  EXPECT_EQ(LimitText(LimitApplied::kTopUp, 40000000, "创业孵化基地一次性补贴"),
            "升级到更高标准，补发差额 400000.00元（此前已按较低标准领取「创业孵化基地一次性补贴」）");
  EXPECT_EQ(Label(PayeeKind::kEmployer), "用人单位");
  EXPECT_EQ(Label(Outcome::kUndecidable), "数据缺失，无法判定");
  EXPECT_FALSE(ParseLimitApplied("top-up"));
  EXPECT_FALSE(ParseOutcome(""));
}

TEST(Engine, ExplanationCarriesValuesMissingPiecesAndIsFast) {
  const std::string pack =
      OneRule("employment", "employer",
              "months_employed(employment) >= 6 and employment.contract_months >= 12", "param.p");
  World w = Make(pack,
                 "persons: [{id: p}]\nemployers: [{id: e}]\nemployments:\n"
                 "  - {id: m, person: p, employer: e, start: 2023-09-01, contract_months: 11}\n");
  ASSERT_TRUE(w.engine);
  const RunResult run = w.engine->Run(D("2024-01-15"), 1);
  auto why = w.engine->Explain(run, "R", 0);
  ASSERT_TRUE(why.ok());
  EXPECT_EQ(why->outcome, Outcome::kNotEligible);
  EXPECT_EQ(why->rule_id, "R");
  EXPECT_EQ(why->clause, "c");
  ASSERT_EQ(why->conditions.size(), 1u);
  const ConditionTrace& c = why->conditions[0];
  EXPECT_EQ(c.result, Tri::kFalse);
  EXPECT_EQ(c.pos.line, 15);
  EXPECT_NE(
      std::find(c.values.begin(), c.values.end(), "months_employed(employment)（已就业）= 4个月"),
      c.values.end());
  EXPECT_NE(c.missing.find("已就业: 4个月，需 ≥ 6个月"), std::string::npos) << c.missing;
  EXPECT_NE(c.missing.find("劳动合同期限(月): 11，需 ≥ 12"), std::string::npos) << c.missing;
  EXPECT_NE(why->ToText().find("不符合"), std::string::npos);
  EXPECT_FALSE(w.engine->Explain(run, "NOPE", 0).ok());
  EXPECT_FALSE(w.engine->Explain(run, "R", 7).ok());

  // On a large population one explanation is still well under a millisecond.
  auto big = LoadPackFile(std::string(BANGFU_SOURCE_DIR) + "/policies/cq-rongchang-2022.yaml");
  ASSERT_TRUE(big.ok());
  const Facts facts = SyntheticFacts(200000, 7);
  auto engine = Engine::Create(big.pack, facts);
  ASSERT_TRUE(engine.ok()) << engine.error().message;
  const RunResult r = (*engine)->Run(D("2024-03-15"));
  std::vector<double> micros;
  for (Row row = 0; row < 200; ++row) {
    const auto t0 = std::chrono::steady_clock::now();
    auto e = (*engine)->Explain(r, "RC-HIRE-HARDSHIP", row * 7);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->outcome, r.outcome(0, row * 7));
  }
  std::sort(micros.begin(), micros.end());
  EXPECT_LT(micros[micros.size() / 2], 1000.0);
}

// month_start(d): the first day of d's month — the last day of a month, a leap day and the first
// itself included; missing when d is. b1–b3 have licence dates, b4 none.
TEST(Engine, MonthStartIsTheFirstDayOfTheMonth) {
  const std::string facts =
      "persons: [{id: p}]\n"
      "businesses:\n"
      "  - {id: b1, founders: [p], licence: 2023-01-31}\n"
      "  - {id: b2, founders: [p], licence: 2024-02-29}\n"
      "  - {id: b3, founders: [p], licence: 2023-12-01}\n"
      "  - {id: b4, founders: [p]}\n";
  struct Want {
    const char* cond;
    std::vector<Outcome> b1_to_b4;
  };
  const Want wants[] = {
      {"month_start(business.licence_date) == 2023-01-01", {Y, N, N, U}},
      {"month_start(business.licence_date) == 2024-02-01", {N, Y, N, U}},
      {"month_start(business.licence_date) == 2023-12-01", {N, N, Y, U}},
      // The as-of date's month: 2024-03-15 → 2024-03-01.
      {"month_start(as_of) == 2024-03-01", {Y, Y, Y, Y}},
      {"month_start(business.licence_date) < business.licence_date", {Y, Y, N, U}},
  };
  for (const Want& want : wants)
    EXPECT_EQ(OneRuleOutcomes("business", want.cond, facts, "2024-03-15", 4), want.b1_to_b4) << want.cond;
}

// first_known(a, b): a unless a is missing, else b; missing only when both are. b1 has a licence
// date, b2 and b3 have none; p graduated, q's graduation is unknown.
TEST(Engine, FirstKnownTakesTheFirstDateThatIsKnown) {
  const std::string facts =
      "persons: [{id: p, graduated: 2020-06-30, categories: [{category: registered_unemployed, "
      "from: 2022-01-01, to: 2023-01-01}]}, {id: q}]\n"
      "businesses:\n"
      "  - {id: b1, founders: [p], licence: 2023-01-01}\n"
      "  - {id: b2, founders: [p]}\n"
      "  - {id: b3, founders: [q]}\n";
  struct Want {
    const char* cond;
    std::vector<Outcome> b1_to_b3;
  };
  const Want wants[] = {
      // known first: the first; unknown first: the second (the as-of date is always known)
      {"first_known(business.licence_date, as_of) == 2023-01-01", {Y, N, N}},
      {"first_known(business.licence_date, as_of) == as_of", {N, Y, Y}},
      // both known: the first wins, whatever the second
      {"first_known(founder.graduation_date, business.licence_date) == 2020-06-30", {Y, Y, U}},
      // first unknown, second known; both unknown: missing, hence undecidable
      {"first_known(business.licence_date, founder.graduation_date) == 2020-06-30", {N, Y, U}},
      // a judgement at the chosen date: p was registered unemployed on b1's licence date but
      // is not on the as-of date, so b2 (no licence) is refused, not left undecidable
      {"registered_unemployed(founder, first_known(business.licence_date, as_of))", {Y, N, N}},
  };
  for (const Want& want : wants)
    EXPECT_EQ(OneRuleOutcomes("business", want.cond, facts, "2024-03-01", 3), want.b1_to_b3) << want.cond;

  // The explanation shows the date chosen beside the missing one it passed over.
  const std::string cond =
      "registered_unemployed(founder, first_known(business.licence_date, as_of))";
  World w = Make(OneRule("business", "business", cond), facts);
  ASSERT_TRUE(w.engine);
  const RunResult run = w.engine->Run(D("2024-03-01"), 1);
  auto why = w.engine->Explain(run, "R", 1);
  ASSERT_TRUE(why.ok());
  ASSERT_EQ(why->conditions.size(), 1u);
  const auto& values = why->conditions[0].values;
  auto has = [&](const std::string& line) {
    return std::find(values.begin(), values.end(), line) != values.end();
  };
  EXPECT_TRUE(has("first_known(business.licence_date, as_of)（首个已知日期）= 2024-03-01"))
      << ::testing::PrintToString(values);
  EXPECT_TRUE(has("business.licence_date（营业执照日期）= 缺失")) << ::testing::PrintToString(values);
  auto known = w.engine->Explain(run, "R", 0);
  ASSERT_TRUE(known.ok());
  EXPECT_EQ(known->outcome, Outcome::kEligible);
  const auto& kv = known->conditions[0].values;
  EXPECT_NE(std::find(kv.begin(), kv.end(),
                      "first_known(business.licence_date, as_of)（首个已知日期）= 2023-01-01"),
            kv.end())
      << ::testing::PrintToString(kv);
}

TEST(Engine, ThreadsAgreeWithOneThread) {
  auto pack = LoadPackFile(std::string(BANGFU_SOURCE_DIR) + "/policies/cq-rongchang-2022.yaml");
  ASSERT_TRUE(pack.ok());
  const Facts facts = SyntheticFacts(50000, 11);
  auto engine = Engine::Create(pack.pack, facts);
  ASSERT_TRUE(engine.ok()) << engine.error().message;
  const RunResult one = (*engine)->Run(D("2024-03-15"), 1);
  const RunResult four = (*engine)->Run(D("2024-03-15"), 4);
  int64_t eligible = 0;
  for (int r = 0; r < one.rules(); ++r) {
    for (Row row = 0; row < static_cast<Row>(one.rows(r)); ++row) {
      ASSERT_EQ(one.outcome(r, row), four.outcome(r, row));
      ASSERT_EQ(one.amount(r, row), four.amount(r, row));
    }
    eligible += one.count(r, Outcome::kEligible);
  }
  EXPECT_GT(eligible, 0);  // the synthetic population exercises the pack
}

TEST(Engine, CreateRejectsBrokenFacts) {
  auto pack = LoadPackText(OneRule("person", "person", "true"), "t.yaml");
  ASSERT_TRUE(pack.ok());
  Facts f;
  f.persons.id = {1, 2};
  auto e = Engine::Create(pack.pack, f);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("persons.birth_date"), std::string::npos);
}

}  // namespace
}  // namespace bangfu::policy
