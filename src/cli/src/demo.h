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

}  // namespace bangfu::cli
