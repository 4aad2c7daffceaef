// SQL repository of the policy data (migration 5): bulk upserts through bulk.h on both
// backends, and streaming reads for the policy loader.
#include <algorithm>
#include <map>

#include "bangfu/domain/case_types.h"
#include "bangfu/domain/person_types.h"
#include "bulk.h"
#include "category_text.h"
#include "ledger_repos.h"
#include "sql_values.h"

namespace bangfu::store {
namespace {

using service::BatchSink;
using service::DataScope;
using service::Flag;

constexpr ColumnType kI = ColumnType::kInt;
constexpr ColumnType kT = ColumnType::kText;
constexpr size_t kScanBatch = 4096;

std::optional<int64_t> OptId(const Cursor& c, int col) {
  return c.IsNull(col) ? std::nullopt : std::optional<int64_t>(c.Int(col));
}
Flag FlagOf(int64_t v) { return v < 0 ? Flag::kUnknown : v ? Flag::kYes : Flag::kNo; }
Date DateOr(std::string_view s) { return FastDate(s).value_or(Date()); }

// "500153001001" → 500153001001; 6 or 9 digits are padded to 12; 0 for anything else.
int64_t RegionNumber(std::string_view s) {
  if (s.empty() || s.size() > 12) return 0;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  for (size_t i = s.size(); i < 12; ++i) v *= 10;
  return v;
}

template <typename E>
int8_t IndexOf(const std::vector<domain::EnumInfo<E>>& all, std::string_view id) {
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].id == id) return static_cast<int8_t>(i);
  return -1;
}

const UpsertSpec kEmployers{"employers",
                            {{"credit_code", kT},
                             {"name", kT},
                             {"size_class", kT},
                             {"kind", kT},
                             {"industry", kT},
                             {"region_code", kT},
                             {"address", kT},
                             {"contact_name", kT},
                             {"contact_phone", kT},
                             {"base_recognised", kT},
                             {"external_key", kT},
                             {"created_at", kI}},
                            {"credit_code"},
                            {"created_at"},
                            true};
const UpsertSpec kEmployments{"employments",
                              {{"person_id", kI},
                               {"employer_id", kI},
                               {"kind", kT},
                               {"start_date", kT},
                               {"end_date", kT},
                               {"contract_months", kI},
                               {"source", kT},
                               {"external_key", kT}},
                              {"external_key"},
                              {},
                              true};
const UpsertSpec kContributions{
    "contributions",
    {{"person_id", kI}, {"payer_employer_id", kI}, {"month", kT}, {"amount", kI}, {"source", kT}},
    {"person_id", "month", "payer_employer_id"},
    {},
    false};
const UpsertSpec kBusinesses{"businesses",
                             {{"credit_code", kT},
                              {"name", kT},
                              {"kind", kT},
                              {"size_class", kT},
                              {"licence_date", kT},
                              {"closed_date", kT},
                              {"region_code", kT},
                              {"employees", kI},
                              {"online", kI},
                              {"return_home", kI},
                              {"employer_id", kI},
                              {"source", kT},
                              {"external_key", kT}},
                             {"external_key"},
                             {},
                             true};
const UpsertSpec kFounders{"business_founders",
                           {{"business_id", kI}, {"person_id", kI}},
                           {"business_id", "person_id"},
                           {},
                           false};
const UpsertSpec kInternships{"internships",
                              {{"person_id", kI},
                               {"base_employer_id", kI},
                               {"start_date", kT},
                               {"end_date", kT},
                               {"finished", kI},
                               {"hired_after", kI},
                               {"source", kT},
                               {"external_key", kT}},
                              {"external_key"},
                              {},
                              true};
const UpsertSpec kTrainings{"trainings",
                            {{"person_id", kI},
                             {"institution_employer_id", kI},
                             {"kind", kT},
                             {"course_code", kT},
                             {"course_name", kT},
                             {"start_date", kT},
                             {"end_date", kT},
                             {"days_attended", kI},
                             {"subsidised", kI},
                             {"completed", kI},
                             {"certificate", kI},
                             {"source", kT},
                             {"external_key", kT}},
                            {"external_key"},
                            {},
                            true};
const UpsertSpec kPlacements{"public_welfare_placements",
                             {{"person_id", kI},
                              {"employer_id", kI},
                              {"post_name", kT},
                              {"start_date", kT},
                              {"end_date", kT},
                              {"source", kT},
                              {"external_key", kT}},
                             {"external_key"},
                             {},
                             true};
const UpsertSpec kDibao{
    "dibao_payments",
    {{"person_id", kI}, {"household_id", kI}, {"month", kT}, {"amount", kI}, {"source", kT}},
    {"person_id", "month"},
    {},
    false};
