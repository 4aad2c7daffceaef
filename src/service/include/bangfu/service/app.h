// The use cases wired together over one Store and Clock. http/ and cli/ take an App&.
#pragma once

#include <memory>
#include <optional>

#include "bangfu/base/clock.h"
#include "bangfu/service/audit_service.h"
#include "bangfu/service/auth_service.h"
#include "bangfu/service/case_service.h"
#include "bangfu/service/entitlement_service.h"
#include "bangfu/service/data_import.h"
#include "bangfu/service/housekeeping.h"
#include "bangfu/service/match_service.h"
#include "bangfu/service/person_import.h"
#include "bangfu/service/person_service.h"
#include "bangfu/service/personal_data.h"
#include "bangfu/service/policy_service.h"
#include "bangfu/service/posting_service.h"
#include "bangfu/service/referral_service.h"
#include "bangfu/service/ports.h"
#include "bangfu/service/region_service.h"
#include "bangfu/service/registration_service.h"
#include "bangfu/service/user_service.h"
#include "bangfu/service/worklist_service.h"

namespace bangfu::service {

struct AppOptions {
  AuthOptions auth;
  // Keys for personal identifiers (DATA_DIR/keys/personal-data.key); without them the ledger
  // refuses to work (kFailedPrecondition).
  std::optional<PersonalDataCipher> cipher;
  // Delivers entitlement notices; null = the log sender (notices stay on recipients' pages).
  NoticeSender* notice_sender = nullptr;
};

class App {
 public:
  App(Store& store, const Clock& clock, AppOptions options = {})
      : store_(store),
        clock_(clock),
        audit_(store, clock),
        auth_(store, audit_, clock, options.auth),
        users_(store, audit_, auth_, clock),
        regions_(store),
        cipher_(std::move(options.cipher)),
        persons_(store, audit_, clock, cipher_ ? &*cipher_ : nullptr),
        person_importer_(store, persons_, audit_, clock),
        data_importer_(store, persons_, audit_, clock),
        registrations_(store, persons_, audit_, clock),
        entitlements_(store, audit_, options.notice_sender ? *options.notice_sender : log_sender_,
                      clock),
        policies_(store, entitlements_, audit_, clock),
        cases_(store, persons_, audit_, clock),
        matches_(store, persons_, audit_, clock),
        postings_(store, matches_, audit_, clock),
        referrals_(store, persons_, cases_, matches_, audit_, clock),
        worklist_(store, persons_, registrations_, clock),
        housekeeper_(postings_, matches_, worklist_, clock) {
    // A person changed through the ledger is re-filed in the matcher at once. A failure
    // there leaves the person as last filed until the next load; it never undoes the change.
    persons_.OnChange([this](int64_t id) { (void)matches_.PersonChanged(id); });
    // Bulk imports: the matcher reads what changed since it last looked (MatchService::CatchUp).
    persons_.OnBulkChange([this] { (void)matches_.CatchUp(); });
  }

  Store& store() { return store_; }
  const Clock& clock() const { return clock_; }
  AuditService& audit() { return audit_; }
  AuthService& auth() { return auth_; }
  UserService& users() { return users_; }
  RegionService& regions() { return regions_; }
  PersonService& persons() { return persons_; }
  PersonImporter& person_importer() { return person_importer_; }
  DataImporter& data_importer() { return data_importer_; }
  RegistrationService& registrations() { return registrations_; }
  EntitlementService& entitlements() { return entitlements_; }
  PolicyService& policies() { return policies_; }
  CaseService& cases() { return cases_; }
  MatchService& matches() { return matches_; }
  PostingService& postings() { return postings_; }
  Housekeeper& housekeeper() { return housekeeper_; }
  ReferralService& referrals() { return referrals_; }
  WorklistService& worklist() { return worklist_; }

 private:
  Store& store_;
  const Clock& clock_;
  AuditService audit_;
  AuthService auth_;
  UserService users_;
  RegionService regions_;
  std::optional<PersonalDataCipher> cipher_;
  PersonService persons_;
  PersonImporter person_importer_;
  DataImporter data_importer_;
  RegistrationService registrations_;
  LogNoticeSender log_sender_;
  EntitlementService entitlements_;
  PolicyService policies_;
  CaseService cases_;
  MatchService matches_;
  PostingService postings_;
  ReferralService referrals_;
  WorklistService worklist_;
  Housekeeper housekeeper_;
};

}  // namespace bangfu::service
