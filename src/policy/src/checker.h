// Type checking of expressions against a subject, and the static analyses of `policy check`.
// Private to policy/.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pack_internal.h"

namespace bangfu::policy {

// Reports a problem at a byte offset of the expression being checked.
using ReportFn = std::function<void(int offset, Severity, std::string)>;

// Resolves every name of `e` (fields, functions, parameters, enumeration values) for a rule
// evaluated for `subject`, gives every node its type and operation, and numbers its scratch
// slots from *slots. `want` is the type the context needs (kError: any). Returns the type,
// kError after reporting.
Type CheckExpr(Expr& e, const Pack& pack, SubjectKind subject, Type want, const ReportFn& report,
               int* slots);

// Cost of evaluating e for one row, and the parameters it reads.
int ExprCost(const Expr& e);
void CollectParams(const Expr& e, std::vector<int>* out);

// The analyses over a whole checked pack: rules that can never fire, and rules that can pay
// the same benefit to the same payee without a shared once-group.
void AnalysePack(const Pack& pack, std::vector<Diagnostic>* out);

}  // namespace bangfu::policy
