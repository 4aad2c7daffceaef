// Lexer and recursive-descent parser of the expression language (docs/rules-language.md,
// "Grammar"). Every node keeps its byte offsets so that errors point at the exact column.
#include <cctype>
#include <limits>

#include "lang.h"

namespace bangfu::policy {
namespace {

enum class Tok : uint8_t { kEnd, kNumber, kDecimal, kPercent, kDate, kString, kIdent, kPunct };

struct Token {
  Tok kind = Tok::kEnd;
  int begin = 0, end = 0;
  std::string text;
  int64_t num = 0, den = 1;
};

constexpr int kMaxDepth = 64;
// Bounds the size of a tree, and with it the depth of every recursion over it (checking,
// evaluation, explanation), whatever the shape: a chain of 'and's nests to the left.
constexpr int kMaxNodes = 2000;

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  ExprPtr Parse(ParseError* err) {
    if (!Next()) return Fail(err);
    ExprPtr e = Or(0);
    if (!e) return Fail(err);
    if (tok_.kind != Tok::kEnd) {
      Error(tok_.begin, "unexpected '" + tok_.text + "' after the end of the expression");
      return Fail(err);
    }
    return e;
  }

 private:
  ExprPtr Fail(ParseError* err) {
    *err = error_;
    return nullptr;
  }
  void Error(int at, std::string msg) {
    if (!failed_) error_ = {at, std::move(msg)};
    failed_ = true;
  }

