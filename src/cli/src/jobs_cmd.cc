// bangfu import occupations|postings FILE and bangfu match run: the job side of the store.
#include <cstdio>
#include <memory>

#include "commands.h"
#include "runtime.h"
#include "taxonomy_file.h"

namespace bangfu::cli {

Status LoadMatcher(service::App& app) {
  std::string fallback;
  const auto demo = FindShareFile("occupations/demo.csv");
  if (!demo.empty()) {
    auto text = ReadWholeFile(demo.string());
    if (!text.ok()) return text.error();
    fallback = std::move(*text);
  }
  return app.matches().Load(fallback);
}

void AddJobImportCommands(CLI::App* imp) {
  {
    auto store = std::make_shared<StoreFlags>();
    auto file = std::make_shared<std::string>();
    auto dry = std::make_shared<bool>(false);
    CLI::App* cmd = imp->add_subcommand(
        "occupations", "导入职业分类大典 (occupation classification: level,code,code_num,name,definition,tasks,csco_code_num,alias)");
    store->Add(*cmd);
    cmd->add_option("file", *file, "CSV 文件")->required();
    cmd->add_flag("--dry-run", *dry, "只检查，不写入");
    cmd->callback([store, file, dry] {
      auto rt = Runtime::Open(*store);
      if (!rt.ok()) throw CLI::RuntimeError(Fail(rt.error()));
      auto text = ReadWholeFile(*file);
      if (!text.ok()) throw CLI::RuntimeError(Fail(text.error()));
      auto r = (*rt)->app().matches().ImportOccupations(CliContext(), *text, *dry);
      if (!r.ok()) throw CLI::RuntimeError(Fail(r.error()));
      for (const auto& i : r->issues)
        std::fprintf(stderr, "%s 第 %lld 行 %s: %s\n", file->c_str(), static_cast<long long>(i.line),
                     i.column.c_str(), i.message.c_str());
      std::printf("职业 %lld 个，新增 %lld 个，跳过的行 %lld 行，%s\n", static_cast<long long>(r->rows),
                  static_cast<long long>(r->created), static_cast<long long>(r->skipped),
                  r->written ? "已写入" : (*dry ? "（试运行，未写入）" : "有错误，未写入"));
      if (r->skipped > 0) throw CLI::RuntimeError(1);
    });
  }
  {
    auto store = std::make_shared<StoreFlags>();
    auto flags = std::make_shared<ImportFlags>();
    CLI::App* cmd = imp->add_subcommand("postings", "导入招聘会岗位 (job-fair postings; columns in docs/import-data.md)");
    store->Add(*cmd);
    flags->Add(*cmd, "CSV（UTF-8 或 GB18030）或 XLSX 文件");
    cmd->callback([store, flags] {
      auto rt = Runtime::Open(*store);
      if (!rt.ok()) throw CLI::RuntimeError(Fail(rt.error()));
      if (auto s = LoadMatcher((*rt)->app()); !s.ok()) throw CLI::RuntimeError(Fail(s.error()));
      auto bytes = flags->ReadFile();
      if (!bytes.ok()) throw CLI::RuntimeError(Fail(bytes.error()));
      const service::ImportOptions o = flags->Options();
      auto report = (*rt)->app().postings().Import(CliContext(), *bytes, o);
      if (!report.ok()) throw CLI::RuntimeError(Fail(report.error()));
      PrintImportReport(*report, o.source);
    });
  }
}

void AddMatchRunCommand(CLI::App* match) {
  auto store = std::make_shared<StoreFlags>();
  auto scope = std::make_shared<std::string>();
  CLI::App* cmd = match->add_subcommand("run", "为范围内每个人和每个岗位匹配并保存前 20 名 (batch match into match_results)");
  store->Add(*cmd);
  cmd->add_option("--scope", *scope, "区划代码前缀（默认全部）");
  cmd->callback([store, scope] {
    auto rt = Runtime::Open(*store);
    if (!rt.ok()) throw CLI::RuntimeError(Fail(rt.error()));
    if (auto s = LoadMatcher((*rt)->app()); !s.ok()) throw CLI::RuntimeError(Fail(s.error()));
    auto r = (*rt)->app().matches().Run(CliContext(), *scope);
    if (!r.ok()) throw CLI::RuntimeError(Fail(r.error()));
    const double seconds = (r->run.finished_at.micros - r->run.started_at.micros) / 1e6;
    std::printf("匹配批次 %lld：人员 %lld，岗位 %lld，保存结果 %lld 条，用时 %.2f 秒\n",
                static_cast<long long>(r->run.id), static_cast<long long>(r->run.persons),
                static_cast<long long>(r->run.postings), static_cast<long long>(r->results), seconds);
  });
}

}  // namespace bangfu::cli
