// Properties: no crash; an accepted value re-parses to itself; accepted IDs carry a correct
// check character and a birth date not after the reference date.
#include <cassert>
#include <cstdint>
#include <string>

#include "bangfu/domain/identity.h"

using namespace bangfu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  [[maybe_unused]] const Date today = Date::FromYmdUnchecked(2026, 11, 24);
#if defined(FUZZ_ID_NUMBER)
  auto id = domain::IdNumber::Parse(s, today);
  if (id.ok()) {
    const std::string& v = id->value();
    if (v.size() != 18 || domain::IdNumber::CheckCharacter(v) != v[17] || today < id->birth_date()) __builtin_trap();
    auto again = domain::IdNumber::Parse(v, today);
    if (!again.ok() || again->value() != v) __builtin_trap();
    if (domain::MaskIdNumber(v).size() != 18) __builtin_trap();
    (void)id->AgeAt(today);
  } else if (id.error().message.empty()) {
    __builtin_trap();
  }
#elif defined(FUZZ_CREDIT_CODE)
  auto cc = domain::CreditCode::Parse(s);
  if (cc.ok()) {
    auto again = domain::CreditCode::Parse(cc->value());
    if (!again.ok() || again->value() != cc->value()) __builtin_trap();
  }
#elif defined(FUZZ_MOBILE)
  auto m = domain::NormalizeMobile(s);
  if (m.ok()) {
    if (m->size() != 11 || (*m)[0] != '1') __builtin_trap();
    auto again = domain::NormalizeMobile(*m);
    if (!again.ok() || *again != *m) __builtin_trap();
    if (domain::MaskMobile(*m) != m->substr(0, 3) + "****" + m->substr(7)) __builtin_trap();
  }
#endif
  return 0;
}