const UpsertSpec kPaid{"paid_subsidies",
                       {{"rule", kT},
                        {"person_id", kI},
                        {"employer_id", kI},
                        {"business_id", kI},
                        {"paid_on", kT},
                        {"amount", kI},
                        {"source_system", kT},
                        {"external_ref", kT},
                        {"subject_id", kI}},
                       {"source_system", "external_ref"},
                       {},
                       true};
const UpsertSpec kRecognitions{"employer_recognitions",
                               {{"employer_id", kI},
                                {"kind", kT},
                                {"recognised_on", kT},
                                {"level", kT},
                                {"year", kI},
                                {"grade", kT},
                                {"stable_jobs", kI},
                                {"document", kT},
                                {"source", kT},
                                {"external_key", kT}},
                               {"external_key"},
                               {},
                               true};

constexpr char kEmployerColumns[] =
    "id, credit_code, name, size_class, kind, industry, region_code, address, contact_name, "
    "contact_phone, base_recognised, external_key";

service::Employer DecodeEmployer(const Cursor& c) {
  service::Employer e;
  e.id = c.Int(0);
  e.credit_code = c.Text(1);
  e.name = c.Text(2);
  e.size_class = c.Text(3);
  e.kind = c.Text(4);
  e.industry = c.Text(5);
  e.region_code = c.Text(6);
  e.address = c.Text(7);
  e.contact_name = c.Text(8);
  e.contact_phone = c.Text(9);
  e.base_recognised = FastDate(c.Text(10));
  e.external_key = c.Text(11);
  return e;
}

class SqlPolicyData final : public service::PolicyDataRepository {
 public:
  explicit SqlPolicyData(Db& db) : db_(db) {}

  Status UpsertEmployers(std::vector<service::Employer>& rows) override {
    BulkRows b(kEmployers);
    for (const auto& e : rows) {
      b.Text(e.credit_code)
          .Text(e.name)
          .Text(e.size_class)
          .Text(e.kind)
          .Text(e.industry)
          .Text(e.region_code)
          .Text(e.address)
          .Text(e.contact_name)
          .Text(e.contact_phone)
          .DateOrEmpty(e.base_recognised)
          .Text(e.external_key)
          .Int(now_micros());
    }
    return Write("保存用人单位", b, rows);
  }

  Status UpsertEmployments(std::vector<service::Employment>& rows) override {
    BulkRows b(kEmployments);
    for (const auto& e : rows) {
      b.Int(e.person_id)
          .OptInt(e.employer_id)
          .Text(e.kind)
          .DateOrEmpty(e.start)
          .DateOrEmpty(e.end)
          .Int(e.contract_months)
          .Text(e.source)
          .Text(e.external_key);
    }
    return Write("保存就业记录", b, rows);
  }

  Status UpsertContributions(const std::vector<service::Contribution>& rows) override {
    BulkRows b(kContributions);
    for (const auto& c : rows)
      b.Int(c.person_id)
          .Int(c.payer_employer_id)
          .Text(MonthText(c.month))
          .Int(c.amount)
          .Text(c.source);
    return WriteNoIds("保存社保缴费", b);
  }

  Status UpsertBusinesses(std::vector<service::Business>& rows) override {
    BulkRows b(kBusinesses);
    for (const auto& x : rows) {
      b.Text(x.credit_code)
          .Text(x.name)
          .Text(x.kind)
          .Text(x.size_class)
          .DateOrEmpty(x.licence_date)
          .DateOrEmpty(x.closed_date)
          .Text(x.region_code)
          .Int(x.employees)
          .Int(static_cast<int>(x.online))
          .Int(static_cast<int>(x.return_home))
          .OptInt(x.employer_id)
          .Text(x.source)
          .Text(x.external_key);
    }
    return db_.InTransaction([&]() -> Status {
      BANGFU_RETURN_IF_ERROR(Write("保存经营主体", b, rows));
      return db_.Exec("保存创业者", [&](soci::session& s) {
        BulkRows f(kFounders);
        long long id = 0;
        soci::statement del =
            (s.prepare << "DELETE FROM business_founders WHERE business_id = :b", soci::use(id));
        for (const auto& x : rows) {
          id = x.id;
          del.execute(true);
          for (int64_t p : x.founder_ids) f.Int(x.id).Int(p);
        }
        Upsert(s, db_.dialect(), f);
      });
    });
  }

