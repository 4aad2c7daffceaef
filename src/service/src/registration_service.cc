#include "bangfu/service/registration_service.h"

#include <fmt/format.h>

#include "bangfu/service/region_service.h"

namespace bangfu::service {

Status RegistrationService::LoadCalendar(const domain::WorkCalendar& cal, Date from, Date to) {
  std::vector<CalendarDay> days;
  for (Date d = from; !(to < d); d = d.AddDays(1)) {
    const bool weekend = d.weekday() >= 5;
    if (auto name = cal.HolidayName(d)) {
      days.push_back({d, "holiday", *name});
    } else if (weekend && cal.IsWorkingDay(d)) {
      days.push_back({d, "workday", "调休上班"});
    }
  }
  BANGFU_RETURN_IF_ERROR(store_.calendar().ReplaceAll(days));
  std::lock_guard lock(mu_);
  cached_.reset();
  return OkStatus();
}

Result<domain::WorkCalendar> RegistrationService::Calendar() {
  std::lock_guard lock(mu_);
  if (cached_) return *cached_;
  BANGFU_ASSIGN_OR_RETURN(auto days, store_.calendar().All());
  domain::WorkCalendar cal;
  for (const auto& d : days) {
    if (d.kind == "holiday") cal.AddHoliday(d.day, d.name);
    else cal.AddMakeUpWorkday(d.day, d.name);
  }
  cached_ = cal;
  return cal;
}

Result<UnemploymentRegistration> RegistrationService::Register(const RequestContext& ctx, int64_t person_id,
                                                               const std::string& office_region, Date applied_on,
                                                               const std::string& note) {
  BANGFU_ASSIGN_OR_RETURN(Person p, persons_.Get(ctx, person_id));
  if (!PersonService::CanWrite(ctx.principal.role)) return Error::PermissionDenied("当前角色不能办理失业登记");
  auto office = MakeRegion(office_region, "");
  if (!office.ok()) return Error::InvalidArgument(office.error().message, "office_region");
  auto known = store_.regions().Get(office->code);
  if (!known.ok() || known->level != 4)
    return Error::InvalidArgument("受理地点应为镇（街道）的区划代码: " + office_region, "office_region");
  const Date today = clock_.Today();
  if (today < applied_on) return Error::InvalidArgument("申请日期不能晚于今天", "applied_on");
  if (applied_on < today.AddYears(-1)) return Error::InvalidArgument("申请日期早于一年前", "applied_on");
  BANGFU_ASSIGN_OR_RETURN(auto existing, store_.registrations().ForPerson(person_id));
  for (const auto& r : existing)
    if (r.status == "pending")
      return Error::Conflict(fmt::format("该人员已有待办的失业登记（申请日期 {}）", r.applied_on.ToString()), "person_id");
  BANGFU_ASSIGN_OR_RETURN(auto cal, Calendar());
  UnemploymentRegistration r;
  r.person_id = person_id;
  r.office_region = office->code;
  r.applied_on = applied_on;
  r.due_on = cal.AddWorkingDays(applied_on, kRegistrationWorkingDays);
  r.status = "pending";
  r.note = note;
  r.staff_id = ctx.principal.user_id;
  r.created_at = clock_.Now();
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(r.id, store_.registrations().Insert(r));
    return audit_.Record(ctx, "registration.create", "person", std::to_string(person_id), p.region_code,
                         fmt::format(R"({{"registration":{},"due_on":"{}"}})", r.id, r.due_on.ToString()));
  }));
  return r;
}

Status RegistrationService::Complete(const RequestContext& ctx, int64_t id, bool approved, Date on,
                                     const std::string& note) {
  auto r = store_.registrations().Get(id);
  if (!r.ok()) return r.error().IsNotFound() ? Error::NotFound("失业登记不存在") : r.error();
  BANGFU_ASSIGN_OR_RETURN(Person p, persons_.Get(ctx, r->person_id));  // Scope check.
  if (!PersonService::CanWrite(ctx.principal.role)) return Error::PermissionDenied("当前角色不能办理失业登记");
  if (r->status != "pending") return Error::FailedPrecondition("该失业登记已办结", "status");
  const Date today = clock_.Today();
  if (today < on) return Error::InvalidArgument("办结日期不能晚于今天", "completed_on");
  if (on < r->applied_on) return Error::InvalidArgument("办结日期早于申请日期", "completed_on");
  if (!approved && note.empty()) return Error::InvalidArgument("不予登记时请填写原因", "note");
  r->status = approved ? "completed" : "rejected";
  r->completed_on = on;
  r->updated_at = clock_.Now();
  if (!note.empty()) r->note = note;
  // The evidence names the office that registered the person (失业登记（昌元街道）); its code
  // when the division is not loaded.
  const std::string office_name = RegionNameOrCode(store_.regions(), r->office_region);
  return store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.registrations().Update(*r));
    if (approved) {
      p.categories.push_back({"registered_unemployed", on, std::nullopt,
                              fmt::format("失业登记（{}）", office_name)});
      p.updated_at = clock_.Now();
      BANGFU_RETURN_IF_ERROR(store_.persons().Update(p));
    }
    return audit_.Record(ctx, approved ? "registration.complete" : "registration.reject", "person",
                         std::to_string(p.id), p.region_code,
                         fmt::format(R"({{"registration":{},"on":"{}"}})", id, on.ToString()));
  });
}

Result<std::vector<RegistrationItem>> RegistrationService::List(const RequestContext& ctx, bool pending_only) {
  if (!(PersonService::CanWrite(ctx.principal.role) || ctx.principal.role == Role::kLeader))
    return Error::PermissionDenied("当前角色不能查看失业登记");
  BANGFU_ASSIGN_OR_RETURN(auto views, store_.registrations().List(ctx.principal.scope, pending_only ? "pending" : ""));
  BANGFU_ASSIGN_OR_RETURN(auto cal, Calendar());
  const Date today = clock_.Today();
  std::vector<RegistrationItem> out;
  for (auto& v : views) {
    RegistrationItem item{std::move(v), 0, false, false};
    const auto& r = item.view.registration;
    if (r.status == "pending") {
      if (r.due_on < today) {
        item.overdue = true;
        item.working_days_left = -cal.WorkingDaysBetween(r.due_on, today);
      } else {
        item.working_days_left = cal.WorkingDaysBetween(today, r.due_on);
        item.due_soon = item.working_days_left <= 2;
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::vector<UnemploymentRegistration>> RegistrationService::ForPerson(const RequestContext& ctx, int64_t person_id) {
  BANGFU_RETURN_IF_ERROR(persons_.Get(ctx, person_id));
  return store_.registrations().ForPerson(person_id);
}

}  // namespace bangfu::service
