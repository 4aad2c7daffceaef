#include "bangfu/service/policy_service.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bangfu/service/facts_loader.h"
#include "explanation_json.h"

namespace bangfu::service {

namespace {

using nlohmann::json;
using policy::Facts;
using policy::Row;
using policy::SubjectKind;

// The person a subject row is about; kNoRow for employer grants.
Row PersonOf(const Facts& f, SubjectKind s, Row row) {
  switch (s) {
    case SubjectKind::kPerson: return row;
    case SubjectKind::kEmployment: return f.employments.person[row];
    case SubjectKind::kInternship: return f.internships.person[row];
    case SubjectKind::kTraining: return f.trainings.person[row];
    case SubjectKind::kPlacement: return f.placements.person[row];
    case SubjectKind::kBusiness: {
      const auto& b = f.businesses;
      return b.founder_offsets[row] < b.founder_offsets[row + 1] ? b.founders[b.founder_offsets[row]]
                                                                 : policy::kNoRow;
    }
    case SubjectKind::kEmployer: return policy::kNoRow;
  }
  return policy::kNoRow;
}

int64_t SubjectId(const Facts& f, SubjectKind s, Row row) {
  switch (s) {
    case SubjectKind::kPerson: return f.persons.id[row];
    case SubjectKind::kEmployment: return f.employments.id[row];
    case SubjectKind::kInternship: return f.internships.id[row];
    case SubjectKind::kTraining: return f.trainings.id[row];
    case SubjectKind::kPlacement: return f.placements.id[row];
    case SubjectKind::kBusiness: return f.businesses.id[row];
    case SubjectKind::kEmployer: return f.employers.id[row];
  }
  return 0;
}

std::string RegionText(int64_t code) { return code > 0 ? fmt::format("{:012}", code) : std::string(); }

std::string PeriodOf(policy::PayPeriod p, Date as_of) {
  switch (p) {
    case policy::PayPeriod::kEver: return "";
    case policy::PayPeriod::kYear: return fmt::format("{}", as_of.year());
    case policy::PayPeriod::kMonth: return fmt::format("{}-{:02}", as_of.year(), as_of.month());
  }
  return "";
}

}  // namespace

Result<WhatIfSet> ParseWhatIfSet(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    return Error::InvalidArgument("参数应写作 名称=值，如 intern_monthly=1400: " + text, "set");
  WhatIfSet s;
  s.name = text.substr(0, eq);
  s.value = text.substr(eq + 1);
  if (auto lb = s.name.find('['); lb != std::string::npos) {
    if (s.name.back() != ']') return Error::InvalidArgument("参数键应写作 名称[键]=值: " + text, "set");
    s.key = s.name.substr(lb + 1, s.name.size() - lb - 2);
    s.name = s.name.substr(0, lb);
  }
  return s;
}

Status PolicyService::LoadPacks(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error::NotFound("找不到政策包目录: " + dir, "policies");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Loaded> loaded;
  std::string errors;
  for (const auto& f : files) {
    auto r = policy::LoadPackFile(f.string());
    for (const auto& d : r.diagnostics)
      if (d.severity == policy::Severity::kError) errors += d.ToString() + "\n";
    if (!r.ok()) continue;
    Loaded l;
    l.pack = r.pack;
    l.summary.id = std::string(policy::PackId(*r.pack));
    l.summary.file = f.filename().string();
    l.summary.rules = policy::Rules(*r.pack);
    loaded.push_back(std::move(l));
  }
  if (!errors.empty()) return Error::InvalidArgument("政策包有错误:\n" + errors, "policies");
  packs_ = std::move(loaded);
  return OkStatus();
}

std::vector<PackSummary> PolicyService::Packs() const {
  std::vector<PackSummary> out;
  for (const auto& l : packs_) out.push_back(l.summary);
  return out;
}

Result<std::vector<const PolicyService::Loaded*>> PolicyService::Chosen(const std::string& id) const {
  std::vector<const Loaded*> out;
  for (const auto& l : packs_)
    if (id.empty() || l.summary.id == id) out.push_back(&l);
  if (out.empty())
    return id.empty() ? Error::FailedPrecondition("没有加载任何政策包", "pack")
                      : Error::NotFound("政策包不存在: " + id, "pack");
  return out;
}

Result<PolicyRun> PolicyService::Run(const RequestContext& ctx, const PolicyRunOptions& o) {
  if (!EntitlementService::CanDecide(ctx.principal.role))
    return Error::PermissionDenied("只有区级工作人员和管理员可以运行政策");
  BANGFU_ASSIGN_OR_RETURN(auto packs, Chosen(o.pack_id));
  const Timestamp started = clock_.Now();
  Facts facts;
  LoadFactsOptions load;
  load.region_prefix = ctx.principal.scope;
  load.as_of = o.as_of;
  BANGFU_RETURN_IF_ERROR(LoadFacts(store_, load, facts));
  auto phase = [&](std::string_view name) {
    if (o.on_phase) o.on_phase(name);
  };
  phase("load");

  std::unordered_map<int64_t, Row> employer_row;
  for (size_t i = 0; i < facts.employers.size(); ++i) employer_row[facts.employers.id[i]] = static_cast<Row>(i);
  // Every person a candidate names, read in batches after the evaluation (below); one that is
  // not there is not read again one by one.
  std::unordered_map<int64_t, PersonLabel> people;
  auto person = [&](int64_t id) -> const PersonLabel* {
    auto it = people.find(id);
    return it == people.end() ? nullptr : &it->second;
  };

  PolicyRun run;
  run.as_of = o.as_of;
  run.started_at = started;
  std::vector<Entitlement> candidates;
  json summary = json::object();
  std::string pack_ids;
  struct Evaluated {
    std::unique_ptr<policy::Engine> engine;
    policy::RunResult result;
  };
  std::vector<Evaluated> evaluated;
  for (const Loaded* l : packs) {
    BANGFU_ASSIGN_OR_RETURN(auto pack, Effective(*l));
    BANGFU_ASSIGN_OR_RETURN(auto engine, policy::Engine::Create(pack, facts));
    policy::RunResult result = engine->Run(o.as_of);
    evaluated.push_back({std::move(engine), std::move(result)});
  }
  phase("evaluate");
  // The decisions that pay something, in pack, rule and row order, kept from this one pass.
  struct Payable {
    size_t pack;
    int rule;
    Row row;
    policy::Decision decision;
  };
  std::vector<Payable> payable;
  std::vector<int64_t> ids;  // The people candidates name.
  {
    for (size_t k = 0; k < packs.size(); ++k) {
      const auto& [engine, result] = evaluated[k];
      const auto& rules = packs[k]->summary.rules;
      for (int r = 0; r < static_cast<int>(rules.size()); ++r) {
        if (result.count(r, policy::Outcome::kEligible) == 0) continue;
        for (Row row = 0; row < static_cast<Row>(result.rows(r)); ++row) {
          if (result.outcome(r, row) != policy::Outcome::kEligible) continue;
          const policy::Decision d = engine->At(result, r, row);
          if (d.amount <= 0) continue;  // A fully used cap pays nothing.
          const Row prow = PersonOf(facts, rules[r].subject, row);
          if (prow != policy::kNoRow) ids.push_back(facts.persons.id[prow]);
          if (d.payee_kind == policy::PayeeKind::kPerson) ids.push_back(d.payee_id);
          payable.push_back({k, r, row, d});
        }
      }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  // Explanations on every core (Engine::Explain is const; each thread has its own memory),
  // while this thread first reads the people's names in a few statements, then joins in.
  std::vector<std::string> why(payable.size());
  {
    std::atomic<size_t> next_chunk{0};
    auto explain = [&] {
      constexpr size_t kChunk = 256;
      policy::ExplainMemory memory;
      for (size_t s; (s = next_chunk.fetch_add(kChunk)) < payable.size();) {
        for (size_t i = s; i < std::min(payable.size(), s + kChunk); ++i) {
          const Payable& p = payable[i];
          const Evaluated& ev = evaluated[p.pack];
          auto x = ev.engine->Explain(ev.result, packs[p.pack]->summary.rules[p.rule].id, p.row,
                                      memory);
          if (x.ok()) why[i] = ExplanationJson(*x);
        }
      }
    };
    std::vector<std::thread> helpers;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned t = 1; t < cores && payable.size() > 1000; ++t) helpers.emplace_back(explain);
    people.reserve(ids.size());
    Status labels = store_.policy_data().PersonLabels(
        ids, [&](std::span<const PersonLabel> b) -> Status {
          for (const auto& p : b) people.emplace(p.id, p);
          return OkStatus();
        });
    explain();
    for (auto& h : helpers) h.join();
    BANGFU_RETURN_IF_ERROR(labels);
  }
  auto next = payable.begin();
  for (size_t k = 0; k < packs.size(); ++k) {
    const Loaded* l = packs[k];
    const policy::RunResult& result = evaluated[k].result;
    pack_ids += (pack_ids.empty() ? "" : ",") + l->summary.id;
    const auto& rules = l->summary.rules;
    for (int r = 0; r < static_cast<int>(rules.size()); ++r) {
      const auto& info = rules[r];
      const int64_t eligible = result.count(r, policy::Outcome::kEligible);
      run.subjects += static_cast<int64_t>(result.rows(r));
      run.eligible += eligible;
      run.undecidable += result.count(r, policy::Outcome::kUndecidable);
      run.not_configured += result.count(r, policy::Outcome::kNotConfigured) > 0 ? 1 : 0;
      summary[info.id] = {{"eligible", eligible},
                          {"undecidable", result.count(r, policy::Outcome::kUndecidable)},
                          {"not_configured", result.count(r, policy::Outcome::kNotConfigured)},
                          {"amount_fen", result.total_amount(r)}};
      for (; next != payable.end() && next->pack == k && next->rule == r; ++next) {
        const Row row = next->row;
        const policy::Decision& d = next->decision;
        Entitlement e;
        e.pack_id = l->summary.id;
        e.rule_id = info.id;
        e.rule_name = info.name;
        e.clause = info.clause;
        e.subject_kind = std::string(policy::Name(info.subject));
        e.subject_id = SubjectId(facts, info.subject, row);
        e.period = PeriodOf(info.period, o.as_of);
        e.payee_kind = std::string(policy::Name(d.payee_kind));
        e.payee_id = d.payee_id;
        e.amount_fen = d.amount;
        // A loan ceiling (创业担保贷款) is an eligibility to notify, never paid.
        if (!info.payment) e.kind = std::string(kLoanLimitKind);
        const Row prow = PersonOf(facts, info.subject, row);
        if (prow != policy::kNoRow) {
          e.person_id = facts.persons.id[prow];
          if (const PersonLabel* p = person(e.person_id)) {
            e.person_name = p->name;
            e.region_code = p->region_code;
          }
        }
        if (d.payee_kind == policy::PayeeKind::kPerson) {
          if (const PersonLabel* p = person(d.payee_id)) e.payee_name = p->name;
        } else if (d.payee_kind == policy::PayeeKind::kBusiness) {
          // The payee of a business rule is its subject row.
          const std::string& name = facts.businesses.name[row];
          e.payee_name = name.empty() ? fmt::format("经营主体（编号 {}）", d.payee_id) : name;
        } else if (auto it = employer_row.find(d.payee_id); it != employer_row.end()) {
          e.payee_name = facts.employers.name[it->second];
          if (e.region_code.empty()) e.region_code = RegionText(facts.employers.region[it->second]);
        }
        // Records of people or organisations outside the caller's scope belong to another
        // district's run.
        if (e.region_code.size() != 12 || !InScope(ctx.principal.scope, e.region_code)) continue;
        e.explanation = std::move(why[static_cast<size_t>(next - payable.begin())]);
        candidates.push_back(std::move(e));
      }
    }
  }
  run.pack_id = pack_ids;
  run.summary = summary.dump();
  run.finished_at = clock_.Now();
  phase("explain");
  auto recorded = entitlements_.RecordRun(ctx, std::move(run), std::move(candidates));
  phase("write");
  return recorded;
}

Result<WhatIfReport> PolicyService::WhatIf(const RequestContext& ctx, const PolicyRunOptions& o,
                                           const std::vector<WhatIfSet>& sets) {
  if (!EntitlementService::CanRead(ctx.principal.role))
    return Error::PermissionDenied("当前角色不能进行政策模拟");
  if (sets.empty()) return Error::InvalidArgument("请至少设置一个参数", "set");
  BANGFU_ASSIGN_OR_RETURN(auto packs, Chosen(o.pack_id));
  Facts facts;
  LoadFactsOptions load;
  load.region_prefix = ctx.principal.scope;
  load.as_of = o.as_of;
  BANGFU_RETURN_IF_ERROR(LoadFacts(store_, load, facts));
  WhatIfReport report;
  report.as_of = o.as_of;
  std::vector<bool> used(sets.size(), false);
  for (const Loaded* l : packs) {
    std::vector<policy::ParamOverride> overrides;
    BANGFU_ASSIGN_OR_RETURN(auto pack, Effective(*l));
    for (size_t i = 0; i < sets.size(); ++i) {
      auto ov = policy::MakeOverride(*pack, sets[i].name, sets[i].key, sets[i].value);
      if (ov.ok()) {
        overrides.push_back(*ov);
        used[i] = true;
      } else if (ov.error().field != sets[i].name || packs.size() == 1) {
        return ov.error();  // The value does not fit the parameter (or the only pack lacks it).
      }
    }
    if (overrides.empty()) continue;
    BANGFU_ASSIGN_OR_RETURN(auto engine, policy::Engine::Create(pack, facts));
    const auto base = engine->Run(o.as_of);
    const auto changed = engine->Run(o.as_of, 0, overrides);
    const auto& rules = l->summary.rules;
    for (int r = 0; r < static_cast<int>(rules.size()); ++r) {
      WhatIfRule w{l->summary.id, rules[r].id, rules[r].name};
      for (Row row = 0; row < static_cast<Row>(base.rows(r)); ++row) {
        const bool was = base.outcome(r, row) == policy::Outcome::kEligible && base.amount(r, row) > 0;
        const bool is = changed.outcome(r, row) == policy::Outcome::kEligible && changed.amount(r, row) > 0;
        w.gained += is && !was;
        w.lost += was && !is;
        w.base_eligible += was;
        w.new_eligible += is;
      }
      w.base_not_configured = base.count(r, policy::Outcome::kNotConfigured);
      w.new_not_configured = changed.count(r, policy::Outcome::kNotConfigured);
      w.base_fen = base.total_amount(r);
      w.new_fen = changed.total_amount(r);
      report.gained += w.gained;
      report.lost += w.lost;
      // Loan ceilings are not money paid: a changed ceiling shows on its rule, not in the total.
      if (rules[r].payment) report.delta_fen += w.new_fen - w.base_fen;
      report.rules.push_back(std::move(w));
    }
  }
  for (size_t i = 0; i < sets.size(); ++i)
    if (!used[i]) return Error::InvalidArgument("没有这个参数: " + sets[i].name, "set");
  std::string set_text;
  for (const auto& s : sets)
    set_text += fmt::format("{}{}{}={}", set_text.empty() ? "" : ",", s.name,
                            s.key.empty() ? "" : "[" + s.key + "]", s.value);
  BANGFU_RETURN_IF_ERROR(audit_.Record(
      ctx, "policy.what_if", "policy", o.pack_id, ctx.principal.scope,
      json({{"as_of", o.as_of.ToString()}, {"set", set_text}, {"delta_fen", report.delta_fen}}).dump()));
  return report;
}

Result<std::shared_ptr<const policy::Pack>> PolicyService::Effective(const Loaded& l) {
  BANGFU_ASSIGN_OR_RETURN(auto stored, store_.policy_params().List(l.summary.id));
  std::vector<policy::ParamSetting> settings;
  for (const auto& v : stored)
    settings.push_back({v.param, v.key, v.value, v.effective_from,
                        fmt::format("{}（{} 设置）", v.source, v.set_by_name)});
  auto merged = policy::WithValues(*l.pack, settings);
  // A stored value that no longer fits (the pack changed its parameters) stops the run rather
  // than being skipped silently.
  if (!merged.ok())
    return Error::FailedPrecondition("政策包 " + l.summary.id + " 的已设置参数与政策包不一致: " +
                                         merged.error().message,
                                     "params");
  return merged;
}

Result<PolicyParamValue> PolicyService::SetParam(const RequestContext& ctx,
                                                 const ParamSetRequest& r) {
  if (!EntitlementService::CanDecide(ctx.principal.role))
    return Error::PermissionDenied("只有区级工作人员和管理员可以设置政策参数");
  if (r.pack_id.empty()) return Error::InvalidArgument("请选择政策包", "pack");
  BANGFU_ASSIGN_OR_RETURN(auto packs, Chosen(r.pack_id));
  const Loaded& l = *packs.front();
  const auto infos = policy::Parameters(*l.pack);
  const auto info = std::find_if(infos.begin(), infos.end(),
                                 [&](const policy::ParamInfo& p) { return p.name == r.param; });
  if (info == infos.end())
    return Error::InvalidArgument("政策包 " + r.pack_id + " 没有参数 " + r.param, "param");
  if (info->keyed && r.key.empty())
    return Error::InvalidArgument("参数 " + r.param + " 按课程设置，请填写课程代码", "key");
  if (!info->keyed && !r.key.empty())
    return Error::InvalidArgument("参数 " + r.param + " 不按课程区分，不能填写课程代码", "key");
  if (r.value.empty()) return Error::InvalidArgument("请填写参数值", "value");
  if (auto o = policy::MakeOverride(*l.pack, r.param, r.key, r.value); !o.ok())
    return Error::InvalidArgument(
        fmt::format("参数 {} 的值“{}”不是有效的{}", r.param, r.value, info->type_label), "value");
  // The checker takes a bare number as a ratio (1 = 100%); people write ratios as the sources
  // do, in percent, so a bare "50" cannot slip in as 5000%.
  if (info->type == "ratio" && r.value.back() != '%')
    return Error::InvalidArgument(fmt::format("参数 {} 是比例，请写成百分数，如 50%", r.param), "value");
  if (!r.effective_from) return Error::InvalidArgument("请填写生效日期", "effective_from");
  if (r.source.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error::InvalidArgument("请填写依据（文件名称和条款）", "source");

  PolicyParamValue v;
  v.pack_id = r.pack_id;
  v.param = r.param;
  v.key = r.key;
  v.value = r.value;
  v.effective_from = *r.effective_from;
  v.source = r.source;
  v.set_by = ctx.principal.user_id;
  v.set_by_name = ctx.principal.display_name.empty() ? ctx.principal.username
                                                      : ctx.principal.display_name;
  v.set_at = clock_.Now();
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(v.id, store_.policy_params().Insert(v));
    return audit_.Record(
        ctx, "policy.param_set", "policy_param", std::to_string(v.id), ctx.principal.scope,
        json({{"pack", v.pack_id}, {"param", v.param}, {"key", v.key}, {"value", v.value},
              {"effective_from", v.effective_from.ToString()}, {"source", v.source}})
            .dump());
  }));
  return v;
}

