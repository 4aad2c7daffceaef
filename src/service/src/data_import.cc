#include "bangfu/service/data_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "bangfu/domain/identity.h"
#include "bangfu/domain/org_types.h"
#include "bangfu/service/region_service.h"
#include "row_reader.h"

namespace bangfu::service {
namespace {

// Headers shared by several layouts.
const std::vector<std::string> kIdNumber = {"身份证号", "公民身份号码", "身份证号码", "证件号码"};
const std::vector<std::string> kCreditCode = {"统一社会信用代码", "单位统一社会信用代码",
                                              "社会信用代码"};
const std::vector<std::string> kKey = {"业务编号", "记录编号", "编号"};

const std::map<DataKind, std::vector<DataColumn>>& Layouts() {
  static const std::map<DataKind, std::vector<DataColumn>> k = {
      {DataKind::kEmployers,
       {{"credit_code", kCreditCode, true},
        {"name", {"单位名称", "用人单位名称", "企业名称", "名称"}, true},
        {"size_class", {"企业规模", "规模"}},
        {"kind", {"单位类型", "主体类型", "类型"}},
        {"industry", {"所属行业", "行业"}},
        {"region_code", {"所在地区划代码", "区划代码", "所在地"}},
        {"address", {"单位地址", "地址"}},
        {"contact_name", {"联系人"}},
        {"contact_phone", {"联系电话", "联系方式"}},
        {"base_recognised", {"基地认定日期", "认定日期"}},
        {"external_key", kKey}}},
      {DataKind::kEmployments,
       {{"id_number", kIdNumber, true},
        {"credit_code", kCreditCode},
        {"kind", {"就业形式", "用工形式", "就业类型"}, true},
        {"start", {"入职日期", "就业日期", "开始日期"}, true},
        {"end", {"离职日期", "结束日期"}},
        {"contract_months", {"合同期限(月)", "合同期限（月）", "合同期限"}},
        {"external_key", kKey}}},
      {DataKind::kContributions,
       {{"id_number", kIdNumber, true},
        {"credit_code", {"缴费单位统一社会信用代码", "统一社会信用代码", "单位统一社会信用代码"}},
        {"month", {"参保月份", "缴费年月", "费款所属期", "缴费月份"}, true},
        {"amount", {"缴费金额(元)", "缴费金额（元）", "缴费金额", "实缴金额"}, true}}},
      {DataKind::kBusinesses,
       {{"credit_code", kCreditCode},
        {"name", {"经营主体名称", "企业名称", "名称"}, true},
        {"founders", {"创办人身份证号", "创业者身份证号", "法定代表人身份证号", "身份证号"}, true},
        {"kind", {"主体类型", "单位类型", "类型"}},
        {"size_class", {"企业规模", "规模"}},
        {"licence_date", {"成立日期", "营业执照日期", "登记日期"}},
        {"closed_date", {"注销日期"}},
        {"region_code", {"所在地区划代码", "区划代码", "经营地"}},
        {"employees", {"从业人数", "带动就业人数", "吸纳就业人数"}},
        {"online", {"是否网络商户", "网络商户"}},
        {"return_home", {"是否返乡创业", "返乡创业"}},
        {"external_key", kKey}}},
      {DataKind::kInternships,
       {{"id_number", kIdNumber, true},
        {"credit_code", {"见习基地统一社会信用代码", "统一社会信用代码"}, true},
        {"start", {"见习开始日期", "开始日期"}, true},
        {"end", {"见习结束日期", "结束日期"}},
        {"finished", {"是否完成见习", "完成见习"}},
        {"hired_after", {"是否留用", "留用"}},
        {"external_key", kKey}}},
      {DataKind::kTrainings,
       {{"id_number", kIdNumber, true},
        {"kind", {"培训类型", "类型"}, true},
        {"course_code", {"课程编号", "培训项目编号"}},
        {"course_name", {"课程名称", "培训项目", "培训专业"}},
        {"credit_code", {"培训机构统一社会信用代码", "统一社会信用代码"}},
        {"start", {"开班日期", "开始日期"}},
        {"end", {"结业日期", "结束日期"}},
        {"days_attended", {"出勤天数", "实际出勤天数"}},
        {"subsidised", {"是否补贴目录课程", "补贴目录"}},
        {"completed", {"是否结业", "是否合格", "结业"}},
        {"certificate", {"是否取得证书", "取得证书"}},
        {"external_key", kKey}}},
      {DataKind::kPlacements,
       {{"id_number", kIdNumber, true},
        {"credit_code", {"安置单位统一社会信用代码", "统一社会信用代码"}},
        {"post_name", {"岗位名称", "公益性岗位"}},
        {"start", {"上岗日期", "安置日期", "开始日期"}, true},
        {"end", {"离岗日期", "结束日期"}},
        {"external_key", kKey}}},
      {DataKind::kDibaoPayments,
       {{"id_number", kIdNumber, true},
        {"month", {"发放月份", "保障月份", "发放年月"}, true},
        {"amount", {"发放金额(元)", "发放金额（元）", "发放金额", "保障金额"}, true}}},
      {DataKind::kPaidSubsidies,
       {{"rule", {"补贴项目", "补贴编号", "规则编号"}, true},
        {"id_number", kIdNumber},
        {"credit_code", kCreditCode},
        {"paid_on", {"发放日期", "支付日期"}, true},
        {"amount", {"发放金额(元)", "发放金额（元）", "发放金额", "补贴金额"}, true},
        {"source_system", {"来源系统", "发放系统"}},
        {"external_ref", {"支付流水号", "业务流水号", "凭证号"}}}},
      {DataKind::kRecognitions,
       {{"credit_code", kCreditCode, true},
        {"kind", {"认定类型", "类型"}, true},
        {"recognised_on", {"认定日期", "评估日期"}, true},
        {"level", {"孵化基地级别", "认定级别", "级别"}},
        {"year", {"评估年度", "年度"}},
        {"grade", {"评估等次", "等次"}},
        {"stable_jobs", {"稳岗就业人数", "带动就业人数"}},
        {"document", {"认定文件", "认定文号", "文号"}},
        {"external_key", kKey}}},
  };
  return k;
}

// What rows refer to, resolved once per import.
struct Refs {
  std::unordered_map<std::string, int64_t> person_by_hash;
  std::unordered_map<std::string, int64_t> person_by_text;  // ID number as written → id.
  std::unordered_set<int64_t> persons_in_scope;
  std::unordered_map<std::string, int64_t> employer_by_code;
  std::unordered_map<int64_t, std::optional<int64_t>> household_of;
  std::unordered_set<std::string> regions_known;
};

// Contract months: "24", "0"/"无" (no labour contract), "无固定期限"; -1 when empty.
int32_t ContractMonths(RowReader& r) {
  const std::string v = r.Text("contract_months");
  if (v.empty()) return -1;
  if (v == "无固定期限" || v == "无固定期限劳动合同") return kOpenEndedContractMonths;
  if (v == "无" || v == "未签订") return 0;
  std::string digits = v;
  for (const char* suffix : {"个月", "月"})
    if (digits.size() > strlen(suffix) &&
        digits.compare(digits.size() - strlen(suffix), std::string::npos, suffix) == 0)
      digits.resize(digits.size() - strlen(suffix));
  int32_t n = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || p != digits.data() + digits.size() || n < 0 ||
      n >= kOpenEndedContractMonths) {
    r.Fail("contract_months", "合同期限应为月数（如 24）、无 或 无固定期限: " + v);
    return -1;
  }
  return n;
}

}  // namespace

