"""The condition language of events, objectives and victory: a small expression syntax parsed into a tree.

Scenario files are data, so conditions are never handed to `eval`: they are tokenised and parsed here at load time
into the frozen nodes below, checked against the scenario's ids, and evaluated later by the engine
(`engine/evaluate.py`). Every node keeps its column inside the source text so errors can point at it.

The modder's reference is `docs/conditions.md`; the function catalogue below is the single list both the checker
here and the engine's evaluator follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from petrograd1917.scenario.suggest import did_you_mean

# ----------------------------------------------------------------------------------------------------------
# The tree
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    column: int


@dataclass(frozen=True, slots=True)
class Boolean:
    value: bool
    column: int


@dataclass(frozen=True, slots=True)
class DateLiteral:
    """`1917-02-27` or `1917-10-25T06:00` (Julian), compared with the `date` of the current turn."""

    value: datetime
    column: int


@dataclass(frozen=True, slots=True)
class Name:
    """A bare word: a variable (`turn`, `date`, `self`) or an id given as a function argument."""

    name: str
    column: int


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Expr, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "not" | "-"
    operand: Expr
    column: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # "or" "and" "<" "<=" ">" ">=" "==" "!=" "+" "-" "*" "/"
    left: Expr
    right: Expr
    column: int  # the operator's column


Expr = Number | Boolean | DateLiteral | Name | Call | Unary | Binary


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed expression with the text it came from (shown in tooltips and the modder's error messages)."""

    source: str
    tree: Expr


def start_column(expr: Expr) -> int:
    """Where an expression begins in the text (a binary node's own column is its operator's)."""
    while isinstance(expr, Binary):
        expr = expr.left
    return expr.column


# ----------------------------------------------------------------------------------------------------------
# Tokens
# ----------------------------------------------------------------------------------------------------------


