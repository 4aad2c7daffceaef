// Batch evaluation: every rule over its subject table in batches of kBatch rows on all cores,
// conditions cheapest first over a shrinking selection vector; then once-groups, caps and the
// paid ledger in one sequential pass in pack order.
#include <algorithm>
#include <atomic>
#include <numeric>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "eval.h"

namespace bangfu::policy {
namespace {

// Builds a CSR index from parent → child, children ordered by `less`.
template <typename ParentOf, typename Less>
Csr BuildCsr(size_t parents, size_t children, ParentOf parent_of, Less less) {
  Csr c;
  c.offsets.assign(parents + 1, 0);
  for (size_t i = 0; i < children; ++i) {
    const Row p = parent_of(static_cast<Row>(i));
    if (p >= 0 && static_cast<size_t>(p) < parents) ++c.offsets[p + 1];
  }
  std::partial_sum(c.offsets.begin(), c.offsets.end(), c.offsets.begin());
  c.items.resize(c.offsets.back());
  std::vector<uint32_t> fill(c.offsets.begin(), c.offsets.end() - 1);
  for (size_t i = 0; i < children; ++i) {
    const Row p = parent_of(static_cast<Row>(i));
    if (p >= 0 && static_cast<size_t>(p) < parents) c.items[fill[p]++] = static_cast<Row>(i);
  }
  for (size_t p = 0; p < parents; ++p) {
    Row* b = c.items.data() + c.offsets[p];
    Row* e = c.items.data() + c.offsets[p + 1];
    if (e - b > 1) std::sort(b, e, less);
  }
  return c;
}

std::unique_ptr<Engine::Indexes> BuildIndexes(const Facts& f) {
  auto ix = std::make_unique<Engine::Indexes>();
  const size_t np = f.persons.size(), ne = f.employers.size();
  const auto& m = f.employments;
  ix->person_employments = BuildCsr(
      np, m.size(), [&](Row r) { return m.person[r]; },
      [&](Row a, Row b) { return m.start[a] != m.start[b] ? m.start[a] < m.start[b] : a < b; });
  ix->employer_employments = BuildCsr(
      ne, m.size(), [&](Row r) { return m.employer[r]; }, std::less<Row>());
  ix->employer_internships = BuildCsr(
      ne, f.internships.size(), [&](Row r) { return f.internships.base[r]; }, std::less<Row>());
  // Founders: a business may have several; index every (founder, business) pair.
  const auto& b = f.businesses;
  std::vector<Row> pair_business;
  std::vector<Row> pair_founder;
  for (size_t r = 0; r < b.size(); ++r) {
    for (uint32_t k = b.founder_offsets[r]; k < b.founder_offsets[r + 1]; ++k) {
      pair_business.push_back(static_cast<Row>(r));
      pair_founder.push_back(b.founders[k]);
    }
  }
  ix->person_businesses = BuildCsr(
      np, pair_founder.size(), [&](Row i) { return pair_founder[i]; }, std::less<Row>());
  for (Row& x : ix->person_businesses.items) x = pair_business[x];
  for (size_t p = 0; p < np; ++p) {
    Row* s = ix->person_businesses.items.data() + ix->person_businesses.offsets[p];
    Row* e = ix->person_businesses.items.data() + ix->person_businesses.offsets[p + 1];
    std::sort(s, e, [&](Row x, Row y) {
      return b.licence_date[x] != b.licence_date[y] ? b.licence_date[x] < b.licence_date[y] : x < y;
    });
  }
  const auto& t = f.trainings;
  ix->person_trainings = BuildCsr(
      np, t.size(), [&](Row r) { return t.person[r]; },
      [&](Row x, Row y) { return t.end[x] != t.end[y] ? t.end[x] < t.end[y] : x < y; });
  const auto& d = f.dibao_payments;
  ix->household_dibao = BuildCsr(
      f.households.size(), d.size(), [&](Row r) { return d.household[r]; },
      [&](Row x, Row y) { return d.month[x] != d.month[y] ? d.month[x] < d.month[y] : x < y; });
  return ix;
}

bool AnyUnconfigured(const std::vector<int>& params, const std::vector<ParamValue>& pv) {
  for (int p : params)
    if (!pv[p].configured) return true;
  return false;
}

bool SamePeriod(Period per, Date a, Date b) {
  // A payment without a date counts as in every period: never pay twice for want of a date.
  if (a.days() == kNoDay || a.days() == kOpenDay) return true;
  switch (per) {
    case Period::kEver:
      return true;
    case Period::kYear:
      return a.year() == b.year();
    case Period::kMonth:
      return MonthOf(a) == MonthOf(b);
  }
  return true;
}

// The outcome of the amount for rows whose conditions all held (or were unknown); writes
// amounts and may turn rows undecidable. `rows` are the rows to price.
struct Pricer {
  const RuleDecl& rule;
  const EvalCtx& c;
  Scratch& sc;

