// bangfu match generate | eval, and bangfu bench match: the matching engine on generated
// districts — ranking quality against known true matches (beside BM25) and speed at scale.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <thread>

#include "bangfu/match/dataset.h"
#include "bangfu/match/engine.h"
#include "bangfu/match/normalizer.h"
#include "commands.h"
#include "runtime.h"
#include "bench_timing.h"
#include "taxonomy_file.h"

namespace bangfu::cli {
namespace fs = std::filesystem;

namespace {

struct MatchFlags {
  std::string taxonomy;
  std::string out;
  std::string pairs;
  std::string postings_file;
  std::string persons_file;
  std::vector<int> ks = {10, 20};
  int64_t postings = 2000;
  int64_t persons = 1000;
  uint64_t seed = 1;
  int threads = 0;          // 0: every core.
  int64_t batch = 0;        // People in the batch run; 0: all.
  int64_t queries = 2000;   // Single-person queries timed.
  int64_t titles = 200000;  // Titles normalised.
};

using bench::Clock;
using bench::CpuSeconds;
using bench::Pct;
using bench::Since;
using bench::ThreadCpuSeconds;

Result<void> WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) return Error::Unavailable("无法写入 " + path.string());
  return {};
}

int Generate(const MatchFlags& f) {
  auto tax = LoadTaxonomy(f.taxonomy, nullptr);
  if (!tax.ok()) return Fail(tax.error());
  std::error_code ec;
  fs::create_directories(f.out, ec);
  if (ec) return Fail(Error::Unavailable("无法创建目录 " + f.out + ": " + ec.message()));
  const match::Dataset d = match::Generate(*tax, {f.postings, f.persons, f.seed});
  const auto pairs = match::TrueMatches(d);
  for (auto [name, text] : {std::pair{"postings.csv", match::PostingsToCsv(d.postings)},
                            std::pair{"persons.csv", match::PersonsToCsv(d.persons)},
                            std::pair{"pairs.tsv", match::PairsToTsv(pairs)}}) {
    auto w = WriteFile(fs::path(f.out) / name, text);
    if (!w.ok()) return Fail(w.error());
  }
  std::printf("%s: %zu 个岗位, %zu 名人员, %zu 对标注 (postings.csv, persons.csv, pairs.tsv)\n",
              f.out.c_str(), d.postings.size(), d.persons.size(), pairs.size());
  return 0;
}

int Eval(const MatchFlags& f) {
  const fs::path dir = fs::path(f.pairs).parent_path();
  const std::string postings_file =
      f.postings_file.empty() ? (dir / "postings.csv").string() : f.postings_file;
  const std::string persons_file =
      f.persons_file.empty() ? (dir / "persons.csv").string() : f.persons_file;
  auto tax = LoadTaxonomy(f.taxonomy, nullptr);
  if (!tax.ok()) return Fail(tax.error());
  auto pairs_text = ReadWholeFile(f.pairs);
  if (!pairs_text.ok()) return Fail(pairs_text.error());
  auto pairs = match::PairsFromTsv(*pairs_text);
  if (!pairs.ok()) return Fail(pairs.error());
  auto postings_text = ReadWholeFile(postings_file);
  if (!postings_text.ok()) return Fail(postings_text.error());
  auto persons_text = ReadWholeFile(persons_file);
  if (!persons_text.ok()) return Fail(persons_text.error());
  match::Dataset d;
  auto postings = match::PostingsFromCsv(*postings_text);
  if (!postings.ok()) return Fail(postings.error());
  auto persons = match::PersonsFromCsv(*persons_text);
  if (!persons.ok()) return Fail(persons.error());
  d.postings = std::move(*postings);
  d.persons = std::move(*persons);
  const int kmax = *std::max_element(f.ks.begin(), f.ks.end());
  auto ours = match::RankWithMatcher(d, kmax);
  if (!ours.ok()) return Fail(ours.error());
  const auto base = match::RankWithBm25(*tax, d, kmax);
  std::printf("人岗匹配评估: %zu 个岗位, %zu 名人员, %zu 对标注\n", d.postings.size(),
              d.persons.size(), pairs->size());
  std::printf("%-8s %4s %10s %10s %8s\n", "method", "k", "recall@k", "nDCG@k", "people");
  for (int k : f.ks) {
    const auto a = match::EvaluateRanking(*ours, *pairs, k);
    const auto b = match::EvaluateRanking(base, *pairs, k);
    std::printf("%-8s %4d %10.3f %10.3f %8lld\n", "bangfu", k, a.recall, a.ndcg,
                static_cast<long long>(a.queries));
    std::printf("%-8s %4d %10.3f %10.3f %8lld\n", "BM25", k, b.recall, b.ndcg,
                static_cast<long long>(b.queries));
  }
  return 0;
}

