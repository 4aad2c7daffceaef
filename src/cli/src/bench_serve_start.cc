// bangfu bench serve-start: where `bangfu serve` spends its start, on an existing data
// directory (or database). It opens the store and runs serve's own start-up steps
// (PrepareToServe: regions, calendar, policy packs, service standards, the matcher, the
// case-work state), then prints each step's wall and CPU time and the resident memory after
// it, with the case-work state's build split into reading, computing and filing. Nothing is
// written to a directory that already has its regions and calendar. Run it under the bench
// lock; the table states the load average before and after.
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "bench_timing.h"
#include "commands.h"
#include "runtime.h"
#include "serve_start.h"

namespace bangfu::cli {
namespace {

struct ServeStartFlags {
  StoreFlags store;
  std::string policies, standards;
  bool foreground = false;  // build the case-work state before listening, as serve did
};

double LoadAverage() {
  double load[1] = {0};
  return ::getloadavg(load, 1) == 1 ? load[0] : -1;
}

double Mb(int64_t bytes) { return static_cast<double>(bytes) / 1048576.0; }

int BenchServeStart(const ServeStartFlags& f) {
  spdlog::set_level(spdlog::level::warn);
  const double load_before = LoadAverage();
  const auto wall0 = bench::Clock::now();
  const double cpu0 = bench::CpuSeconds();
  const int64_t rss0 = ResidentBytes();
  auto rt = Runtime::Open(f.store);
  if (!rt.ok()) return Fail(rt.error());
  StartStep open{"open store (migrations, key)", bench::Since(wall0), bench::CpuSeconds() - cpu0,
                 ResidentBytes(), HeapInUse()};
  ServeStartOptions o;
  o.policies = f.policies;
  o.standards = f.standards;
  o.case_work_in_background = !f.foreground;
  auto started = PrepareToServe((*rt)->app(), o);
  if (!started.ok()) return Fail(started.error());
  const double wall = bench::Since(wall0), cpu = bench::CpuSeconds() - cpu0;
  const int64_t rss_listening = ResidentBytes();
  // Until the state is ready (at once in the foreground mode).
  service::WorklistService& worklist = (*rt)->app().worklist();
  while (worklist.StateDate() == policy::kNoDate) ::usleep(20'000);
  const double ready_wall = bench::Since(wall0), ready_cpu = bench::CpuSeconds() - cpu0;
  const int64_t rss_end = ResidentBytes(), heap_end = HeapInUse();
  ::malloc_trim(0);
  const int64_t rss_trimmed = ResidentBytes();
  const auto build = (*rt)->app().worklist().LastBuild();

  std::printf("serve start: %s\n", (*rt)->store().BackendName().c_str());
  std::printf("| %-36s | %8s | %8s | %14s | %13s |\n", "step", "wall s", "CPU s", "RSS after, MB",
              "heap used, MB");
  std::printf("|%s|%s|%s|%s|%s|\n", std::string(38, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(16, '-').c_str(), std::string(15, '-').c_str());
  auto row = [](const StartStep& s) {
    std::printf("| %-36s | %8.2f | %8.2f | %14.0f | %13.0f |\n", s.name.c_str(), s.wall_s, s.cpu_s,
                Mb(s.rss_bytes), Mb(s.heap_bytes));
  };
  std::printf("| %-36s | %8s | %8s | %14.0f | %13s |\n", "(process before)", "", "", Mb(rss0), "");
  row(open);
  for (const auto& s : started->steps) {
    row(s);
    if (s.name.starts_with("case-work state")) {
      std::printf("| %-36s | %8.2f | %8s | %14s | %13s |\n", "  read the store (LoadCaseWork)", build.load_s, "", "", "");
      std::printf("| %-36s | %8.2f | %8s | %14s | %13s |\n", "  compliance and items", build.compute_s, "", "", "");
      std::printf("| %-36s | %8.2f | %8s | %14s | %13s |\n", "  filed by community", build.state_s, "", "", "");
    }
  }
  std::printf("| %-36s | %8.2f | %8.2f | %14.0f | %13s |\n", "total, to listening", wall, cpu,
              Mb(rss_listening), "");
  std::printf("| %-36s | %8.2f | %8.2f | %14.0f | %13.0f |\n", "total, case-work state ready", ready_wall,
              ready_cpu, Mb(rss_end), Mb(heap_end));
  std::printf("| %-36s | %8s | %8s | %14.0f | %13s |\n", "after malloc_trim", "", "", Mb(rss_trimmed), "");
  std::printf("case-work state: %lld persons, %lld worklist items\n",
              static_cast<long long>(build.persons), static_cast<long long>(build.items));
  std::printf("load average (1 min): %.2f before, %.2f after\n", load_before, LoadAverage());
  return 0;
}

}  // namespace

void AddBenchServeStartCommand(CLI::App* bench) {
  auto f = std::make_shared<ServeStartFlags>();
  CLI::App* cmd = bench->add_subcommand(
      "serve-start", "服务启动各步骤的耗时与内存 (serve's start-up steps on an existing data directory)");
  f->store.Add(*cmd);
  cmd->add_option("--policies", f->policies, "政策包目录 (policy packs; default policies/)");
  cmd->add_option("--standards", f->standards, "服务标准目录 (service standards; default standards/)");
  cmd->add_flag("--foreground-case-work", f->foreground,
                "帮扶工作状态在监听前建立（旧的启动方式） (build the case-work state before listening)");
  cmd->callback([f] {
    if (int rc = BenchServeStart(*f)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace bangfu::cli
