// ExplanationJson writes what nlohmann::json wrote for the same explanation, byte for byte, so
// that stored explanations read the same whichever wrote them.
#include "explanation_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace bangfu::service {
namespace {

using nlohmann::json;

// The writer this replaced, kept as the reference.
std::string Reference(const policy::Explanation& x) {
  auto tri = [](policy::Tri t) {
    return t == policy::Tri::kTrue ? "true" : t == policy::Tri::kFalse ? "false" : "unknown";
  };
  json conditions = json::array(), params = json::array(), limits = json::array();
  for (const auto& c : x.conditions)
    conditions.push_back({{"text", c.text},
                          {"line", c.pos.line},
                          {"result", tri(c.result)},
                          {"values", c.values},
                          {"note", c.missing}});
  for (const auto& p : x.parameters)
    params.push_back({{"name", p.name}, {"value", p.value}, {"from", p.from}, {"source", p.source}});
  if (x.limit != policy::LimitApplied::kNone) limits.push_back(std::string(policy::Name(x.limit)));
  json j({{"rule", x.rule_id},
          {"name", x.rule_name},
          {"clause", x.clause},
          {"decision", std::string(policy::Name(x.outcome))},
          {"as_of", x.as_of.ToString()},
          {"amount_fen", x.amount},
          {"amount_text", x.amount_text},
          {"conditions", conditions},
          {"parameters", params},
          {"limits", limits}});
  if (!x.limit_group.empty()) j["limit_group"] = x.limit_group;
  return j.dump();
}

policy::Explanation Sample() {
  policy::Explanation x;
  x.rule_id = "RC-HIRE-GRAD";
  x.rule_name = "一次性吸纳就业补贴（应届高校毕业生）";
  x.clause = "二(一)1";
  x.as_of = Date::FromYmdUnchecked(2024, 3, 15);
  x.outcome = policy::Outcome::kEligible;
  x.amount = 200000;
  x.amount_text = "基本标准 param.hire_grad_amount = 2000.00元";
  policy::ConditionTrace met;
  met.text = "employer.size in {micro, small, medium}";
  met.pos.line = 212;
  met.result = policy::Tri::kTrue;
  met.values = {"employer.size（单位规模）= 小型", "quote \" back\\slash"};
  policy::ConditionTrace failed;
  failed.text = "months_employed(employment) >= 6";
  failed.pos.line = 216;
  failed.result = policy::Tri::kFalse;
  failed.missing = "在职月数: 5个月，需 ≥ 6个月";
  policy::ConditionTrace odd;
  odd.text = std::string("tab\there, newline\nthere, cr\r, bell\x07, unit\x1f, del\x7f, ff\f, bs\b");
  odd.result = policy::Tri::kUnknown;
  x.conditions = {met, failed, odd};
  x.parameters = {{"hire_grad_amount", "2000.00元", "2022-01-01", "荣人社发〔2022〕1号 二(一)1"},
                  {"empty", "未配置", "", ""}};
  return x;
}

TEST(ExplanationJson, SameBytesAsNlohmann) {
  policy::Explanation x = Sample();
  EXPECT_EQ(ExplanationJson(x), Reference(x));
  x.limit = policy::LimitApplied::kCapped;
  x.amount = -5;
  EXPECT_EQ(ExplanationJson(x), Reference(x));
  x.conditions.clear();
  x.parameters.clear();
  x.outcome = policy::Outcome::kUndecidable;
  EXPECT_EQ(ExplanationJson(x), Reference(x));
  // A top-up names the grant it tops up.
  x.limit = policy::LimitApplied::kTopUp;
  x.limit_group = "创业孵化基地一次性补贴";
  EXPECT_EQ(ExplanationJson(x), Reference(x));
  EXPECT_NE(ExplanationJson(x).find(R"("limit_group":"创业孵化基地一次性补贴","limits":["top_up"])"), std::string::npos);
}

TEST(ExplanationJson, ParsesBack) {
  const json j = json::parse(ExplanationJson(Sample()));
  EXPECT_EQ(j["rule"], "RC-HIRE-GRAD");
  EXPECT_EQ(j["conditions"][2]["text"].get<std::string>(), Sample().conditions[2].text);
  EXPECT_EQ(j["conditions"][1]["note"], "在职月数: 5个月，需 ≥ 6个月");
  EXPECT_EQ(j["amount_fen"], 200000);
}

}  // namespace
}  // namespace bangfu::service