class ConditionSyntaxError(ValueError):
    """A condition that does not parse; `column` is 1-based inside the condition's text."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message, column)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return self.message


KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})
_BINARY_PRECEDENCE = {"or": 1, "and": 2, **dict.fromkeys(COMPARISONS, 4), "+": 5, "-": 5, "*": 6, "/": 6}
_NOT_PRECEDENCE = 3  # `not a < b` is `not (a < b)`, as in Python
_NEGATE_PRECEDENCE = 7
# Scenario files are untrusted: bounds keep a hostile condition from exhausting the stack of the parser, the checker
# or the evaluator (all recursive). Real conditions use a few dozen tokens and a few levels of brackets.
MAX_TOKENS = 256
MAX_NESTING = 32
MAX_DIGITS = 15  # a number's digits: more than a float holds exactly, and far more than any count in a city

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?(?![\w.])")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_NAME = re.compile(r"[A-Za-z_]\w*", re.ASCII)
_OPERATORS = ("<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")", ",")
# Spellings from other languages, with the fix.
_FOREIGN = {
    "&&": "use 'and' instead of '&&'",
    "||": "use 'or' instead of '||'",
    "=": "use '==' to compare; a single '=' is not an operator",
    "!": "use 'not' instead of '!'",
    "&": "use 'and' instead of '&'",
    "|": "use 'or' instead of '|'",
}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number" | "date" | "name" | "keyword" | "op" | "end"
    text: str
    column: int
    value: float | datetime | None = None


def _describe(token: _Token) -> str:
    return "the end of the condition" if token.kind == "end" else f"'{token.text}'"


def tokenize(source: str) -> list[_Token]:
    """Split the text into tokens, ending with an `end` token; a character that fits nothing is an error."""
    tokens: list[_Token] = []
    i = 0
    while i < len(source):
        char = source[i]
        column = i + 1
        if char.isspace():
            i += 1
            continue
        if date := _DATE.match(source, i):
            year, month, day, hour, minute = (int(g) if g else 0 for g in date.groups())
            try:
                value = datetime(year, month, day, hour, minute)
            except ValueError as error:
                raise ConditionSyntaxError(f"'{date.group()}' is not a real date ({error})", column) from None
            tokens.append(_Token("date", date.group(), column, value))
            i = date.end()
            continue
        if number := _NUMBER.match(source, i):
            end = number.end()
            if end < len(source) and (source[end].isalnum() or source[end] in "_."):
                raise ConditionSyntaxError(
                    f"unexpected '{source[end]}' right after the number {number.group()}; "
                    "dates are written 1917-02-27 or 1917-10-25T06:00",
                    end + 1,
                )
            if sum(char.isdigit() for char in number.group()) > MAX_DIGITS:
                raise ConditionSyntaxError(f"numbers in conditions have at most {MAX_DIGITS} digits", column)
            tokens.append(_Token("number", number.group(), column, float(number.group())))
            i = end
            continue
        if name := _NAME.match(source, i):
            word = name.group()
            tokens.append(_Token("keyword" if word in KEYWORDS else "name", word, column))
            i = name.end()
            continue
        operator = next((op for op in _OPERATORS if source.startswith(op, i)), None)
        if operator is not None:
            tokens.append(_Token("op", operator, column))
            i += len(operator)
            continue
        foreign = next((op for op in sorted(_FOREIGN, key=len, reverse=True) if source.startswith(op, i)), None)
        if foreign is not None:
            raise ConditionSyntaxError(_FOREIGN[foreign], column)
        if char in "\"'":
            raise ConditionSyntaxError("quotes are not needed: write ids bare, e.g. flag(order_no_1)", column)
        raise ConditionSyntaxError(f"unexpected character '{char}'", column)
    if len(tokens) > MAX_TOKENS:
        raise ConditionSyntaxError(
            f"the condition is too long (more than {MAX_TOKENS} words, numbers and signs): split it up, "
            "e.g. with an event that sets a flag",
            tokens[MAX_TOKENS].column,
        )
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


# ----------------------------------------------------------------------------------------------------------
# Parser (precedence climbing)
# ----------------------------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.position = 0
        self.nesting = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.position]

    def advance(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def is_op(self, text: str) -> bool:
        return self.token.kind == "op" and self.token.text == text

    def binary_operator(self) -> str | None:
        token = self.token
        if (token.kind == "op" or token.text in ("and", "or")) and token.text in _BINARY_PRECEDENCE:
            return token.text
        return None

    def nested(self, min_precedence: int) -> Expr:
        """An expression inside brackets or after a prefix operator, with the depth bounded."""
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ConditionSyntaxError(
                f"the condition nests too deeply (more than {MAX_NESTING} levels of brackets, 'not' or '-')",
                self.token.column,
            )
        inner = self.expression(min_precedence)
        self.nesting -= 1
        return inner

    def expression(self, min_precedence: int) -> Expr:
        left = self.prefix()
        while (op := self.binary_operator()) is not None and _BINARY_PRECEDENCE[op] >= min_precedence:
            precedence = _BINARY_PRECEDENCE[op]
            op_token = self.advance()
            right = self.expression(precedence + 1)
            left = Binary(op, left, right, op_token.column)
            if op in COMPARISONS and (following := self.binary_operator()) in COMPARISONS:
                raise ConditionSyntaxError(
                    f"comparisons cannot be chained: join them with 'and', e.g. 'a {op} b and b {following} c'",
                    self.token.column,
                )
        return left

    def prefix(self) -> Expr:
        token = self.token
        if token.kind == "keyword" and token.text == "not":
            self.advance()
            return Unary("not", self.nested(_NOT_PRECEDENCE), token.column)
        if self.is_op("-"):
            self.advance()
            return Unary("-", self.nested(_NEGATE_PRECEDENCE), token.column)
        return self.primary()

    def primary(self) -> Expr:
        token = self.token
        if token.kind == "number":
            self.advance()
            assert isinstance(token.value, float)
            return Number(token.value, token.column)
        if token.kind == "date":
            self.advance()
            assert isinstance(token.value, datetime)
            return DateLiteral(token.value, token.column)
        if token.kind == "keyword" and token.text in ("true", "false"):
            self.advance()
            return Boolean(token.text == "true", token.column)
        if token.kind == "name":
            self.advance()
            if self.is_op("("):
                return self.call(token)
            return Name(token.text, token.column)
        if self.is_op("("):
            self.advance()
            inner = self.nested(1)
            if not self.is_op(")"):
                raise ConditionSyntaxError(
                    f"expected ')' to close '(' opened at column {token.column}, found {_describe(self.token)}",
                    self.token.column,
                )
            self.advance()
            return inner
        raise ConditionSyntaxError(self.expected_value(), token.column)

    def call(self, name: _Token) -> Call:
        opening = self.advance()  # "("
        args: list[Expr] = []
        if not self.is_op(")"):
            while True:
                args.append(self.nested(1))
                if self.is_op(","):
                    self.advance()
                    continue
                if not self.is_op(")"):
                    raise ConditionSyntaxError(
                        f"expected ',' or ')' to close '{name.text}(' opened at column {opening.column}, "
                        f"found {_describe(self.token)}",
                        self.token.column,
                    )
                break
        self.advance()
        return Call(name.text, tuple(args), name.column)

    def expected_value(self) -> str:
        """Say what was wanted where a value should start, and after what."""
        found = _describe(self.token)
        if self.position == 0:
            return f"expected a value (a number, date, name, '(' or 'not'), found {found}"
        previous = self.tokens[self.position - 1].text
        return f"expected a value after '{previous}', found {found}"

    def finish(self) -> None:
        token = self.token
        if token.kind == "end":
            return
        if token.kind == "op" and token.text == ")":
            raise ConditionSyntaxError("')' without a matching '('", token.column)
        if token.kind == "op" and token.text == ",":
            raise ConditionSyntaxError("',' outside the brackets of a function call", token.column)
        raise ConditionSyntaxError(
            f"expected an operator (and, or, a comparison or arithmetic) before '{token.text}'", token.column
        )


def parse(source: str) -> Condition:
    """Parse a condition's text into its tree; raise ConditionSyntaxError pointing at the first problem."""
    if not source.strip():
        raise ConditionSyntaxError("the condition is empty", 1)
    parser = _Parser(source)
    tree = parser.expression(1)
    parser.finish()
    return Condition(source, tree)


