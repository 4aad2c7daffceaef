// The expression language inside a pack: types, the syntax tree, the parser, and the
// catalogue of entities, fields, enumerations and functions the type checker resolves names
// against. Private to policy/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/policy/facts.h"
#include "bangfu/policy/pack.h"

namespace bangfu::policy {

enum class TypeKind : uint8_t {
  kError,  // an expression that already failed to check
  kBool,
  kInt,
  kMoney,     // fen
  kDate,      // days since epoch
  kDuration,  // sub = DurationUnit
  kRatio,     // exact num/den
  kEnum,      // sub = EnumId
  kSet,       // a constant set of enumeration values, sub = EnumId
  kRegion,    // 12-digit code
  kString,    // only as a parameter key
  kEntity,    // a row of a table, sub = Entity
  kNumber,    // an untyped numeric literal: an integer, or money when compared with money
};
enum class DurationUnit : uint8_t { kMonths, kDays };
enum class EnumId : uint8_t {
  kSex,
  kEducation,
  kEmployerSize,
  kOrgKind,
  kEmploymentKind,
  kTrainingKind,
  kCategory,
  kIncubatorLevel,
  kWorkshopGrade,
  kCount,
};
enum class Entity : uint8_t {
  kPerson,
  kHousehold,
  kEmployer,
  kEmployment,
  kBusiness,
  kInternship,
  kTraining,
  kPlacement,
};

struct Type {
  TypeKind kind = TypeKind::kError;
  uint8_t sub = 0;
  friend bool operator==(Type a, Type b) = default;
};
std::string TypeName(Type t);

struct EnumValue {
  std::string_view id;
  std::string_view label;
  int64_t code;
};
const std::vector<EnumValue>& EnumValues(EnumId e);
std::string_view EnumName(EnumId e);

// ---- syntax tree ----
enum class ExprKind : uint8_t {
  kNumber,   // num (an integer), or num/den for a decimal like 13.50 (den 100)
  kPercent,  // num/den
  kDate,     // num = days
  kString,
  kBool,    // num = 0/1
  kName,    // text
  kField,   // kids[0] . text
  kCall,    // text ( kids )
  kIndex,   // kids[0] [ kids[1] ]
  kUnary,   // text in {"-", "not"}
  kBinary,  // text in {"and","or","==","!=","<","<=",">",">=","in","not in","+","-","*"}
  kSet,     // { kids }
};

// What a checked node does when evaluated.
enum class Op : uint8_t {
  kUnchecked,
  kConst,       // num/den (money already in fen)
  kAsOf,        // the run's as-of date
  kEntity,      // the row of an entity reachable from the subject (ref = Entity)
  kField,       // kids[0] is an entity; ref = field index
  kParam,       // ref = parameter index
  kParamKeyed,  // ref = parameter index, kids[1] the key (a text field)
  kCall,        // ref = function index
  kNot,
  kNeg,
  kAnd,
  kOr,
  kCompare,  // text is the operator
  kIn,       // kids[1] is a constant set; text "in" or "not in"
  kArith,    // + - * on numbers, money, dates and durations
};

struct Expr {
  ExprKind kind = ExprKind::kName;
  int begin = 0, end = 0;  // byte offsets in the source text of the expression
  std::string text;
  int64_t num = 0, den = 1;
  std::vector<std::unique_ptr<Expr>> kids;
  // Filled by the checker.
  Type type;
  Op op = Op::kUnchecked;
  int ref = -1;           // field / function / parameter / entity index
  uint64_t set_bits = 0;  // kSet: the member codes
  int slot = -1;          // scratch vector this node evaluates into (numbered per pack)
};
using ExprPtr = std::unique_ptr<Expr>;

struct ParseError {
  int offset = 0;
  std::string message;
};
// Parses one expression. On failure returns null and fills *error.
ExprPtr ParseExpression(std::string_view text, ParseError* error);

// An amount in yuan as written in packs and case files ("2000", "13.50") → fen. False for
// anything else, including more than two decimals.
bool MoneyFromText(std::string_view text, int64_t* fen);

// ---- catalogue ----
struct Vec;
struct EvalCtx;

struct FieldDef {
  Entity entity;
  std::string_view name;
  Type type;
  std::string_view label;  // Chinese
  // Reads the column for `n` entity rows (kNoRow → missing).
  void (*read)(const Facts& f, const int64_t* rows, int n, Vec* out);
  // Only for kString fields: the text at one row.
  const std::string* (*text)(const Facts& f, Row row) = nullptr;
};
const std::vector<FieldDef>& Fields();
int FindField(Entity e, std::string_view name);

struct FnDef {
  std::string_view name;
  std::vector<Type> params;
  Type result;
  int cost;                // rough per-row work; conditions are ordered by total cost
  std::string_view label;  // Chinese, for explanations
  std::string_view unit;   // Chinese unit for explanations ("个月"), may be empty
  // Evaluates for n rows given the evaluated arguments (kSet arguments carry their bits in
  // call.kids[i]->set_bits).
  void (*eval)(const EvalCtx& c, const Expr& call, const Vec* const* args, int n, Vec* out);
  bool same_type_args = false;  // min/max: any orderable type, both the same
};
const std::vector<FnDef>& Functions();
int FindFunction(std::string_view name);

std::string_view EntityName(Entity e);
std::string_view EntityLabel(Entity e);

// ---- vectors ----
inline constexpr int kBatch = 1024;

// One column of values for a batch. `den` is used only by ratios; `null` marks missing values.
struct Vec {
  int64_t v[kBatch];
  int64_t den[kBatch];
  uint8_t null[kBatch];
};

// Formats one value for explanations.
std::string FormatValue(Type t, int64_t v, int64_t den, bool null, const Facts* f = nullptr);
std::string FormatMoney(int64_t fen);

}  // namespace bangfu::policy
