// bangfu occupation normalize | eval: free-text job titles → occupation codes, and the
// accuracy of that on a labelled title set beside a BM25 baseline.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "bangfu/match/normalizer.h"
#include "commands.h"
#include "runtime.h"
#include "taxonomy_file.h"

namespace bangfu::cli {

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("无法读取文件 " + path, path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<match::Taxonomy> LoadTaxonomy(const std::string& path, std::string* source) {
  std::string file = path;
  if (file.empty()) {
    file = FindShareFile("occupations/demo.csv").string();
    if (file.empty())
      return Error::NotFound("找不到内置职业分类 share/occupations/demo.csv，请用 --taxonomy 指定",
                             "taxonomy");
  }
  auto text = ReadWholeFile(file);
  if (!text.ok()) return text.error();
  std::vector<match::RowIssue> issues;
  auto tax = match::Taxonomy::FromCsv(*text, &issues);
  if (!tax.ok()) return tax.error();
  for (const auto& i : issues)
    std::fprintf(stderr, "%s 第 %lld 行 %s: %s\n", file.c_str(), static_cast<long long>(i.line),
                 i.column.c_str(), i.message.c_str());
  if (tax->size() == 0)
    return Error::InvalidArgument("职业分类文件没有可用的行: " + file, "taxonomy");
  if (source) *source = file;
  return tax;
}

namespace {

struct OccupationFlags {
  std::string taxonomy;
  std::string in;
  std::string titles;
  bool bm25 = false;
  bool misses = false;
};

int Normalize(const OccupationFlags& f) {
  auto tax = LoadTaxonomy(f.taxonomy, nullptr);
  if (!tax.ok()) return Fail(tax.error());
  auto n = match::Normalizer::Create(
      *tax, f.bm25 ? match::NormalizerKind::kBm25 : match::NormalizerKind::kDefault);
  std::ifstream file;
  if (!f.in.empty()) {
    file.open(f.in, std::ios::binary);
    if (!file) return Fail(Error::NotFound("无法读取文件 " + f.in, "in"));
  }
  std::istream& in = f.in.empty() ? std::cin : file;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    for (char& c : line)
      if (c == '\t') c = ' ';  // The output is tab-separated.
    const match::NormalizeResult r = n->Normalize(line);
    std::printf("%s\t%s\t%s\t%.3f\n", line.c_str(),
                r.code ? match::FormatOccCode(r.code).c_str() : "", r.name.c_str(), r.score);
  }
  return 0;
}

int Eval(const OccupationFlags& f) {
  std::string source;
  auto tax = LoadTaxonomy(f.taxonomy, &source);
  if (!tax.ok()) return Fail(tax.error());
  auto text = ReadWholeFile(f.titles);
  if (!text.ok()) return Fail(text.error());
  auto set = match::ParseLabelledTitles(*text);
  if (!set.ok()) return Fail(set.error());
  auto ours = match::Normalizer::Create(*tax);
  auto bm25 = match::Normalizer::Create(*tax, match::NormalizerKind::kBm25);
  std::vector<std::string> misses;
  const auto a = match::EvaluateNormalizer(*ours, *set, &misses);
  const auto b = match::EvaluateNormalizer(*bm25, *set, nullptr);
  std::printf("职业归一化评估: %lld 个标注职位名, 职业分类 %s (%zu 个代码)\n",
              static_cast<long long>(a.total), source.c_str(), tax->size());
  std::printf("%-10s %12s %12s\n", "method", "exact", "中类");
  std::printf("%-10s %11.1f%% %11.1f%%\n", "bangfu", 100 * a.ExactRate(), 100 * a.MiddleRate());
  std::printf("%-10s %11.1f%% %11.1f%%\n", "BM25", 100 * b.ExactRate(), 100 * b.MiddleRate());
  if (f.misses) {
    std::printf("\n未精确命中 (title, expected, got):\n");
    for (const auto& m : misses) std::printf("%s\n", m.c_str());
  }
  return 0;
}

}  // namespace

void AddOccupationCommands(CLI::App& root) {
  CLI::App* occ = root.add_subcommand("occupation", "职业分类与职位名归一化 (occupation codes)");
  occ->require_subcommand(1);
  auto f = std::make_shared<OccupationFlags>();
  CLI::App* norm = occ->add_subcommand(
      "normalize", "每行一个职位名 → title<TAB>code<TAB>name<TAB>score (one title per line)");
  norm->add_option("--taxonomy", f->taxonomy, "职业分类 CSV (default: the demo taxonomy)");
  norm->add_option("--in", f->in, "输入文件 (default: stdin)");
  norm->add_flag("--bm25", f->bm25, "用 BM25 基线代替 (the baseline, for comparison)");
  norm->callback([f] {
    if (int rc = Normalize(*f)) throw CLI::RuntimeError(rc);
  });
  CLI::App* eval = occ->add_subcommand("eval", "标注职位名上的准确率，与 BM25 对比 (accuracy)");
  eval->add_option("--taxonomy", f->taxonomy, "职业分类 CSV (default: the demo taxonomy)");
  eval->add_option("--titles", f->titles, "title<TAB>code 标注文件")->required();
  eval->add_flag("--misses", f->misses, "列出未命中的职位名");
  eval->callback([f] {
    if (int rc = Eval(*f)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace bangfu::cli