std::optional<DataKind> ParseDataKind(std::string_view name) {
  for (DataKind k : AllDataKinds())
    if (DataKindName(k) == name) return k;
  return std::nullopt;
}

std::string_view DataKindName(DataKind kind) {
  switch (kind) {
    case DataKind::kEmployers:
      return "employers";
    case DataKind::kEmployments:
      return "employments";
    case DataKind::kContributions:
      return "contributions";
    case DataKind::kBusinesses:
      return "businesses";
    case DataKind::kInternships:
      return "internships";
    case DataKind::kTrainings:
      return "trainings";
    case DataKind::kPlacements:
      return "placements";
    case DataKind::kDibaoPayments:
      return "dibao";
    case DataKind::kPaidSubsidies:
      return "paid";
    case DataKind::kRecognitions:
      return "recognitions";
  }
  return "";
}

const std::vector<DataKind>& AllDataKinds() {
  static const std::vector<DataKind> k = {
      DataKind::kEmployers,  DataKind::kEmployments,   DataKind::kContributions,
      DataKind::kBusinesses, DataKind::kInternships,   DataKind::kTrainings,
      DataKind::kPlacements, DataKind::kDibaoPayments, DataKind::kPaidSubsidies,
      DataKind::kRecognitions};
  return k;
}

const std::vector<DataColumn>& DataImportColumns(DataKind kind) { return Layouts().at(kind); }

