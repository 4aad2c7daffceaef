// Job-fair posting lists (docs/import-data.md "岗位"): rows become pending postings.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "bangfu/service/posting_service.h"
#include "row_reader.h"

namespace bangfu::service {
namespace {

const std::vector<DataColumn>& PostingColumns() {
  static const std::vector<DataColumn> k = {
      {"credit_code", {"统一社会信用代码", "单位统一社会信用代码", "社会信用代码"}, true},
      {"title", {"岗位名称", "招聘岗位", "职位名称"}, true},
      {"occupation_code", {"职业代码", "职业分类代码"}},
      {"openings", {"招聘人数", "需求人数", "人数"}},
      {"education", {"学历要求", "最低学历", "学历"}},
      {"majors", {"专业要求", "专业"}},
      {"skills", {"技能要求", "技能"}},
      {"salary_min", {"月薪下限(元)", "月薪下限（元）", "月薪下限", "薪资下限"}},
      {"salary_max", {"月薪上限(元)", "月薪上限（元）", "月薪上限", "薪资上限"}},
      {"region_code", {"工作地区划代码", "工作地点区划代码", "区划代码"}},
      {"address", {"工作地址", "地址"}},
      {"work_kind", {"用工形式", "岗位类型", "工作性质"}},
      {"description", {"岗位描述", "岗位职责", "工作内容"}},
      {"valid_until", {"有效期至", "截止日期"}},
      {"external_key", {"岗位编号", "编号"}},
  };
  return k;
}

}  // namespace

Result<ImportReport> PostingService::Import(const RequestContext& ctx, std::string_view bytes,
                                            const ImportOptions& options) {
  if (!CanReview(ctx.principal.role)) return Error::PermissionDenied("当前角色不能导入岗位");
  BANGFU_ASSIGN_OR_RETURN(Table table, ReadTable(bytes, WithHeaders(options.table, PostingColumns())));
  ImportReport report = NewReport(table, options);
  BANGFU_ASSIGN_OR_RETURN(auto col, MapColumns(table, PostingColumns(), report));
  BANGFU_ASSIGN_OR_RETURN(auto codes, store_.policy_data().EmployerIdsByCode());
  std::unordered_map<std::string, int64_t> employer_by_code(codes.begin(), codes.end());
  std::unordered_map<int64_t, Employer> employers;
  const Date today = clock_.Today();
  const std::string source = "import: " + (options.source.empty() ? std::string("岗位") : options.source);

  std::vector<JobPosting> plan;
  std::unordered_map<std::string, int64_t> seen;  // Key → line.
  for (const auto& row : table.rows) {
    RowReader r(col, row, report);
    PostingInput in;
    const std::string code = r.Required("credit_code", "统一社会信用代码");
    auto eid = employer_by_code.find(code);
    if (!code.empty() && eid == employer_by_code.end())
      r.Fail("credit_code", "用人单位未导入: " + code);
    in.title = r.Required("title", "岗位名称");
    in.occupation_code = r.Text("occupation_code");
    const int32_t openings = r.Count("openings");
    in.openings = openings < 0 ? 1 : openings;
    in.education = r.Text("education");
    in.majors = SplitList(r.Text("majors"));
    in.skills = SplitList(r.Text("skills"));
    in.salary_min = std::max<int32_t>(r.Count("salary_min"), 0);
    in.salary_max = std::max<int32_t>(r.Count("salary_max"), 0);
    in.region_code = r.Text("region_code");
    in.address = r.Text("address");
    in.work_kind = r.Text("work_kind");
    in.description = r.Text("description");
    in.valid_until = r.OptDate("valid_until");
    if (in.valid_until && *in.valid_until < today) r.Fail("valid_until", "有效期早于今天");
    JobPosting p;
    if (r.ok()) {
      auto& e = employers[eid->second];
      if (e.id == 0) {
        BANGFU_ASSIGN_OR_RETURN(e, store_.policy_data().GetEmployer(eid->second));
      }
      if (Status s = Fill(p, in, e); !s.ok()) {
        r.Fail(s.error().field.empty() ? "title" : s.error().field, s.error().message);
      } else if (!InScope(ctx.principal.scope, p.region_code)) {
        r.Fail("region_code", "工作地点不在本人数据范围内: " + p.region_code);
      }
    }
    if (!r.ok()) {
      ++report.rejected;
      continue;
    }
    const std::string external = r.Text("external_key");
    p.external_key = !external.empty() ? external : fmt::format("{}|{}|{}", code, p.title, p.region_code);
    if (auto [it, fresh] = seen.emplace(p.external_key, row.line); !fresh) {
      RowReader dup(col, row, report);
      dup.Fail(external.empty() ? "title" : "external_key", fmt::format("与第 {} 行是同一个岗位", it->second));
      ++report.rejected;
      continue;
    }
    p.status = "pending";
    p.source = source;
    p.created_by = ctx.principal.user_id;
    p.created_at = p.updated_at = clock_.Now();
    BANGFU_ASSIGN_OR_RETURN(p.checks, Checks(p));
    plan.push_back(std::move(p));
  }

  const bool write = !options.dry_run && (report.errors.empty() || options.mode == ImportMode::kKeepGoodRows);
  if (!write) return report;
  Status s = store_.InTransaction([&]() -> Status {
    for (auto& p : plan) {
      BANGFU_ASSIGN_OR_RETURN(auto existing, store_.jobs().FindPostingByKey(p.external_key));
      if (!existing) {
        BANGFU_ASSIGN_OR_RETURN(p.id, store_.jobs().InsertPosting(p));
        ++report.created;
      } else if (existing->status == "pending") {
        p.id = existing->id;
        p.created_at = existing->created_at;
        p.created_by = existing->created_by;
        p.updated_at = clock_.Now();
        p.version = existing->version + 1;
        BANGFU_RETURN_IF_ERROR(store_.jobs().UpdatePosting(p));
        ++report.updated;
      } else {
        ++report.unchanged;  // Already reviewed: the list does not override the review.
      }
    }
    return audit_.Record(ctx, "posting.import", "import", options.source, ctx.principal.scope,
                         nlohmann::json{{"rows", report.rows},
                                        {"created", report.created},
                                        {"updated", report.updated},
                                        {"unchanged", report.unchanged},
                                        {"rejected", report.rejected}}
                             .dump());
  });
  if (!s.ok()) return s.error();
  report.written = true;
  return report;
}

}  // namespace bangfu::service
