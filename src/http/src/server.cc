#include "bangfu/http/server.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sodium.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "api.h"
#include "router.h"
#include "static_files.h"

namespace bangfu::http {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

std::string NewRequestId() {
  unsigned char b[8];
  randombytes_buf(b, sizeof b);
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, b, sizeof b);
  return hex;
}

bool SaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view kv = header.substr(pos, end - pos);
    size_t eq = kv.find('=');
    if (eq != std::string_view::npos && kv.substr(0, eq) == name) return std::string(kv.substr(eq + 1));
    pos = end + 1;
  }
  return {};
}

std::string_view SV(boost::beast::string_view s) { return {s.data(), s.size()}; }

// Routes that take a file as the request body (imports).
bool IsUploadPath(std::string_view target) {
  return target.substr(0, target.find('?')).ends_with("/import");
}

bool IsStateChanging(const std::string& m) { return m != "GET" && m != "HEAD" && m != "OPTIONS"; }

}  // namespace

struct Server::Impl {
  service::App& app;
  ServerOptions options;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  Router router;
  std::unique_ptr<StaticFiles> statics;
  std::atomic<bool> stopping{false};
  std::atomic<int> active_requests{0};
  std::atomic<int> open_connections{0};
  std::mutex mu;
  std::condition_variable drained;
  std::unique_ptr<asio::signal_set> signals;

  Impl(service::App& a, ServerOptions o) : app(a), options(std::move(o)) {
    AddApiRoutes(router, app, {options.secure_cookie});
    AddLedgerRoutes(router, app);
    AddRegistrationRoutes(router, app);
    AddEntitlementRoutes(router, app);
    AddCaseRoutes(router, app);
    AddReferralRoutes(router, app);
    AddPostingRoutes(router, app);
    AddWorklistRoutes(router, app);
    if (!options.static_dir.empty()) statics = std::make_unique<StaticFiles>(options.static_dir);
  }

  // Runs middleware and the handler; never throws.
  beast_http::response<beast_http::string_body> Handle(const BeastRequest& raw,
                                                        const std::string& peer) {
    const auto start = std::chrono::steady_clock::now();
    std::string target(raw.target());
    std::string path_raw = target.substr(0, target.find('?'));
    Request req{raw, std::string(raw.method_string()), UrlDecode(path_raw, false), {}, {}, peer, {}, {}, {}};
    if (auto q = target.find('?'); q != std::string::npos) {
      std::string_view qs(target);
      qs.remove_prefix(q + 1);
      size_t pos = 0;
      while (pos <= qs.size()) {
        size_t amp = qs.find('&', pos);
        if (amp == std::string_view::npos) amp = qs.size();
        std::string_view kv = qs.substr(pos, amp - pos);
        if (!kv.empty()) {
          size_t eq = kv.find('=');
          req.query[UrlDecode(kv.substr(0, eq), true)] =
              eq == std::string_view::npos ? "" : UrlDecode(kv.substr(eq + 1), true);
        }
        pos = amp + 1;
      }
    }
    std::string_view incoming_id = SV(raw["X-Request-Id"]);
    req.request_id = SaneRequestId(incoming_id) ? std::string(incoming_id) : NewRequestId();
    if (options.trust_proxy) {
      std::string_view xff = SV(raw["X-Forwarded-For"]);
      if (!xff.empty()) {
        std::string first(xff.substr(0, xff.find(',')));
        while (!first.empty() && first.front() == ' ') first.erase(first.begin());
        while (!first.empty() && first.back() == ' ') first.pop_back();
        if (!first.empty() && first.size() <= 64) req.remote_addr = first;
      }
    }
    req.session_token = CookieValue(SV(raw[beast_http::field::cookie]), "bangfu_session");

    Response res = Dispatch(req);

    beast_http::response<beast_http::string_body> out{static_cast<beast_http::status>(res.status),
                                                       raw.version()};
    out.set(beast_http::field::server, "bangfu");
    if (!res.content_type.empty()) out.set(beast_http::field::content_type, res.content_type);
    out.set("X-Request-Id", req.request_id);
    out.set("X-Content-Type-Options", "nosniff");
    out.set("Referrer-Policy", "same-origin");
    if (req.path.rfind("/api/", 0) == 0) out.set(beast_http::field::cache_control, "no-store");
    for (auto& [k, v] : res.headers) out.insert(k, v);
    out.body() = std::move(res.body);
    out.keep_alive(raw.keep_alive() && !stopping.load());
    out.prepare_payload();
    if (raw.method() == beast_http::verb::head) out.body().clear();

    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - start).count();
    spdlog::info("{} {} {} {}B {}us rid={} user={} addr={}", req.method, path_raw, res.status,
                 out.body().size(), us, req.request_id,
                 req.session ? req.session->principal.username : "-", req.remote_addr);
    return out;
  }

  Response Dispatch(Request& req) {
    try {
      std::map<std::string, std::string> params;
      auto match = router.Find(req.method == "HEAD" ? "GET" : req.method, req.path, params);
      const bool api = req.path.rfind("/api/", 0) == 0;
      if (!match.handler) {
        if (match.path_known)
          return ErrorResponse({ErrorCode::kMethodNotAllowed, "不支持的请求方法: " + req.method, "method"});
        if (!api && statics && (req.method == "GET" || req.method == "HEAD"))
          return statics->Serve(req.path, SV(req.raw[beast_http::field::accept_encoding]));
        return ErrorResponse(Error::NotFound("没有这个接口: " + req.path));
      }
      req.params = std::move(params);
      if (match.access == Access::kSignedIn) {
        auto info = app.auth().Authenticate(req.session_token);
        if (!info.ok()) return ErrorResponse(info.error());
        req.session = std::move(*info);
        if (IsStateChanging(req.method)) {
          std::string_view token = SV(req.raw["X-CSRF-Token"]);
          if (token.empty() || token != req.session->csrf)
            return ErrorResponse({ErrorCode::kPermissionDenied, "缺少或错误的 CSRF 令牌", "X-CSRF-Token"});
        }
      }
      auto result = (*match.handler)(req);
      if (!result.ok()) {
        if (result.error().code == ErrorCode::kInternal) {
          spdlog::error("rid={} {}", req.request_id, result.error().message);
          return ErrorResponse(Error::Internal("服务器内部错误，请求编号 " + req.request_id));
        }
        return ErrorResponse(result.error());
      }
      return std::move(*result);
    } catch (const std::exception& e) {
      spdlog::error("rid={} unhandled exception: {}", req.request_id, e.what());
    } catch (...) {
      spdlog::error("rid={} unhandled non-standard exception", req.request_id);
    }
    return ErrorResponse(Error::Internal("服务器内部错误，请求编号 " + req.request_id));
  }

  void RequestDone() {
    if (--active_requests == 0 && stopping.load()) drained.notify_all();
  }
};