// Job-board style titles from the taxonomy's names and aliases with recruiting noise around.
std::vector<std::string> BenchTitles(const match::Taxonomy& tax, int64_t n) {
  static const char* kPrefix[] = {"", "急招", "金房物业招聘", "【高薪】", "诚聘"};
  static const char* kSuffix[] = {"", "（包吃住）", " 5000-8000元/月", "学徒", " 五险一金 双休"};
  std::vector<std::string> base;
  for (const auto& o : tax.occupations()) {
    base.push_back(o.name);
    for (const auto& a : o.aliases) base.push_back(a);
  }
  std::vector<std::string> out;
  out.reserve(n);
  for (int64_t i = 0; i < n && !base.empty(); ++i)
    out.push_back(std::string(kPrefix[i % 5]) + base[(i * 7919) % base.size()] +
                  kSuffix[(i / 5) % 5]);
  return out;
}

// Runs fn(i) for i in [0, n) on `threads` threads; returns the wall time in seconds.
template <typename Fn>
double Parallel(int threads, int64_t n, Fn fn) {
  const auto t0 = Clock::now();
  std::atomic<int64_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int64_t i; (i = next.fetch_add(256)) < n;)
        for (int64_t j = i; j < std::min(n, i + 256); ++j) fn(j);
    });
  }
  for (auto& th : pool) th.join();
  return Since(t0);
}

