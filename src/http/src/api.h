// The JSON API: thin handlers that parse, call a use case and map the result.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bangfu/domain/person_types.h"
#include "bangfu/service/app.h"
#include "router.h"

namespace bangfu::http {

struct ApiOptions {
  bool secure_cookie = false;
  int64_t session_max_age_seconds = 12 * 3600;  // Cookie lifetime cap; idleness ends it sooner.
};

void AddApiRoutes(Router& router, service::App& app, const ApiOptions& options);
// The real-name ledger (ledger_api.cc).
void AddLedgerRoutes(Router& router, service::App& app);
// Unemployment registrations (ledger_api.cc).
void AddRegistrationRoutes(Router& router, service::App& app);
// Policy runs, entitlements, payment batches, 我的政策 (entitlement_api.cc).
void AddEntitlementRoutes(Router& router, service::App& app);
// Case work: services, assistance plans, responsible staff (case_api.cc).
void AddCaseRoutes(Router& router, service::App& app);
// A service record as the API shows it (case_api.cc).
nlohmann::json ServiceJson(const service::ServiceRecord& r);
// Job referrals: one-click push, 我的岗位推荐 of job seekers and employers (referral_api.cc).
void AddReferralRoutes(Router& router, service::App& app);
void AddWorklistRoutes(Router& router, service::App& app);

// Postings, employer warnings, recommendations and candidates, batch matching (postings_api.cc).
void AddPostingRoutes(Router& router, service::App& app);
// The Chinese label of a posting's work kind id (the id itself when unknown; postings_api.cc).
std::string WorkKindLabelOf(const std::string& work_kind);

// dry_run (default true), mode and filename of an upload whose body is the file.
Result<service::ImportOptions> ParseImportOptions(Request& req);
// The report of an import as JSON.
nlohmann::json ReportJson(const service::ImportReport& r);

// Region names of one response, looked up once per code.
class RegionNames {
 public:
  explicit RegionNames(service::App& app) : app_(app) {}
  std::string operator()(const std::string& code) {
    if (code.empty()) return "";
    auto it = cache_.find(code);
    if (it != cache_.end()) return it->second;
    auto r = app_.regions().Get(code);
    return cache_[code] = r.ok() ? r->name : code;
  }

 private:
  service::App& app_;
  std::map<std::string, std::string> cache_;
};

template <typename E>
nlohmann::json Options(const std::vector<domain::EnumInfo<E>>& all) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& i : all) out.push_back({{"id", std::string(i.id)}, {"label", std::string(i.label)}});
  return out;
}

// An XLSX download: the export's bytes with its (UTF-8) file name, `ascii_name` as the
// fallback name for old clients, and the row count in X-Row-Count.
Response XlsxDownload(service::ExportResult x, const std::string& ascii_name);

// JSON of a principal as the UI uses it (role label, scope name, permissions).
nlohmann::json UserJson(service::App& app, const service::Principal& p);

}  // namespace bangfu::http
