// What compiled rules and functions see while they run. Private to policy/.
#pragma once

#include <string>
#include <vector>

#include "bangfu/policy/pack.h"
#include "lang.h"

namespace bangfu::policy {

// A one-to-many index in CSR form: the children of parent p are
// items[offsets[p] .. offsets[p+1]).
struct Csr {
  std::vector<uint32_t> offsets;
  std::vector<Row> items;
  const Row* begin(Row p) const { return items.data() + offsets[p]; }
  const Row* end(Row p) const { return items.data() + offsets[p + 1]; }
};

struct Engine::Indexes {
  Csr person_employments;    // sorted by start
  Csr employer_employments;  // sorted by row
  Csr employer_internships;  // sorted by row
  Csr person_businesses;     // businesses a person founded, sorted by licence date then row
  Csr person_trainings;      // sorted by end then row
  Csr household_dibao;       // 低保 payments, sorted by month
};

// A parameter's value at the run's as-of date.
struct ParamValue {
  bool configured = false;
  int64_t v = 0, den = 1;
  std::string from;    // effective date of the value
  std::string source;  // the value's own citation; empty: the parameter's
  // Keyed parameters: key → value (only entries in force at the as-of date).
  std::vector<std::pair<std::string, ParamValue>> keyed;
};

struct EvalCtx {
  const Facts& f;
  const Engine::Indexes& ix;
  Date as_of;
  MonthIndex as_of_month;  // MonthOf(as_of)
  const std::vector<ParamValue>& params;
};

}  // namespace bangfu::policy
