// bangfu bench serve-start: where `bangfu serve` spends its start, on an existing data
// directory (or database). It opens the store and runs serve's own start-up steps
// (PrepareToServe: regions, calendar, policy packs, service standards, the matcher, the
// case-work state), then prints each step's wall and CPU time and the resident memory after
// it, with the case-work state's build split into reading, computing and filing. Nothing is
// written to a directory that already has its regions and calendar. Run it under the bench
// lock; the table states the load average before and after.
#include <fmt/format.h>
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
  // Memory at a point: anonymous resident (what the process itself holds), resident pages of
  // mapped files (the database read through mmap: page cache, shared and reclaimable), heap.
  struct Memory {
    int64_t anon, file, heap;
    static Memory Now() { return {ResidentAnonBytes(), ResidentFileBytes(), HeapInUse()}; }
  };
  const Memory before = Memory::Now();
  auto rt = Runtime::Open(f.store);
  if (!rt.ok()) return Fail(rt.error());
  StartStep open{"open store (migrations, key)", bench::Since(wall0), bench::CpuSeconds() - cpu0,
                 ResidentAnonBytes(), ResidentFileBytes(), HeapInUse()};
  ServeStartOptions o;
  o.policies = f.policies;
  o.standards = f.standards;
  o.case_work_in_background = !f.foreground;
  auto started = PrepareToServe((*rt)->app(), o);
  if (!started.ok()) return Fail(started.error());
  const double wall = bench::Since(wall0), cpu = bench::CpuSeconds() - cpu0;
  const Memory listening = Memory::Now();
  // Until the state is ready (at once in the foreground mode).
  service::WorklistService& worklist = (*rt)->app().worklist();
  while (worklist.StateDate() == policy::kNoDate) ::usleep(20'000);
  const double ready_wall = bench::Since(wall0), ready_cpu = bench::CpuSeconds() - cpu0;
  const Memory ready = Memory::Now();
  ::malloc_trim(0);
  const Memory trimmed = Memory::Now();
  const auto build = (*rt)->app().worklist().LastBuild();

  std::printf("serve start: %s\n", (*rt)->store().BackendName().c_str());
  std::printf("| %-36s | %8s | %8s | %13s | %13s | %13s |\n", "step", "wall s", "CPU s", "RSS anon, MB",
              "RSS file, MB", "heap used, MB");
  std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(38, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(15, '-').c_str(), std::string(15, '-').c_str(),
              std::string(15, '-').c_str());
  auto line = [](const std::string& name, double wall_s, double cpu_s, const Memory* m) {
    // A negative time or no memory leaves its cells empty.
    auto seconds = [](double s) { return s >= 0 ? fmt::format("{:8.2f}", s) : std::string(8, ' '); };
    auto mb = [m](int64_t Memory::*field) { return m ? fmt::format("{:13.0f}", Mb(m->*field)) : std::string(13, ' '); };
    std::printf("| %-36s | %s | %s | %s | %s | %s |\n", name.c_str(), seconds(wall_s).c_str(), seconds(cpu_s).c_str(),
                mb(&Memory::anon).c_str(), mb(&Memory::file).c_str(), mb(&Memory::heap).c_str());
  };
  auto step = [&](const StartStep& s) {
    const Memory m{s.rss_anon_bytes, s.rss_file_bytes, s.heap_bytes};
    line(s.name, s.wall_s, s.cpu_s, &m);
  };
  line("(process before)", -1, -1, &before);
  step(open);
  for (const auto& s : started->steps) {
    step(s);
    if (s.name.starts_with("case-work state")) {
      line("  read the store (LoadCaseWork)", build.load_s, -1, nullptr);
      line("  compliance and items", build.compute_s, -1, nullptr);
      line("  filed by community", build.state_s, -1, nullptr);
    }
  }
  line("total, to listening", wall, cpu, &listening);
  line("total, case-work state ready", ready_wall, ready_cpu, &ready);
  line("after malloc_trim", -1, -1, &trimmed);
  std::printf("case-work state: %lld persons, %lld worklist items\n",
              static_cast<long long>(build.persons), static_cast<long long>(build.items));
  std::printf("peak resident (VmHWM, anonymous and file together): %.0f MB\n", Mb(PeakResidentBytes()));
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
