#include "bangfu/service/person_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "bangfu/domain/identity.h"
#include "bangfu/domain/org_types.h"
#include "bangfu/domain/person_types.h"
#include "bangfu/service/region_service.h"

namespace bangfu::service {
namespace {

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
std::string Trim(std::string_view s) { return std::string(TrimView(s)); }

// Names: 2–20 characters of CJK ideographs with the middle dot of minority names, or Latin
// letters and spaces for foreign nationals.
Status ValidateName(const std::string& name) {
  if (name.empty()) return Error::InvalidArgument("姓名不能为空", "name");
  // Decoded in one pass; the errors keep their order: encoding, length, characters.
  size_t count = 0;
  bool allowed = true;
  for (size_t i = 0; i < name.size();) {
    const unsigned char c = name[i];
    const int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len || i + len > name.size()) return Error::InvalidArgument("姓名编码错误", "name");
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (name[i + k] & 0x3F);
    i += len;
    ++count;
    const bool cjk = (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                     (cp >= 0x20000 && cp <= 0x3134F);
    const bool dot = cp == 0x00B7 || cp == 0x30FB || cp == 0x2022;
    const bool latin = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == ' ';
    allowed = allowed && (cjk || dot || latin);
  }
  if (count < 2 || count > 20) return Error::InvalidArgument("姓名应为 2 到 20 个字: " + name, "name");
  if (!allowed) return Error::InvalidArgument("姓名中含有不允许的字符（数字或符号）: " + name, "name");
  return OkStatus();
}

std::string StatusLabelOf(const std::string& id) {
  auto s = domain::ParseEmploymentStatus(id);
  return s ? std::string(domain::Label(*s)) : id;
}

}  // namespace

bool PersonService::CanWrite(Role role) {
  return role == Role::kAdmin || role == Role::kDistrictStaff || role == Role::kTownStaff ||
         role == Role::kCommunityStaff;
}
bool PersonService::CanReveal(Role role) { return CanWrite(role); }

Status PersonService::Require(const RequestContext& ctx, bool write) {
  if (!cipher_) return Error::FailedPrecondition("个人信息密钥未加载");
  const Role r = ctx.principal.role;
  if (write ? !CanWrite(r) : !(CanWrite(r) || r == Role::kLeader))
    return Error::PermissionDenied(write ? "当前角色不能修改台账" : "当前角色不能查看台账");
  return OkStatus();
}

Result<Person> PersonService::Visible(const RequestContext& ctx, int64_t id) {
  auto p = store_.persons().Get(id);
  if (!p.ok()) return p.error().IsNotFound() ? Error::NotFound("人员不存在") : p.error();
  if (!InScope(ctx.principal.scope, p->region_code)) return Error::NotFound("人员不存在");
  return p;
}

Result<PersonService::Identity> PersonService::Identify(std::string_view id_number, Date today) const {
  if (!cipher_) return Error::FailedPrecondition("个人信息密钥未加载");
  BANGFU_ASSIGN_OR_RETURN(auto id, domain::IdNumber::Parse(id_number, today, "id_number"));
  std::string blind = cipher_->BlindIndex(id.value());
  return Identity{std::move(id), std::move(blind)};
}

Result<Person> PersonService::Build(const RequestContext& ctx, const PersonInput& in, Date today) {
  BANGFU_ASSIGN_OR_RETURN(Identity identity, Identify(in.id_number, today));
  return Build(ctx, in, today, std::move(identity));
}

Result<Person> PersonService::Build(const RequestContext& ctx, const PersonInput& in, Date today,
                                    Identity identity) {
  return BuildFrom(ctx, in, today, std::move(identity), nullptr);
}

Result<Person> PersonService::Build(const RequestContext& ctx, const PersonInput& in, Date today,
                                    const Person& stored) {
  BANGFU_ASSIGN_OR_RETURN(Identity identity, Identify(in.id_number, today));
  return BuildFrom(ctx, in, today, std::move(identity), &stored);
}

Result<Person> PersonService::BuildFrom(const RequestContext& ctx, const PersonInput& in, Date today,
                                        Identity identity, const Person* stored) {
  const domain::IdNumber& id = identity.id;
  Person p;
  p.birth_date = id.birth_date();
  p.sex = id.sex() == domain::Sex::kMale ? 'M' : 'F';
  p.name = TrimView(in.name);
  BANGFU_RETURN_IF_ERROR(ValidateName(p.name));
  std::string mobile;
  if (!TrimView(in.mobile).empty()) {
    BANGFU_ASSIGN_OR_RETURN(mobile, domain::NormalizeMobile(in.mobile, "mobile"));
  }
  for (auto [text, out, field] : {std::tuple{&in.hukou_region, &p.hukou_region, "hukou_region"},
                                  std::tuple{&in.residence_region, &p.residence_region, "residence_region"}}) {
    const std::string code(TrimView(*text));
    if (code.empty()) continue;
    auto r = MakeRegion(code, "");
    if (!r.ok()) return Error::InvalidArgument(r.error().message, field);
    BANGFU_ASSIGN_OR_RETURN(bool known, RegionExists(r->code));
    if (!known) return Error::InvalidArgument("行政区划代码不存在: " + code, field);
    *out = r->code;
  }
  p.region_code = !p.residence_region.empty() ? p.residence_region : p.hukou_region;
  if (p.region_code.empty()) return Error::InvalidArgument("请填写居住地或户籍地的行政区划代码", "residence_region");
  if (!InScope(ctx.principal.scope, p.region_code))
    return Error::InvalidArgument("居住地不在您的管辖范围内: " + p.region_code,
                                  p.residence_region.empty() ? "hukou_region" : "residence_region");
  if (const std::string_view education = TrimView(in.education); !education.empty()) {
    auto e = domain::ParseEducation(education);
    if (!e) return Error::InvalidArgument("未知学历: " + in.education, "education");
    p.education = domain::Id(*e);
  }
  p.school = TrimView(in.school);
  p.major = TrimView(in.major);
  p.graduation_date = in.graduation_date;
  if (p.graduation_date && today.AddYears(1) < *p.graduation_date)
    return Error::InvalidArgument("毕业时间不能晚于明年今日", "graduation_date");
  if (p.graduation_date && *p.graduation_date < p.birth_date.AddYears(14))
    return Error::InvalidArgument("毕业时间与出生日期不符", "graduation_date");
  p.categories.reserve(in.categories.size());
  for (const auto& c : in.categories) {
    auto cat = domain::ParseCategory(TrimView(c.category));
    if (!cat) return Error::InvalidArgument("未知人员类别: " + c.category, "categories");
    if (c.valid_to && *c.valid_to < c.valid_from)
      return Error::InvalidArgument("人员类别的截止日期早于起始日期: " + c.category, "categories");
    if (today < c.valid_from)
      return Error::InvalidArgument("人员类别的起始日期晚于今天: " + c.category, "categories");
    p.categories.push_back({std::string(domain::Id(*cat)), c.valid_from, c.valid_to, c.source});
  }
  for (const auto& s : in.skills)
    if (const std::string_view skill = TrimView(s); !skill.empty()) p.skills.emplace_back(skill);
  p.desired_occupation = TrimView(in.desired_occupation);
  p.desired_region = TrimView(in.desired_region);
  if (in.expected_salary_min < 0 || in.expected_salary_max < 0 ||
      (in.expected_salary_max && in.expected_salary_min > in.expected_salary_max))
    return Error::InvalidArgument("期望薪资范围不正确", "expected_salary");
  p.expected_salary_min = in.expected_salary_min;
  p.expected_salary_max = in.expected_salary_max;
  p.able_to_work = in.able_to_work;
  p.wants_work = in.wants_work;
  const std::string_view status = TrimView(in.status).empty() ? "unemployed" : TrimView(in.status);
  auto st = domain::ParseEmploymentStatus(status);
  if (!st) return Error::InvalidArgument("未知就业状态: " + in.status, "status");
  p.status = domain::Id(*st);
  p.status_since = in.status_since.value_or(today);
  if (today < p.status_since) return Error::InvalidArgument("状态日期不能晚于今天", "status_since");
  p.responsible_user_id = in.responsible_user_id;
  // The identifiers last, once every check has passed: encryption is the costly part.
  p.id_number_hash = std::move(identity.blind_index);
  p.id_number_cipher = stored && stored->id_number_hash == p.id_number_hash ? stored->id_number_cipher
                                                                             : cipher_->Encrypt(id.value());
  p.id_number_masked = domain::MaskIdNumber(id.value());
  if (!mobile.empty()) {
    p.mobile_hash = cipher_->BlindIndex(mobile);
    p.mobile_cipher = stored && stored->mobile_hash == p.mobile_hash ? stored->mobile_cipher : cipher_->Encrypt(mobile);
    p.mobile_masked = domain::MaskMobile(mobile);
  }
  return p;
}

Result<std::string> PersonService::BlindIndexOf(const std::string& id_number, Date today) const {
  BANGFU_ASSIGN_OR_RETURN(Identity identity, Identify(id_number, today));
  return std::move(identity.blind_index);
}

Result<bool> PersonService::RegionExists(const std::string& code) {
  {
    std::shared_lock lock(regions_mu_);
    if (known_regions_.count(code)) return true;
  }
  auto r = store_.regions().Get(code);
  if (!r.ok()) {
    if (r.error().IsNotFound()) return false;
    return r.error();
  }
  std::lock_guard lock(regions_mu_);
  known_regions_.insert(code);
  return true;
}

Result<int64_t> PersonService::HouseholdForKey(const std::string& key, const std::string& region) {
  BANGFU_ASSIGN_OR_RETURN(auto found, store_.households().FindByKey(key));
  if (found) return *found;
  Household h;
  h.region_code = region;
  h.external_key = key;
  return store_.households().Insert(h);
}

Status PersonService::RecomputeHousehold(int64_t household_id, Date today) {
  BANGFU_ASSIGN_OR_RETURN(Household h, store_.households().Get(household_id));
  int able = 0, employed = 0;
  for (int64_t id : h.member_ids) {
    BANGFU_ASSIGN_OR_RETURN(Person m, store_.persons().Get(id));
    const int age = domain::AgeBetween(m.birth_date, today);
    if (!domain::IsWorkingAge(age, m.sex == 'M') || !m.able_to_work) continue;
    ++able;
    auto st = domain::ParseEmploymentStatus(m.status);
    if (st && domain::IsEmployed(*st)) ++employed;
  }
  const bool zero = able > 0 && employed == 0;
  if (zero == h.zero_employment) return OkStatus();
  return store_.households().SetZeroEmployment(household_id, zero,
                                                zero ? std::optional<Date>(today) : std::nullopt);
}

Result<Person> PersonService::Create(const RequestContext& ctx, const PersonInput& in) {
  BANGFU_RETURN_IF_ERROR(Require(ctx, true));
  const Date today = clock_.Today();
  BANGFU_ASSIGN_OR_RETURN(Person p, Build(ctx, in, today));
  const Timestamp now = clock_.Now();
  p.created_at = now;
  p.updated_at = now;
  auto existing = store_.persons().FindByIdNumberHash(p.id_number_hash);
  if (existing.ok()) {
    return InScope(ctx.principal.scope, existing->region_code)
               ? Error::Conflict(fmt::format("该身份证号已在台账中（编号 {}）", existing->id), "id_number")
               : Error::Conflict("该身份证号已在台账中（不在您的管辖范围内，请联系上级调整）", "id_number");
  }
  if (!existing.error().IsNotFound()) return existing.error();
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    if (!in.household_key.empty()) {
      BANGFU_ASSIGN_OR_RETURN(int64_t hid, HouseholdForKey(in.household_key, p.region_code));
      p.household_id = hid;
    }
    // The responsible staff member by region rule, from the start (docs/casework.md): chosen
    // in memory as an import chooses it, written with the person's row.
    BANGFU_ASSIGN_OR_RETURN(auto rules, store_.cases().Rules());
    const AssignmentRuleIndex rule_index(std::move(rules));
    const AssignmentRule* rule = rule_index.Find(p.region_code);
    if (rule) p.responsible_user_id = rule->staff_user_id;
    // The first status-history entry goes with the person's row.
    const StatusChange first{0, 0, p.status, "", p.status_since, now, ctx.principal.user_id,
                             ctx.principal.display_name, "建档"};
    std::vector<Person> one{p};
    BANGFU_RETURN_IF_ERROR(store_.persons().InsertMany(one, &first));
    p.id = one[0].id;
    p.version = 1;
    if (p.household_id) BANGFU_RETURN_IF_ERROR(RecomputeHousehold(*p.household_id, today));
    if (rule) {
      BANGFU_RETURN_IF_ERROR(store_.cases().InsertAssignments(
          {{p.id, rule->staff_user_id, rule->staff_name, today, 0, rule->region_code, now}}));
      BANGFU_RETURN_IF_ERROR(audit_.Record(ctx, "case.assign", "person", std::to_string(p.id), p.region_code,
                                           fmt::format(R"({{"staff_user_id":{},"rule":"{}"}})",
                                                       rule->staff_user_id, rule->region_code)));
    }
    return audit_.Record(ctx, "person.create", "person", std::to_string(p.id), p.region_code,
                         fmt::format(R"({{"status":"{}"}})", p.status));
  }));
  Changed(p.id);
  return p;
}

