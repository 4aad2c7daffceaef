// Identifiers for generated data (benchmarks).
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>

#include "bangfu/domain/identity.h"

namespace bangfu::cli {

// A valid unified social credit code for the n-th generated employer of a series:
// "91500153M", the series letter, n in 7 digits and the GB 32100 check character. Benchmarks use
// series of their own so their employers never collide; n must be below 10,000,000.
inline std::string SyntheticCreditCode(char series, int64_t n) {
  const std::string first17 = fmt::format("91500153M{}{:07}", series, n);
  return first17 + domain::CreditCode::CheckCharacter(first17);
}

}  // namespace bangfu::cli
