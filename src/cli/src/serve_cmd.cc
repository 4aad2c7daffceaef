// bangfu serve: the HTTP server with the web UI.
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "bangfu/base/log.h"
#include "bangfu/http/server.h"
#include "commands.h"
#include "demo.h"
#include "runtime.h"
#include "serve_start.h"

namespace bangfu::cli {
namespace fs = std::filesystem;

namespace {

struct ServeFlags {
  StoreFlags store;
  std::string listen = "127.0.0.1:8080";
  std::string static_dir;
  std::string policies;  // Directory of policy packs; empty: FindPolicyDir().
  std::string standards;  // Directory of service standards; empty: FindStandardDir().
  bool demo = false;
  int64_t demo_persons = 2000;
  bool trust_proxy = false;
  bool secure_cookie = false;
  int threads = 0;
  int housekeeping_seconds = 60;
};

// Runs Housekeeper::RunOnce at start and then every `period` on its own thread (handlers keep
// their threads); the destructor stops it without waiting for the next tick.
class Housekeeping {
 public:
  Housekeeping(service::Housekeeper& keeper, std::chrono::seconds period)
      : thread_([this, &keeper, period] {
          std::unique_lock lock(mu_);
          do {
            lock.unlock();
            auto r = keeper.RunOnce();
            if (!r.ok()) {
              spdlog::warn("定时任务失败: {}", r.error().ToString());
            } else if (r->expired > 0) {
              spdlog::info("定时任务: 过期岗位关闭 {} 个", r->expired);
            }
            lock.lock();
          } while (!cv_.wait_for(lock, period, [this] { return stop_; }));
        }) {}
  ~Housekeeping() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // Last: starts after the members it uses.
};

std::string FindStaticDir() {
  std::error_code ec;
  std::vector<fs::path> candidates;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "../web/dist");
    candidates.push_back(exe.parent_path() / "../share/bangfu/web");
  }
  candidates.push_back(fs::current_path(ec) / "web/dist");
  for (const auto& c : candidates)
    if (fs::exists(c / "index.html", ec)) return fs::weakly_canonical(c, ec).string();
  return {};
}

void InstallLogSink() {
  log::SetSink([](log::Level level, std::string_view msg) {
    switch (level) {
      case log::Level::kDebug: spdlog::debug("{}", msg); break;
      case log::Level::kInfo: spdlog::info("{}", msg); break;
      case log::Level::kWarn: spdlog::warn("{}", msg); break;
      case log::Level::kError: spdlog::error("{}", msg); break;
    }
  });
}

int Serve(const ServeFlags& flags) {
  InstallLogSink();
  auto rt = Runtime::Open(flags.store);
  if (!rt.ok()) return Fail(rt.error());
  service::App& app = (*rt)->app();
  ServeStartOptions start_options;
  start_options.policies = flags.policies;
  start_options.standards = flags.standards;
  start_options.demo = flags.demo;
  start_options.demo_persons = flags.demo_persons;
  auto started = PrepareToServe(app, start_options);
  if (!started.ok()) return Fail(started.error());
  const std::vector<DemoAccount>& accounts = started->accounts;

  http::ServerOptions opts;
  opts.listen = flags.listen;
  opts.static_dir = flags.static_dir.empty() ? FindStaticDir() : flags.static_dir;
  if (flags.threads > 0) opts.threads = flags.threads;
  opts.trust_proxy = flags.trust_proxy;
  opts.secure_cookie = flags.secure_cookie;
  if (opts.static_dir.empty()) spdlog::warn("找不到网页界面 (web/dist)，只提供 API");
  http::Server server(app, opts);
  auto port = server.Start();
  if (!port.ok()) return Fail(port.error());
  std::string host = flags.listen.substr(0, flags.listen.rfind(':'));
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  std::printf("bangfu 已启动 (数据库: %s, 数据目录: %s)\n", (*rt)->store().BackendName().c_str(),
              (*rt)->data_dir().c_str());
  std::printf("listening on http://%s:%u\n", host.c_str(), static_cast<unsigned>(*port));
  if (!accounts.empty()) {
    std::printf("演示账号 (密码均为 %s):\n", kDemoPassword);
    for (const auto& a : accounts)
      std::printf("  %-11s %s  %s\n", a.username.c_str(), service::RoleLabel(a.role),
                  a.display_name.c_str());
  }
  std::fflush(stdout);
  server.StopOnSignals();
  std::unique_ptr<Housekeeping> housekeeping;
  if (flags.housekeeping_seconds > 0)
    housekeeping = std::make_unique<Housekeeping>(app.housekeeper(),
                                                  std::chrono::seconds(flags.housekeeping_seconds));
  server.Run();
  housekeeping.reset();
  spdlog::info("bangfu 已停止");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& root) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = root.add_subcommand("serve", "启动服务 (start the HTTP server and web UI)");
  flags->store.Add(*cmd);
  cmd->add_option("--listen", flags->listen, "监听地址 HOST:PORT (port 0 picks a free port)")
      ->capture_default_str();
  cmd->add_option("--static", flags->static_dir, "网页界面目录 (built web UI; default web/dist)");
  cmd->add_option("--threads", flags->threads, "工作线程数 (default: number of cores)");
  cmd->add_option("--policies", flags->policies, "政策包目录 (policy packs; default policies/)");
  cmd->add_option("--standards", flags->standards, "服务标准目录 (service standards; default standards/)");
  cmd->add_flag("--demo", flags->demo, "演示模式：创建荣昌区演示账号 (demo accounts)");
  cmd->add_option("--demo-persons", flags->demo_persons, "演示模式下生成的人员数（台账为空时）")
      ->capture_default_str();
  cmd->add_option("--housekeeping-seconds", flags->housekeeping_seconds,
                  "定时任务间隔秒数：关闭过期岗位、匹配引擎读入其他进程导入的数据 (0 = off)")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  cmd->add_flag("--trust-proxy", flags->trust_proxy,
                "客户端地址取自 X-Forwarded-For（仅在反向代理之后使用）");
  cmd->add_flag("--secure-cookie", flags->secure_cookie, "会话 Cookie 加 Secure（经 HTTPS 访问时）");
  cmd->callback([flags] {
    if (int rc = Serve(*flags)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace bangfu::cli