namespace {

// One connection: read a request, handle it, write the response, repeat while keep-alive.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket&& socket, Server::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    ++server_.open_connections;
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    peer_ = ec ? "unknown" : ep.address().to_string();
  }
  ~Connection() {
    Uncount();
    --server_.open_connections;
  }

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Connection::Read, shared_from_this()));
  }

 private:
  void Read() {
    if (server_.stopping.load() && served_ > 0) return Close();
    parser_.emplace();
    // Beast compares a Content-Length with the limit in force when the header is parsed, so the
    // header is read under the larger of the two limits and OnHeader applies the request's own.
    parser_->body_limit(std::max(server_.options.body_limit, server_.options.upload_limit));
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(
        served_ == 0 ? server_.options.read_timeout_seconds : server_.options.idle_timeout_seconds));
    // The header first: file uploads get a larger body limit than JSON requests.
    beast_http::async_read_header(stream_, buffer_, *parser_,
                                  beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnRead(ec, 0);
    // In flight from its header on, so a graceful stop waits for a body still arriving (an
    // upload) as well as for the handler and the write of the response.
    ++server_.active_requests;
    counted_ = true;
    const auto target = parser_->get().target();
    const bool upload = IsUploadPath(std::string_view(target.data(), target.size()));
    const size_t limit = upload ? server_.options.upload_limit : server_.options.body_limit;
    // A declared length over the limit is refused now, without reading the body; a chunked
    // body is counted against the limit as it arrives.
    if (const auto length = parser_->content_length(); length && *length > limit)
      return OnRead(beast_http::error::body_limit, 0);
    parser_->body_limit(limit);
    stream_.expires_after(std::chrono::seconds(upload ? server_.options.upload_timeout_seconds
                                                      : server_.options.read_timeout_seconds));
    beast_http::async_read(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Connection::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == beast_http::error::end_of_stream) return Close();
    if (ec == beast_http::error::body_limit) {
      const auto target = parser_->get().target();
      const bool upload = IsUploadPath(std::string_view(target.data(), target.size()));
      const std::string msg =
          upload ? fmt::format("文件超过 {} MB 上限，请拆分后分批导入", server_.options.upload_limit >> 20)
                 : std::string("请求内容超过大小上限");
      drain_after_reply_ = true;
      return Reply(ErrorFor(413, msg, parser_->get().version()), false);
    }
    if (ec == beast_http::error::header_limit) {
      return Reply(ErrorFor(431, "请求头过大", 11), false);
    }
    if (ec) {
      Uncount();
      return Close();
    }
    BeastRequest req = parser_->release();
    auto res = server_.Handle(req, peer_);
    ++served_;
    const bool keep = res.keep_alive();
    Reply(std::move(res), keep);
  }

  beast_http::response<beast_http::string_body> ErrorFor(unsigned status, const std::string& msg, unsigned version) {
    Error e{status == 413 ? ErrorCode::kTooLarge : ErrorCode::kInvalidArgument, msg, "body"};
    Response r = ErrorResponse(e);
    beast_http::response<beast_http::string_body> out{static_cast<beast_http::status>(status), version ? version : 11};
    out.set(beast_http::field::content_type, r.content_type);
    out.body() = r.body;
    out.keep_alive(false);
    out.prepare_payload();
    return out;
  }

  void Reply(beast_http::response<beast_http::string_body>&& res, bool keep_alive) {
    auto sp = std::make_shared<beast_http::response<beast_http::string_body>>(std::move(res));
    res_ = sp;
    stream_.expires_after(std::chrono::seconds(server_.options.write_timeout_seconds));
    beast_http::async_write(stream_, *sp,
                            [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                              self->res_.reset();
                              self->Uncount();
                              if (!ec && self->drain_after_reply_) return self->Drain();
                              if (ec || !keep_alive) return self->Close();
                              self->Read();
                            });
  }

  // Ends this connection's in-flight request, if one is counted.
  void Uncount() {
    if (!counted_) return;
    counted_ = false;
    server_.RequestDone();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  // After refusing an oversized body: stop sending, then read and discard what the client is
  // still sending, so that closing the socket does not reset the connection before the client
  // has read the refusal. Bounded by a timeout.
  void Drain() {
    Close();
    stream_.expires_after(std::chrono::seconds(10));
    drain_buf_.resize(64 * 1024);
    DrainSome();
  }
  void DrainSome() {
    stream_.async_read_some(asio::buffer(drain_buf_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return;
                              self->DrainSome();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  std::shared_ptr<void> res_;
  Server::Impl& server_;
  std::string peer_;
  int served_ = 0;
  bool counted_ = false;
  bool drain_after_reply_ = false;
  std::vector<char> drain_buf_;
};

void Accept(Server::Impl& s) {
  s.acceptor.async_accept(asio::make_strand(s.ioc), [&s](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !s.acceptor.is_open()) return;
      spdlog::warn("accept: {}", ec.message());
    } else {
      std::make_shared<Connection>(std::move(socket), s)->Start();
    }
    Accept(s);
  });
}

}  // namespace

