// The checked, compiled form of a pack. Private to policy/.
#pragma once

#include <string>
#include <vector>

#include "bangfu/policy/pack.h"
#include "bangfu/policy/yaml_doc.h"
#include "lang.h"

namespace bangfu::policy {

enum class Period : uint8_t { kEver, kYear, kMonth };
enum class GroupKey : uint8_t { kPerson, kEmployer, kBusiness, kSubject };

struct ParamDecl {
  std::string name;
  Type type;
  std::string source;
  SourcePos pos;
  bool keyed = false;
  struct Value {
    Date from;
    std::string key;
    int64_t v = 0, den = 1;
    std::string source;  // this value's citation; empty: the parameter's
    bool stored = false;  // set by an administrator (WithValues), not written in the pack
  };
  std::vector<Value> values;  // sorted by from
};

struct GroupDecl {
  std::string name;
  GroupKey key = GroupKey::kPerson;
  Period per = Period::kEver;
  int64_t total = -1;  // fen; -1 no total
  // A key paid before is paid again only the part of the amount now due above what it was
  // paid (an upgrade to a higher level), never the whole amount twice.
  bool top_up = false;
  std::string clause;
  // What people call it (`label:`); empty: GroupLabel derives it from the member rules.
  std::string label;
  SourcePos pos;
  std::vector<int> rules;  // member rules, in pack order
};

// The once-group in Chinese words for the catalogue and the limit sentences: its `label`, else
// the benefits (rule names without the qualifier in brackets) of its member rules, each once,
// in pack order, joined by 、 — never the machine name.
std::string GroupLabel(const Pack& pack, int group);

// One checked expression with where it came from.
struct Clause {
  ExprPtr expr;
  std::string text;
  SourcePos pos;
  int cost = 0;
  std::vector<int> params;  // parameters it reads
};

struct RuleDecl {
  std::string id, name, clause, benefit, note;
  std::string quote;  // the clause's own words, quoted from the source
  SubjectKind subject = SubjectKind::kPerson;
  PayeeKind payee = PayeeKind::kPerson;
  bool limit_only = false;  // kind: loan-limit — the amount is a ceiling, not a payment
  Period per = Period::kEver;
  std::vector<int> groups;
  std::vector<Clause> conditions;  // pack order
  std::vector<int> order;          // evaluation order: cheap first
  Clause amount;                   // the base case
  struct Exception {
    Clause when, amount;
  };
  std::vector<Exception> exceptions;  // first that holds wins
  Clause cap;                         // optional (expr null)
  SourcePos pos;
  std::vector<int> condition_params, amount_params;
};

class Pack {
 public:
  std::string id, name, source, file;
  std::string text;  // the pack as written, for WithValues
  std::vector<ParamDecl> params;
  std::vector<GroupDecl> groups;
  std::vector<RuleDecl> rules;
  int slots = 0;  // scratch vectors one evaluation needs
};

// The entity row reachable from a subject row, kNoRow when there is none.
Row EntityRow(const Facts& f, SubjectKind s, Entity e, Row subject);
// The column that maps a subject row to entity e's row, when there is exactly one (the person
// of an employment, the base of an internship); null otherwise.
const Row* EntityColumn(const Facts& f, SubjectKind s, Entity e);
// Whether entity e is the subject itself.
bool EntityIsSubject(SubjectKind s, Entity e);
// Whether entity e can be reached from a subject of kind s.
bool Reachable(SubjectKind s, Entity e);
// Which payee kinds make sense for a subject.
bool PayeeFits(SubjectKind s, PayeeKind p);

// Parses and checks the expression held in the YAML scalar n for a rule evaluated for
// `subject` into *out; false after reporting every problem at its file:line:column. Numbers the
// expression's scratch slots in pack.slots.
bool ReadClause(const YamlDoc& doc, Pack& pack, SubjectKind subject, const YAML::Node& n, Type want,
                Clause* out, std::vector<Diagnostic>* diags);

}  // namespace bangfu::policy
