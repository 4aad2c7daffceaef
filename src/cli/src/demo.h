// The demo district (荣昌区, Chongqing): regions and one account per role.
#pragma once

#include <string>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/service/app.h"

namespace bangfu::cli {

inline constexpr char kDemoDistrict[] = "500153";
inline constexpr char kDemoPassword[] = "bangfu-demo";

struct DemoAccount {
  std::string username;
  std::string display_name;
  service::Role role;
  std::string scope;
};

// Creates the demo accounts that do not exist yet (all with password kDemoPassword) and
// returns every demo account. Needs the regions of 荣昌区 to be loaded.
Result<std::vector<DemoAccount>> EnsureDemoAccounts(service::App& app);
// After the demo data exists: `qiye` acts for the demo employer of that name and `qiuzhi` is a
// graduate of this year employed by an employer (so 我的政策 has something to show after a
// policy run). Leaves accounts that are already linked alone.
Status LinkDemoAccounts(service::App& app);

// Demo postings of the demo employers (published ones, and pending ones for review of which
// two trip the fake-posting checks) and two employer warnings, once: nothing when the district
// already has postings. Needs the employers and a loaded matcher (LoadMatcher). Returns how
// many postings were added (demo_postings.cc).
Result<int64_t> GenerateDemoPostings(service::App& app);

}  // namespace bangfu::cli
