// Loading the occupation taxonomy for the occupation and match commands.
#pragma once

#include <string>

#include "bangfu/base/result.h"
#include "bangfu/match/taxonomy.h"

namespace bangfu::cli {

// The whole file, or kNotFound naming it.
Result<std::string> ReadWholeFile(const std::string& path);

// The taxonomy in `path` (the import CSV layout), or the demo taxonomy shipped in
// share/occupations/demo.csv when `path` is empty. Skipped or merged rows are reported on
// stderr with their line and column; `source` (may be null) receives the file used.
Result<match::Taxonomy> LoadTaxonomy(const std::string& path, std::string* source);

}  // namespace bangfu::cli