Result<std::vector<NearMiss>> PolicyService::NearMisses(const RequestContext& ctx, Date as_of) {
  const Role role = ctx.principal.role;
  if (role != Role::kJobSeeker && role != Role::kEmployer)
    return Error::PermissionDenied("我的政策只面向求职者和用人单位");
  const std::optional<int64_t> self =
      role == Role::kJobSeeker ? ctx.principal.person_id : ctx.principal.org_id;
  std::vector<NearMiss> out;
  if (!self || packs_.empty()) return out;
  // The population around the caller: their own community (job seeker) or the employer's
  // region; only the caller's own rows are explained below.
  std::string region;
  if (role == Role::kJobSeeker) {
    BANGFU_ASSIGN_OR_RETURN(auto p, store_.persons().Get(*self));
    region = p.region_code;
  } else {
    BANGFU_ASSIGN_OR_RETURN(auto e, store_.policy_data().GetEmployer(*self));
    region = e.region_code;
  }
  if (region.empty()) return out;
  Facts facts;
  LoadFactsOptions load;
  load.region_prefix = region;
  load.as_of = as_of;
  BANGFU_RETURN_IF_ERROR(LoadFacts(store_, load, facts));
  for (const Loaded& l : packs_) {
    BANGFU_ASSIGN_OR_RETURN(auto pack, Effective(l));
    BANGFU_ASSIGN_OR_RETURN(auto engine, policy::Engine::Create(pack, facts));
    const policy::RunResult result = engine->Run(as_of, 1);
    const auto& rules = l.summary.rules;
    const std::vector<policy::RuleDetail> words = policy::Describe(*pack);
    for (int r = 0; r < static_cast<int>(rules.size()); ++r) {
      const auto& info = rules[r];
      const bool mine = role == Role::kJobSeeker
                            ? info.payee == policy::PayeeKind::kPerson && info.subject != SubjectKind::kEmployer
                            : info.subject == SubjectKind::kEmployer;
      if (!mine || !info.payment) continue;
      for (Row row = 0; row < static_cast<Row>(result.rows(r)); ++row) {
        const policy::Outcome o = result.outcome(r, row);
        if (o != policy::Outcome::kNotEligible && o != policy::Outcome::kUndecidable) continue;
        const bool own = role == Role::kJobSeeker
                             ? [&] {
                                 const Row p = PersonOf(facts, info.subject, row);
                                 return p != policy::kNoRow && facts.persons.id[p] == *self;
                               }()
                             : facts.employers.id[row] == *self;
        if (!own) continue;
        auto why = engine->Explain(result, info.id, row);
        if (!why.ok()) continue;
        NearMiss m;
        m.pack_id = l.summary.id;
        m.rule_id = info.id;
        m.rule_name = info.name;
        m.clause = info.clause;
        m.outcome = o;
        m.total = static_cast<int>(why->conditions.size());
        for (size_t i = 0; i < why->conditions.size(); ++i) {
          const auto& c = why->conditions[i];
          if (c.result == policy::Tri::kTrue) {
            ++m.met;
          } else if (c.missing.empty() || c.missing.starts_with("不满足: ")) {
            // No measured shortfall to quote: the condition itself, in words.
            m.needs.push_back((c.result == policy::Tri::kFalse ? "需要满足：" : "需要补充信息：") +
                              words[r].conditions[i]);
          } else {
            m.needs.push_back(c.missing);
          }
        }
        m.amount_text = why->amount_text;
        if (m.needs.empty() || m.needs.size() > 2 || m.met == 0) continue;
        // One entry per rule: the subject row closest to qualifying.
        auto same = std::find_if(out.begin(), out.end(), [&](const NearMiss& x) {
          return x.pack_id == m.pack_id && x.rule_id == m.rule_id;
        });
        if (same == out.end()) out.push_back(std::move(m));
        else if (m.needs.size() < same->needs.size()) *same = std::move(m);
      }
    }
  }
  return out;
}

Result<std::vector<PackParams>> PolicyService::Params(const RequestContext& ctx) {
  if (!EntitlementService::CanRead(ctx.principal.role))
    return Error::PermissionDenied("当前角色不能查看政策参数");
  std::vector<PackParams> out;
  for (const auto& l : packs_) {
    BANGFU_ASSIGN_OR_RETURN(auto pack, Effective(l));
    out.push_back({l.summary.id, std::string(policy::PackName(*pack)), policy::Parameters(*pack)});
  }
  return out;
}

Result<std::vector<PackCatalogue>> PolicyService::Catalogue(const RequestContext&) {
  std::vector<PackCatalogue> out;
  for (const auto& l : packs_) {
    BANGFU_ASSIGN_OR_RETURN(auto pack, Effective(l));
    out.push_back({l.summary.id, std::string(policy::PackName(*pack)), l.summary.file,
                   std::string(policy::PackSource(*pack)), policy::Describe(*pack),
                   policy::Parameters(*pack)});
  }
  return out;
}

}  // namespace bangfu::service