int Bench(const MatchFlags& f) {
  const int threads = f.threads > 0
                          ? f.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::string source;
  auto tax = LoadTaxonomy(f.taxonomy, &source);
  if (!tax.ok()) return Fail(tax.error());
  std::printf("bangfu match benchmark: %lld postings, %lld people, %d threads, taxonomy %s (%zu)\n",
              static_cast<long long>(f.postings), static_cast<long long>(f.persons), threads,
              source.c_str(), tax->size());
  auto t = Clock::now();
  match::Dataset d = match::Generate(*tax, {f.postings, f.persons, f.seed});
  const double gen_s = Since(t);

  match::Matcher m;
  t = Clock::now();
  for (const auto& p : d.postings)
    if (auto r = m.UpsertPosting(p); !r.ok()) return Fail(r.error());
  const double load_postings_s = Since(t);
  t = Clock::now();
  for (const auto& a : d.persons)
    if (auto r = m.UpsertPerson(a); !r.ok()) return Fail(r.error());
  const double load_persons_s = Since(t);
  std::vector<uint64_t> person_ids, posting_ids;
  for (const auto& a : d.persons) person_ids.push_back(a.id);
  for (const auto& p : d.postings) posting_ids.push_back(p.id);
  d = match::Dataset{};  // The matcher holds what it needs.
  const match::MatcherStats st = m.Stats();

  std::mt19937_64 rng(f.seed);
  std::vector<double> one_ms, rev_ms, one_cpu_ms, rev_cpu_ms;
  for (int64_t q = 0; q < f.queries && !person_ids.empty(); ++q) {
    const uint64_t id = person_ids[rng() % person_ids.size()];
    t = Clock::now();
    const double c0 = ThreadCpuSeconds();
    auto r = m.PostingsFor(id, 20, true);
    one_cpu_ms.push_back((ThreadCpuSeconds() - c0) * 1e3);
    one_ms.push_back(Since(t) * 1e3);
    if (!r.ok()) return Fail(r.error());
  }
  for (int64_t q = 0; q < std::min<int64_t>(f.queries, 500) && !posting_ids.empty(); ++q) {
    const uint64_t id = posting_ids[rng() % posting_ids.size()];
    t = Clock::now();
    const double c0 = ThreadCpuSeconds();
    auto r = m.PersonsFor(id, 20, true);
    rev_cpu_ms.push_back((ThreadCpuSeconds() - c0) * 1e3);
    rev_ms.push_back(Since(t) * 1e3);
    if (!r.ok()) return Fail(r.error());
  }

  const int64_t batch_n = f.batch > 0 ? std::min<int64_t>(f.batch, person_ids.size())
                                      : static_cast<int64_t>(person_ids.size());
  std::atomic<int64_t> returned{0};
  const double batch_cpu0 = CpuSeconds();
  const double batch_s = Parallel(threads, batch_n, [&](int64_t i) {
    auto r = m.PostingsFor(person_ids[i], 20, false);
    if (r.ok()) returned.fetch_add(static_cast<int64_t>(r->size()), std::memory_order_relaxed);
  });
  const double batch_cpu = CpuSeconds() - batch_cpu0;
  const double per_million_s = batch_n ? batch_s * 1e6 / batch_n : 0;
  const double per_million_cpu = batch_n ? batch_cpu * 1e6 / batch_n : 0;

  // Incremental: a new posting is matchable as soon as it is added.
  match::Posting extra;
  extra.occupation = tax->occupations().back().code;
  extra.region = 500101001001ULL;
  std::vector<double> upsert_us;
  for (int i = 0; i < 1000; ++i) {
    extra.id = 1000000000ULL + i;
    t = Clock::now();
    if (auto r = m.UpsertPosting(extra); !r.ok()) return Fail(r.error());
    upsert_us.push_back(Since(t) * 1e6);
  }

  const auto titles = BenchTitles(*tax, f.titles);
  auto n = match::Normalizer::Create(*tax);
  std::atomic<int64_t> coded{0};
  const double norm_cpu0 = CpuSeconds();
  const double norm1_s = Parallel(1, static_cast<int64_t>(titles.size()), [&](int64_t i) {
    if (n->Normalize(titles[i]).code) coded.fetch_add(1, std::memory_order_relaxed);
  });
  const double norm1_cpu = CpuSeconds() - norm_cpu0;
  const double normt_s = Parallel(threads, static_cast<int64_t>(titles.size()),
                                  [&](int64_t i) { (void)n->Normalize(titles[i]); });

  std::printf("\n%-48s %14s\n", "measure", "value");
  auto row = [](const char* what, const std::string& v) {
    std::printf("%-48s %14s\n", what, v.c_str());
  };
  auto num = [](const char* fmt, double v) {
    char b[64];
    std::snprintf(b, sizeof b, fmt, v);
    return std::string(b);
  };
  row("generate data (s)", num("%.1f", gen_s));
  row("load postings (s)", num("%.2f", load_postings_s));
  row("load people (s)", num("%.2f", load_persons_s));
  row("index bytes per posting",
      num("%.0f", st.postings ? double(st.posting_bytes) / st.postings : 0));
  row("index bytes per person", num("%.0f", st.persons ? double(st.person_bytes) / st.persons : 0));
  row("top-20 postings for one person p50 (ms)", num("%.3f", Pct(one_ms, 0.50)));
  row("top-20 postings for one person p99 (ms)", num("%.3f", Pct(one_ms, 0.99)));
  row("  same, CPU time p50 (ms)", num("%.3f", Pct(one_cpu_ms, 0.50)));
  row("  same, CPU time p99 (ms)", num("%.3f", Pct(one_cpu_ms, 0.99)));
  row("top-20 people for one posting p50 (ms)", num("%.3f", Pct(rev_ms, 0.50)));
  row("top-20 people for one posting p99 (ms)", num("%.3f", Pct(rev_ms, 0.99)));
  row("  same, CPU time p50 (ms)", num("%.3f", Pct(rev_cpu_ms, 0.50)));
  row("  same, CPU time p99 (ms)", num("%.3f", Pct(rev_cpu_ms, 0.99)));
  row("batch: people run", num("%.0f", static_cast<double>(batch_n)));
  row("batch: wall time (s)", num("%.1f", batch_s));
  row("batch: people per second", num("%.0f", batch_s > 0 ? batch_n / batch_s : 0));
  row("batch: time for 1,000,000 people (s)", num("%.1f", per_million_s));
  row("batch: CPU seconds for 1,000,000 people", num("%.1f", per_million_cpu));
  row("batch: 1,000,000 people on 2 idle cores (s)", num("%.1f", per_million_cpu / 2));
  row("batch: mean results per person", num("%.1f", batch_n ? double(returned) / batch_n : 0));
  row("upsert one posting p50 (us)", num("%.1f", Pct(upsert_us, 0.5)));
  row("normalise titles/s, 1 thread", num("%.0f", norm1_s > 0 ? titles.size() / norm1_s : 0));
  row("normalise titles per CPU second, 1 thread",
      num("%.0f", norm1_cpu > 0 ? titles.size() / norm1_cpu : 0));
  row("normalise titles/s, all threads", num("%.0f", normt_s > 0 ? titles.size() / normt_s : 0));
  row("titles given a code (%)", num("%.1f", titles.empty() ? 0 : 100.0 * coded / titles.size()));
  return 0;
}

}  // namespace