  // amount[i] for rows[i]; null[i] when it cannot be priced; capped[i] when a cap lowered it.
  void Price(const Row* rows, int n, int64_t* amount, uint8_t* null, uint8_t* capped) {
    Vec& base = sc.at(rule.amount.expr->slot);
    Eval(*rule.amount.expr, c, rule.subject, rows, n, &base, sc);
    for (int i = 0; i < n; ++i) {
      amount[i] = base.v[i];
      null[i] = base.null[i];
      capped[i] = 0;
    }
    std::vector<uint8_t> decided(n, 0);
    for (const auto& ex : rule.exceptions) {
      Vec& w = sc.at(ex.when.expr->slot);
      Eval(*ex.when.expr, c, rule.subject, rows, n, &w, sc);
      Vec& a = sc.at(ex.amount.expr->slot);
      Eval(*ex.amount.expr, c, rule.subject, rows, n, &a, sc);
      for (int i = 0; i < n; ++i) {
        if (decided[i]) continue;
        if (w.null[i]) {
          null[i] = 1;  // cannot tell which amount applies
          decided[i] = 1;
        } else if (w.v[i]) {
          amount[i] = a.v[i];
          null[i] = a.null[i];
          decided[i] = 1;
        }
      }
    }
    if (!rule.cap.expr) return;
    Vec& cap = sc.at(rule.cap.expr->slot);
    Eval(*rule.cap.expr, c, rule.subject, rows, n, &cap, sc);
    for (int i = 0; i < n; ++i) {
      if (cap.null[i])
        null[i] = 1;
      else if (amount[i] > cap.v[i])
        amount[i] = cap.v[i], capped[i] = 1;
    }
  }
};

constexpr uint8_t Pack2(Outcome o, LimitApplied l) {
  return static_cast<uint8_t>(static_cast<uint8_t>(o) | static_cast<uint8_t>(l) << 2);
}

}  // namespace

std::string_view Name(Outcome o) {
  static constexpr std::string_view k[] = {"not_eligible", "eligible", "undecidable",
                                           "not_configured"};
  return k[static_cast<int>(o)];
}
std::string_view Name(LimitApplied l) {
  static constexpr std::string_view k[] = {"none", "already_paid", "taken_in_run", "capped",
                                           "top_up"};
  return k[static_cast<int>(l)];
}

Engine::Engine(std::shared_ptr<const Pack> pack, const Facts& facts)
    : pack_(std::move(pack)), facts_(facts) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Create(std::shared_ptr<const Pack> pack,
                                               const Facts& facts) {
  if (!pack) return Error::InvalidArgument("no pack");
  BANGFU_RETURN_IF_ERROR(facts.Validate());
  std::unique_ptr<Engine> e(new Engine(std::move(pack), facts));
  e->ix_ = BuildIndexes(facts);
  return e;
}

RunResult Engine::Run(Date as_of, int threads, const std::vector<ParamOverride>& overrides,
                      const std::vector<int>& only) const {
  const Pack& pack = *pack_;
  const size_t nr = pack.rules.size();
  RunResult out;
  out.as_of_ = as_of;
  out.overrides_ = overrides;
  out.outcome_.resize(nr);
  out.amount_.resize(nr);
  out.counts_.assign(nr, {0, 0, 0, 0});
  out.eligible_before_limits_.assign(nr, 0);
  out.total_amount_.assign(nr, 0);
  out.params_ =
      std::make_shared<const std::vector<ParamValue>>(ResolveParams(pack, as_of, overrides));
  out.params_pack_ = pack_;
  const std::vector<ParamValue>& params = *out.params_;
  const EvalCtx ctx{facts_, *ix_, as_of, MonthOf(as_of), params};

  struct Task {
    int rule;
    Row lo, hi;
  };
  std::vector<Task> tasks;
  constexpr Row kChunk = 16 * kBatch;
  for (size_t r = 0; r < nr; ++r) {
    const RuleDecl& rule = pack.rules[r];
    if (!only.empty() && std::find(only.begin(), only.end(), static_cast<int>(r)) == only.end())
      continue;
    const size_t rows = SubjectRows(facts_, rule.subject);
    out.outcome_[r].assign(rows, Pack2(Outcome::kNotEligible, LimitApplied::kNone));
    if (AnyUnconfigured(rule.condition_params, params)) {
      std::fill(out.outcome_[r].begin(), out.outcome_[r].end(),
                Pack2(Outcome::kNotConfigured, LimitApplied::kNone));
      continue;
    }
    for (Row lo = 0; lo < static_cast<Row>(rows); lo += kChunk)
      tasks.push_back(
          {static_cast<int>(r), lo, std::min<Row>(lo + kChunk, static_cast<Row>(rows))});
  }

  std::vector<std::vector<std::pair<Row, int64_t>>> task_amounts(tasks.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    Scratch sc(pack.slots);
    Row sel[kBatch];
    uint8_t unknown[kBatch];
    int64_t amount[kBatch];
    uint8_t null[kBatch], capped[kBatch];
    for (size_t t; (t = next.fetch_add(1)) < tasks.size();) {
      const Task& task = tasks[t];
      const RuleDecl& rule = pack.rules[task.rule];
      const bool amount_unconfigured = AnyUnconfigured(rule.amount_params, params);
      uint8_t* oc = out.outcome_[task.rule].data();
      auto& am = task_amounts[t];
      // Adaptive order: start cheap-first, then after each batch rank conditions by cost per
      // row dropped, as observed in this task, so selective cheap ones run first.
      std::vector<int> order = rule.order;
      std::vector<int64_t> seen(rule.conditions.size(), 0), dropped(rule.conditions.size(), 0);
      auto rank = [&](int ci) {
        const double drop = seen[ci] ? (dropped[ci] + 1.0) / (seen[ci] + 2.0) : 0.5;
        return rule.conditions[ci].cost / drop;
      };
      for (Row base = task.lo; base < task.hi; base += kBatch) {
        int n = std::min<Row>(kBatch, task.hi - base);
        for (int i = 0; i < n; ++i) sel[i] = base + i, unknown[i] = 0;
        for (int ci : order) {
          const Clause& cond = rule.conditions[ci];
          Vec& v = sc.at(cond.expr->slot);
          Eval(*cond.expr, ctx, rule.subject, sel, n, &v, sc);
          int m = 0;
          // Branch-free compaction: a false row stays not eligible and leaves the selection.
          for (int i = 0; i < n; ++i) {
            const bool keep = v.null[i] | (v.v[i] != 0);
            unknown[m] = unknown[i] | v.null[i];
            sel[m] = sel[i];
            m += keep;
          }
          seen[ci] += n;
          dropped[ci] += n - m;
          n = m;
          if (n == 0) break;
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return rank(a) < rank(b); });
        if (n == 0) continue;
        if (amount_unconfigured) {
          for (int i = 0; i < n; ++i)
            oc[sel[i]] = Pack2(Outcome::kNotConfigured, LimitApplied::kNone);
          continue;
        }
        Pricer{rule, ctx, sc}.Price(sel, n, amount, null, capped);
        // A missing amount is "not configured" only when a per-course value is missing.
        bool priced_by_key = false;
        for (int p : rule.amount_params) priced_by_key |= pack.params[p].keyed;
        for (int i = 0; i < n; ++i) {
          Outcome o = unknown[i] ? Outcome::kUndecidable : Outcome::kEligible;
          if (o == Outcome::kEligible && null[i])
            o = priced_by_key ? Outcome::kNotConfigured : Outcome::kUndecidable;
          oc[sel[i]] = Pack2(o, capped[i] && o == Outcome::kEligible ? LimitApplied::kCapped
                                                                     : LimitApplied::kNone);
          if (o == Outcome::kEligible) am.emplace_back(sel[i], amount[i]);
        }
      }
    }
  };
  const int n_threads = std::max(
      1,
      std::min<int>(threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency()),
                    static_cast<int>(tasks.size())));
  std::vector<std::thread> pool;
  for (int i = 1; i < n_threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  // Tasks of a rule cover increasing row ranges, so concatenation keeps rows sorted.
  for (size_t t = 0; t < tasks.size(); ++t) {
    auto& dst = out.amount_[tasks[t].rule];
    dst.insert(dst.end(), task_amounts[t].begin(), task_amounts[t].end());
  }

  ApplyLimits(out);
  return out;
}

