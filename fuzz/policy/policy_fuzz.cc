// The pack loader (YAML + expressions + checks) and the expression parser: no crash on any
// input; every rejection carries a diagnostic with a position; an accepted pack runs.
#include <cstdint>
#include <string>

#include "bangfu/policy/pack.h"
#ifdef FUZZ_POLICY_EXPRESSION
#include "lang.h"
#endif

using namespace bangfu;
using namespace bangfu::policy;

namespace {

void CheckLoad(const std::string& text) {
  const LoadResult r = LoadPackText(text, "fuzz.yaml");
  if (!r.ok() && r.diagnostics.empty()) __builtin_trap();
  for (const auto& d : r.diagnostics)
    if (d.pos.file != "fuzz.yaml" || d.message.empty()) __builtin_trap();
  if (!r.ok()) return;
  // An accepted pack evaluates over an empty population without trouble.
  Facts f;
  f.persons.category_offsets = {0};
  f.contributions.person_offsets = {0};
  f.businesses.founder_offsets = {0};
  auto e = Engine::Create(r.pack, f);
  if (!e.ok()) __builtin_trap();
  const RunResult run = (*e)->Run(Date::FromYmdUnchecked(2024, 3, 15), 1);
  if (run.rules() != static_cast<int>(Rules(*r.pack).size())) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
#ifdef FUZZ_POLICY_PACK
  CheckLoad(s);
#endif
#ifdef FUZZ_POLICY_EXPRESSION
  ParseError err;
  ExprPtr e = ParseExpression(s, &err);
  if (!e && (err.offset < 0 || err.offset > static_cast<int>(s.size()) || err.message.empty()))
    __builtin_trap();
  if (e && (e->begin < 0 || e->end > static_cast<int>(s.size()))) __builtin_trap();
  if (s.find_first_of("\n\r\"\\") != std::string::npos) return 0;
  // The same text as a condition and as an amount of a rule for an employment.
  CheckLoad(
      "pack: f\nname: f\nsource: f\nrules:\n  - id: R\n    name: n\n    clause: c\n"
      "    for: employment\n    payee: employer\n    when:\n      - \"" +
      s + "\"\n    amount: 1\n");
  CheckLoad(
      "pack: f\nname: f\nsource: f\nrules:\n  - id: R\n    name: n\n    clause: c\n"
      "    for: employment\n    payee: employer\n    when: [true]\n    amount: \"" +
      s + "\"\n");
#endif
  return 0;
}
