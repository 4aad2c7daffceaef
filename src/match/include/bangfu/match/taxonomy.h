// The occupation classification (职业分类大典 2022): codes, names, aliases and the hierarchy
// 大类 (1-00-00-00) → 中类 (1-01-00-00) → 小类 (1-01-01-00) → 细类 (1-01-01-01).
//
// Codes are "D-DD-DD-DD". A node's `level` comes from the file's `level` column (1..4), not
// from the code's shape: the classification has small classes without unit groups below them,
// and the file marks those as level 4 (leaves) while their code ends in "-00". A node's parent
// is its nearest ancestor by code that is present in the file.
//
// Immutable after loading; safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bangfu/base/result.h"

namespace bangfu::match {

// Depth in the classification; numeric values are the file's `level` column.
enum class OccupationLevel : uint8_t { kMajor = 1, kMiddle = 2, kMinor = 3, kUnit = 4 };

// Chinese name of a level: 大类, 中类, 小类, 细类.
const char* LevelName(OccupationLevel level);

// A packed code: D*1000000 + DD*10000 + DD*100 + DD (e.g. 2-02-10-03 → 2021003). 0 = none.
using OccCode = uint32_t;

// Parses "D-DD-DD-DD" (also the 7-digit numeric form); nullopt when malformed.
std::optional<OccCode> ParseOccCode(std::string_view text);
std::string FormatOccCode(OccCode code);
// The code with everything below `level` zeroed: the ancestor code at that depth by shape.
OccCode AncestorAt(OccCode code, OccupationLevel level);
// The depth the code's shape implies (trailing zero segments).
OccupationLevel ShapeLevel(OccCode code);

struct Occupation {
  OccCode code = 0;
  OccupationLevel level = OccupationLevel::kUnit;
  std::string name;  // Without the 2022 markers "L" (green) and "S" (digital).
  std::string definition;
  std::string tasks;
  std::vector<std::string> aliases;  // Job-board titles; never contains `name` itself.
  bool digital = false;              // Marked "S" in the classification.
  bool green = false;                // Marked "L".
  int32_t parent = -1;               // Index of the nearest present ancestor, -1 for a 大类.
};

// A row the loader skipped or merged, with the 1-based line and the column it is about.
struct RowIssue {
  int64_t line = 0;
  std::string column;
  std::string message;  // Chinese, for the person who supplied the file.
};

class Taxonomy {
 public:
  Taxonomy() = default;

  // Parses the CSV layout `level,code,code_num,name,definition,tasks,csco_code_num,alias`
  // (header required; columns found by name, extra columns ignored; `alias` holds several
  // titles separated by commas). Rows with a malformed code or level or an empty name are
  // skipped and reported; a repeated code is merged into the first (aliases united, the
  // deeper level kept) and reported. A CSV syntax error or a missing column fails the whole
  // load with kInvalidArgument naming the line or column. `issues` may be null.
  static Result<Taxonomy> FromCsv(std::string_view text, std::vector<RowIssue>* issues);

  // A taxonomy of already-validated occupations (as stored by `bangfu import occupations`);
  // `parent` is recomputed. A repeated code keeps the first. Never fails.
  static Taxonomy FromOccupations(std::vector<Occupation> occupations);

  const std::vector<Occupation>& occupations() const { return occupations_; }
  size_t size() const { return occupations_.size(); }
  // Index of the occupation with this code, or -1.
  int32_t Find(OccCode code) const;
  const Occupation* Get(OccCode code) const;
  // Nearest present ancestor of `code` (or the code itself) at depth ≤ `level`; 0 if none.
  OccCode PresentAncestor(OccCode code, OccupationLevel level) const;

 private:
  void LinkParents();

  std::vector<Occupation> occupations_;
  std::unordered_map<OccCode, int32_t> by_code_;
};

}  // namespace bangfu::match