Result<Person> PersonService::Update(const RequestContext& ctx, int64_t id, const PersonInput& in,
                                     int64_t version, const std::string& reason) {
  BANGFU_RETURN_IF_ERROR(Require(ctx, true));
  BANGFU_ASSIGN_OR_RETURN(Person old, Visible(ctx, id));
  const Date today = clock_.Today();
  BANGFU_ASSIGN_OR_RETURN(Person p, Build(ctx, in, today, old));
  if (p.id_number_hash != old.id_number_hash)
    return Error::InvalidArgument("身份证号不能修改；如录入错误，请新建并注销原记录", "id_number");
  p.id = id;
  p.version = version;
  p.household_id = old.household_id;
  // The case assignment's copy: only CaseRepository's assignment writes change it.
  p.responsible_user_id = old.responsible_user_id;
  p.last_contact = old.last_contact;
  p.created_at = old.created_at;
  p.updated_at = clock_.Now();
  if (p.status == old.status) p.status_since = old.status_since;
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.persons().Update(p));
    // `old` was read before the transaction: the copy of the assignment is set again from the
    // assignment itself, so a reassignment committed meanwhile is not overwritten.
    BANGFU_RETURN_IF_ERROR(store_.cases().SyncResponsible(id, id, p.updated_at));
    if (p.status != old.status) {
      StatusChange c{0, id, p.status, "", p.status_since, p.updated_at, ctx.principal.user_id,
                     ctx.principal.display_name, reason.empty() ? "修改人员信息" : reason};
      BANGFU_RETURN_IF_ERROR(store_.persons().AppendStatus(c));
    }
    if (p.household_id) BANGFU_RETURN_IF_ERROR(RecomputeHousehold(*p.household_id, today));
    return audit_.Record(ctx, "person.update", "person", std::to_string(id), p.region_code);
  }));
  Changed(id);
  return Visible(ctx, id);
}

