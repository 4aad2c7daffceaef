#include "bangfu/service/match_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>

#include "bangfu/domain/person_types.h"

namespace bangfu::service {

const std::vector<std::pair<std::string, std::string>>& WarningKinds() {
  static const std::vector<std::pair<std::string, std::string>> k = {
      {"discrimination", "就业歧视"},
      {"fraud", "招聘欺诈"},
      {"wage_arrears", "拖欠工资"},
      {"fake_recruitment", "虚假招聘"}};
  return k;
}

std::string WarningLabel(const std::string& kind) {
  for (const auto& [id, label] : WarningKinds())
    if (id == kind) return label;
  return kind;
}

uint32_t WarningBits(const std::vector<EmployerWarning>& warnings, Date on) {
  uint32_t bits = 0;
  for (const auto& w : warnings) {
    if (!w.ActiveAt(on)) continue;
    if (w.kind == "discrimination") bits |= match::kWarnDiscrimination;
    if (w.kind == "wage_arrears") bits |= match::kWarnWageArrears;
    if (w.kind == "fraud" || w.kind == "fake_recruitment") bits |= match::kWarnFraud;
  }
  return bits;
}

namespace {

// The codes of a desired-occupation field, most wanted first, each once. Several wishes may be
// written in one field ("仓管、叉车司机").
std::vector<match::OccCode> DesiredCodes(const match::Normalizer& normalizer, const std::string& field) {
  std::vector<match::OccCode> out;
  std::string text = field;
  for (const char* sep : {"、", "，", ",", "；", ";", "/"})
    for (size_t i = text.find(sep); i != std::string::npos; i = text.find(sep, i + 1))
      text.replace(i, strlen(sep), "|");
  size_t start = 0;
  while (start <= text.size()) {
    size_t bar = text.find('|', start);
    if (bar == std::string::npos) bar = text.size();
    auto r = normalizer.Normalize(std::string_view(text).substr(start, bar - start));
    if (r.code && std::find(out.begin(), out.end(), r.code) == out.end()) out.push_back(r.code);
    start = bar + 1;
  }
  return out;
}

// Desired-occupation field → its codes, for reading many people at once: the same few thousand
// texts come back for a million people, and normalising is most of the cost of filing one.
using DesiredMemo = std::unordered_map<std::string, std::vector<match::OccCode>>;

// `memo` may be null (one person: normalised on the spot).
std::optional<match::Person> MakeMatchPerson(const match::Normalizer* normalizer, const Person& p, Date today,
                                             DesiredMemo* memo) {
  if (p.status != domain::Id(domain::EmploymentStatus::kUnemployed) || !p.wants_work || !p.able_to_work)
    return std::nullopt;
  auto region = match::ParseRegionCode(p.region_code);
  if (!region) return std::nullopt;
  match::Person m;
  m.id = static_cast<uint64_t>(p.id);
  m.region = *region;
  if (auto e = domain::ParseEducation(p.education)) m.education = *e;
  m.major = p.major;
  m.skills = p.skills;
  m.expected_salary_yuan = p.expected_salary_min;
  if (!p.desired_occupation.empty() && normalizer) {
    if (!memo) {
      m.desired = DesiredCodes(*normalizer, p.desired_occupation);
    } else {
      auto it = memo->find(p.desired_occupation);
      if (it == memo->end())
        it = memo->emplace(p.desired_occupation, DesiredCodes(*normalizer, p.desired_occupation)).first;
      m.desired = it->second;
    }
  }
  for (const auto& c : p.categories) {
    if (!c.ActiveAt(today)) continue;
    if (auto cat = domain::ParseCategory(c.category)) {
      m.categories |= match::CategoryBit(*cat);
      if (*cat == domain::Category::kGraduate) m.graduate = true;
    }
  }
  return m;
}

}  // namespace

MatchService::MatchService(Store& store, PersonService& persons, AuditService& audit, const Clock& clock)
    : store_(store), persons_(persons), audit_(audit), clock_(clock) {}
MatchService::~MatchService() = default;

bool MatchService::loaded() const {
  std::shared_lock lock(mu_);
  return matcher_ != nullptr;
}

Status MatchService::Load(std::string_view fallback_csv) {
  BANGFU_ASSIGN_OR_RETURN(auto rows, store_.jobs().Occupations());
  auto taxonomy = std::make_unique<match::Taxonomy>();
  if (!rows.empty()) {
    std::vector<match::Occupation> occs;
    for (auto& r : rows) {
      auto code = match::ParseOccCode(r.code);
      if (!code) continue;
      match::Occupation o;
      o.code = *code;
      o.level = static_cast<match::OccupationLevel>(std::clamp(r.level, 1, 4));
      o.name = std::move(r.name);
      o.definition = std::move(r.definition);
      o.tasks = std::move(r.tasks);
      o.aliases = std::move(r.aliases);
      o.digital = r.digital;
      o.green = r.green;
      occs.push_back(std::move(o));
    }
    *taxonomy = match::Taxonomy::FromOccupations(std::move(occs));
  } else if (!fallback_csv.empty()) {
    BANGFU_ASSIGN_OR_RETURN(*taxonomy, match::Taxonomy::FromCsv(fallback_csv, nullptr));
  }
  auto normalizer = match::Normalizer::Create(*taxonomy);
  auto matcher = std::make_unique<match::Matcher>();
  std::unordered_map<int64_t, std::string> regions;

  BANGFU_ASSIGN_OR_RETURN(auto postings, store_.jobs().PostingsWithStatus("", "published"));
  BANGFU_ASSIGN_OR_RETURN(auto warnings, store_.jobs().Warnings({}));
  std::unordered_map<int64_t, std::vector<EmployerWarning>> by_employer;
  for (auto& w : warnings) by_employer[w.employer_id].push_back(std::move(w));
  const Date today = clock_.Today();

  std::unique_lock lock(mu_);
  taxonomy_ = std::move(taxonomy);
  normalizer_ = std::move(normalizer);
  int64_t postings_seen = 0;
  for (const auto& p : postings) {
    postings_seen = std::max(postings_seen, p.updated_at.micros);
    auto mp = ToMatchPosting(p, WarningBits(by_employer[p.employer_id], today));
    if (mp.ok() && matcher->UpsertPosting(*mp).ok()) regions[p.id] = p.region_code;
  }
  lock.unlock();
  // The change feed's position before the people are read: whatever commits meanwhile is read
  // again by the next catch-up (twice is harmless, never is not).
  BANGFU_ASSIGN_OR_RETURN(const int64_t persons_feed, store_.persons().ChangePosition());
  BANGFU_ASSIGN_OR_RETURN(auto people, store_.jobs().MatchPersons(""));
  lock.lock();
  DesiredMemo memo;
  for (const auto& p : people) {
    if (auto mp = MakeMatchPerson(normalizer_.get(), p, today, &memo)) (void)matcher->UpsertPerson(*mp);
  }
  matcher_ = std::move(matcher);
  posting_region_ = std::move(regions);
  persons_feed_ = persons_feed;
  postings_seen_ = postings_seen;
  return OkStatus();
}

match::NormalizeResult MatchService::Normalize(std::string_view title) const {
  std::shared_lock lock(mu_);
  if (!normalizer_) return {};
  return normalizer_->Normalize(title);
}

std::string MatchService::OccupationName(const std::string& code) const {
  std::shared_lock lock(mu_);
  auto c = match::ParseOccCode(code);
  const match::Occupation* o = (c && taxonomy_) ? taxonomy_->Get(*c) : nullptr;
  return o ? o->name : "";
}

bool MatchService::KnownOccupation(const std::string& code) const {
  std::shared_lock lock(mu_);
  auto c = match::ParseOccCode(code);
  return c && taxonomy_ && taxonomy_->Get(*c) != nullptr;
}

Result<match::Posting> MatchService::ToMatchPosting(const JobPosting& p, uint32_t warnings) const {
  match::Posting m;
  m.id = static_cast<uint64_t>(p.id);
  auto occ = match::ParseOccCode(p.occupation_code);
  if (!occ) return Error::InvalidArgument("岗位没有职业代码", "occupation_code");
  m.occupation = *occ;
  m.openings = p.openings;
  if (auto e = domain::ParseEducation(p.education)) m.education_min = *e;
  m.majors = p.majors;
  m.skills = p.skills;
  m.salary_min_yuan = p.salary_min;
  m.salary_max_yuan = p.salary_max;
  auto region = match::ParseRegionCode(p.region_code);
  if (!region) return Error::InvalidArgument("岗位区划代码应为 12 位", "region_code");
  m.region = *region;
  if (auto k = match::ParseWorkKind(p.work_kind)) m.kind = *k;
  m.warnings = warnings;
  return m;
}

std::optional<match::Person> MatchService::ToMatchPerson(const Person& p, Date today) const {
  return MakeMatchPerson(normalizer_.get(), p, today, nullptr);
}

Status MatchService::PostingChanged(const JobPosting& p) {
  uint32_t bits = 0;
  if (p.status == "published") {
    BANGFU_ASSIGN_OR_RETURN(auto warnings, store_.jobs().Warnings({p.employer_id}));
    bits = WarningBits(warnings, clock_.Today());
  }
  std::unique_lock lock(mu_);
  if (!matcher_) return OkStatus();
  if (p.status != "published") {
    matcher_->RemovePosting(static_cast<uint64_t>(p.id));
    posting_region_.erase(p.id);
    return OkStatus();
  }
  auto mp = ToMatchPosting(p, bits);
  if (!mp.ok()) {  // Not matchable (no occupation): make sure it is not filed.
    matcher_->RemovePosting(static_cast<uint64_t>(p.id));
    posting_region_.erase(p.id);
    return OkStatus();
  }
  BANGFU_RETURN_IF_ERROR(matcher_->UpsertPosting(*mp));
  posting_region_[p.id] = p.region_code;
  return OkStatus();
}

Status MatchService::PersonChanged(int64_t person_id) {
  auto p = store_.persons().Get(person_id);
  if (!p.ok() && !p.error().IsNotFound()) return p.error();
  std::unique_lock lock(mu_);
  if (!matcher_) return OkStatus();
  std::optional<match::Person> mp;
  if (p.ok()) mp = ToMatchPerson(*p, clock_.Today());
  if (!mp) {
    matcher_->RemovePerson(static_cast<uint64_t>(person_id));
    return OkStatus();
  }
  return matcher_->UpsertPerson(*mp);
}

Status MatchService::EmployerWarningsChanged(int64_t employer_id) {
  PostingFilter f;
  f.employer_id = employer_id;
  f.status = "published";
  f.size = 200;
  for (f.page = 1;; ++f.page) {
    BANGFU_ASSIGN_OR_RETURN(auto page, store_.jobs().ListPostings(f));
    for (const auto& p : page.items) BANGFU_RETURN_IF_ERROR(PostingChanged(p));
    if (static_cast<int64_t>(f.page) * f.size >= page.total) break;
  }
  return OkStatus();
}

Status MatchService::RefreshWarnings() {
  if (!loaded()) return OkStatus();
  BANGFU_ASSIGN_OR_RETURN(auto warnings, store_.jobs().Warnings({}));
  std::vector<int64_t> employers;
  for (const auto& w : warnings) employers.push_back(w.employer_id);
  std::sort(employers.begin(), employers.end());
  employers.erase(std::unique(employers.begin(), employers.end()), employers.end());
  for (int64_t e : employers) BANGFU_RETURN_IF_ERROR(EmployerWarningsChanged(e));
  return OkStatus();
}

Result<int64_t> MatchService::CatchUp() {
  std::lock_guard one(catch_up_mu_);
  int64_t persons_after = 0, postings_after = 0;
  {
    std::shared_lock lock(mu_);
    if (!matcher_) return 0;
    persons_after = persons_feed_;
    postings_after = postings_seen_;
  }
  BANGFU_ASSIGN_OR_RETURN(auto postings, store_.jobs().PostingsUpdatedAfter(postings_after));
  // People by the ledger's change feed, in commit order; when its records since the last look
  // are gone, everyone is read again (those not looking for work are dropped below).
  BANGFU_ASSIGN_OR_RETURN(auto changed, store_.persons().ChangedSince(persons_after));
  if (!changed.complete) changed.persons = {{1, std::numeric_limits<int64_t>::max()}};
  BANGFU_ASSIGN_OR_RETURN(auto people, store_.jobs().MatchPersonsIn(changed.persons));
  std::vector<int64_t> employers;
  for (const auto& p : postings)
    if (p.status == "published") employers.push_back(p.employer_id);
  std::unordered_map<int64_t, std::vector<EmployerWarning>> by_employer;
  if (!employers.empty()) {
    BANGFU_ASSIGN_OR_RETURN(auto warnings, store_.jobs().Warnings(employers));
    for (auto& w : warnings) by_employer[w.employer_id].push_back(std::move(w));
  }
  const Date today = clock_.Today();
  std::unique_lock lock(mu_);
  for (const auto& p : postings) {
    postings_after = std::max(postings_after, p.updated_at.micros);
    const auto id = static_cast<uint64_t>(p.id);
    auto mp = p.status == "published" ? ToMatchPosting(p, WarningBits(by_employer[p.employer_id], today))
                                      : Result<match::Posting>(Error::NotFound("未发布"));
    if (mp.ok() && matcher_->UpsertPosting(*mp).ok()) {
      posting_region_[p.id] = p.region_code;
    } else {
      matcher_->RemovePosting(id);
      posting_region_.erase(p.id);
    }
  }
  DesiredMemo memo;
  for (const auto& p : people) {
    auto mp = MakeMatchPerson(normalizer_.get(), p, today, &memo);
    if (!mp || !matcher_->UpsertPerson(*mp).ok()) matcher_->RemovePerson(static_cast<uint64_t>(p.id));
  }
  persons_feed_ = changed.position;
  postings_seen_ = std::max(postings_seen_, postings_after);
  return static_cast<int64_t>(postings.size() + people.size());
}

namespace {

std::vector<ScoredMatch> Scored(std::vector<match::Match> ms) {
  std::vector<ScoredMatch> out;
  out.reserve(ms.size());
  for (auto& m : ms) out.push_back({static_cast<int64_t>(m.id), m.score, std::move(m.reasons)});
  return out;
}

std::string ReasonsJson(const std::vector<match::Reason>& reasons) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& r : reasons)
    a.push_back({{"factor", static_cast<int>(r.factor)}, {"contribution", r.contribution}, {"text", r.text}});
  return a.dump();
}

}  // namespace