void AddMatchCommands(CLI::App& root) {
  auto f = std::make_shared<MatchFlags>();
  CLI::App* match = root.add_subcommand("match", "人岗匹配 (person–job matching)");
  match->require_subcommand(1);
  AddMatchRunCommand(match);
  CLI::App* gen = match->add_subcommand("generate", "生成带已知匹配答案的模拟数据 (labelled data)");
  gen->add_option("--taxonomy", f->taxonomy, "职业分类 CSV (default: the demo taxonomy)");
  gen->add_option("--out", f->out, "输出目录")->required();
  gen->add_option("--postings", f->postings, "岗位数")->capture_default_str();
  gen->add_option("--persons", f->persons, "人员数")->capture_default_str();
  gen->add_option("--seed", f->seed, "随机种子")->capture_default_str();
  gen->callback([f] {
    if (int rc = Generate(*f)) throw CLI::RuntimeError(rc);
  });
  CLI::App* eval = match->add_subcommand("eval", "recall@k 与 nDCG@k，与 BM25 对比 (quality)");
  eval->add_option("--pairs", f->pairs, "person<TAB>posting<TAB>gain 标注文件")->required();
  eval->add_option("--postings", f->postings_file,
                   "岗位 CSV (default: postings.csv beside --pairs)");
  eval->add_option("--persons", f->persons_file, "人员 CSV (default: persons.csv beside --pairs)");
  eval->add_option("--taxonomy", f->taxonomy, "职业分类 CSV, for the BM25 text (default: demo)");
  eval->add_option("--k", f->ks, "k 值")->capture_default_str()->check(CLI::Range(1, 1000));
  eval->callback([f] {
    if (int rc = Eval(*f)) throw CLI::RuntimeError(rc);
  });

  auto b = std::make_shared<MatchFlags>();
  b->postings = 100000;
  b->persons = 1000000;
  CLI::App* bench = root.get_subcommand("bench");
  CLI::App* bm =
      bench->add_subcommand("match", "人岗匹配与职位名归一化 (matching and normalisation)");
  bm->add_option("--taxonomy", b->taxonomy, "职业分类 CSV (default: the demo taxonomy)");
  bm->add_option("--postings", b->postings, "岗位数")->capture_default_str();
  bm->add_option("--persons", b->persons, "人员数")->capture_default_str();
  bm->add_option("--threads", b->threads, "线程数 (0 = all cores)")->capture_default_str();
  bm->add_option("--batch", b->batch, "批量运行的人数 (0 = all)")->capture_default_str();
  bm->add_option("--queries", b->queries, "单人查询计时次数")->capture_default_str();
  bm->add_option("--titles", b->titles, "归一化计时的职位名数")->capture_default_str();
  bm->add_option("--seed", b->seed, "随机种子")->capture_default_str();
  bm->callback([b] {
    if (int rc = Bench(*b)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace bangfu::cli