  bool Lex() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    tok_ = Token{};
    tok_.begin = static_cast<int>(pos_);
    if (pos_ >= s_.size()) {
      tok_.end = tok_.begin;
      tok_.text = "end of expression";
      return true;
    }
    const char c = s_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c))) return LexNumber();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t e = pos_;
      while (e < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[e])) || s_[e] == '_'))
        ++e;
      tok_.kind = Tok::kIdent;
      tok_.text = std::string(s_.substr(pos_, e - pos_));
      pos_ = e;
      tok_.end = static_cast<int>(e);
      return true;
    }
    if (c == '"') {
      size_t e = s_.find('"', pos_ + 1);
      if (e == std::string_view::npos) {
        Error(tok_.begin, "string not closed: a '\"' is missing");
        return false;
      }
      tok_.kind = Tok::kString;
      tok_.text = std::string(s_.substr(pos_ + 1, e - pos_ - 1));
      pos_ = e + 1;
      tok_.end = static_cast<int>(pos_);
      return true;
    }
    static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">="};
    for (auto op : kTwo) {
      if (s_.substr(pos_, 2) == op) {
        tok_.kind = Tok::kPunct;
        tok_.text = std::string(op);
        pos_ += 2;
        tok_.end = static_cast<int>(pos_);
        return true;
      }
    }
    if (std::string_view("<>+-*(),.{}[]").find(c) != std::string_view::npos) {
      tok_.kind = Tok::kPunct;
      tok_.text = std::string(1, c);
      ++pos_;
      tok_.end = static_cast<int>(pos_);
      return true;
    }
    if (c == '=') {
      Error(tok_.begin, "'=' is not an operator: write '==' to compare");
      return false;
    }
    Error(tok_.begin, "unexpected character '" + std::string(1, c) + "'");
    return false;
  }

  bool Digits(size_t* e, int64_t* out, int* count) {
    int64_t v = 0;
    int n = 0;
    while (*e < s_.size() && std::isdigit(static_cast<unsigned char>(s_[*e]))) {
      if (v > (std::numeric_limits<int64_t>::max() - 9) / 10) {
        Error(static_cast<int>(pos_), "number too large");
        return false;
      }
      v = v * 10 + (s_[*e] - '0');
      ++*e;
      ++n;
    }
    *out = v;
    *count = n;
    return true;
  }

  bool LexNumber() {
    size_t e = pos_;
    int64_t v = 0;
    int n = 0;
    if (!Digits(&e, &v, &n)) return false;
    // A date: YYYY-MM-DD.
    if (n == 4 && e + 6 <= s_.size() && s_[e] == '-' && std::isdigit((unsigned char)s_[e + 1]) &&
        std::isdigit((unsigned char)s_[e + 2]) && s_[e + 3] == '-' &&
        std::isdigit((unsigned char)s_[e + 4]) && std::isdigit((unsigned char)s_[e + 5]) &&
        (e + 6 == s_.size() || !std::isdigit((unsigned char)s_[e + 6]))) {
      auto d = Date::Parse(s_.substr(pos_, 10));
      if (!d.ok()) {
        Error(static_cast<int>(pos_), "not a calendar date: " + std::string(s_.substr(pos_, 10)));
        return false;
      }
      tok_.kind = Tok::kDate;
      tok_.num = d->days();
      tok_.text = std::string(s_.substr(pos_, 10));
      pos_ += 10;
      tok_.end = static_cast<int>(pos_);
      return true;
    }
    tok_.kind = Tok::kNumber;
    tok_.num = v;
    if (e < s_.size() && s_[e] == '.' && e + 1 < s_.size() &&
        std::isdigit(static_cast<unsigned char>(s_[e + 1]))) {
      ++e;
      int64_t frac = 0;
      int fn = 0;
      if (!Digits(&e, &frac, &fn)) return false;
      if (fn > 4) {
        Error(static_cast<int>(pos_), "at most 4 decimal places");
        return false;
      }
      int64_t den = 1;
      for (int i = 0; i < fn; ++i) den *= 10;
      if (v > std::numeric_limits<int64_t>::max() / den / 100) {
        Error(static_cast<int>(pos_), "number too large");
        return false;
      }
      tok_.kind = Tok::kDecimal;
      tok_.num = v * den + frac;
      tok_.den = den;
    }
    if (e < s_.size() && s_[e] == '%') {
      ++e;
      tok_.den *= 100;
      tok_.kind = Tok::kPercent;
    }
    tok_.text = std::string(s_.substr(pos_, e - pos_));
    pos_ = e;
    tok_.end = static_cast<int>(e);
    return true;
  }

  bool Next() { return !failed_ && Lex(); }
  bool Is(std::string_view p) const {
    return (tok_.kind == Tok::kPunct || tok_.kind == Tok::kIdent) && tok_.text == p;
  }
  bool Expect(std::string_view p, const char* what) {
    if (!Is(p)) {
      Error(tok_.begin, std::string("expected '") + std::string(p) + "' " + what + ", found '" +
                            tok_.text + "'");
      return false;
    }
    return Next();
  }

  bool TooBig() {
    if (++nodes_ <= kMaxNodes) return false;
    Error(tok_.begin, "expression too long (more than " + std::to_string(kMaxNodes) + " parts)");
    return true;
  }

  ExprPtr Make(ExprKind k, int begin, std::string text) {
    if (TooBig()) return nullptr;
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->begin = begin;
    e->end = tok_.end;
    e->text = std::move(text);
    return e;
  }
  ExprPtr Binary(std::string op, ExprPtr a, ExprPtr b) {
    if (TooBig()) return nullptr;
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kBinary;
    e->text = std::move(op);
    e->begin = a->begin;
    e->end = b->end;
    e->kids.push_back(std::move(a));
    e->kids.push_back(std::move(b));
    return e;
  }

  bool Deep(int depth) {
    if (depth > kMaxDepth) {
      Error(tok_.begin, "expression nested too deeply");
      return true;
    }
    return false;
  }

  ExprPtr Or(int d) {
    if (Deep(d)) return nullptr;
    ExprPtr a = And(d + 1);
    while (a && Is("or")) {
      if (!Next()) return nullptr;
      ExprPtr b = And(d + 1);
      if (!b) return nullptr;
      a = Binary("or", std::move(a), std::move(b));
    }
    return a;
  }
  ExprPtr And(int d) {
    ExprPtr a = Not(d + 1);
    while (a && Is("and")) {
      if (!Next()) return nullptr;
      ExprPtr b = Not(d + 1);
      if (!b) return nullptr;
      a = Binary("and", std::move(a), std::move(b));
    }
    return a;
  }
  ExprPtr Not(int d) {
    if (Deep(d)) return nullptr;
    if (Is("not")) {
      const int begin = tok_.begin;
      if (!Next()) return nullptr;
      ExprPtr a = Not(d + 1);
      if (!a) return nullptr;
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::kUnary;
      e->text = "not";
      e->begin = begin;
      e->end = a->end;
      e->kids.push_back(std::move(a));
      return e;
    }
    return Compare(d + 1);
  }
  ExprPtr Compare(int d) {
    ExprPtr a = Add(d + 1);
    if (!a) return nullptr;
    static constexpr std::string_view kOps[] = {"==", "!=", "<", "<=", ">", ">=", "in"};
    std::string op;
    for (auto o : kOps)
      if (Is(o)) op = std::string(o);
    if (op.empty() && Is("not")) {
      if (!Next()) return nullptr;
      if (!Is("in")) {
        Error(tok_.begin, "expected 'in' after 'not' here");
        return nullptr;
      }
      op = "not in";
    }
    if (op.empty()) return a;
    if (!Next()) return nullptr;
    ExprPtr b = Add(d + 1);
    if (!b) return nullptr;
    for (auto o : kOps) {
      if (Is(o)) {
        Error(tok_.begin, "comparisons do not chain: use 'and'");
        return nullptr;
      }
    }
    return Binary(op, std::move(a), std::move(b));
  }
  ExprPtr Add(int d) {
    ExprPtr a = Mul(d + 1);
    while (a && (Is("+") || Is("-"))) {
      std::string op = tok_.text;
      if (!Next()) return nullptr;
      ExprPtr b = Mul(d + 1);
      if (!b) return nullptr;
      a = Binary(op, std::move(a), std::move(b));
    }
    return a;
  }
  ExprPtr Mul(int d) {
    ExprPtr a = Unary(d + 1);
    while (a && Is("*")) {
      if (!Next()) return nullptr;
      ExprPtr b = Unary(d + 1);
      if (!b) return nullptr;
      a = Binary("*", std::move(a), std::move(b));
    }
    return a;
  }
  ExprPtr Unary(int d) {
    if (Deep(d)) return nullptr;
    if (Is("-")) {
      const int begin = tok_.begin;
      if (!Next()) return nullptr;
      ExprPtr a = Unary(d + 1);
      if (!a) return nullptr;
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::kUnary;
      e->text = "-";
      e->begin = begin;
      e->end = a->end;
      e->kids.push_back(std::move(a));
      return e;
    }
    return Postfix(d + 1);
  }
  ExprPtr Postfix(int d) {
    ExprPtr a = Primary(d + 1);
    while (a && (Is(".") || Is("["))) {
      if (Is(".")) {
        if (!Next()) return nullptr;
        if (tok_.kind != Tok::kIdent) {
          Error(tok_.begin, "expected a field name after '.'");
          return nullptr;
        }
        if (TooBig()) return nullptr;
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kField;
        e->text = tok_.text;
        e->begin = a->begin;
        e->end = tok_.end;
        e->kids.push_back(std::move(a));
        a = std::move(e);
        if (!Next()) return nullptr;
      } else {
        if (!Next()) return nullptr;
        ExprPtr k = Or(d + 1);
        if (!k) return nullptr;
        if (TooBig()) return nullptr;
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kIndex;
        e->begin = a->begin;
        e->end = tok_.end;
        e->kids.push_back(std::move(a));
        e->kids.push_back(std::move(k));
        a = std::move(e);
        if (!Expect("]", "to close the key")) return nullptr;
      }
    }
    return a;
  }
  ExprPtr Primary(int d) {
    if (Deep(d)) return nullptr;
    const int begin = tok_.begin;
    switch (tok_.kind) {
      case Tok::kEnd:
        Error(begin, "expression expected");
        return nullptr;
      case Tok::kNumber:
      case Tok::kDecimal:
      case Tok::kPercent: {
        auto e = Make(tok_.kind == Tok::kPercent ? ExprKind::kPercent : ExprKind::kNumber, begin,
                      tok_.text);
        e->num = tok_.num;
        e->den = tok_.den;
        return Next() ? std::move(e) : nullptr;
      }
      case Tok::kDate: {
        auto e = Make(ExprKind::kDate, begin, tok_.text);
        e->num = tok_.num;
        return Next() ? std::move(e) : nullptr;
      }
      case Tok::kString: {
        auto e = Make(ExprKind::kString, begin, tok_.text);
        return Next() ? std::move(e) : nullptr;
      }
      case Tok::kIdent: {
        if (tok_.text == "true" || tok_.text == "false") {
          auto e = Make(ExprKind::kBool, begin, tok_.text);
          e->num = tok_.text == "true";
          return Next() ? std::move(e) : nullptr;
        }
        static constexpr std::string_view kReserved[] = {"and", "or", "not", "in"};
        for (auto r : kReserved) {
          if (tok_.text == r) {
            Error(begin, "'" + tok_.text + "' cannot start an operand");
            return nullptr;
          }
        }
        auto e = Make(ExprKind::kName, begin, tok_.text);
        if (!Next()) return nullptr;
        if (!Is("(")) return e;
        e->kind = ExprKind::kCall;
        if (!Next()) return nullptr;
        if (!Is(")")) {
          for (;;) {
            ExprPtr a = Or(d + 1);
            if (!a) return nullptr;
            e->kids.push_back(std::move(a));
            if (Is(")")) break;
            if (!Expect(",", "between arguments")) return nullptr;
          }
        }
        e->end = tok_.end;
        return Next() ? std::move(e) : nullptr;
      }
      case Tok::kPunct:
        break;
    }
    if (Is("(")) {
      if (!Next()) return nullptr;
      ExprPtr e = Or(d + 1);
      if (!e) return nullptr;
      if (!Is(")")) {
        Error(tok_.begin, "expected ')' to close the '(', found '" + tok_.text + "'");
        return nullptr;
      }
      e->begin = begin;
      e->end = tok_.end;
      return Next() ? std::move(e) : nullptr;
    }
    if (Is("{")) {
      auto e = Make(ExprKind::kSet, begin, "{}");
      if (!Next()) return nullptr;
      if (!Is("}")) {
        for (;;) {
          ExprPtr a = Primary(d + 1);
          if (!a) return nullptr;
          e->kids.push_back(std::move(a));
          if (Is("}")) break;
          if (!Expect(",", "between set members")) return nullptr;
        }
      }
      e->end = tok_.end;
      return Next() ? std::move(e) : nullptr;
    }
    Error(begin, "unexpected '" + tok_.text + "'");
    return nullptr;
  }

  std::string_view s_;
  size_t pos_ = 0;
  Token tok_;
  bool failed_ = false;
  int nodes_ = 0;
  ParseError error_;
};

}  // namespace

ExprPtr ParseExpression(std::string_view text, ParseError* error) {
  Parser p(text);
  return p.Parse(error);
}

bool MoneyFromText(std::string_view text, int64_t* fen) {
  ParseError err;
  ExprPtr e = ParseExpression(text, &err);
  if (!e || e->kind != ExprKind::kNumber || 100 % e->den != 0) return false;
  if (e->num > std::numeric_limits<int64_t>::max() / 100) return false;
  *fen = e->num * (100 / e->den);
  return true;
}

}  // namespace bangfu::policy