Result<std::vector<ScoredMatch>> MatchService::Recommendations(const RequestContext& ctx, int64_t person_id, int k) {
  const auto& pr = ctx.principal;
  if (pr.role == Role::kJobSeeker) {
    if (!pr.person_id || *pr.person_id != person_id) return Error::NotFound("人员不存在");
  } else {
    BANGFU_RETURN_IF_ERROR(persons_.Get(ctx, person_id));  // Role and scope.
  }
  k = std::clamp(k, 1, 100);
  std::shared_lock lock(mu_);
  if (!matcher_) return Error::Unavailable("匹配引擎尚未加载");
  auto r = matcher_->PostingsFor(static_cast<uint64_t>(person_id), k, true);
  if (!r.ok()) {
    if (!r.error().IsNotFound()) return r.error();
    return std::vector<ScoredMatch>();  // Not looking for work (or not matchable): no match.
  }
  return Scored(std::move(*r));
}

Result<std::vector<ScoredMatch>> MatchService::Candidates(const RequestContext& ctx, int64_t posting_id, int k) {
  const auto& pr = ctx.principal;
  if (!PersonService::CanWrite(pr.role) && pr.role != Role::kLeader)
    return Error::PermissionDenied("当前角色不能查看推荐人选");
  auto p = store_.jobs().GetPosting(posting_id);
  if (!p.ok()) return p.error();
  if (!InScope(pr.scope, p->region_code)) return Error::NotFound("岗位不存在");
  k = std::clamp(k, 1, 100);
  auto within = match::RegionPrefixRange(pr.scope);
  if (!within) return Error::PermissionDenied("数据范围无效");
  std::shared_lock lock(mu_);
  if (!matcher_) return Error::Unavailable("匹配引擎尚未加载");
  auto r = matcher_->PersonsFor(static_cast<uint64_t>(posting_id), k, true, *within);
  if (!r.ok()) {
    if (!r.error().IsNotFound()) return r.error();
    return std::vector<ScoredMatch>();  // Not published: nobody is matched to it.
  }
  return Scored(std::move(*r));
}

