// The JSON API: thin handlers that parse, call a use case and map the result.
#pragma once

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
void AddWorklistRoutes(Router& router, service::App& app);

// An XLSX download: the export's bytes with its (UTF-8) file name, `ascii_name` as the
// fallback name for old clients, and the row count in X-Row-Count.
Response XlsxDownload(service::ExportResult x, const std::string& ascii_name);

// JSON of a principal as the UI uses it (role label, scope name, permissions).
nlohmann::json UserJson(service::App& app, const service::Principal& p);

}  // namespace bangfu::http
