// The HTTP server: JSON API under /api/v1, the built web UI at /, /healthz.
//
// Boost.Beast 1.74, one io_context run by `threads` threads. Handlers are synchronous (they
// call use cases that talk to the database) and run on those threads. Every connection has a
// body limit and read/write timeouts; keep-alive connections idle out.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "bangfu/base/result.h"
#include "bangfu/service/app.h"

namespace bangfu::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one.
  std::string static_dir;                 // Built web UI (index.html + assets); empty = none.
  int threads = 0;                        // 0 = 2 × cores (handlers block on the database).
  size_t body_limit = 1 << 20;            // Bytes; larger requests get 413.
  size_t upload_limit = 100 << 20;        // Bytes, for file uploads (paths ending in /import).
  int upload_timeout_seconds = 300;       // Reading an upload body.
  int read_timeout_seconds = 30;          // Whole request, headers and body.
  int write_timeout_seconds = 30;
  int idle_timeout_seconds = 60;          // Keep-alive connection without a request.
  bool secure_cookie = false;             // Add `Secure` to the session cookie (behind HTTPS).
  bool trust_proxy = false;               // Client address from X-Forwarded-For.
  int drain_seconds = 10;                 // Graceful stop: how long in-flight requests may run.
};

class Server {
 public:
  Server(service::App& app, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Returns the bound port. kUnavailable when the address is taken.
  Result<uint16_t> Start();
  // Serves until Stop(); then waits for in-flight requests (at most drain_seconds) and returns.
  void Run();
  // Thread-safe and signal-safe in the sense that it only posts work: stop accepting, finish
  // in-flight requests, close idle connections, make Run() return.
  void Stop();
  // Calls Stop() on SIGTERM or SIGINT.
  void StopOnSignals();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace bangfu::http
