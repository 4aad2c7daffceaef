// Administrator-set parameter values merged into a pack (WithValues), the parameter list of
// the settings page (Parameters) and the rule catalogue in words (Describe).
#include <gtest/gtest.h>

#include "bangfu/policy/cases.h"
#include "bangfu/policy/pack.h"

namespace bangfu::policy {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

// `open` has no value (the source leaves it open); `rate` has one from 2022.
constexpr char kPack[] = R"(pack: t
name: 测试包
source: 源文件
parameters:
  - {name: open, type: money, source: 原文未定}
  - {name: rate, type: ratio, source: 原文50%, values: [{from: 2022-01-01, value: 50%}]}
rules:
  - id: R
    name: 测试补贴（说明）
    clause: 一(二)3
    quote: 原文的话
    note: 本系统的理解
    for: person
    payee: person
    when:
      - person.education >= junior_college
    amount: param.open
)";

struct World {
  CaseFacts cf;
  std::unique_ptr<Engine> engine;
};
World Make(std::shared_ptr<const Pack> pack) {
  World w;
  auto cf = ReadCaseFacts("persons: [{id: p, education: bachelor}]", "f.yaml");
  EXPECT_TRUE(cf.ok()) << (cf.ok() ? "" : cf.error().message);
  w.cf = std::move(cf).value();
  auto e = Engine::Create(std::move(pack), w.cf.facts);
  EXPECT_TRUE(e.ok());
  if (e.ok()) w.engine = std::move(e).value();
  return w;
}

TEST(WithValues, AStoredValueMakesTheRuleLiveFromItsDate) {
  const LoadResult r = LoadPackText(kPack, "t.yaml");
  ASSERT_TRUE(r.ok());
  World plain = Make(r.pack);
  EXPECT_EQ(plain.engine->Run(D("2024-06-01"), 1).outcome(0, 0), Outcome::kNotConfigured);

  auto merged = WithValues(*r.pack, {{"open", "", "300", D("2024-01-01"), "文件一"},
                                     {"open", "", "350.50", D("2025-01-01"), "文件二"}});
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  World w = Make(*merged);
  EXPECT_EQ(w.engine->Run(D("2023-12-31"), 1).outcome(0, 0), Outcome::kNotConfigured);
  const RunResult run = w.engine->Run(D("2024-06-01"), 1);
  EXPECT_EQ(run.outcome(0, 0), Outcome::kEligible);
  EXPECT_EQ(run.amount(0, 0), 30000);
  EXPECT_EQ(w.engine->Run(D("2025-01-01"), 1).amount(0, 0), 35050);
  // The explanation shows the stored value with its date and its own source.
  auto why = w.engine->Explain(run, "R", 0);
  ASSERT_TRUE(why.ok());
  ASSERT_EQ(why->parameters.size(), 1u);
  EXPECT_EQ(why->parameters[0].value, "300.00元");
  EXPECT_EQ(why->parameters[0].from, "2024-01-01");
  EXPECT_EQ(why->parameters[0].source, "文件一");
  // The original pack is untouched.
  EXPECT_EQ(plain.engine->Run(D("2024-06-01"), 1).outcome(0, 0), Outcome::kNotConfigured);
}

TEST(WithValues, ASettingOnThePacksOwnDateWins) {
  const LoadResult r = LoadPackText(kPack, "t.yaml");
  ASSERT_TRUE(r.ok());
  auto merged = WithValues(*r.pack, {{"rate", "", "60%", D("2022-01-01"), "新文件"}});
  ASSERT_TRUE(merged.ok());
  const auto params = Parameters(**merged);
  ASSERT_EQ(params.size(), 2u);
  ASSERT_EQ(params[1].values.size(), 2u);
  EXPECT_FALSE(params[1].values[0].stored);
  EXPECT_TRUE(params[1].values[1].stored);
  EXPECT_EQ(params[1].values[1].text, "60%");
}