Result<Person> PersonService::Get(const RequestContext& ctx, int64_t id) {
  BANGFU_RETURN_IF_ERROR(Require(ctx, false));
  return Visible(ctx, id);
}

Result<std::string> PersonService::Reveal(const RequestContext& ctx, int64_t id, const std::string& field) {
  BANGFU_RETURN_IF_ERROR(Require(ctx, false));
  if (!CanReveal(ctx.principal.role)) return Error::PermissionDenied("当前角色不能查看完整证件号码和手机号");
  if (field != "id_number" && field != "mobile") return Error::InvalidArgument("只能查看 id_number 或 mobile", "field");
  BANGFU_ASSIGN_OR_RETURN(Person p, Visible(ctx, id));
  const std::string& cipher = field == "id_number" ? p.id_number_cipher : p.mobile_cipher;
  if (cipher.empty()) return Error::NotFound("未登记手机号", "mobile");
  BANGFU_ASSIGN_OR_RETURN(std::string clear, cipher_->Decrypt(cipher));
  BANGFU_RETURN_IF_ERROR(audit_.Record(ctx, "person.read_unmasked", "person", std::to_string(id),
                                       p.region_code, fmt::format(R"({{"field":"{}"}})", field)));
  return clear;
}

Result<PersonPage> PersonService::List(const RequestContext& ctx, PersonFilter f,
                                       const std::string& id_number, const std::string& mobile) {
  BANGFU_RETURN_IF_ERROR(Require(ctx, false));
  const Date today = clock_.Today();
  // The scope is always applied; a narrower region filter inside it is kept.
  if (f.region_prefix.empty() || !InScope(ctx.principal.scope, f.region_prefix)) {
    if (!f.region_prefix.empty() && !InScope(f.region_prefix, ctx.principal.scope)) return PersonPage{};
    f.region_prefix = ctx.principal.scope;
  }
  f.as_of = today;
  if (!Trim(id_number).empty()) {
    BANGFU_ASSIGN_OR_RETURN(auto id, domain::IdNumber::Parse(id_number, today, "id_number"));
    f.id_number_hash = cipher_->BlindIndex(id.value());
  }
  if (!Trim(mobile).empty()) {
    BANGFU_ASSIGN_OR_RETURN(std::string m, domain::NormalizeMobile(mobile, "mobile"));
    f.mobile_hash = cipher_->BlindIndex(m);
  }
  if (f.size < 1 || f.size > 200) return Error::InvalidArgument("每页条数应在 1 到 200 之间", "size");
  if (f.page < 1) return Error::InvalidArgument("页码从 1 开始", "page");
  if (!f.category.empty()) {
    auto c = domain::ParseCategory(f.category);
    if (!c) return Error::InvalidArgument("未知人员类别: " + f.category, "category");
    f.category = std::string(domain::Id(*c));
  }
  if (!f.status.empty()) {
    auto s = domain::ParseEmploymentStatus(f.status);
    if (!s) return Error::InvalidArgument("未知就业状态: " + f.status, "status");
    f.status = std::string(domain::Id(*s));
  }
  return store_.persons().List(f);
}

