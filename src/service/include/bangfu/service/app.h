// The use cases wired together over one Store and Clock. http/ and cli/ take an App&.
#pragma once

#include <memory>

#include "bangfu/base/clock.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/auth_service.h"
#include "bangfu/service/ports.h"
#include "bangfu/service/region_service.h"
#include "bangfu/service/user_service.h"

namespace bangfu::service {

struct AppOptions {
  AuthOptions auth;
};

class App {
 public:
  App(Store& store, const Clock& clock, AppOptions options = {})
      : store_(store),
        clock_(clock),
        audit_(store, clock),
        auth_(store, audit_, clock, options.auth),
        users_(store, audit_, auth_, clock),
        regions_(store) {}

  Store& store() { return store_; }
  const Clock& clock() const { return clock_; }
  AuditService& audit() { return audit_; }
  AuthService& auth() { return auth_; }
  UserService& users() { return users_; }
  RegionService& regions() { return regions_; }

 private:
  Store& store_;
  const Clock& clock_;
  AuditService audit_;
  AuthService auth_;
  UserService users_;
  RegionService regions_;
};

}  // namespace bangfu::service