TEST(WithValues, RefusesWhatDoesNotFitNamingTheSetting) {
  const LoadResult r = LoadPackText(kPack, "t.yaml");
  ASSERT_TRUE(r.ok());
  struct Bad {
    ParamSetting s;
    const char* why;
  };
  for (const Bad& b : {Bad{{"nope", "", "1", D("2024-01-01"), "x"}, "unknown parameter"},
                       Bad{{"open", "", "abc", D("2024-01-01"), "x"}, "not a money"},
                       Bad{{"open", "", "1.234", D("2024-01-01"), "x"}, "three decimals"},
                       Bad{{"rate", "", "2024-01-01", D("2024-01-01"), "x"}, "not a ratio"},
                       Bad{{"open", "k", "1", D("2024-01-01"), "x"}, "no keys"},
                       Bad{{"open", "", "1", kNoDate, "x"}, "no date"}}) {
    auto m = WithValues(*r.pack, {{"open", "", "1", D("2024-01-01"), "ok"}, b.s});
    ASSERT_FALSE(m.ok()) << b.why;
    EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument) << b.why;
    EXPECT_EQ(m.error().field, "settings[1]") << b.why;
  }
}

TEST(Parameters, ListsTypesTimelinesAndTheRulesReadingThem) {
  const LoadResult r = LoadPackText(kPack, "t.yaml");
  ASSERT_TRUE(r.ok());
  const auto params = Parameters(*r.pack);
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].name, "open");
  EXPECT_EQ(params[0].type, "money");
  EXPECT_TRUE(params[0].values.empty());
  EXPECT_FALSE(params[0].ConfiguredAt(D("2030-01-01")));
  EXPECT_EQ(params[0].rules, std::vector<std::string>{"R"});
  EXPECT_EQ(params[1].type, "ratio");
  EXPECT_EQ(params[1].values.at(0).text, "50%");
  EXPECT_EQ(params[1].values.at(0).source, "原文50%");
  EXPECT_TRUE(params[1].ConfiguredAt(D("2022-01-01")));
  EXPECT_FALSE(params[1].ConfiguredAt(D("2021-12-31")));
  EXPECT_TRUE(params[1].rules.empty());
}

TEST(Describe, RendersARuleInWordsBesideItsClause) {
  const LoadResult r = LoadPackText(kPack, "t.yaml");
  ASSERT_TRUE(r.ok());
  const auto rules = Describe(*r.pack);
  ASSERT_EQ(rules.size(), 1u);
  const RuleDetail& d = rules[0];
  EXPECT_EQ(d.info.id, "R");
  EXPECT_EQ(d.benefit, "测试补贴");
  EXPECT_EQ(d.quote, "原文的话");
  EXPECT_EQ(d.reading, "本系统的理解");
  ASSERT_EQ(d.conditions.size(), 1u);
  EXPECT_EQ(d.conditions[0], "人员学历 ≥ 大专");
  EXPECT_EQ(d.condition_code[0], "person.education >= junior_college");
  EXPECT_EQ(d.amount, "参数 open");
  EXPECT_EQ(d.params, std::vector<std::string>{"open"});
}

// A once-group is named in words, never by its machine name: by its `label` when the pack
// gives one, else by the benefits of the rules that share it, each said once.
TEST(Describe, OnceGroupsReadInWords) {
  constexpr char kGroups[] = R"(pack: t
name: 测试包
source: 源文件
groups:
  - {name: hire-subsidy, key: person, per: ever, clause: 一(一)}
  - {name: base-grant, key: person, per: year, label: 基地一次性补助（区级、市级）, top_up: true}
  - {name: mixed, key: person, per: ever}
rules:
  - id: A
    name: 吸纳就业补贴（困难人员）
    clause: 一
    for: person
    payee: person
    once: [hire-subsidy, mixed]
    when: [person.education >= junior_college]
    amount: 1
  - id: B
    name: 吸纳就业补贴（高校毕业生）
    clause: 一
    for: person
    payee: person
    once: hire-subsidy
    when: [person.education >= bachelor]
    amount: 1
  - id: C
    name: 基地补助
    clause: 二
    for: person
    payee: person
    once: [base-grant, mixed]
    when: [person.education >= bachelor]
    amount: 1
)";
  const LoadResult r = LoadPackText(kGroups, "t.yaml");
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].ToString());
  const auto rules = Describe(*r.pack);
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].limits, (std::vector<std::string>{
                                 "同一人员终身只享受一次「吸纳就业补贴」：一(一)",
                                 "同一人员终身只享受一次「吸纳就业补贴、基地补助」"}));
  EXPECT_EQ(rules[2].limits.at(0), "同一人员每年只享受一次「基地一次性补助（区级、市级）」，升级到更高标准时补发差额");
}

