// Vectorised evaluation of checked expressions over a batch of subject rows. Private to
// policy/.
#pragma once

#include <memory>
#include <vector>

#include "engine_internal.h"
#include "pack_internal.h"

namespace bangfu::policy {

// Per-thread scratch: one Vec per expression slot of the pack, allocated on first use.
class Scratch {
 public:
  explicit Scratch(int slots) : vecs_(slots) {}
  Vec& at(int slot) {
    auto& v = vecs_[slot];
    if (!v) v.reset(new Vec);  // no zeroing: every evaluation writes before it reads
    return *v;
  }

 private:
  std::vector<std::unique_ptr<Vec>> vecs_;
};

// Evaluates e for the n subject rows `rows` (n ≤ kBatch) into *out.
void Eval(const Expr& e, const EvalCtx& c, SubjectKind s, const Row* rows, int n, Vec* out,
          Scratch& sc);

// Every parameter's value at `as_of`.
// Every parameter's value at `as_of`, what-if overrides applied last.
std::vector<ParamValue> ResolveParams(const Pack& pack, Date as_of,
                                      const std::vector<ParamOverride>& overrides);

// The store id of a subject row.
int64_t SubjectId(const Facts& f, SubjectKind s, Row r);
size_t SubjectRows(const Facts& f, SubjectKind s);

}  // namespace bangfu::policy