void Engine::ApplyLimits(RunResult& out) const {
  const Pack& pack = *pack_;
  const Facts& f = facts_;
  const Date as_of = out.as_of_;
  const auto& paid = f.paid;
  // What the paid ledger already holds, per group key and per rule subject.
  std::vector<std::unordered_set<int64_t>> group_paid(pack.groups.size());
  std::vector<std::unordered_map<int64_t, int64_t>> group_paid_sum(pack.groups.size());
  std::vector<std::unordered_set<int64_t>> rule_paid(pack.rules.size());
  // Only the rules this run evaluated (all, unless it was asked for some) and their groups need
  // the ledger read.
  auto evaluated = [&](int r) { return !out.outcome_[r].empty(); };
  std::unordered_map<std::string_view, std::vector<int>> groups_of_name;
  for (size_t g = 0; g < pack.groups.size(); ++g) {
    const auto& members = pack.groups[g].rules;
    if (std::none_of(members.begin(), members.end(), evaluated)) continue;
    groups_of_name[pack.groups[g].name].push_back(static_cast<int>(g));
    for (int r : members) groups_of_name[pack.rules[r].id].push_back(static_cast<int>(g));
  }
  std::unordered_map<std::string_view, int> rule_of_id;
  for (size_t r = 0; r < pack.rules.size(); ++r)
    if (evaluated(static_cast<int>(r))) rule_of_id[pack.rules[r].id] = static_cast<int>(r);
  for (size_t i = 0; i < paid.size(); ++i) {
    if (auto it = rule_of_id.find(paid.rule[i]); it != rule_of_id.end()) {
      const RuleDecl& rule = pack.rules[it->second];
      if (SamePeriod(rule.per, paid.paid_on[i], as_of) && paid.subject[i] != 0)
        rule_paid[it->second].insert(paid.subject[i]);
    }
    auto it = groups_of_name.find(paid.rule[i]);
    if (it == groups_of_name.end()) continue;
    for (int g : it->second) {
      const GroupDecl& gd = pack.groups[g];
      if (!SamePeriod(gd.per, paid.paid_on[i], as_of)) continue;
      int64_t key = kNoRow;
      switch (gd.key) {
        case GroupKey::kPerson:
          key = paid.person[i];
          break;
        case GroupKey::kEmployer:
          key = paid.employer[i];
          break;
        case GroupKey::kBusiness:
          key = paid.business[i];
          break;
        case GroupKey::kSubject:
          key = paid.subject[i];
          break;
      }
      if (key == kNoRow || (gd.key == GroupKey::kSubject && key == 0)) continue;
      group_paid[g].insert(key);
      group_paid_sum[g][key] += paid.amount[i];
    }
  }

  std::vector<std::unordered_set<int64_t>> taken(pack.groups.size());
  std::vector<std::unordered_map<int64_t, int64_t>> run_sum(pack.groups.size());
  for (size_t r = 0; r < pack.rules.size(); ++r) {
    const RuleDecl& rule = pack.rules[r];
    auto& oc = out.outcome_[r];
    // In a top_up group the group decides what an earlier payment leaves to pay.
    const bool tops_up = std::any_of(rule.groups.begin(), rule.groups.end(),
                                     [&](int g) { return pack.groups[g].top_up; });
    std::vector<std::pair<int, int64_t>> keys;  // (group, key) this decision takes
    for (auto& [sr, amount] : out.amount_[r]) {
      keys.clear();
      ++out.eligible_before_limits_[r];
      LimitApplied limit = static_cast<LimitApplied>(oc[sr] >> 2);
      const int64_t sid = SubjectId(f, rule.subject, sr);
      if (!tops_up && rule_paid[r].count(sid)) limit = LimitApplied::kAlreadyPaid;
      for (int g : rule.groups) {
        if (limit == LimitApplied::kAlreadyPaid || limit == LimitApplied::kTakenInRun) break;
        const GroupDecl& gd = pack.groups[g];
        int64_t key = kNoRow;
        switch (gd.key) {
          case GroupKey::kPerson:
            key = EntityRow(f, rule.subject, Entity::kPerson, sr);
            break;
          case GroupKey::kEmployer:
            key = EntityRow(f, rule.subject, Entity::kEmployer, sr);
            break;
          case GroupKey::kBusiness:
            key = sr;
            break;
          case GroupKey::kSubject:
            key = sid;
            break;
        }
        if (key == kNoRow) continue;
        if (gd.top_up) {
          const int64_t before = group_paid_sum[g][key], in_run = run_sum[g][key];
          if (group_paid[g].count(key) || taken[g].count(key)) {
            if (amount <= before + in_run) {
              limit = amount <= before ? LimitApplied::kAlreadyPaid : LimitApplied::kTakenInRun;
            } else {
              amount -= before + in_run;
              limit = LimitApplied::kTopUp;
            }
          }
        } else if (group_paid[g].count(key) && gd.total < 0) {
          limit = LimitApplied::kAlreadyPaid;
        } else if (taken[g].count(key) && gd.total < 0) {
          limit = LimitApplied::kTakenInRun;
        } else if (gd.total >= 0) {
          const int64_t used = group_paid_sum[g][key] + run_sum[g][key];
          const int64_t left = gd.total - used;
          if (left <= 0) {
            limit = group_paid_sum[g][key] >= gd.total ? LimitApplied::kAlreadyPaid
                                                       : LimitApplied::kTakenInRun;
          } else if (amount > left) {
            amount = left;
            limit = LimitApplied::kCapped;
          }
        }
        keys.emplace_back(g, key);
      }
      if (limit == LimitApplied::kAlreadyPaid || limit == LimitApplied::kTakenInRun) {
        oc[sr] = Pack2(Outcome::kNotEligible, limit);
        amount = 0;
        continue;
      }
      oc[sr] = Pack2(Outcome::kEligible, limit);
      for (const auto& [g, key] : keys) {
        taken[g].insert(key);
        // Only totals and top-ups read what the run has paid so far.
        if (pack.groups[g].total >= 0 || pack.groups[g].top_up) run_sum[g][key] += amount;
      }
      out.total_amount_[r] += amount;
    }
    for (uint8_t o : oc) ++out.counts_[r][o & 3];
  }
}

