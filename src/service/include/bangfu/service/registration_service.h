// Unemployment registration (失业登记): lodged at any town's office, to be completed within
// 7 working days on the statutory calendar (002 二(四)1), with holidays and make-up working days
// from the chinese-days data loaded into the database.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bangfu/domain/calendar.h"
#include "bangfu/service/person_service.h"

namespace bangfu::service {

inline constexpr int kRegistrationWorkingDays = 7;

struct RegistrationItem {
  RegistrationView view;
  int working_days_left = 0;  // Negative when overdue (working days past the due date).
  bool overdue = false;
  bool due_soon = false;      // At most 2 working days left.
};

class RegistrationService {
 public:
  RegistrationService(Store& store, PersonService& persons, AuditService& audit, const Clock& clock)
      : store_(store), persons_(persons), audit_(audit), clock_(clock) {}

  // Replaces the stored calendar (bangfu import calendar, first start).
  Status LoadCalendar(const domain::WorkCalendar& calendar, Date from, Date to);
  // The calendar as stored (cached; reloaded after LoadCalendar).
  Result<domain::WorkCalendar> Calendar();

  // Lodges a registration for a person in scope at a town office (a level-4 region);
  // due date = applied_on + 7 working days. kConflict when one is already pending.
  Result<UnemploymentRegistration> Register(const RequestContext& ctx, int64_t person_id,
                                            const std::string& office_region, Date applied_on,
                                            const std::string& note);
  // Completes (approved: the person gets the 城镇登记失业人员 category from `on`) or rejects.
  Status Complete(const RequestContext& ctx, int64_t registration_id, bool approved, Date on,
                  const std::string& note);
  // Pending (or all) registrations in the caller's scope, with the working days left.
  Result<std::vector<RegistrationItem>> List(const RequestContext& ctx, bool pending_only);
  Result<std::vector<UnemploymentRegistration>> ForPerson(const RequestContext& ctx, int64_t person_id);

 private:
  Store& store_;
  PersonService& persons_;
  AuditService& audit_;
  const Clock& clock_;
  std::mutex mu_;
  std::optional<domain::WorkCalendar> cached_;
};

}  // namespace bangfu::service