Status PersonService::ChangeStatus(const RequestContext& ctx, int64_t id, const std::string& status,
                                   Date effective, const std::string& detail, const std::string& reason) {
  BANGFU_RETURN_IF_ERROR(Require(ctx, true));
  auto st = domain::ParseEmploymentStatus(status);
  if (!st) return Error::InvalidArgument("未知就业状态: " + status, "status");
  const Date today = clock_.Today();
  if (today < effective) return Error::InvalidArgument("生效日期不能晚于今天", "effective");
  if (Trim(reason).empty()) return Error::InvalidArgument("请填写变更原因", "reason");
  BANGFU_ASSIGN_OR_RETURN(Person p, Visible(ctx, id));
  if (effective < p.birth_date.AddYears(14)) return Error::InvalidArgument("生效日期与出生日期不符", "effective");
  const std::string old = p.status;
  p.status = std::string(domain::Id(*st));
  p.status_since = effective;
  p.updated_at = clock_.Now();
  BANGFU_RETURN_IF_ERROR(
      store_.InTransaction([&]() -> Status { return WriteStatus(ctx, p, old, detail, reason, today); }));
  Changed(id);
  return OkStatus();
}

Status PersonService::WriteStatus(const RequestContext& ctx, Person& p, const std::string& old_status,
                                  const std::string& detail, const std::string& reason, Date today) {
  BANGFU_RETURN_IF_ERROR(store_.persons().Update(p));
  StatusChange c{0, p.id, p.status, Trim(detail), p.status_since, p.updated_at, ctx.principal.user_id,
                 ctx.principal.display_name, Trim(reason)};
  BANGFU_RETURN_IF_ERROR(store_.persons().AppendStatus(c));
  if (p.household_id) BANGFU_RETURN_IF_ERROR(RecomputeHousehold(*p.household_id, today));
  return audit_.Record(ctx, "person.status", "person", std::to_string(p.id), p.region_code,
                       fmt::format(R"({{"from":"{}","to":"{}"}})", old_status, p.status));
}

