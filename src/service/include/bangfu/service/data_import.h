// Importing the records the policy rules read (employers, employment records, contributions,
// businesses, internships, trainings, public-welfare placements, 低保 payments, subsidies
// already paid) from the files other systems and offices hand over: CSV in UTF-8/GB18030 or
// XLSX, the column layouts of docs/import-data.md.
//
// Same rules as the person import (person_import.h): a dry run reports every bad cell with
// its line, column and reason; a real run writes all rows or none (all-or-nothing) or only the
// good ones (keep-good-rows), in one transaction either way. People are referenced by ID
// number (found through the blind index; they must already be in the ledger and in the
// caller's scope), employers by unified social credit code (they must already be imported).
// Every record has a natural key, so importing the same file again changes nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/service/person_import.h"

namespace bangfu::service {

// What one import fills: a table of policy_data.h. Its CLI and URL names are "employers",
// "employments", "contributions", "businesses", "internships", "trainings", "placements",
// "dibao", "paid".
using DataKind = DataTable;
std::optional<DataKind> ParseDataKind(std::string_view name);
std::string_view DataKindName(DataKind kind);
const std::vector<DataKind>& AllDataKinds();

// One column of an import layout: the field, the headers offices write (first = documented),
// and whether the column must be present.
struct DataColumn {
  std::string field;
  std::vector<std::string> headers;
  bool required = false;
};
const std::vector<DataColumn>& DataImportColumns(DataKind kind);

class DataImporter {
 public:
  DataImporter(Store& store, PersonService& persons, AuditService& audit, const Clock& clock)
      : store_(store), persons_(persons), audit_(audit), clock_(clock) {}

  // Errors of the whole file (unreadable, missing required columns, no permission) come back
  // as an Error; row errors are in the report. `created` counts records that did not exist
  // before, `updated` records of the file that already existed (now equal to the file).
  Result<ImportReport> Run(const RequestContext& ctx, DataKind kind, std::string_view bytes,
                           const ImportOptions& options);

 private:
  Store& store_;
  PersonService& persons_;
  AuditService& audit_;
  const Clock& clock_;
};

}  // namespace bangfu::service