  Status UpsertInternships(std::vector<service::Internship>& rows) override {
    BulkRows b(kInternships);
    for (const auto& x : rows) {
      b.Int(x.person_id)
          .Int(x.base_employer_id)
          .DateOrEmpty(x.start)
          .DateOrEmpty(x.end)
          .Int(static_cast<int>(x.finished))
          .Int(static_cast<int>(x.hired_after))
          .Text(x.source)
          .Text(x.external_key);
    }
    return Write("保存见习记录", b, rows);
  }

  Status UpsertTrainings(std::vector<service::Training>& rows) override {
    BulkRows b(kTrainings);
    for (const auto& x : rows) {
      b.Int(x.person_id)
          .OptInt(x.institution_employer_id)
          .Text(x.kind)
          .Text(x.course_code)
          .Text(x.course_name)
          .DateOrEmpty(x.start)
          .DateOrEmpty(x.end)
          .Int(x.days_attended)
          .Int(static_cast<int>(x.subsidised))
          .Int(static_cast<int>(x.completed))
          .Int(static_cast<int>(x.certificate))
          .Text(x.source)
          .Text(x.external_key);
    }
    return Write("保存培训记录", b, rows);
  }

  Status UpsertPlacements(std::vector<service::Placement>& rows) override {
    BulkRows b(kPlacements);
    for (const auto& x : rows) {
      b.Int(x.person_id)
          .OptInt(x.employer_id)
          .Text(x.post_name)
          .DateOrEmpty(x.start)
          .DateOrEmpty(x.end)
          .Text(x.source)
          .Text(x.external_key);
    }
    return Write("保存公益性岗位安置", b, rows);
  }

  Status UpsertDibaoPayments(const std::vector<service::DibaoPayment>& rows) override {
    BulkRows b(kDibao);
    for (const auto& x : rows)
      b.Int(x.person_id)
          .OptInt(x.household_id)
          .Text(MonthText(x.month))
          .Int(x.amount)
          .Text(x.source);
    return WriteNoIds("保存低保发放", b);
  }

  Status UpsertPaidSubsidies(std::vector<service::PaidSubsidy>& rows) override {
    BulkRows b(kPaid);
    for (const auto& x : rows) {
      b.Text(x.rule)
          .OptInt(x.person_id)
          .OptInt(x.employer_id)
          .OptInt(x.business_id)
          .DateOrEmpty(x.paid_on)
          .Int(x.amount)
          .Text(x.source_system)
          .Text(x.external_ref)
          .Int(x.subject_id);
    }
    return Write("保存已发放补贴", b, rows);
  }

  Result<std::vector<std::pair<std::string, int64_t>>> EmployerIdsByCode() override {
    using Out = std::vector<std::pair<std::string, int64_t>>;
    return db_.Run<Out>("读取用人单位索引", [&](soci::session& s) -> Result<Out> {
      auto c = Cursor::Open(s, db_.dialect(), "SELECT credit_code, id FROM employers", {});
      Out out;
      while (c->Next()) out.emplace_back(std::string(c->Text(0)), c->Int(1));
      return out;
    });
  }

  Result<int64_t> Count(service::DataTable t) override {
    static const std::map<service::DataTable, const char*> kNames = {
        {service::DataTable::kEmployers, "employers"},
        {service::DataTable::kEmployments, "employments"},
        {service::DataTable::kContributions, "contributions"},
        {service::DataTable::kBusinesses, "businesses"},
        {service::DataTable::kInternships, "internships"},
        {service::DataTable::kTrainings, "trainings"},
        {service::DataTable::kPlacements, "public_welfare_placements"},
        {service::DataTable::kDibaoPayments, "dibao_payments"},
        {service::DataTable::kPaidSubsidies, "paid_subsidies"},
        {service::DataTable::kRecognitions, "employer_recognitions"}};
    return db_.Run<int64_t>("统计记录", [&](soci::session& s) -> Result<int64_t> {
      long long n = 0;
      s << std::string("SELECT COUNT(*) FROM ") + kNames.at(t), soci::into(n);
      return static_cast<int64_t>(n);
    });
  }

  Result<service::Employer> GetEmployer(int64_t id) override {
    std::optional<service::Employer> found;
    BANGFU_RETURN_IF_ERROR(EmployersById({id}, [&](std::span<const service::Employer> b) -> Status {
      found = b.front();
      return OkStatus();
    }));
    if (!found) return Error::NotFound("用人单位不存在");
    return *found;
  }

  Status UpsertRecognitions(std::vector<service::EmployerRecognition>& rows) override {
    BulkRows b(kRecognitions);
    for (const auto& x : rows)
      b.Int(x.employer_id)
          .Text(x.kind)
          .DateOrEmpty(x.recognised_on)
          .Text(x.level)
          .Int(x.year)
          .Text(x.grade)
          .Int(x.stable_jobs)
          .Text(x.document)
          .Text(x.source)
          .Text(x.external_key);
    return Write("保存单位认定记录", b, rows);
  }