namespace {

// The records of one import, whichever table they go to.
struct Plan {
  std::vector<Employer> employers;
  std::vector<Employment> employments;
  std::vector<Contribution> contributions;
  std::vector<Business> businesses;
  std::vector<Internship> internships;
  std::vector<Training> trainings;
  std::vector<Placement> placements;
  std::vector<DibaoPayment> dibao;
  std::vector<PaidSubsidy> paid;
  std::vector<EmployerRecognition> recognitions;
};

std::string OptText(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "-"; }
std::string OptText(const std::optional<Date>& v) { return v ? v->ToString() : "-"; }

}  // namespace

Result<ImportReport> DataImporter::Run(const RequestContext& ctx, DataKind kind,
                                       std::string_view bytes, const ImportOptions& options) {
  if (!PersonService::CanWrite(ctx.principal.role))
    return Error::PermissionDenied("当前角色不能导入数据");
  if (std::find(AllDataKinds().begin(), AllDataKinds().end(), kind) == AllDataKinds().end())
    return Error::InvalidArgument("这类数据不能在这里导入（人员请用人员导入）", "kind");
  BANGFU_ASSIGN_OR_RETURN(Table table, ReadTable(bytes, WithHeaders(options.table, DataImportColumns(kind))));
  ImportReport report = NewReport(table, options);

  // field → (column index, header as written).
  BANGFU_ASSIGN_OR_RETURN(auto col, MapColumns(table, DataImportColumns(kind), report));

  const Date today = clock_.Today();
  const std::string source = options.source.empty() ? "导入" : options.source;
  Refs refs;
  auto& data = store_.policy_data();
  const bool needs_persons = kind != DataKind::kEmployers && kind != DataKind::kRecognitions;
  if (needs_persons) {
    BANGFU_ASSIGN_OR_RETURN(auto hashes, store_.persons().AllIdNumberHashes());
    refs.person_by_hash.insert(hashes.begin(), hashes.end());
    DataScope scope;
    scope.region_prefix = ctx.principal.scope;
    BANGFU_RETURN_IF_ERROR(data.ScanPersons(scope, [&](std::span<const PersonFacts> b) -> Status {
      for (const auto& p : b) refs.persons_in_scope.insert(p.id);
      return OkStatus();
    }));
  }
  {
    BANGFU_ASSIGN_OR_RETURN(auto codes, data.EmployerIdsByCode());
    refs.employer_by_code.insert(codes.begin(), codes.end());
  }

  // Person by ID number: valid, in the ledger, in scope. nullopt (and an issue) otherwise.
  auto person = [&](RowReader& r, const std::string& field,
                    const std::string& text) -> std::optional<int64_t> {
    if (auto it = refs.person_by_text.find(text); it != refs.person_by_text.end())
      return it->second;
    auto hash = persons_.BlindIndexOf(text, today);
    if (!hash.ok()) {
      r.Fail(field, hash.error().message);
      return std::nullopt;
    }
    auto it = refs.person_by_hash.find(*hash);
    if (it == refs.person_by_hash.end()) {
      r.Fail(field, "台账中没有该身份证号的人员，请先导入人员名单: " + domain::MaskIdNumber(text));
      return std::nullopt;
    }
    if (!refs.persons_in_scope.count(it->second)) {
      r.Fail(field, "该人员不在您的管辖范围内: " + domain::MaskIdNumber(text));
      return std::nullopt;
    }
    refs.person_by_text[text] = it->second;
    return it->second;
  };
  auto required_person = [&](RowReader& r) -> std::optional<int64_t> {
    std::string t = r.Required("id_number", "身份证号");
    if (t.empty()) return std::nullopt;
    return person(r, "id_number", t);
  };
  auto optional_person = [&](RowReader& r) -> std::optional<int64_t> {
    std::string t = r.Text("id_number");
    if (t.empty()) return std::nullopt;
    return person(r, "id_number", t);
  };
  // Employer by credit code: must already be imported. nullopt when the cell is empty.
  auto employer = [&](RowReader& r, bool required) -> std::optional<int64_t> {
    std::string t = r.Text("credit_code");
    if (t.empty()) {
      if (required) r.Fail("credit_code", "请填写统一社会信用代码");
      return std::nullopt;
    }
    auto code = domain::CreditCode::Parse(t, "credit_code");
    if (!code.ok()) {
      r.Fail("credit_code", code.error().message);
      return std::nullopt;
    }
    auto it = refs.employer_by_code.find(code->value());
    if (it == refs.employer_by_code.end()) {
      r.Fail("credit_code", "没有该统一社会信用代码的用人单位，请先导入用人单位: " + code->value());
      return std::nullopt;
    }
    return it->second;
  };
  auto region = [&](RowReader& r, std::string fallback) -> std::string {
    std::string t = r.Text("region_code");
    if (t.empty()) t = fallback;
    if (t.empty()) return {};
    auto reg = MakeRegion(t, "");
    if (!reg.ok()) {
      r.Fail("region_code", reg.error().message);
      return {};
    }
    if (!refs.regions_known.count(reg->code)) {
      auto got = store_.regions().Get(reg->code);
      if (!got.ok()) {
        r.Fail("region_code", "行政区划代码不存在: " + t);
        return {};
      }
      refs.regions_known.insert(reg->code);
    }
    if (!InScope(ctx.principal.scope, reg->code)) {
      r.Fail("region_code", "不在您的管辖范围内: " + reg->code);
      return {};
    }
    return reg->code;
  };
  auto household_of = [&](int64_t person_id) -> Result<std::optional<int64_t>> {
    if (auto it = refs.household_of.find(person_id); it != refs.household_of.end())
      return it->second;
    BANGFU_ASSIGN_OR_RETURN(Person p, store_.persons().Get(person_id));
    refs.household_of[person_id] = p.household_id;
    return p.household_id;
  };

  Plan plan;
  // Natural key → line, to refuse the same record twice in one file.
  std::unordered_map<std::string, int64_t> seen;
  for (const auto& row : table.rows) {
    RowReader r(col, row, report);
    std::string key;  // Natural key of the record within its table.
    std::string key_field = "external_key";
    std::string external = r.Text("external_key");
    switch (kind) {
      case DataKind::kEmployers: {
        Employer e;
        auto code =
            domain::CreditCode::Parse(r.Required("credit_code", "统一社会信用代码"), "credit_code");
        if (!code.ok() && !r.Text("credit_code").empty())
          r.Fail("credit_code", code.error().message);
        if (code.ok()) e.credit_code = code->value();
        e.name = r.Required("name", "单位名称");
        e.size_class = r.Enum("size_class", domain::ParseEmployerSize, domain::EmployerSizes());
        e.kind = r.Enum("kind", domain::ParseOrgKind, domain::OrgKinds());
        e.industry = r.Text("industry");
        // The registration region inside the credit code when the file has none.
        e.region_code = region(r, code.ok() ? std::string(code->region_prefix()) : "");
        e.address = r.Text("address");
        e.contact_name = r.Text("contact_name");
        e.contact_phone = r.Text("contact_phone");
        e.base_recognised = r.OptDate("base_recognised");
        e.external_key = external;
        key = e.credit_code;
        key_field = "credit_code";
        if (r.ok()) plan.employers.push_back(std::move(e));
        break;
      }
      case DataKind::kEmployments: {
        Employment e;
        auto p = required_person(r);
        e.kind = r.Enum("kind", domain::ParseEmploymentKind, domain::EmploymentKinds(), true);
        const bool needs_employer =
            e.kind == "labour_contract" || e.kind == "dispatch" || e.kind == "public_welfare_post";
        e.employer_id = employer(r, needs_employer);
        e.start = r.ReqDate("start", "入职日期");
        e.end = r.OptDate("end");
        if (e.end && *e.end < e.start) r.Fail("end", "离职日期早于入职日期");
        e.contract_months = ContractMonths(r);
        e.source = source;
        if (p) e.person_id = *p;
        e.external_key =
            !external.empty()
                ? external
                : fmt::format("{}|{}|{}", e.person_id, OptText(e.employer_id), e.start.ToString());
        key = e.external_key;
        if (r.ok()) plan.employments.push_back(std::move(e));
        break;
      }
      case DataKind::kContributions: {
        Contribution c;
        auto p = required_person(r);
        c.payer_employer_id = employer(r, false).value_or(0);
        c.month = r.Month("month");
        c.amount = r.Yuan("amount");
        c.source = source;
        if (p) c.person_id = *p;
        key = fmt::format("{}|{}|{}", c.person_id, c.payer_employer_id, c.month.ToString());
        key_field = "month";
        if (r.ok()) plan.contributions.push_back(std::move(c));
        break;
      }
      case DataKind::kBusinesses: {
        Business b;
        std::string code_text = r.Text("credit_code");
        if (!code_text.empty()) {
          auto code = domain::CreditCode::Parse(code_text, "credit_code");
          if (!code.ok())
            r.Fail("credit_code", code.error().message);
          else
            b.credit_code = code->value();
          if (auto it = refs.employer_by_code.find(b.credit_code);
              it != refs.employer_by_code.end())
            b.employer_id = it->second;
        }
        b.name = r.Required("name", "经营主体名称");
        for (const auto& id : SplitList(r.Required("founders", "创办人身份证号"))) {
          if (auto p = person(r, "founders", id)) b.founder_ids.push_back(*p);
        }
        b.kind = r.Enum("kind", domain::ParseOrgKind, domain::OrgKinds());
        b.size_class = r.Enum("size_class", domain::ParseEmployerSize, domain::EmployerSizes());
        b.licence_date = r.OptDate("licence_date");
        b.closed_date = r.OptDate("closed_date");
        if (b.closed_date && b.licence_date && *b.closed_date < *b.licence_date)
          r.Fail("closed_date", "注销日期早于成立日期");
        b.region_code = region(r, "");
        b.employees = r.Count("employees");
        b.online = r.YesNo("online");
        b.return_home = r.YesNo("return_home");
        b.source = source;
        b.external_key = !external.empty()        ? external
                         : !b.credit_code.empty() ? b.credit_code
                                                  : b.name + "|" + OptText(b.licence_date);
        key = b.external_key;
        if (r.ok()) plan.businesses.push_back(std::move(b));
        break;
      }
      case DataKind::kInternships: {
        Internship x;
        auto p = required_person(r);
        x.base_employer_id = employer(r, true).value_or(0);
        x.start = r.ReqDate("start", "见习开始日期");
        x.end = r.OptDate("end");
        if (x.end && *x.end < x.start) r.Fail("end", "见习结束日期早于开始日期");
        x.finished = r.YesNo("finished");
        x.hired_after = r.YesNo("hired_after");
        x.source = source;
        if (p) x.person_id = *p;
        x.external_key = !external.empty() ? external
                                           : fmt::format("{}|{}|{}", x.person_id,
                                                         x.base_employer_id, x.start.ToString());
        key = x.external_key;
        if (r.ok()) plan.internships.push_back(std::move(x));
        break;
      }
      case DataKind::kTrainings: {
        Training x;
        auto p = required_person(r);
        x.kind = r.Enum("kind", domain::ParseTrainingKind, domain::TrainingKinds(), true);
        x.course_code = r.Text("course_code");
        x.course_name = r.Text("course_name");
        x.institution_employer_id = employer(r, false);
        x.start = r.OptDate("start");
        x.end = r.OptDate("end");
        if (x.start && x.end && *x.end < *x.start) r.Fail("end", "结业日期早于开班日期");
        x.days_attended = r.Count("days_attended");
        x.subsidised = r.YesNo("subsidised");
        x.completed = r.YesNo("completed");
        x.certificate = r.YesNo("certificate");
        x.source = source;
        if (p) x.person_id = *p;
        x.external_key = !external.empty()
                             ? external
                             : fmt::format("{}|{}|{}|{}", x.person_id, x.kind,
                                           x.course_code.empty() ? x.course_name : x.course_code,
                                           OptText(x.start));
        key = x.external_key;
        if (r.ok()) plan.trainings.push_back(std::move(x));
        break;
      }
      case DataKind::kPlacements: {
        Placement x;
        auto p = required_person(r);
        x.employer_id = employer(r, false);
        x.post_name = r.Text("post_name");
        x.start = r.ReqDate("start", "上岗日期");
        x.end = r.OptDate("end");
        if (x.end && *x.end < x.start) r.Fail("end", "离岗日期早于上岗日期");
        x.source = source;
        if (p) x.person_id = *p;
        x.external_key =
            !external.empty() ? external : fmt::format("{}|{}", x.person_id, x.start.ToString());
        key = x.external_key;
        if (r.ok()) plan.placements.push_back(std::move(x));
        break;
      }
      case DataKind::kDibaoPayments: {
        DibaoPayment x;
        auto p = required_person(r);
        x.month = r.Month("month");
        x.amount = r.Yuan("amount");
        x.source = source;
        if (p) {
          x.person_id = *p;
          BANGFU_ASSIGN_OR_RETURN(x.household_id, household_of(*p));
        }
        key = fmt::format("{}|{}", x.person_id, x.month.ToString());
        key_field = "month";
        if (r.ok()) plan.dibao.push_back(std::move(x));
        break;
      }
      case DataKind::kPaidSubsidies: {
        PaidSubsidy x;
        x.rule = r.Required("rule", "补贴项目");
        x.person_id = optional_person(r);
        x.employer_id = employer(r, false);
        if (r.Text("id_number").empty() && r.Text("credit_code").empty())
          r.Fail("id_number", "请填写身份证号或统一社会信用代码（补贴发给谁）");
        x.paid_on = r.ReqDate("paid_on", "发放日期");
        x.amount = r.Yuan("amount");
        x.source_system = r.Text("source_system").empty() ? "未注明" : r.Text("source_system");
        x.external_ref = !r.Text("external_ref").empty()
                             ? r.Text("external_ref")
                             : fmt::format("{}|{}|{}|{}|{}", x.rule, OptText(x.person_id),
                                           OptText(x.employer_id), x.paid_on.ToString(), x.amount);
        key = x.source_system + "|" + x.external_ref;
        key_field = r.Text("external_ref").empty() ? "rule" : "external_ref";
        if (r.ok()) plan.paid.push_back(std::move(x));
        break;
      }
      case DataKind::kRecognitions: {
        EmployerRecognition x;
        x.employer_id = employer(r, true).value_or(0);
        x.kind = r.Enum("kind", domain::ParseRecognitionKind, domain::RecognitionKinds(), true);
        x.recognised_on = r.ReqDate("recognised_on", "认定日期");
        x.level = r.Enum("level", domain::ParseIncubatorLevel, domain::IncubatorLevels());
        x.grade = r.Enum("grade", domain::ParseWorkshopGrade, domain::WorkshopGrades());
        const int32_t year = r.Count("year");
        x.stable_jobs = r.Count("stable_jobs");
        x.document = r.Text("document");
        x.source = source;
        // Each kind has its own fields: a level only for incubators, a year, grade and stable
        // jobs only for workshop evaluations — a value in the wrong place is a mistake in the
        // file, not something to drop silently.
        const bool incubator = x.kind == "incubator", workshop = x.kind == "workshop";
        if (incubator && x.level.empty() && r.Text("level").empty())
          r.Fail("level", "创业孵化基地请填写认定级别（区级 或 市级）");
        if (!incubator && !x.level.empty())
          r.Fail("level", "只有创业孵化基地填写认定级别");
        if (workshop) {
          if (r.Text("year").empty()) r.Fail("year", "就业帮扶车间请填写评估年度");
          else if (year >= 0 && (year < 2000 || year > x.recognised_on.year()))
            r.Fail("year", fmt::format("评估年度应在 2000 年至认定日期所在年度之间: {}", year));
          if (x.grade.empty() && r.Text("grade").empty())
            r.Fail("grade", "就业帮扶车间请填写评估等次（优秀、良好、合格 或 不合格）");
          if (x.grade != "failed" && x.stable_jobs < 0 && r.Text("stable_jobs").empty())
            r.Fail("stable_jobs", "通过评估的就业帮扶车间请填写稳岗就业人数");
          x.year = std::max(year, 0);
        } else if (!x.kind.empty()) {
          for (const char* f : {"year", "grade", "stable_jobs"})
            if (!r.Text(f).empty()) r.Fail(f, "只有就业帮扶车间填写评估年度、等次和稳岗就业人数");
        }
        x.external_key = !external.empty() ? external
                         : workshop ? fmt::format("{}|workshop|{}", x.employer_id, x.year)
                                    : fmt::format("{}|{}|{}", x.employer_id, x.kind, x.level);
        key = x.external_key;
        if (r.ok()) plan.recognitions.push_back(std::move(x));
        break;
      }
    }
    if (!r.ok()) {
      ++report.rejected;
      continue;
    }
    if (auto [it, fresh] = seen.emplace(key, row.line); !fresh) {
      // The record appears twice in the file: keep the first, report the second.
      RowReader dup(col, row, report);
      dup.Fail(key_field, fmt::format("与第 {} 行是同一条记录", it->second));
      ++report.rejected;
      switch (kind) {
        case DataKind::kEmployers:
          plan.employers.pop_back();
          break;
        case DataKind::kEmployments:
          plan.employments.pop_back();
          break;
        case DataKind::kContributions:
          plan.contributions.pop_back();
          break;
        case DataKind::kBusinesses:
          plan.businesses.pop_back();
          break;
        case DataKind::kInternships:
          plan.internships.pop_back();
          break;
        case DataKind::kTrainings:
          plan.trainings.pop_back();
          break;
        case DataKind::kPlacements:
          plan.placements.pop_back();
          break;
        case DataKind::kDibaoPayments:
          plan.dibao.pop_back();
          break;
        case DataKind::kPaidSubsidies:
          plan.paid.pop_back();
          break;
        case DataKind::kRecognitions:
          plan.recognitions.pop_back();
          break;
      }
    }
  }

  const int64_t accepted = report.rows - report.rejected;
  const bool write =
      !options.dry_run && (report.errors.empty() || options.mode == ImportMode::kKeepGoodRows);
  if (!write) return report;

  Status s = store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(int64_t before, data.Count(kind));
    switch (kind) {
      case DataKind::kEmployers:
        BANGFU_RETURN_IF_ERROR(data.UpsertEmployers(plan.employers));
        break;
      case DataKind::kEmployments:
        BANGFU_RETURN_IF_ERROR(data.UpsertEmployments(plan.employments));
        break;
      case DataKind::kContributions:
        BANGFU_RETURN_IF_ERROR(data.UpsertContributions(plan.contributions));
        break;
      case DataKind::kBusinesses:
        BANGFU_RETURN_IF_ERROR(data.UpsertBusinesses(plan.businesses));
        break;
      case DataKind::kInternships:
        BANGFU_RETURN_IF_ERROR(data.UpsertInternships(plan.internships));
        break;
      case DataKind::kTrainings:
        BANGFU_RETURN_IF_ERROR(data.UpsertTrainings(plan.trainings));
        break;
      case DataKind::kPlacements:
        BANGFU_RETURN_IF_ERROR(data.UpsertPlacements(plan.placements));
        break;
      case DataKind::kDibaoPayments:
        BANGFU_RETURN_IF_ERROR(data.UpsertDibaoPayments(plan.dibao));
        break;
      case DataKind::kPaidSubsidies:
        BANGFU_RETURN_IF_ERROR(data.UpsertPaidSubsidies(plan.paid));
        break;
      case DataKind::kRecognitions:
        BANGFU_RETURN_IF_ERROR(data.UpsertRecognitions(plan.recognitions));
        break;
    }
    BANGFU_ASSIGN_OR_RETURN(int64_t after, data.Count(kind));
    report.created = after - before;
    report.updated = accepted - report.created;
    return audit_.Record(ctx, std::string("data.import.") + std::string(DataKindName(kind)),
                         "import", options.source, ctx.principal.scope,
                         fmt::format(R"({{"rows":{},"created":{},"existing":{},"rejected":{}}})",
                                     report.rows, report.created, report.updated, report.rejected));
  });
  if (!s.ok()) return s.error();
  report.written = true;
  return report;
}

}  // namespace bangfu::service
