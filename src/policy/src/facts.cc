#include "bangfu/policy/facts.h"

#include <string>

namespace bangfu::policy {
namespace {

// Collects the first broken invariant; every check is a no-op once one has failed.
class Checker {
 public:
  template <typename V>
  void Length(const char* table, const char* column, const V& v, size_t rows) {
    if (ok() && v.size() != rows)
      Fail(table, column,
           "has " + std::to_string(v.size()) + " rows, expected " + std::to_string(rows));
  }
  void RowRef(const char* table, const char* column, const std::vector<Row>& v, size_t target,
              bool nullable) {
    for (size_t i = 0; ok() && i < v.size(); ++i) {
      if (v[i] == kNoRow && nullable) continue;
      if (v[i] < 0 || static_cast<size_t>(v[i]) >= target)
        Fail(table, column,
             "row " + std::to_string(i) + " refers to missing row " + std::to_string(v[i]));
    }
  }
  // CSR offsets: size parents+1, starting at 0, non-decreasing, ending at the child count.
  void Offsets(const char* table, const char* column, const std::vector<uint32_t>& off,
               size_t parents, size_t children) {
    if (!ok()) return;
    if (off.size() != parents + 1) {
      Fail(table, column, "must have one entry more than rows");
      return;
    }
    if (off.front() != 0 || off.back() != children) {
      Fail(table, column, "must start at 0 and end at the number of children");
      return;
    }
    for (size_t i = 1; ok() && i < off.size(); ++i)
      if (off[i] < off[i - 1]) Fail(table, column, "decreases at row " + std::to_string(i));
  }
  void Fail(const char* table, const char* column, const std::string& what) {
    if (ok())
      status_ = Error::InvalidArgument(std::string(table) + "." + column + " " + what,
                                       std::string(table) + "." + column);
  }
  bool ok() const { return status_.ok(); }
  Status status() const { return status_; }