  Status ScanRecognitions(const BatchSink<service::EmployerRecognition>& sink) override {
    return Stream<service::EmployerRecognition>(
        "读取单位认定记录",
        "SELECT id, employer_id, kind, recognised_on, level, year, grade, stable_jobs, document, "
        "external_key FROM employer_recognitions ORDER BY employer_id, kind, recognised_on, id",
        {}, sink, [](const Cursor& c) {
          service::EmployerRecognition x;
          x.id = c.Int(0);
          x.employer_id = c.Int(1);
          x.kind = c.Text(2);
          x.recognised_on = DateOr(c.Text(3));
          x.level = c.Text(4);
          x.year = static_cast<int32_t>(c.Int(5));
          x.grade = c.Text(6);
          x.stable_jobs = static_cast<int32_t>(c.Int(7));
          x.document = c.Text(8);
          x.external_key = c.Text(9);
          return x;
        });
  }

  Status ScanPersons(const DataScope& scope, const BatchSink<service::PersonFacts>& sink) override {
    std::vector<std::string> params = Range(scope);
    const std::string sql =
        "SELECT id, birth_date, sex, hukou_region, residence_region, education, graduation_date, "
        "household_id FROM persons WHERE " + IdRange("id", scope) +
        RegionRange(db_.dialect(), "region_code", scope.region_prefix, params, true) +
        " ORDER BY id";
    return Stream<service::PersonFacts>("读取人员", sql, params, sink, [](const Cursor& c) {
      service::PersonFacts p;
      p.id = c.Int(0);
      p.birth_date = DateOr(c.Text(1));
      const auto sex = c.Text(2);
      p.sex = sex.empty() ? 'U' : sex[0];
      p.hukou_region = RegionNumber(c.Text(3));
      p.residence_region = RegionNumber(c.Text(4));
      p.education = IndexOf(domain::Educations(), c.Text(5));
      p.graduation_date = FastDate(c.Text(6));
      p.household_id = OptId(c, 7);
      return p;
    });
  }

