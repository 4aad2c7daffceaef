// The explanation stored with a candidate (entitlements.explanation), as JSON. Private to
// service/.
#pragma once

#include <string>

#include "bangfu/policy/pack.h"

namespace bangfu::service {

// Keys in alphabetical order, no whitespace, strings escaped as JSON requires (UTF-8 passed
// through): byte for byte what nlohmann::json::dump() wrote for the same object, which it built
// at some 30 µs a candidate — a policy run writes tens of thousands.
std::string ExplanationJson(const policy::Explanation& x);

}  // namespace bangfu::service
