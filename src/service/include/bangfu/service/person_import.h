// Importing people from the lists offices hand over (CSV in UTF-8/GB18030, XLSX): the column
// layout of docs/import-persons.md, a dry run that reports every bad row, and a real run that
// keeps all rows or none (all-or-nothing) or only the good ones (keep-good-rows), in one
// transaction either way. Re-importing the same file changes nothing.
#pragma once

#include <string>
#include <vector>

#include "bangfu/service/person_service.h"
#include "bangfu/service/tabular.h"

namespace bangfu::service {

enum class ImportMode { kAllOrNothing, kKeepGoodRows };

struct ImportOptions {
  bool dry_run = true;
  ImportMode mode = ImportMode::kAllOrNothing;
  std::string source;  // Evidence recorded on imported categories (the file name).
  ReadTableOptions table;
};

struct ImportIssue {
  int64_t line = 0;
  std::string column;   // The header as written in the file ("身份证号").
  std::string field;    // The ledger field ("id_number").
  std::string message;
};

struct ImportReport {
  bool dry_run = true;
  ImportMode mode = ImportMode::kAllOrNothing;
  std::string format;
  std::string encoding;
  int64_t rows = 0;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  bool written = false;  // False when nothing was stored (dry run, or all-or-nothing with errors).
  std::vector<ImportIssue> errors;
  // Lines above the header row that were read as its title (skipped), and the header's
  // columns the importer does not take (left out), so that nobody wonders where they went.
  std::vector<int64_t> title_lines;
  std::vector<std::string> ignored_columns;
  // Same name and birth date as someone with another ID number: imported, but for a human.
  std::vector<ImportIssue> possible_duplicates;
};

// The report of a run over `table` before any row is read (every importer starts from it).
ImportReport NewReport(const Table& table, const ImportOptions& options);

// The recognised headers (first of each list is the documented name).
const std::vector<std::pair<std::string, std::vector<std::string>>>& PersonImportColumns();

class PersonImporter {
 public:
  PersonImporter(Store& store, PersonService& persons, AuditService& audit, const Clock& clock)
      : store_(store), persons_(persons), audit_(audit), clock_(clock) {}

  // Errors of the whole file (unreadable, missing required columns) come back as an Error;
  // row errors are in the report.
  Result<ImportReport> Run(const RequestContext& ctx, std::string_view bytes,
                           const ImportOptions& options);

 private:
  Store& store_;
  PersonService& persons_;
  AuditService& audit_;
  const Clock& clock_;
};

}  // namespace bangfu::service