# ----------------------------------------------------------------------------------------------------------
# Catalogue: every function and variable, with argument kinds and result type
# ----------------------------------------------------------------------------------------------------------


class ValueType(StrEnum):
    NUMBER = "number"
    BOOL = "bool"
    DATE = "date"


_TYPE_WORDS = {ValueType.NUMBER: "a number", ValueType.BOOL: "true/false", ValueType.DATE: "a date"}


class ArgKind(StrEnum):
    """What an argument must be: an id of one kind of scenario item, or a number."""

    DISTRICT = "district"
    FACTION = "faction"
    UNIT = "unit"
    SITE = "site"
    LINK = "link"
    PLACE = "district_or_site"
    FLAG = "flag"
    KEY_EVENT = "key_event"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    name: str
    signatures: tuple[tuple[ArgKind, ...], ...]  # accepted argument lists (most take exactly one)
    result: ValueType
    meaning: str  # one line, shown in error messages' hints and tooltips

    def usage(self) -> str:
        return " or ".join(f"{self.name}({', '.join(sig)})" for sig in self.signatures)


_D, _F, _U, _S = ArgKind.DISTRICT, ArgKind.FACTION, ArgKind.UNIT, ArgKind.SITE
_N, _B = ValueType.NUMBER, ValueType.BOOL

FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name: spec
    for spec in (
        FunctionSpec("unrest", ((_D,),), _N, "unrest in the district, 0 calm .. 1 insurrection"),
        FunctionSpec("influence", ((_D, _F),), _N, "the faction's share of influence in the district, 0..1"),
        FunctionSpec("controls", ((_F, ArgKind.PLACE),), _B, "the faction controls the district or holds the site"),
        FunctionSpec("holds", ((_F, _S),), _B, "the faction holds the site"),
        FunctionSpec("loyalty", ((_U, _F),), _N, "the unit's true loyalty to the faction, 0..1"),
        FunctionSpec("commands", ((_F, _U),), _B, "the faction gives the unit its orders (and the unit still exists)"),
        FunctionSpec("strength", ((_U,),), _N, "men in the unit (0 once it is gone)"),
        FunctionSpec("strikers", ((), (_D,)), _N, "workers on strike, in the whole city or in the district"),
        FunctionSpec("crowd", ((), (_D,)), _N, "people on the streets, in the whole city or in the district"),
        FunctionSpec("bread", ((_D,),), _N, "days of bread left in the district"),
        FunctionSpec("stock", ((),), _N, "tonnes of flour in the city's warehouses"),
        FunctionSpec("ration", ((),), _N, "the bread ration, grams per person per day"),
        FunctionSpec("raised", ((ArgKind.LINK,),), _B, "the bridge is raised"),
        FunctionSpec("flag", ((ArgKind.FLAG,),), _B, "an event has set the flag (and nothing has cleared it)"),
        FunctionSpec("happened", ((ArgKind.KEY_EVENT,),), _B, "the key event has happened"),
        FunctionSpec("legitimacy", ((_F,),), _N, "the faction's legitimacy, 0..1"),
        FunctionSpec("districts_controlled", ((_F,),), _N, "how many districts the faction controls"),
        FunctionSpec("sites_held", ((_F,),), _N, "how many sites the faction holds"),
        FunctionSpec("held_points", ((_F,),), _N, "the victory points of the sites the faction holds"),
        FunctionSpec("armed_share", ((_F,),), _N, "the faction's share of the armed strength of all units, 0..1"),
        FunctionSpec("city_influence", ((_F,),), _N, "the faction's influence over the whole city, by population"),
        FunctionSpec(
            "mutinied_units",
            ((), (_F,)),
            _N,
            "how many of the scenario's units now obey someone new; with a faction, how many came over to it",
        ),
        FunctionSpec("min", ((ArgKind.NUMBER, ArgKind.NUMBER),), _N, "the smaller of two numbers"),
        FunctionSpec("max", ((ArgKind.NUMBER, ArgKind.NUMBER),), _N, "the larger of two numbers"),
    )
}

