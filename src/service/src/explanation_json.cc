#include "explanation_json.h"

#include <cstdio>

namespace bangfu::service {
namespace {

const char* TriText(policy::Tri t) {
  return t == policy::Tri::kTrue ? "true" : t == policy::Tri::kFalse ? "false" : "unknown";
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void Raw(std::string_view s) { out_ += s; }
  void Int(int64_t v) { out_ += std::to_string(v); }
  void Str(std::string_view s) {
    out_ += '"';
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out_ += buf;
          } else {
            out_ += ch;
          }
      }
    }
    out_ += '"';
  }
  // "key": — a comma first unless it opens the object.
  void Key(std::string_view k, bool first = false) {
    if (!first) out_ += ',';
    Str(k);
    out_ += ':';
  }

 private:
  std::string& out_;
};

}  // namespace

std::string ExplanationJson(const policy::Explanation& x) {
  std::string out;
  out.reserve(1024);
  Writer w(out);
  w.Raw("{");
  w.Key("amount_fen", true);
  w.Int(x.amount);
  w.Key("amount_text");
  w.Str(x.amount_text);
  w.Key("as_of");
  w.Str(x.as_of.ToString());
  w.Key("clause");
  w.Str(x.clause);
  w.Key("conditions");
  w.Raw("[");
  for (size_t i = 0; i < x.conditions.size(); ++i) {
    const auto& c = x.conditions[i];
    if (i) w.Raw(",");
    w.Raw("{");
    w.Key("line", true);
    w.Int(c.pos.line);
    w.Key("note");
    w.Str(c.missing);
    w.Key("result");
    w.Str(TriText(c.result));
    w.Key("text");
    w.Str(c.text);
    w.Key("values");
    w.Raw("[");
    for (size_t k = 0; k < c.values.size(); ++k) {
      if (k) w.Raw(",");
      w.Str(c.values[k]);
    }
    w.Raw("]}");
  }
  w.Raw("]");
  w.Key("decision");
  w.Str(policy::Name(x.outcome));
  // Only with a top-up, so that every other stored explanation reads as it did.
  if (!x.limit_group.empty()) {
    w.Key("limit_group");
    w.Str(x.limit_group);
  }
  w.Key("limits");
  w.Raw("[");
  if (x.limit != policy::LimitApplied::kNone) w.Str(policy::Name(x.limit));
  w.Raw("]");
  w.Key("name");
  w.Str(x.rule_name);
  w.Key("parameters");
  w.Raw("[");
  for (size_t i = 0; i < x.parameters.size(); ++i) {
    const auto& p = x.parameters[i];
    if (i) w.Raw(",");
    w.Raw("{");
    w.Key("from", true);
    w.Str(p.from);
    w.Key("name");
    w.Str(p.name);
    w.Key("source");
    w.Str(p.source);
    w.Key("value");
    w.Str(p.value);
    w.Raw("}");
  }
  w.Raw("]");
  w.Key("rule");
  w.Str(x.rule_id);
  w.Raw("}");
  return out;
}

}  // namespace bangfu::service
