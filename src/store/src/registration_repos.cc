// SQL repositories for the work calendar and unemployment registrations.
#include "ledger_repos.h"
#include "sql_values.h"
#include "stmt.h"

namespace bangfu::store {
namespace {

using service::CalendarDay;
using service::RegistrationView;
using service::UnemploymentRegistration;



class SqlCalendar final : public service::CalendarRepository {
 public:
  explicit SqlCalendar(Db& db) : db_(db) {}
  Status ReplaceAll(const std::vector<CalendarDay>& days) override {
    return db_.InTransaction([&]() -> Status {
      return db_.Exec("保存节假日", [&](soci::session& s) {
        s << "DELETE FROM calendar_days";
        std::vector<std::string> d, k, n;
        for (const auto& c : days) {
          d.push_back(c.day.ToString());
          k.push_back(c.kind);
          n.push_back(c.name);
        }
        if (!d.empty())
          s << "INSERT INTO calendar_days (day, kind, name) VALUES (:d, :k, :n)", soci::use(d), soci::use(k),
              soci::use(n);
      });
    });
  }
  Result<std::vector<CalendarDay>> All() override {
    using Out = std::vector<CalendarDay>;
    return db_.Run<Out>("读取节假日", [&](soci::session& s) -> Result<Out> {
      std::string day, kind, name;
      Stmt st(s, "SELECT day, kind, name FROM calendar_days ORDER BY day");
      st.Into(day).Into(kind).Into(name);
      Out out;
      if (st.Execute()) {
        do out.push_back({TextDate(day).value_or(Date()), kind, name});
        while (st.Fetch());
      }
      return out;
    });
  }

 private:
  Db& db_;
};

constexpr char kColumns[] =
    "r.id, r.person_id, r.office_region, r.applied_on, r.due_on, r.completed_on, r.status, r.note, r.staff_id, "
    "r.created_at, r.updated_at";

struct Row {
  long long id = 0, person = 0, staff = 0, created = 0, updated = 0;
  std::string office, applied, due, completed, status, note;
  void Bind(Stmt& st) {
    st.Into(id).Into(person).Into(office).Into(applied).Into(due).Into(completed).Into(status).Into(note).Into(staff)
        .Into(created).Into(updated);
  }
  UnemploymentRegistration Get() const {
    UnemploymentRegistration r;
    r.id = id;
    r.person_id = person;
    r.office_region = office;
    r.applied_on = TextDate(applied).value_or(Date());
    r.due_on = TextDate(due).value_or(Date());
    r.completed_on = TextDate(completed);
    r.status = status;
    r.note = note;
    r.staff_id = staff;
    r.created_at = {created};
    r.updated_at = {updated};
    return r;
  }
};

class SqlRegistrations final : public service::RegistrationRepository {
 public:
  explicit SqlRegistrations(Db& db) : db_(db) {}

  Result<int64_t> Insert(const UnemploymentRegistration& r) override {
    return db_.Run<int64_t>("保存失业登记", [&](soci::session& s) -> Result<int64_t> {
      long long id = 0;
      Stmt st(s,
              "INSERT INTO unemployment_registrations (person_id, office_region, applied_on, due_on, "
              "completed_on, status, note, staff_id, created_at, updated_at) VALUES (:p, :o, :a, :d, :c, :s, :n, :st, :t, :t2) "
              "RETURNING id");
      st.Use(static_cast<long long>(r.person_id)).Use(r.office_region).Use(r.applied_on.ToString())
          .Use(r.due_on.ToString()).Use(r.completed_on ? r.completed_on->ToString() : std::string())
          .Use(r.status).Use(r.note).Use(static_cast<long long>(r.staff_id)).Use(static_cast<long long>(r.created_at.micros))
          .Use(static_cast<long long>(r.created_at.micros)).Into(id);
      st.Execute();
      return static_cast<int64_t>(id);
    });
  }

  Result<UnemploymentRegistration> Get(int64_t id) override {
    return db_.Run<UnemploymentRegistration>("读取失业登记", [&](soci::session& s) -> Result<UnemploymentRegistration> {
      Row row;
      Stmt st(s, std::string("SELECT ") + kColumns + " FROM unemployment_registrations r WHERE r.id = :i");
      st.Use(static_cast<long long>(id));
      row.Bind(st);
      if (!st.Execute()) return Error::NotFound("失业登记不存在");
      return row.Get();
    });
  }

  Status Update(const UnemploymentRegistration& r) override {
    return db_.Exec("更新失业登记", [&](soci::session& s) {
      Stmt st(s, "UPDATE unemployment_registrations SET status = :s, completed_on = :c, note = :n, "
                 "updated_at = :u WHERE id = :i");
      st.Use(r.status).Use(r.completed_on ? r.completed_on->ToString() : std::string()).Use(r.note)
          .Use(static_cast<long long>(r.updated_at.micros)).Use(static_cast<long long>(r.id));
      st.Execute();
    });
  }

  Result<std::vector<RegistrationView>> List(const std::string& prefix, const std::string& status) override {
    using Out = std::vector<RegistrationView>;
    return db_.Run<Out>("读取失业登记", [&](soci::session& s) -> Result<Out> {
      Row row;
      std::string name, region;
      Stmt st(s, std::string("SELECT ") + kColumns +
                     ", p.name, p.region_code FROM unemployment_registrations r JOIN persons p ON p.id = r.person_id "
                     "WHERE 1 = 1");
      if (!prefix.empty()) {
        st.Add(" AND ((p.region_code >= :a1", prefix).Add(" AND p.region_code < :a2)", PrefixEnd(prefix));
        st.Add(" OR (r.office_region >= :b1", prefix).Add(" AND r.office_region < :b2))", PrefixEnd(prefix));
      }
      if (!status.empty()) st.Add(" AND r.status = :s", status);
      st.Text(" ORDER BY r.due_on, r.id LIMIT 1000");
      row.Bind(st);
      st.Into(name).Into(region);
      Out out;
      if (st.Execute()) {
        do out.push_back({row.Get(), name, region});
        while (st.Fetch());
      }
      return out;
    });
  }

  Result<std::vector<UnemploymentRegistration>> ForPerson(int64_t person_id) override {
    using Out = std::vector<UnemploymentRegistration>;
    return db_.Run<Out>("读取失业登记", [&](soci::session& s) -> Result<Out> {
      Row row;
      Stmt st(s, std::string("SELECT ") + kColumns + " FROM unemployment_registrations r WHERE r.person_id = :p ORDER BY r.applied_on DESC, r.id DESC");
      st.Use(static_cast<long long>(person_id));
      row.Bind(st);
      Out out;
      if (st.Execute()) {
        do out.push_back(row.Get());
        while (st.Fetch());
      }
      return out;
    });
  }

 private:
  Db& db_;
};

}  // namespace

std::unique_ptr<service::CalendarRepository> MakeCalendarRepository(Db& db) {
  return std::make_unique<SqlCalendar>(db);
}
std::unique_ptr<service::RegistrationRepository> MakeRegistrationRepository(Db& db) {
  return std::make_unique<SqlRegistrations>(db);
}

}  // namespace bangfu::store
