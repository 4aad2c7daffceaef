// bangfu import employers|employments|contributions|businesses|internships|trainings|
// placements|dibao|paid FILE: the records the policy rules read (docs/import-data.md).
#include <cstdio>
#include <memory>

#include "commands.h"
#include "runtime.h"

namespace bangfu::cli {

void AddImportDataCommands(CLI::App* imp) {
  using service::DataKind;
  static const std::pair<DataKind, const char*> kHelp[] = {
      {DataKind::kEmployers, "导入用人单位 (employers by unified social credit code)"},
      {DataKind::kEmployments, "导入就业记录 (employment records)"},
      {DataKind::kContributions, "导入社会保险缴费明细 (monthly contributions)"},
      {DataKind::kBusinesses, "导入经营主体及创办人 (businesses and founders)"},
      {DataKind::kInternships, "导入就业见习记录 (internships)"},
      {DataKind::kTrainings, "导入培训记录 (trainings)"},
      {DataKind::kPlacements, "导入公益性岗位安置 (public-welfare placements)"},
      {DataKind::kDibaoPayments, "导入低保发放明细 (dibao payments)"},
      {DataKind::kPaidSubsidies, "导入已发放补贴 (subsidies already paid, here or elsewhere)"},
      {DataKind::kRecognitions, "导入单位认定及评估 (就业基地, 孵化基地, 帮扶车间 recognitions)"},
  };
  for (const auto& [kind, help] : kHelp) {
    auto store = std::make_shared<StoreFlags>();
    auto flags = std::make_shared<ImportFlags>();
    CLI::App* cmd = imp->add_subcommand(std::string(service::DataKindName(kind)),
                                        std::string(help) + "; columns in docs/import-data.md");
    store->Add(*cmd);
    flags->Add(*cmd, "CSV（UTF-8 或 GB18030）或 XLSX 文件");
    cmd->callback([store, flags, kind = kind] {
      auto rt = Runtime::Open(*store);
      if (!rt.ok()) throw CLI::RuntimeError(Fail(rt.error()));
      auto bytes = flags->ReadFile();
      if (!bytes.ok()) throw CLI::RuntimeError(Fail(bytes.error()));
      const service::ImportOptions o = flags->Options();
      auto report = (*rt)->app().data_importer().Run(CliContext(), kind, *bytes, o);
      if (!report.ok()) throw CLI::RuntimeError(Fail(report.error()));
      PrintImportReport(*report, o.source);
    });
  }
}

}  // namespace bangfu::cli