Result<MatchRunReport> MatchService::Run(const RequestContext& ctx, const std::string& scope_in) {
  const auto& pr = ctx.principal;
  if (!(pr.role == Role::kAdmin || pr.role == Role::kDistrictStaff || pr.role == Role::kTownStaff))
    return Error::PermissionDenied("当前角色不能运行批量匹配");
  const std::string scope = scope_in.empty() ? pr.scope : scope_in;
  if (!InScope(pr.scope, scope)) return Error::PermissionDenied("匹配范围超出本人数据范围");
  MatchRun run;
  run.scope = scope;
  run.started_by = pr.user_id;
  run.started_at = clock_.Now();
  BANGFU_ASSIGN_OR_RETURN(auto people, store_.jobs().MatchPersons(scope));
  BANGFU_ASSIGN_OR_RETURN(auto postings, store_.jobs().PostingsWithStatus(scope, "published"));
  auto within = match::RegionPrefixRange(scope);
  if (!within) return Error::InvalidArgument("匹配范围应为区划代码前缀", "scope");
  std::vector<MatchResultRow> rows;
  {
    std::shared_lock lock(mu_);
    if (!matcher_) return Error::Unavailable("匹配引擎尚未加载");
    for (const auto& p : people) {
      auto r = matcher_->PostingsFor(static_cast<uint64_t>(p.id), kStoredMatches, true);
      if (!r.ok()) continue;  // Not looking for work.
      ++run.persons;
      int rank = 0;
      for (const auto& m : *r)
        rows.push_back({0, "person", p.id, ++rank, static_cast<int64_t>(m.id), m.score, ReasonsJson(m.reasons), p.region_code});
    }
    for (const auto& j : postings) {
      auto r = matcher_->PersonsFor(static_cast<uint64_t>(j.id), kStoredMatches, true, *within);
      if (!r.ok()) continue;
      ++run.postings;
      int rank = 0;
      for (const auto& m : *r) {
        rows.push_back({0, "posting", j.id, ++rank, static_cast<int64_t>(m.id), m.score, ReasonsJson(m.reasons), j.region_code});
      }
    }
  }
  run.finished_at = clock_.Now();
  MatchRunReport report;
  report.results = static_cast<int64_t>(rows.size());
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(run.id, store_.jobs().SaveMatchRun(run, rows));
    return audit_.Record(ctx, "match.run", "match_run", std::to_string(run.id), scope,
                         fmt::format(R"({{"persons":{},"postings":{},"results":{}}})", run.persons,
                                     run.postings, rows.size()));
  }));
  run.results = report.results;
  report.run = run;
  return report;
}