 private:
  Status status_;
};

template <typename V>
size_t Bytes(const std::vector<V>& v) {
  return v.capacity() * sizeof(V);
}
size_t Bytes(const std::vector<std::string>& v) {
  size_t n = v.capacity() * sizeof(std::string);
  for (const auto& s : v) n += s.capacity() > 15 ? s.capacity() : 0;
  return n;
}
template <typename... V>
size_t SumBytes(const V&... v) {
  return (Bytes(v) + ... + 0);
}

}  // namespace

Result<void> Facts::Validate() const {
  Checker c;
  const auto& p = persons;
  const size_t np = p.size();
  c.Length("persons", "birth_date", p.birth_date, np);
  c.Length("persons", "sex", p.sex, np);
  c.Length("persons", "hukou_region", p.hukou_region, np);
  c.Length("persons", "residence_region", p.residence_region, np);
  c.Length("persons", "education", p.education, np);
  c.Length("persons", "graduation_date", p.graduation_date, np);
  c.Length("persons", "household", p.household, np);
  c.Length("persons", "rural_hukou", p.rural_hukou, np);
  c.RowRef("persons", "household", p.household, households.size(), true);
  c.Offsets("persons", "category_offsets", p.category_offsets, np, p.categories.size());
  for (size_t r = 0; c.ok() && r < np; ++r) {
    for (uint32_t i = p.category_offsets[r] + 1; c.ok() && i < p.category_offsets[r + 1]; ++i) {
      const auto& a = p.categories[i - 1];
      const auto& b = p.categories[i];
      if (a.category > b.category || (a.category == b.category && a.from > b.from))
        c.Fail("persons", "categories",
               "of row " + std::to_string(r) + " are not sorted by (category, from)");
    }
  }
  c.Length("households", "zero_employment_since", households.zero_employment_since,
           households.size());

  const auto& e = employers;
  const size_t ne = e.size();
  c.Length("employers", "name", e.name, ne);
  c.Length("employers", "size_class", e.size_class, ne);
  c.Length("employers", "kind", e.kind, ne);
  c.Length("employers", "region", e.region, ne);
  c.Length("employers", "base_recognised", e.base_recognised, ne);
  c.Length("employers", "quality_base_recognised", e.quality_base_recognised, ne);
  c.Length("employers", "incubator_recognised", e.incubator_recognised, ne);
  c.Length("employers", "incubator_level", e.incubator_level, ne);
  c.Length("employers", "workshop_grade", e.workshop_grade, ne);
  c.Length("employers", "workshop_year", e.workshop_year, ne);
  c.Length("employers", "workshop_stable_jobs", e.workshop_stable_jobs, ne);

  const auto& m = employments;
  c.Length("employments", "person", m.person, m.size());
  c.Length("employments", "employer", m.employer, m.size());
  c.Length("employments", "kind", m.kind, m.size());
  c.Length("employments", "start", m.start, m.size());
  c.Length("employments", "end", m.end, m.size());
  c.Length("employments", "contract_months", m.contract_months, m.size());
  c.RowRef("employments", "person", m.person, np, false);
  c.RowRef("employments", "employer", m.employer, ne, true);

  const auto& k = contributions;
  c.Length("contributions", "payer", k.payer, k.size());
  c.Length("contributions", "month", k.month, k.size());
  c.Length("contributions", "amount", k.amount, k.size());
  c.RowRef("contributions", "person", k.person, np, false);
  c.RowRef("contributions", "payer", k.payer, ne, true);
  c.Offsets("contributions", "person_offsets", k.person_offsets, np, k.size());
  for (size_t r = 0; c.ok() && r < np; ++r) {
    for (uint32_t i = k.person_offsets[r]; c.ok() && i < k.person_offsets[r + 1]; ++i) {
      if (k.person[i] != static_cast<Row>(r))
        c.Fail("contributions", "person", "row " + std::to_string(i) + " is outside its person");
      else if (i > k.person_offsets[r] &&
               (k.month[i] < k.month[i - 1] ||
                (k.month[i] == k.month[i - 1] && k.payer[i] < k.payer[i - 1])))
        c.Fail("contributions", "month",
               "not sorted by (person, month, payer) at row " + std::to_string(i));
    }
  }

  const auto& b = businesses;
  const size_t nb = b.size();
  c.Length("businesses", "name", b.name, nb);
  c.Length("businesses", "kind", b.kind, nb);
  c.Length("businesses", "size_class", b.size_class, nb);
  c.Length("businesses", "licence_date", b.licence_date, nb);
  c.Length("businesses", "closed_date", b.closed_date, nb);
  c.Length("businesses", "region", b.region, nb);
  c.Length("businesses", "employees", b.employees, nb);
  c.Length("businesses", "online", b.online, nb);
  c.Length("businesses", "return_home", b.return_home, nb);
  c.Length("businesses", "employer", b.employer, nb);
  c.RowRef("businesses", "employer", b.employer, ne, true);
  c.Offsets("businesses", "founder_offsets", b.founder_offsets, nb, b.founders.size());
  c.RowRef("businesses", "founders", b.founders, np, false);

  const auto& in = internships;
  c.Length("internships", "person", in.person, in.size());
  c.Length("internships", "base", in.base, in.size());
  c.Length("internships", "start", in.start, in.size());
  c.Length("internships", "end", in.end, in.size());
  c.Length("internships", "finished", in.finished, in.size());
  c.Length("internships", "hired_after", in.hired_after, in.size());
  c.RowRef("internships", "person", in.person, np, false);
  c.RowRef("internships", "base", in.base, ne, true);

  const auto& t = trainings;
  c.Length("trainings", "person", t.person, t.size());
  c.Length("trainings", "institution", t.institution, t.size());
  c.Length("trainings", "kind", t.kind, t.size());
  c.Length("trainings", "course", t.course, t.size());
  c.Length("trainings", "start", t.start, t.size());
  c.Length("trainings", "end", t.end, t.size());
  c.Length("trainings", "days_attended", t.days_attended, t.size());
  c.Length("trainings", "subsidised", t.subsidised, t.size());
  c.Length("trainings", "completed", t.completed, t.size());
  c.Length("trainings", "certificate", t.certificate, t.size());
  c.RowRef("trainings", "person", t.person, np, false);

  const auto& pl = placements;
  c.Length("placements", "person", pl.person, pl.size());
  c.Length("placements", "employer", pl.employer, pl.size());
  c.Length("placements", "start", pl.start, pl.size());
  c.Length("placements", "end", pl.end, pl.size());
  c.RowRef("placements", "person", pl.person, np, false);
  c.RowRef("placements", "employer", pl.employer, ne, true);

  const auto& d = dibao_payments;
  c.Length("dibao_payments", "household", d.household, d.size());
  c.Length("dibao_payments", "month", d.month, d.size());
  c.Length("dibao_payments", "amount", d.amount, d.size());
  c.RowRef("dibao_payments", "person", d.person, np, true);
  c.RowRef("dibao_payments", "household", d.household, households.size(), false);

  const auto& pd = paid;
  c.Length("paid", "person", pd.person, pd.size());
  c.Length("paid", "employer", pd.employer, pd.size());
  c.Length("paid", "business", pd.business, pd.size());
  c.Length("paid", "paid_on", pd.paid_on, pd.size());
  c.Length("paid", "amount", pd.amount, pd.size());
  c.Length("paid", "subject", pd.subject, pd.size());
  c.RowRef("paid", "person", pd.person, np, true);
  c.RowRef("paid", "employer", pd.employer, ne, true);
  c.RowRef("paid", "business", pd.business, nb, true);
  return c.status();
}

size_t Facts::MemoryBytes() const {
  const auto& p = persons;
  const auto& e = employers;
  const auto& m = employments;
  const auto& k = contributions;
  const auto& b = businesses;
  const auto& in = internships;
  const auto& t = trainings;
  const auto& pl = placements;
  const auto& d = dibao_payments;
  const auto& pd = paid;
  return SumBytes(p.id, p.birth_date, p.sex, p.hukou_region, p.residence_region, p.education,
                  p.graduation_date, p.household, p.rural_hukou, p.category_offsets, p.categories) +
         SumBytes(households.id, households.zero_employment_since) +
         SumBytes(e.id, e.name, e.size_class, e.kind, e.region, e.base_recognised,
                  e.quality_base_recognised, e.incubator_recognised, e.incubator_level,
                  e.workshop_grade, e.workshop_year, e.workshop_stable_jobs) +
         SumBytes(m.id, m.person, m.employer, m.kind, m.start, m.end, m.contract_months) +
         SumBytes(k.person, k.payer, k.month, k.amount, k.person_offsets) +
         SumBytes(b.id, b.name, b.kind, b.size_class, b.licence_date, b.closed_date, b.region, b.employees,
                  b.online, b.return_home, b.employer, b.founder_offsets, b.founders) +
         SumBytes(in.id, in.person, in.base, in.start, in.end, in.finished, in.hired_after) +
         SumBytes(t.id, t.person, t.institution, t.kind, t.course, t.start, t.end, t.days_attended,
                  t.subsidised, t.completed, t.certificate) +
         SumBytes(pl.id, pl.person, pl.employer, pl.start, pl.end) +
         SumBytes(d.person, d.household, d.month, d.amount) +
         SumBytes(pd.rule, pd.person, pd.employer, pd.business, pd.paid_on, pd.amount, pd.subject);
}

}  // namespace bangfu::policy
