// Exporting a filtered ledger list as XLSX (libxlsxwriter): masked by default; unmasked only for
// roles that may reveal identifiers. Every export is audited with its filter and row count.
#pragma once

#include <string>

#include <cstdint>

namespace bangfu::service {

struct ExportResult {
  std::string bytes;     // The .xlsx file.
  int64_t rows = 0;
  std::string filename;  // "人员台账_20261124.xlsx"
};


}  // namespace bangfu::service