Result<std::optional<int64_t>> PersonService::RecordEmployment(const RequestContext& ctx, int64_t person_id,
                                                              const EmploymentFound& e) {
  auto kind = domain::ParseEmploymentKind(e.kind);
  if (!kind) return Error::InvalidArgument("就业形式无效: " + e.kind, "employment_kind");
  domain::EmploymentStatus status = domain::EmploymentStatus::kEmployedByEmployer;
  switch (*kind) {
    case domain::EmploymentKind::kLabourContract:
    case domain::EmploymentKind::kDispatch: status = domain::EmploymentStatus::kEmployedByEmployer; break;
    case domain::EmploymentKind::kFlexible: status = domain::EmploymentStatus::kFlexible; break;
    case domain::EmploymentKind::kPublicWelfarePost: status = domain::EmploymentStatus::kPublicWelfarePost; break;
    case domain::EmploymentKind::kSelfEmployed: status = domain::EmploymentStatus::kSelfEmployed; break;
  }
  const Date today = clock_.Today();
  if (today < e.start) return Error::InvalidArgument("入职日期不能晚于今天", "start_date");
  std::optional<int64_t> employment_id;
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(Person p, store_.persons().Get(person_id));
    if (e.start < p.birth_date.AddYears(14)) return Error::InvalidArgument("入职日期与出生日期不符", "start_date");
    if (e.employer_id) {
      std::vector<Employment> rows(1);
      rows[0].person_id = person_id;
      rows[0].employer_id = e.employer_id;
      rows[0].kind = std::string(domain::Id(*kind));
      rows[0].start = e.start;
      rows[0].contract_months = e.contract_months;
      rows[0].source = e.source;
      rows[0].external_key = e.external_key;
      BANGFU_RETURN_IF_ERROR(store_.policy_data().UpsertEmployments(rows));
      employment_id = rows[0].id;
      BANGFU_RETURN_IF_ERROR(audit_.Record(ctx, "person.employment", "person", std::to_string(person_id),
                                           p.region_code,
                                           fmt::format(R"({{"employment":{},"employer":{},"start":"{}","key":"{}"}})",
                                                       rows[0].id, *e.employer_id, e.start.ToString(),
                                                       e.external_key)));
    }
    const std::string target(domain::Id(status));
    if (p.status == target) return OkStatus();
    const std::string old = p.status;
    p.status = target;
    p.status_since = e.start;
    p.updated_at = clock_.Now();
    return WriteStatus(ctx, p, old, e.detail, e.reason, today);
  }));
  return employment_id;
}

