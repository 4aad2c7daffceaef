#include "router.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "static_files.h"

namespace bangfu::http {
namespace {
namespace fs = std::filesystem;

TEST(RouterTest, MatchesPatternsAndReportsWrongMethods) {
  Router r;
  int hit = 0;
  r.Add("GET", "/api/v1/regions/{code}", Access::kSignedIn, [&](Request&) -> Result<Response> {
    ++hit;
    return Response::NoContent();
  });
  r.Add("GET", "/api/v1/regions", Access::kSignedIn, [&](Request&) -> Result<Response> { return Response::NoContent(); });
  std::map<std::string, std::string> params;
  auto m = r.Find("GET", "/api/v1/regions/500153", params);
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(params["code"], "500153");
  EXPECT_EQ(m.access, Access::kSignedIn);
  auto wrong = r.Find("DELETE", "/api/v1/regions/500153", params);
  EXPECT_EQ(wrong.handler, nullptr);
  EXPECT_TRUE(wrong.path_known);
  auto none = r.Find("GET", "/api/v1/regions/500153/children", params);
  EXPECT_EQ(none.handler, nullptr);
  EXPECT_FALSE(none.path_known);
}

TEST(ErrorMappingTest, OneTableForEveryCode) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 400u);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401u);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), 403u);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404u);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409u);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kTooLarge), 413u);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kResourceExhausted), 429u);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503u);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500u);
  Response r = ErrorResponse(Error::InvalidArgument("身份证号校验位错误", "id_number"));
  EXPECT_EQ(r.status, 400u);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(j["error"]["field"], "id_number");
  EXPECT_EQ(j["error"]["message"], "身份证号校验位错误");
}

TEST(UrlDecodeTest, DecodesPercentAndPlus) {
  EXPECT_EQ(UrlDecode("session.%E7%99%BB+x", true), "session.登 x");
  EXPECT_EQ(UrlDecode("a+b%2", false), "a+b%2");
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("bangfu-static-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<html>app</html>";
    std::ofstream(root_ / "assets" / "app-1234.js") << "console.log(1)";
    std::ofstream(root_.parent_path() / "secret.txt") << "secret";
  }
  void TearDown() override {
    fs::remove_all(root_);
    fs::remove(root_.parent_path() / "secret.txt");
  }
  fs::path root_;
};

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "(none)";
}

TEST_F(StaticFilesTest, ServesFilesSpaFallbackAndRefusesTraversal) {
  StaticFiles files(root_);
  auto js = files.Serve("/assets/app-1234.js");
  EXPECT_EQ(js.status, 200u);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(js, "Content-Encoding"), "(none)");
  auto page = files.Serve("/audit/log");
  EXPECT_EQ(page.status, 200u);
  EXPECT_EQ(page.body, "<html>app</html>");
  EXPECT_EQ(HeaderOf(page, "Cache-Control"), "no-cache");
  EXPECT_EQ(files.Serve("/assets/missing.js").status, 404u);
  EXPECT_EQ(files.Serve("/../secret.txt").status, 404u);
  EXPECT_EQ(files.Serve("/assets/../../secret.txt").status, 404u);
  EXPECT_EQ(files.Serve("/").body, "<html>app</html>");
}

TEST_F(StaticFilesTest, SendsTheGzipCopyOnlyToClientsThatAcceptIt) {
  std::ofstream(root_ / "assets" / "app-1234.js.gz", std::ios::binary) << "GZ";
  StaticFiles files(root_);
  auto gz = files.Serve("/assets/app-1234.js", "gzip, deflate, br");
  EXPECT_EQ(gz.body, "GZ");
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(gz, "Vary"), "Accept-Encoding");
  EXPECT_EQ(gz.content_type, "text/javascript; charset=utf-8");  // The type of what it decodes to.
  auto plain = files.Serve("/assets/app-1234.js", "gzip;q=0, br");
  EXPECT_EQ(plain.body, "console.log(1)");
  EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "(none)");
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(files.Serve("/assets/app-1234.js").body, "console.log(1)");
  // index.html has no .gz here: the page is sent plain even to a gzip client.
  EXPECT_EQ(files.Serve("/persons", "gzip").body, "<html>app</html>");
  // The .gz file itself is never a route into anything else.
  EXPECT_EQ(files.Serve("/assets/missing.js", "gzip").status, 404u);
}

TEST(AcceptsGzipTest, ReadsCodingsAndQualities) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip("br, gzip ; q=1.0"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0.000"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));  // An explicit refusal beats the wildcard.
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
}

}  // namespace
}  // namespace bangfu::http