Result<OccupationImportReport> MatchService::ImportOccupations(const RequestContext& ctx, std::string_view csv,
                                                               bool dry_run) {
  if (ctx.principal.role != Role::kAdmin) return Error::PermissionDenied("只有系统管理员可以导入职业分类");
  OccupationImportReport report;
  BANGFU_ASSIGN_OR_RETURN(auto tax, match::Taxonomy::FromCsv(csv, &report.issues));
  report.rows = static_cast<int64_t>(tax.size());
  for (const auto& i : report.issues)
    if (i.message.find("合并") == std::string::npos) ++report.skipped;
  if (dry_run || report.skipped > 0) return report;
  std::vector<OccupationRow> rows;
  rows.reserve(tax.size());
  for (const auto& o : tax.occupations())
    rows.push_back({match::FormatOccCode(o.code), static_cast<int>(o.level), o.name, o.definition, o.tasks,
                    o.aliases, o.digital, o.green});
  BANGFU_RETURN_IF_ERROR(store_.InTransaction([&]() -> Status {
    BANGFU_ASSIGN_OR_RETURN(report.created, store_.jobs().UpsertOccupations(rows));
    return audit_.Record(ctx, "occupation.import", "occupation", "", "",
                         fmt::format(R"({{"rows":{},"created":{}}})", report.rows, report.created));
  }));
  report.written = true;
  BANGFU_RETURN_IF_ERROR(Load(""));
  return report;
}

}  // namespace bangfu::service
