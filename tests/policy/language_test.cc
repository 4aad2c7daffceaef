// The rules language: parse and type errors land on the exact line and column, structure
// errors are named, and the analyses of `policy check` find overlaps and rules that can never
// fire.
#include <gtest/gtest.h>

#include <string>

#include "bangfu/policy/pack.h"

namespace bangfu::policy {
namespace {

const Diagnostic* FirstError(const LoadResult& r) {
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::kError) return &d;
  return nullptr;
}

// A pack with one rule whose first condition is `cond`, written on line 14 at column 9.
std::string PackWith(const std::string& cond, const std::string& rule_extra = "") {
  return "pack: t\n"      // 1
         "name: t\n"      // 2
         "source: t\n"    // 3
         "parameters:\n"  // 4
         "  - {name: amount, type: money, source: s, values: [{from: 2020-01-01, value: 100}]}\n"
         "  - {name: open_amount, type: money, source: s}\n"  // 6
         "rules:\n"                                           // 7
         "  - id: R1\n"                                       // 8
         "    name: 测试补贴\n"                               // 9
         "    clause: c\n"                                    // 10
         "    for: employment\n"                              // 11
         "    payee: employer\n"                              // 12
         "    when:\n"                                        // 13
         "      - " +
         cond +
         "\n"  // 14
         "    amount: param.amount\n" +
         rule_extra;
}

struct ExprCase {
  std::string cond;
  std::string at;       // the text the error points at (its first occurrence in cond)
  std::string message;  // a substring of the message
};

class ExprErrors : public ::testing::TestWithParam<ExprCase> {};

TEST_P(ExprErrors, PointAtTheColumn) {
  const ExprCase& c = GetParam();
  const LoadResult r = LoadPackText(PackWith(c.cond), "t.yaml");
  EXPECT_FALSE(r.ok());
  ASSERT_NE(FirstError(r), nullptr) << c.cond;
  const Diagnostic& d = *FirstError(r);
  EXPECT_EQ(d.pos.file, "t.yaml");
  EXPECT_EQ(d.pos.line, 14) << d.ToString();
  const size_t at = c.at.empty() ? c.cond.size() : c.cond.find(c.at);
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(d.pos.column, 9 + static_cast<int>(at)) << d.ToString();
  EXPECT_NE(d.message.find(c.message), std::string::npos) << d.ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Language, ExprErrors,
    ::testing::Values(
        ExprCase{"employment.foo >= 1", "employment.foo", "unknown field 'foo' of employment"},
        ExprCase{"employment.start >= 2020-01-01 and frob(person)", "frob",
                 "unknown function 'frob'"},
        ExprCase{"dibao_reduction(person, employment.start) > employment.contract_months",
                 "dibao_reduction", "cannot compare money with count"},
        ExprCase{"employment.kind == small", "small", "'small' is not a employment kind"},
        ExprCase{"employment.start >= 2020-13-01", "2020", "not a calendar date"},
        ExprCase{"employment.contract_months = 12", "=", "write '==' to compare"},
        ExprCase{"(employment.contract_months >= 12", "", "expected ')'"},
        ExprCase{"param.nope > 0", "param.nope", "unknown parameter 'nope'"},
        ExprCase{"has_category(person, employment.start, {dibao})", "employment.start",
                 "argument 2 of has_category must be set of category"},
        ExprCase{"employment.contract_months >= 1.5", "1.5", "whole number"},
        ExprCase{"employment.contract_months < 2 < 3", "< 3", "do not chain"},
        ExprCase{"dibao_reduction(person, employment.start) >= 13.505", "13.505",
                 "at most 2 decimal places"},
        ExprCase{"employment.start and true", "employment.start", "needs a condition"},
        ExprCase{"business.employees >= 3", "business", "not reachable from a rule for employment"},
        ExprCase{"employment.kind in {flexible, zebra}", "zebra", "not a employment kind"},
        ExprCase{"in_region(person.hukou_region, \"5x\")", "\"5x\"", "region prefix"},
        ExprCase{"employment.start + 3 >= as_of", "3", "a number cannot be used where date"},
        ExprCase{"employment.start + months(3) >= 5", "5", "a number cannot be used where date"},
        ExprCase{"age(person) >= 3", "age", "takes 2 argument(s)"},
        ExprCase{"first_known(employment.start, employment.contract_months) <= as_of",
                 "employment.contract_months", "argument 2 of first_known must be date"},
        ExprCase{"first_known(employment.start) <= as_of", "first_known", "takes 2 argument(s)"},
        ExprCase{"employment.contract_months >= 50 and employment.contract_months < 40",
                 "employment", "can never fire"}));

// The never-fire error points at the start of the condition that closes the contradiction.
TEST(Language, NeverFireNamesBothConditions) {
  const LoadResult r =
      LoadPackText(PackWith("age(person, employment.start) >= 50", "") + "", "t.yaml");
  EXPECT_TRUE(r.ok());
  std::string text = PackWith("age(person, employment.start) >= 50");
  text.insert(text.find("    amount:"), "      - age(person, employment.start) < 40\n");
  const LoadResult bad = LoadPackText(text, "t.yaml");
  ASSERT_NE(FirstError(bad), nullptr);
  EXPECT_EQ(FirstError(bad)->pos.line, 15);
  EXPECT_NE(FirstError(bad)->message.find(
                "'age(person, employment.start) >= 50' and 'age(person, employment.start) < 40'"),
            std::string::npos)
      << FirstError(bad)->ToString();
  std::string sets = PackWith("employer.size in {small, micro}");
  sets.insert(sets.find("    amount:"), "      - employer.size == large\n");
  EXPECT_FALSE(LoadPackText(sets, "t.yaml").ok());
}

TEST(Language, UnconfiguredParameterIsAWarningNotAnError) {
  const LoadResult r = LoadPackText(PackWith("dibao_reduction(person, employment.start) > "
                                             "param.open_amount"),
                                    "t.yaml");
  ASSERT_TRUE(r.ok());
  int warnings = 0;
  for (const auto& d : r.diagnostics) {
    EXPECT_EQ(d.severity, Severity::kWarning);
    warnings += d.message.find("not configured") != std::string::npos;
  }
  EXPECT_EQ(warnings, 2);  // at the declaration and at the use
}

struct StructureCase {
  std::string text;
  int line;
  std::string message;
};
class StructureErrors : public ::testing::TestWithParam<StructureCase> {};

TEST_P(StructureErrors, AreReportedWithTheirLine) {
  const StructureCase& c = GetParam();
  const LoadResult r = LoadPackText(c.text, "s.yaml");
  EXPECT_FALSE(r.ok());
  bool found = false;
  for (const auto& d : r.diagnostics)
    found |= d.pos.line == c.line && d.message.find(c.message) != std::string::npos;
  EXPECT_TRUE(found) << (r.diagnostics.empty() ? "no diagnostics"
                                               : r.diagnostics.front().ToString());
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}
const std::string kGood = PackWith("employment.contract_months >= 12");
const std::string kSecondRule =
    "  - id: R2\n"
    "    name: 测试补贴（其他）\n"
    "    clause: c\n"
    "    for: employment\n"
    "    payee: employer\n"
    "    when:\n"
    "      - employment.start <= as_of\n"
    "    amount: 5\n";

INSTANTIATE_TEST_SUITE_P(
    Language, StructureErrors,
    ::testing::Values(
        StructureCase{Replace(kGood, "for: employment", "for: spaceship"), 11,
                      "unknown subject 'spaceship'"},
        StructureCase{Replace(kGood, "payee: employer", "payee: business"), 12,
                      "cannot pay the business"},
        StructureCase{Replace(kGood, "payee: employer", "payee: bank"), 12, "unknown payee"},
        StructureCase{Replace(kGood, "    when:", "    wen: x\n    when:"), 13,
                      "unknown field 'wen' in a rule"},
        StructureCase{kGood + Replace(kSecondRule, "id: R2", "id: R1"), 16,
                      "duplicate rule id 'R1'"},
        StructureCase{kGood + kSecondRule, 16, "can both pay '测试补贴'"},
        StructureCase{Replace(kGood, "    when:", "    once: nobody\n    when:"), 13,
                      "unknown group 'nobody'"},
        StructureCase{"pack: t\nrules: [\n", 3, "YAML syntax"},
        StructureCase{Replace(kGood, "{name: amount, type: money", "{name: amount, type: euros"), 5,
                      "parameter type must be one of"},
        StructureCase{Replace(kGood, "value: 100}", "value: 1.234}"), 5,
                      "at most 2 decimal places"}));

TEST(Language, SharedOnceGroupOrExclusiveConditionsAllowTwoRules) {
  std::string grouped = kGood + kSecondRule;
  grouped = Replace(grouped, "rules:\n", "groups:\n  - {name: g, key: person}\nrules:\n");
  grouped = Replace(grouped, "    when:\n      - employment.contract",
                    "    once: g\n    when:\n      - employment.contract");
  grouped = Replace(grouped, "    when:\n      - employment.start",
                    "    once: g\n    when:\n      - employment.start");
  const LoadResult r = LoadPackText(grouped, "g.yaml");
  EXPECT_TRUE(r.ok()) << (FirstError(r) ? FirstError(r)->ToString() : "");

  std::string exclusive =
      Replace(kGood, "employment.contract_months >= 12", "employment.kind == flexible");
  exclusive +=
      Replace(kSecondRule, "employment.start <= as_of", "employment.kind == labour_contract");
  EXPECT_TRUE(LoadPackText(exclusive, "x.yaml").ok());
}

TEST(Language, GroupKeyMustExistForTheSubject) {
  std::string text = Replace(kGood, "rules:\n", "groups:\n  - {name: g, key: business}\nrules:\n");
  text = Replace(text, "    when:", "    once: g\n    when:");
  const LoadResult r = LoadPackText(text, "k.yaml");
  ASSERT_NE(FirstError(r), nullptr);
  EXPECT_NE(FirstError(r)->message.find("kept per business"), std::string::npos);
}

TEST(Language, GarbageNeverCrashes) {
  for (const char* text : {"", "[]", "pack: [1, 2]\nrules: 3", "rules:\n  - 5\n  - [x]\n",
                           "rules:\n  - id: {a: b}\n    when: {c: d}\n", "\xff\xfe\x00",
                           "rules:\n  - id: R\n    name: n\n    clause: c\n    for: person\n"
                           "    payee: person\n    when: [\"((((((((\"]\n    amount: 1\n"}) {
    const LoadResult r = LoadPackText(text, "g.yaml");
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(r.diagnostics.empty());
  }
}

// Huge or deeply nested expressions are refused before any recursion over them can exhaust the
// stack.
TEST(Language, HugeExpressionsAreRefused) {
  std::string chain = "true";
  for (int i = 0; i < 5000; ++i) chain += " and true";
  std::string fields = "person";
  for (int i = 0; i < 5000; ++i) fields += ".birth_date";
  for (const std::string& cond :
       {chain, std::string(5000, '(') + "true" + std::string(5000, ')'),
        "employment.kind in " + std::string(5000, '{'), fields, std::string(5000, '-') + "1"}) {
    const LoadResult r = LoadPackText(PackWith(cond), "h.yaml");
    ASSERT_NE(FirstError(r), nullptr);
    EXPECT_EQ(FirstError(r)->pos.line, 14);
  }
}

TEST(Language, TheDefaultPackChecks) {
  const LoadResult r =
      LoadPackFile(std::string(BANGFU_SOURCE_DIR) + "/policies/cq-rongchang-2022.yaml");
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics.front().ToString());
  EXPECT_EQ(Rules(*r.pack).size(), 17u);
}

}  // namespace
}  // namespace bangfu::policy