// The default pack's catalogue never shows a once-group's machine name.
TEST(Describe, DefaultPackLimitsNameNoGroupId) {
  auto pack = LoadPackFile(std::string(BANGFU_SOURCE_DIR) + "/policies/cq-rongchang-2022.yaml");
  ASSERT_TRUE(pack.ok());
  for (const auto& d : Describe(*pack.pack))
    for (const auto& l : d.limits) {
      SCOPED_TRACE(d.info.id + ": " + l);
      EXPECT_EQ(l.find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos);
    }
}

// A field's owner is named once: a label that already says it stands alone, an overlap at the
// join is said once, and an owner and label that start alike are joined with 的.
TEST(Describe, FieldLabelsDoNotRepeatTheirOwner) {
  constexpr char kOwners[] = R"(pack: t
name: 测试包
source: 源文件
rules:
  - id: B
    name: 经营主体补贴
    clause: 一
    for: business
    payee: business
    when:
      - business.kind == enterprise
      - business.employees >= 1
    amount: 1
  - id: W
    name: 安置补贴
    clause: 二
    for: placement
    payee: person
    when:
      - placement.start <= as_of
      - person.education >= junior_college
    amount: 1
  - id: E
    name: 就业补贴
    clause: 三
    for: employment
    payee: person
    when:
      - employment.kind == labour_contract
      - employer.kind == enterprise
    amount: 1
)";
  const LoadResult r = LoadPackText(kOwners, "t.yaml");
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].ToString());
  const auto rules = Describe(*r.pack);
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].conditions[0], "经营主体类型 = 企业");
  EXPECT_EQ(rules[1].conditions[0], "公益性岗位安置开始 ≤ 基准日");
  EXPECT_EQ(rules[1].conditions[1], "人员学历 ≥ 大专");
  EXPECT_EQ(rules[2].conditions[0], "就业记录的就业形式 = 劳动合同");
  EXPECT_EQ(rules[2].conditions[1], "单位类型 = 企业");
}

// Composite conditions read as Chinese, not as the pack's code: functions as phrases, sets
// without braces, alternatives as "以下之一". 我的政策 quotes these when no shortfall can be
// measured, so every condition of the default pack is held to it.
TEST(Describe, CompositeConditionsReadAsPlainChinese) {
  auto pack = LoadPackFile(std::string(BANGFU_SOURCE_DIR) + "/policies/cq-rongchang-2022.yaml");
  ASSERT_TRUE(pack.ok());
  const auto rules = Describe(*pack.pack);
  const RuleDetail* loan = nullptr;
  for (const auto& d : rules) {
    if (d.info.id == "RC-LOAN") loan = &d;
    for (const auto& c : d.conditions) {
      SCOPED_TRACE(d.info.id + ": " + c);
      EXPECT_EQ(c.find('{'), std::string::npos);
      EXPECT_EQ(c.find('_'), std::string::npos);
      EXPECT_EQ(c.find("（人员，"), std::string::npos);
      EXPECT_EQ(c.find("）或（"), std::string::npos);
    }
  }
  ASSERT_NE(loan, nullptr);
  EXPECT_EQ(loan->conditions[0],
            "以下之一：创业者在经营主体营业执照日期（未知时取基准日）属于高校毕业生、低保家庭成员、"
            "零就业家庭成员、城镇登记失业人员 之一；或 创业者在经营主体营业执照日期（未知时取基准日）"
            "属于零就业家庭");
  EXPECT_EQ(loan->conditions[1], "经营主体的经营地在区划代码以 50 开头的地区");
}

}  // namespace
}  // namespace bangfu::policy
