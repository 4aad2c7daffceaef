// Parameter values set by an administrator (参数设置): the amounts and thresholds the source
// documents leave open ("按规定"), each with the date it takes effect and the document that
// fixes it. History is kept: a later value never erases an earlier one; the pack sees them all
// as a timeline (policy::WithValues).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bangfu/base/clock.h"
#include "bangfu/base/date.h"
#include "bangfu/base/result.h"

namespace bangfu::service {

struct PolicyParamValue {
  int64_t id = 0;
  std::string pack_id, param;
  std::string key;    // keyed parameters only (a course code); empty otherwise
  std::string value;  // in the pack's syntax: "2000", "13.50", "50%", "30", "2024-01-01"
  Date effective_from;
  std::string source;  // the document and clause that fix the value
  int64_t set_by = 0;
  std::string set_by_name;
  Timestamp set_at;
};

class PolicyParamRepository {
 public:
  virtual ~PolicyParamRepository() = default;
  virtual Result<int64_t> Insert(const PolicyParamValue& value) = 0;
  // Every value of one pack ("" = of every pack), oldest first (by id).
  virtual Result<std::vector<PolicyParamValue>> List(const std::string& pack_id) = 0;
};

}  // namespace bangfu::service