Server::Server(service::App& app, ServerOptions options)
    : impl_(std::make_unique<Impl>(app, std::move(options))) {}

Server::~Server() = default;

Result<uint16_t> Server::Start() {
  auto& s = *impl_;
  const std::string& listen = s.options.listen;
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return Error::InvalidArgument("监听地址应为 HOST:PORT", "listen");
  std::string host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  unsigned long port = 0;
  try {
    size_t used = 0;
    port = std::stoul(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port > 65535) throw std::out_of_range("port");
  } catch (...) {
    return Error::InvalidArgument("端口无效: " + listen, "listen");
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return Error::InvalidArgument("监听地址无效: " + host, "listen");
  tcp::endpoint ep{address, static_cast<unsigned short>(port)};
  s.acceptor.open(ep.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(ep, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error::Unavailable("无法监听 " + listen + ": " + ec.message());
  Accept(s);
  return s.acceptor.local_endpoint().port();
}

void Server::Run() {
  auto& s = *impl_;
  int n = s.options.threads > 0 ? s.options.threads
                                : std::max(2, 2 * static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  auto guard = asio::make_work_guard(s.ioc);
  for (int i = 1; i < n; ++i) threads.emplace_back([&s] { s.ioc.run(); });
  // This thread waits for a stop, drains, then stops the io_context.
  std::thread waiter([&s, &guard] {
    std::unique_lock lock(s.mu);
    s.drained.wait(lock, [&] { return s.stopping.load(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(s.options.drain_seconds);
    s.drained.wait_until(lock, deadline, [&] { return s.active_requests.load() == 0; });
    lock.unlock();
    // Idle keep-alive connections are simply dropped with the io_context.
    guard.reset();
    s.ioc.stop();
  });
  s.ioc.run();
  waiter.join();
  for (auto& t : threads) t.join();
}

void Server::Stop() {
  auto& s = *impl_;
  asio::post(s.ioc, [&s] {
    beast::error_code ec;
    s.acceptor.close(ec);
    {
      std::lock_guard lock(s.mu);
      s.stopping.store(true);
    }
    s.drained.notify_all();
  });
}

void Server::StopOnSignals() {
  auto& s = *impl_;
  s.signals = std::make_unique<asio::signal_set>(s.ioc, SIGINT, SIGTERM);
  s.signals->async_wait([this](beast::error_code ec, int sig) {
    if (ec) return;
    spdlog::info("收到信号 {}，正在停止（等待进行中的请求完成）", sig);
    Stop();
  });
}

}  // namespace bangfu::http