VARIABLES: dict[str, ValueType] = {"turn": ValueType.NUMBER, "date": ValueType.DATE}
SELF = "self"  # the faction whose objective is evaluated: a faction argument, not a value


# ----------------------------------------------------------------------------------------------------------
# Checking against a scenario's ids
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScenarioNames:
    """The ids a condition may name, per kind; `self_faction` is set only inside a faction's objective."""

    districts: frozenset[str] = frozenset()
    factions: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()
    key_events: frozenset[str] = frozenset()
    self_faction: str | None = None

    def ids(self, kind: ArgKind) -> frozenset[str]:
        return {
            ArgKind.DISTRICT: self.districts,
            ArgKind.FACTION: self.factions,
            ArgKind.UNIT: self.units,
            ArgKind.SITE: self.sites,
            ArgKind.LINK: self.links,
            ArgKind.PLACE: self.districts | self.sites,
            ArgKind.KEY_EVENT: self.key_events,
        }.get(kind, frozenset())

    def kind_of(self, name: str) -> str | None:
        """What kind of item an id names, for messages like "'vyborg' is a district"."""
        for kind in (ArgKind.DISTRICT, ArgKind.FACTION, ArgKind.UNIT, ArgKind.SITE, ArgKind.LINK, ArgKind.KEY_EVENT):
            if name in self.ids(kind):
                return kind.value.replace("_", " ")
        return None


Problem = tuple[int, str]  # (1-based column, message)


def check(condition: Condition, names: ScenarioNames, expected: ValueType | None) -> list[Problem]:
    """Every problem in a parsed condition: unknown functions and ids, argument counts and kinds, types.

    `expected` is the type the place it is written in needs (an `if:` wants BOOL, an objective's `score:` NUMBER).
    """
    checker = _Checker(names)
    found = checker.type_of(condition.tree)
    if expected is not None and found is not None and found != expected:
        hint = " (compare it with something, e.g. '> 0.5')" if expected == ValueType.BOOL else ""
        checker.problem(
            start_column(condition.tree),
            f"this must give {_TYPE_WORDS[expected]}, but it gives {_TYPE_WORDS[found]}{hint}",
        )
    return sorted(checker.problems, key=lambda problem: problem[0])  # stable: the overall type comes last