Status PersonService::RecordContact(const RequestContext& ctx, int64_t id, const ContactInput& in) {
  BANGFU_RETURN_IF_ERROR(Require(ctx, true));
  auto channel = domain::ParseContactChannel(Trim(in.channel));
  if (!channel) return Error::InvalidArgument("未知联系方式: " + in.channel, "channel");
  auto result = domain::ParseContactResult(Trim(in.classification));
  if (!result) return Error::InvalidArgument("请选择联系结果：已就业、未就业或暂无就业意愿", "classification");
  const Date today = clock_.Today();
  if (today < in.date) return Error::InvalidArgument("联系日期不能晚于今天", "date");
  BANGFU_ASSIGN_OR_RETURN(Person p, Visible(ctx, id));
  if (in.date < p.created_at.ChinaDate().AddYears(-1))
    return Error::InvalidArgument("联系日期早于建档日期一年以上", "date");
  Contact c{0, id, in.date, std::string(domain::Id(*channel)), std::string(domain::Id(*result)),
            Trim(in.notes), ctx.principal.user_id, clock_.Now()};
  // The classification updates the status when it contradicts it (004 二(六): classify and
  // update dynamically).
  auto current = domain::ParseEmploymentStatus(p.status);
  std::optional<std::string> new_status;
  if (*result == domain::ContactResult::kEmployed && !(current && domain::IsEmployed(*current)))
    new_status = "employed_employer";
  else if (*result == domain::ContactResult::kUnemployed && current && (domain::IsEmployed(*current) || *current == domain::EmploymentStatus::kNoIntention))
    new_status = "unemployed";
  else if (*result == domain::ContactResult::kNoIntention && p.status != "no_intention")
    new_status = "no_intention";
  if (!p.last_contact || *p.last_contact < in.date) p.last_contact = in.date;
  p.updated_at = clock_.Now();
  const std::string old = p.status;
  if (new_status) {
    p.status = *new_status;
    p.status_since = in.date;
  }
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_RETURN_IF_ERROR(store_.persons().AppendContact(c));
    BANGFU_RETURN_IF_ERROR(store_.persons().Update(p));
    if (new_status) {
      StatusChange sc{0, id, p.status, Trim(in.notes), in.date, p.updated_at, ctx.principal.user_id,
                      ctx.principal.display_name,
                      fmt::format("联系确认（{}）：{}", domain::ContactChannels()[static_cast<int>(*channel)].label,
                                  StatusLabelOf(p.status))};
      BANGFU_RETURN_IF_ERROR(store_.persons().AppendStatus(sc));
      if (p.household_id) BANGFU_RETURN_IF_ERROR(RecomputeHousehold(*p.household_id, today));
    }
    return audit_.Record(ctx, "person.contact", "person", std::to_string(id), p.region_code,
                         fmt::format(R"({{"channel":"{}","classification":"{}","status_from":"{}","status_to":"{}"}})",
                                     c.channel, c.classification, old, p.status));
  }));
  Changed(id);
  return OkStatus();
}

Result<Household> PersonService::GetHousehold(const RequestContext& ctx, int64_t id) {
  BANGFU_RETURN_IF_ERROR(Require(ctx, false));
  auto h = store_.households().Get(id);
  if (!h.ok()) return h.error().IsNotFound() ? Error::NotFound("家庭不存在") : h.error();
  if (!InScope(ctx.principal.scope, h->region_code)) return Error::NotFound("家庭不存在");
  return h;
}

}  // namespace bangfu::service