  Status ScanCategories(const DataScope& scope,
                        const BatchSink<service::CategoryFacts>& sink) override {
    // The periods are in the person's row (category_text.h); each person's by category, then
    // start.
    std::vector<std::string> params = Range(scope);
    const std::string sql =
        "SELECT id, categories FROM persons WHERE " + IdRange("id", scope) +
        RegionRange(db_.dialect(), "region_code", scope.region_prefix, params, true) +
        " AND categories <> '' ORDER BY id";
    std::vector<std::pair<std::string_view, service::CategoryFacts>> one;
    return StreamEach<service::CategoryFacts>(
        "读取人员类别", sql, params, sink, [&](const Cursor& c, std::vector<service::CategoryFacts>& out) {
          one.clear();
          const int64_t id = c.Int(0);
          ForEachStoredPeriod(c.Text(1), [&](const StoredPeriod& p) {
            one.push_back({p.category, service::CategoryFacts{id, IndexOf(domain::Categories(), p.category),
                                                              DateOr(p.valid_from), FastDate(p.valid_to)}});
          });
          std::stable_sort(one.begin(), one.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first < b.first : a.second.from < b.second.from;
          });
          for (const auto& [name, facts] : one) out.push_back(facts);
        });
  }

  Status HouseholdsById(const std::vector<int64_t>& ids,
                        const BatchSink<service::HouseholdFacts>& sink) override {
    return ById<service::HouseholdFacts>(
        "读取家庭", "SELECT id, zero_employment, zero_employment_since FROM households", ids, sink,
        [](const Cursor& c) {
          return service::HouseholdFacts{c.Int(0), c.Int(1) ? FastDate(c.Text(2)) : std::nullopt};
        });
  }

  Status PersonLabels(const std::vector<int64_t>& ids,
                      const BatchSink<service::PersonLabel>& sink) override {
    return ById<service::PersonLabel>("读取人员姓名", "SELECT id, name, region_code FROM persons",
                                      ids, sink, [](const Cursor& c) {
                                        return service::PersonLabel{c.Int(0), std::string(c.Text(1)), std::string(c.Text(2))};
                                      });
  }

  Status ScanEmployers(const DataScope& scope, const BatchSink<service::Employer>& sink) override {
    std::vector<std::string> params;
    const std::string sql =
        std::string("SELECT ") + kEmployerColumns + " FROM employers WHERE 1 = 1" +
        RegionRange(db_.dialect(), "region_code", scope.region_prefix, params) + " ORDER BY id";
    return Stream<service::Employer>("读取用人单位", sql, params, sink, DecodeEmployer);
  }

  Status EmployersById(const std::vector<int64_t>& ids,
                       const BatchSink<service::Employer>& sink) override {
    std::vector<int64_t> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    return ById<service::Employer>("读取用人单位", std::string("SELECT ") + kEmployerColumns + " FROM employers",
                                   sorted, sink, DecodeEmployer);
  }

  Status ScanEmployments(const DataScope& scope,
                         const BatchSink<service::Employment>& sink) override {
    return Stream<service::Employment>(
        "读取就业记录",
        "SELECT id, person_id, employer_id, kind, start_date, end_date, contract_months, "
        "external_key "
        "FROM employments WHERE person_id BETWEEN ? AND ?" + InRegion(scope) +
            " ORDER BY person_id, start_date, id",
        RangeIn(scope), sink, [](const Cursor& c) {
          service::Employment e;
          e.id = c.Int(0);
          e.person_id = c.Int(1);
          e.employer_id = OptId(c, 2);
          e.kind = c.Text(3);
          e.start = DateOr(c.Text(4));
          e.end = FastDate(c.Text(5));
          e.contract_months = static_cast<int32_t>(c.Int(6));
          e.external_key = c.Text(7);
          return e;
        });
  }

  Status ScanContributions(const DataScope& scope,
                           const BatchSink<service::Contribution>& sink) override {
    return Stream<service::Contribution>(
        "读取社保缴费",
        "SELECT person_id, payer_employer_id, month, amount FROM contributions "
        "WHERE person_id BETWEEN ? AND ?" + InRegion(scope) +
            " ORDER BY person_id, month, payer_employer_id",
        RangeIn(scope), sink, [](const Cursor& c) {
          service::Contribution x;
          x.person_id = c.Int(0);
          x.payer_employer_id = c.Int(1);
          x.month = FastMonth(c.Text(2)).value_or(Date());
          x.amount = c.Int(3);
          return x;
        });
  }

  Status ScanInternships(const DataScope& scope,
                         const BatchSink<service::Internship>& sink) override {
    return Stream<service::Internship>(
        "读取见习记录",
        "SELECT id, person_id, base_employer_id, start_date, end_date, finished, hired_after, "
        "external_key FROM internships WHERE person_id BETWEEN ? AND ?" + InRegion(scope) +
            " ORDER BY person_id, start_date, id",
        RangeIn(scope), sink, [](const Cursor& c) {
          service::Internship x;
          x.id = c.Int(0);
          x.person_id = c.Int(1);
          x.base_employer_id = c.Int(2);
          x.start = DateOr(c.Text(3));
          x.end = FastDate(c.Text(4));
          x.finished = FlagOf(c.Int(5));
          x.hired_after = FlagOf(c.Int(6));
          x.external_key = c.Text(7);
          return x;
        });
  }

  Status ScanTrainings(const DataScope& scope, const BatchSink<service::Training>& sink) override {
    return Stream<service::Training>(
        "读取培训记录",
        "SELECT id, person_id, institution_employer_id, kind, course_code, course_name, "
        "start_date, "
        "end_date, days_attended, subsidised, completed, certificate, external_key FROM trainings "
        "WHERE person_id BETWEEN ? AND ?" + InRegion(scope) + " ORDER BY person_id, start_date, id",
        RangeIn(scope), sink, [](const Cursor& c) {
          service::Training x;
          x.id = c.Int(0);
          x.person_id = c.Int(1);
          x.institution_employer_id = OptId(c, 2);
          x.kind = c.Text(3);
          x.course_code = c.Text(4);
          x.course_name = c.Text(5);
          x.start = FastDate(c.Text(6));
          x.end = FastDate(c.Text(7));
          x.days_attended = static_cast<int32_t>(c.Int(8));
          x.subsidised = FlagOf(c.Int(9));
          x.completed = FlagOf(c.Int(10));
          x.certificate = FlagOf(c.Int(11));
          x.external_key = c.Text(12);
          return x;
        });
  }

  Status ScanPlacements(const DataScope& scope,
                        const BatchSink<service::Placement>& sink) override {
    return Stream<service::Placement>(
        "读取公益性岗位安置",
        "SELECT id, person_id, employer_id, post_name, start_date, end_date, external_key "
        "FROM public_welfare_placements WHERE person_id BETWEEN ? AND ?" + InRegion(scope) +
            " ORDER BY person_id, start_date, id",
        RangeIn(scope), sink, [](const Cursor& c) {
          service::Placement x;
          x.id = c.Int(0);
          x.person_id = c.Int(1);
          x.employer_id = OptId(c, 2);
          x.post_name = c.Text(3);
          x.start = DateOr(c.Text(4));
          x.end = FastDate(c.Text(5));
          x.external_key = c.Text(6);
          return x;
        });
  }

  Status ScanDibaoPayments(const DataScope& scope,
                           const BatchSink<service::DibaoPayment>& sink) override {
    return Stream<service::DibaoPayment>(
        "读取低保发放",
        "SELECT person_id, household_id, month, amount FROM dibao_payments "
        "WHERE person_id BETWEEN ? AND ?" + InRegion(scope) + " ORDER BY person_id, month",
        RangeIn(scope), sink, [](const Cursor& c) {
          service::DibaoPayment x;
          x.person_id = c.Int(0);
          x.household_id = OptId(c, 1);
          x.month = FastMonth(c.Text(2)).value_or(Date());
          x.amount = c.Int(3);
          return x;
        });
  }

  Status ScanPaidSubsidies(const DataScope& scope,
                           const BatchSink<service::PaidSubsidy>& sink) override {
    return Stream<service::PaidSubsidy>(
        "读取已发放补贴",
        "SELECT id, rule, person_id, employer_id, business_id, paid_on, amount, source_system, "
        "external_ref, subject_id FROM paid_subsidies WHERE person_id IS NULL OR person_id BETWEEN ? AND ? "
        "ORDER BY id",
        Range(scope), sink, [](const Cursor& c) {
          service::PaidSubsidy x;
          x.id = c.Int(0);
          x.rule = c.Text(1);
          x.person_id = OptId(c, 2);
          x.employer_id = OptId(c, 3);
          x.business_id = OptId(c, 4);
          x.paid_on = DateOr(c.Text(5));
          x.amount = c.Int(6);
          x.source_system = c.Text(7);
          x.external_ref = c.Text(8);
          x.subject_id = c.Int(9);
          return x;
        });
  }

  Status ScanBusinesses(const DataScope& scope, const BatchSink<service::Business>& sink) override {
    // Which businesses: in the region, or founded by someone in the id range.
    std::vector<std::string> params = Range(scope);
    std::string region = RegionRange(db_.dialect(), "region_code", scope.region_prefix, params);
    const std::string which =
        "(id IN (SELECT business_id FROM business_founders WHERE person_id BETWEEN ? AND ?)" +
        (region.empty() ? std::string(" OR 1 = 1") : " OR (1 = 1" + region + ")") + ")";
    std::map<int64_t, std::vector<int64_t>> founders;
    BANGFU_RETURN_IF_ERROR(db_.Run<bool>("读取创业者", [&](soci::session& s) -> Result<bool> {
      auto c =
          Cursor::Open(s, db_.dialect(),
                       "SELECT business_id, person_id FROM business_founders WHERE business_id IN "
                       "(SELECT id FROM businesses WHERE " +
                           which + ") ORDER BY business_id, person_id",
                       params);
      while (c->Next()) founders[c->Int(0)].push_back(c->Int(1));
      return true;
    }));
    return Stream<service::Business>(
        "读取经营主体",
        "SELECT id, credit_code, name, kind, size_class, licence_date, closed_date, region_code, "
        "employees, online, return_home, employer_id, external_key FROM businesses WHERE " +
            which + " ORDER BY id",
        params, sink, [&](const Cursor& c) {
          service::Business x;
          x.id = c.Int(0);
          x.credit_code = c.Text(1);
          x.name = c.Text(2);
          x.kind = c.Text(3);
          x.size_class = c.Text(4);
          x.licence_date = FastDate(c.Text(5));
          x.closed_date = FastDate(c.Text(6));
          x.region_code = c.Text(7);
          x.employees = static_cast<int32_t>(c.Int(8));
          x.online = FlagOf(c.Int(9));
          x.return_home = FlagOf(c.Int(10));
          x.employer_id = OptId(c, 11);
          x.external_key = c.Text(12);
          if (auto it = founders.find(x.id); it != founders.end()) x.founder_ids = it->second;
          return x;
        });
  }

 private:
  Status ScanCasePersons(const DataScope& scope,
                         const BatchSink<service::CasePersonFacts>& sink) override {
    std::vector<std::string> params = Range(scope);
    const std::string sql =
        "SELECT p.id, p.name, p.region_code, p.status, p.last_contact, p.created_at, "
        "p.able_to_work, p.wants_work, a.staff_user_id, n.training_need, n.startup_intention "
        "FROM persons p LEFT JOIN case_assignments a ON a.person_id = p.id "
        "LEFT JOIN person_needs n ON n.person_id = p.id WHERE " + IdRange("p.id", scope) +
        RegionRange(db_.dialect(), "p.region_code", scope.region_prefix, params, true) +
        " ORDER BY p.id";
    return Stream<service::CasePersonFacts>("读取帮扶人员", sql, params, sink, [](const Cursor& c) {
      service::CasePersonFacts p;
      p.id = c.Int(0);
      p.name = c.Text(1);
      p.region_code = c.Text(2);
      p.region = RegionNumber(p.region_code);
      p.status = c.Text(3);
      p.last_contact = FastDate(c.Text(4));
      p.entered = Timestamp{c.Int(5)}.ChinaDate();
      p.able_to_work = c.Int(6) != 0;
      p.wants_work = c.Int(7) != 0;
      p.staff_user_id = c.Int(8);
      p.training_need = c.Int(9) != 0;
      p.startup_intention = c.Int(10) != 0;
      return p;
    });
  }

  Status ScanServiceFacts(const DataScope& scope,
                          const BatchSink<service::ServiceFacts>& sink) override {
    return Stream<service::ServiceFacts>(
        "读取服务记录",
        "SELECT id, person_id, staff_user_id, kind, service_date, outcome, referral_job_title, "
        "referral_employer_name "
        "FROM service_records WHERE person_id BETWEEN ? AND ?" + InRegion(scope) +
            " ORDER BY person_id, service_date",
        RangeIn(scope), sink, [](const Cursor& c) {
          service::ServiceFacts r;
          r.id = c.Int(0);
          r.person_id = c.Int(1);
          r.staff_user_id = c.Int(2);
          r.kind = IndexOf(domain::ServiceKinds(), c.Text(3));
          r.date = DateOr(c.Text(4));
          r.outcome = c.Text(5);
          r.job_title = c.Text(6);
          r.employer_name = c.Text(7);
          return r;
        });
  }

  Status ScanOpenPlans(const DataScope& scope,
                       const BatchSink<service::OpenPlanFacts>& sink) override {
    return Stream<service::OpenPlanFacts>(
        "读取援助计划",
        "SELECT person_id, opened_on FROM assistance_plans "
        "WHERE status = 'open' AND person_id BETWEEN ? AND ?" + InRegion(scope) +
            " ORDER BY person_id",
        RangeIn(scope), sink, [](const Cursor& c) {
          return service::OpenPlanFacts{c.Int(0), DateOr(c.Text(1))};
        });
  }

  Status ScanOpenSteps(const DataScope& scope,
                       const BatchSink<service::OpenStepFacts>& sink) override {
    return Stream<service::OpenStepFacts>(
        "读取计划步骤",
        "SELECT id, person_id, owner_user_id, title, due_date FROM plan_steps "
        "WHERE status = 'open' AND person_id BETWEEN ? AND ?" + InRegion(scope) +
            " ORDER BY person_id, due_date",
        RangeIn(scope), sink, [](const Cursor& c) {
          service::OpenStepFacts s;
          s.id = c.Int(0);
          s.person_id = c.Int(1);
          s.owner_user_id = c.Int(2);
          s.title = c.Text(3);
          s.due = DateOr(c.Text(4));
          return s;
        });
  }

  Status ScanRegistrations(const DataScope& scope,
                           const BatchSink<service::RegistrationFacts>& sink) override {
    return Stream<service::RegistrationFacts>(
        "读取失业登记",
        "SELECT id, person_id, applied_on, completed_on, status FROM unemployment_registrations "
        "WHERE person_id BETWEEN ? AND ?" + InRegion(scope) + " ORDER BY person_id, applied_on",
        RangeIn(scope), sink, [](const Cursor& c) {
          service::RegistrationFacts r;
          r.id = c.Int(0);
          r.person_id = c.Int(1);
          r.applied_on = DateOr(c.Text(2));
          r.completed_on = FastDate(c.Text(3));
          r.status = c.Text(4);
          return r;
        });
  }

  static std::vector<std::string> Range(const DataScope& scope) {
    return {std::to_string(scope.min_person_id), std::to_string(scope.max_person_id)};
  }
  // "<column> BETWEEN ? AND ?" for the persons' id range; on SQLite, for a town or community,
  // `+column` so that the planner reads the region index instead of the rowid range (the whole
  // table), with the text parameters cast (`+column` has no affinity to convert them).
  // A scope that names its persons reads them by id (InIds), whatever the region.
  std::string IdRange(const std::string& column, const DataScope& scope) const {
    if (!scope.person_ids.empty()) return column + " BETWEEN ? AND ?" + InIds(column, scope);
    if (scope.region_prefix.size() < kNarrowRegionDigits || db_.dialect() != Dialect::kSqlite)
      return column + " BETWEEN ? AND ?";
    return "+" + column + " BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)";
  }
  // Person-keyed scans: the id range and, for a town or community, only its persons (a
  // community's people are spread over the district's id range); the named persons only.
  static std::string InRegion(const DataScope& scope) {
    std::vector<std::string> unused;
    return PersonsInRegion("person_id", scope.region_prefix, unused) + InIds("person_id", scope);
  }
  // " AND <column> IN (…)" for DataScope::person_ids (integers we hold: inlined, no
  // parameters); nothing when the scope names no persons.
  static std::string InIds(const std::string& column, const DataScope& scope) {
    if (scope.person_ids.empty()) return {};
    return " AND " + column + " IN (" + IdList(scope.person_ids) + ")";
  }
  static std::vector<std::string> RangeIn(const DataScope& scope) {
    std::vector<std::string> params = Range(scope);
    PersonsInRegion("person_id", scope.region_prefix, params);
    return params;
  }
  static long long now_micros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  // Upserts and writes the ids back into `records` (which have an `id`).
  template <typename T>
  Status Write(const char* what, const BulkRows& b, std::vector<T>& records) {
    auto ids =
        db_.Run<std::vector<int64_t>>(what, [&](soci::session& s) -> Result<std::vector<int64_t>> {
          return Upsert(s, db_.dialect(), b);
        });
    if (!ids.ok()) return ids.error();
    for (size_t i = 0; i < records.size() && i < ids->size(); ++i) records[i].id = (*ids)[i];
    return OkStatus();
  }
  Status WriteNoIds(const char* what, const BulkRows& b) {
    return db_.Exec(what, [&](soci::session& s) { Upsert(s, db_.dialect(), b); });
  }

  // Rows of `select` (whose first column is `id`) with exactly the given ids (sorted, unique),
  // by id. Ids that fill most of their range are read as that one range and filtered here (one
  // index walk instead of a lookup per id); sparse ones as IN lists of integers we hold.
  template <typename T, typename Decode>
  Status ById(const char* what, const std::string& select, const std::vector<int64_t>& ids,
              const BatchSink<T>& sink, Decode decode) {
    if (ids.empty()) return OkStatus();
    const auto span = static_cast<uint64_t>(ids.back() - ids.front()) + 1;
    if (span <= 4 * ids.size()) {
      size_t k = 0;
      std::vector<T> kept;
      auto filter = [&](std::span<const T> b) -> Status {
        kept.clear();
        for (const T& x : b) {
          while (k < ids.size() && ids[k] < x.id) ++k;
          if (k < ids.size() && ids[k] == x.id) kept.push_back(x);
        }
        return kept.empty() ? OkStatus() : sink(kept);
      };
      return Stream<T>(what, select + " WHERE id BETWEEN ? AND ? ORDER BY id",
                       {std::to_string(ids.front()), std::to_string(ids.back())}, filter, decode);
    }
    constexpr size_t kChunk = 500;
    for (size_t start = 0; start < ids.size(); start += kChunk) {
      const std::string list = IdList(std::span(ids).subspan(start, std::min(kChunk, ids.size() - start)));
      BANGFU_RETURN_IF_ERROR(
          Stream<T>(what, select + " WHERE id IN (" + list + ") ORDER BY id", {}, sink, decode));
    }
    return OkStatus();
  }

  template <typename T, typename Decode>
  Status Stream(const char* what, const std::string& sql, const std::vector<std::string>& params,
                const BatchSink<T>& sink, Decode decode) {
    return StreamEach<T>(what, sql, params, sink,
                         [&](const Cursor& c, std::vector<T>& out) { out.push_back(decode(c)); });
  }
  // As Stream, for rows that each give any number of records: `each(cursor, batch)` appends
  // them.
  template <typename T, typename Each>
  Status StreamEach(const char* what, const std::string& sql, const std::vector<std::string>& params,
                    const BatchSink<T>& sink, Each each) {
    auto r = db_.Run<bool>(what, [&](soci::session& s) -> Result<bool> {
      auto c = Cursor::Open(s, db_.dialect(), sql, params);
      std::vector<T> batch;
      batch.reserve(kScanBatch);
      while (c->Next()) {
        each(*c, batch);
        if (batch.size() >= kScanBatch) {
          BANGFU_RETURN_IF_ERROR(sink(batch));
          batch.clear();
        }
      }
      if (!batch.empty()) BANGFU_RETURN_IF_ERROR(sink(batch));
      return true;
    });
    if (!r.ok()) return r.error();
    return OkStatus();
  }

  Db& db_;
};

}  // namespace

std::unique_ptr<service::PolicyDataRepository> MakePolicyDataRepository(Db& db) {
  return std::make_unique<SqlPolicyData>(db);
}

}  // namespace bangfu::store
