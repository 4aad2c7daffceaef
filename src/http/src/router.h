// Requests, responses, the route table and the one error → HTTP mapping.
#pragma once

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/service/auth_service.h"
#include "bangfu/service/principal.h"

namespace bangfu::http {

namespace beast_http = boost::beast::http;
using BeastRequest = beast_http::request<beast_http::string_body>;

struct Request {
  const BeastRequest& raw;
  std::string method;
  std::string path;                                 // Decoded, without the query string.
  std::map<std::string, std::string> query;         // Decoded query parameters.
  std::map<std::string, std::string> params;        // {name} segments of the route.
  std::string remote_addr;
  std::string request_id;
  std::string session_token;                        // From the bangfu_session cookie.
  std::optional<service::SessionInfo> session;      // Set for authenticated routes.

  service::RequestContext Context() const {
    return {session ? session->principal : service::Principal{}, remote_addr, request_id};
  }
  // Query parameter or empty.
  std::string Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
  // The body as a JSON object; kInvalidArgument naming "body" otherwise.
  Result<nlohmann::json> JsonBody() const;
};

struct Response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(const nlohmann::json& j, unsigned status = 200);
  static Response NoContent() { return Response{204, "", "", {}}; }
};

// THE mapping from bangfu errors to HTTP: status from the code, body
// {"error":{"code","message","field"}}.
unsigned HttpStatusFor(ErrorCode code);
Response ErrorResponse(const Error& error);

enum class Access {
  kPublic,         // No session needed.
  kSignedIn,       // Any signed-in user.
};

using Handler = std::function<Result<Response>(Request&)>;

class Router {
 public:
  // `pattern` like "/api/v1/regions/{code}".
  void Add(std::string method, std::string pattern, Access access, Handler handler);

  struct Match {
    const Handler* handler = nullptr;
    Access access = Access::kPublic;
    bool path_known = false;  // The path exists for some other method (→ 405).
  };
  Match Find(const std::string& method, const std::string& path,
             std::map<std::string, std::string>& params) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Access access;
    Handler handler;
  };
  std::vector<Route> routes_;
};

// Percent-decoding ('+' as space in query strings). Invalid escapes are kept as they are.
std::string UrlDecode(std::string_view s, bool plus_as_space);

}  // namespace bangfu::http