class _Checker:
    def __init__(self, names: ScenarioNames) -> None:
        self.names = names
        self.problems: list[Problem] = []

    def problem(self, column: int, message: str) -> None:
        self.problems.append((column, message))

    def type_of(self, expr: Expr) -> ValueType | None:
        """The expression's type, or None when a problem has already been reported (so errors do not cascade)."""
        match expr:
            case Number():
                return ValueType.NUMBER
            case Boolean():
                return ValueType.BOOL
            case DateLiteral():
                return ValueType.DATE
            case Name():
                return self.variable(expr)
            case Call():
                return self.call(expr)
            case Unary():
                return self.unary(expr)
            case Binary():
                return self.binary(expr)

    def variable(self, expr: Name) -> ValueType | None:
        if expr.name in VARIABLES:
            return VARIABLES[expr.name]
        if expr.name == SELF:
            self.problem(expr.column, "'self' names a faction: use it as an argument, e.g. holds(self, smolny)")
        elif expr.name in FUNCTIONS:
            self.problem(expr.column, f"'{expr.name}' is a function: write {FUNCTIONS[expr.name].usage()}")
        elif (kind := self.names.kind_of(expr.name)) is not None:
            self.problem(
                expr.column, f"'{expr.name}' is a {kind}: an id can only be a function's argument, e.g. unrest(vyborg)"
            )
        else:
            hint = did_you_mean(expr.name, [*VARIABLES, *FUNCTIONS])
            self.problem(
                expr.column,
                f"unknown name '{expr.name}'{hint}: a bare word is a variable (turn, date); "
                f"a flag is written flag({expr.name})",
            )
        return None

    def unary(self, expr: Unary) -> ValueType | None:
        operand = self.type_of(expr.operand)
        wanted = ValueType.BOOL if expr.op == "not" else ValueType.NUMBER
        if operand is not None and operand != wanted:
            self.problem(
                start_column(expr.operand),
                f"'{expr.op}' needs {_TYPE_WORDS[wanted]}, but this is {_TYPE_WORDS[operand]}",
            )
        return wanted

    def binary(self, expr: Binary) -> ValueType | None:
        left, right = self.type_of(expr.left), self.type_of(expr.right)
        if expr.op in ("and", "or"):
            self.operands(expr, left, right, ValueType.BOOL)
            return ValueType.BOOL
        if expr.op in ("+", "-", "*", "/"):
            self.operands(expr, left, right, ValueType.NUMBER)
            return ValueType.NUMBER
        # A comparison: both sides of one type; only numbers and dates have an order.
        if left is not None and right is not None:
            if left != right:
                self.problem(
                    expr.column, f"'{expr.op}' compares {_TYPE_WORDS[left]} with {_TYPE_WORDS[right]}: they never match"
                )
            elif left == ValueType.BOOL and expr.op not in ("==", "!="):
                self.problem(expr.column, f"'{expr.op}' needs numbers or dates; true/false only have == and !=")
        return ValueType.BOOL

    def operands(self, expr: Binary, left: ValueType | None, right: ValueType | None, wanted: ValueType) -> None:
        for side, found, operand in (("left", left, expr.left), ("right", right, expr.right)):
            if found is not None and found != wanted:
                self.problem(
                    start_column(operand),
                    f"'{expr.op}' needs {_TYPE_WORDS[wanted]} on both sides, but its {side} side is "
                    f"{_TYPE_WORDS[found]}",
                )

    def call(self, expr: Call) -> ValueType | None:
        spec = FUNCTIONS.get(expr.function)
        if spec is None:
            if expr.function in VARIABLES or expr.function == SELF:
                self.problem(expr.column, f"'{expr.function}' is a variable, not a function: write it without '()'")
            else:
                hint = did_you_mean(expr.function, FUNCTIONS)
                self.problem(expr.column, f"unknown function '{expr.function}'{hint}")
            for arg in expr.args:
                if not isinstance(arg, Name):
                    self.type_of(arg)
            return None
        signature = next((sig for sig in spec.signatures if len(sig) == len(expr.args)), None)
        if signature is None:
            counts = sorted({len(sig) for sig in spec.signatures})
            wanted = " or ".join(str(n) for n in counts)
            plural = "" if counts == [1] else "s"
            self.problem(
                expr.column,
                f"{expr.function} takes {wanted} argument{plural}, not {len(expr.args)}: {spec.usage()}",
            )
            return spec.result
        for position, (arg, kind) in enumerate(zip(expr.args, signature, strict=True), start=1):
            self.argument(spec, position, arg, kind)
        return spec.result

    def argument(self, spec: FunctionSpec, position: int, arg: Expr, kind: ArgKind) -> None:
        where = f"argument {position} of {spec.usage()}"
        if kind == ArgKind.NUMBER:
            found = self.type_of(arg)
            if found is not None and found != ValueType.NUMBER:
                self.problem(start_column(arg), f"{where} must be a number, but this is {_TYPE_WORDS[found]}")
            return
        wanted = kind.value.replace("_", " ")
        if not isinstance(arg, Name):
            self.problem(start_column(arg), f"{where} must be a {wanted} id, written bare (e.g. vyborg)")
            return
        if kind == ArgKind.FLAG:
            return  # any word is a flag; one never set is simply false
        if arg.name == SELF:
            if kind != ArgKind.FACTION:
                self.problem(arg.column, f"'self' is a faction, but {where} must be a {wanted}")
            elif self.names.self_faction is None:
                self.problem(arg.column, "'self' is only meaningful in a faction's objective (score: or win_if:)")
            return
        if arg.name in self.names.ids(kind):
            return
        if (other := self.names.kind_of(arg.name)) is not None:
            self.problem(arg.column, f"'{arg.name}' is a {other}, but {where} must be a {wanted}")
        else:
            hint = did_you_mean(arg.name, self.names.ids(kind))
            self.problem(arg.column, f"unknown {wanted} '{arg.name}'{hint}")