int64_t RunResult::amount(int rule, Row row) const {
  const auto& v = amount_[rule];
  auto it = std::lower_bound(v.begin(), v.end(), row,
                             [](const std::pair<Row, int64_t>& e, Row r) { return e.first < r; });
  return it != v.end() && it->first == row ? it->second : 0;
}

Decision Engine::At(const RunResult& run, int rule, Row row) const {
  const RuleDecl& r = pack_->rules[rule];
  Decision d;
  d.rule = rule;
  d.subject = row;
  d.outcome = run.outcome(rule, row);
  d.limit = run.limit(rule, row);
  d.amount = run.amount(rule, row);
  d.payee_kind = r.payee;
  d.payee_id = PayeeId(r, row);
  return d;
}

int64_t Engine::PayeeId(const RuleDecl& r, Row row) const {
  const Facts& f = facts_;
  switch (r.payee) {
    case PayeeKind::kPerson: {
      const Row p = EntityRow(f, r.subject, Entity::kPerson, row);
      return p == kNoRow ? 0 : f.persons.id[p];
    }
    case PayeeKind::kEmployer:
    case PayeeKind::kBase: {
      const Row e = EntityRow(f, r.subject, Entity::kEmployer, row);
      return e == kNoRow ? 0 : f.employers.id[e];
    }
    case PayeeKind::kBusiness:
      return f.businesses.id[row];
    case PayeeKind::kInstitution:
      return f.trainings.institution[row];
  }
  return 0;
}

}  // namespace bangfu::policy
