"""A small checker of the IATI Standard's own rules (IATI-Rulesets, JS edition, version-2.03, MIT),
following `fixtures/iati-2.03/rulesets/SPEC.rst`, offline.

Why our own: the Python libraries (iatikit, pyIATI) implement only the nine rule names of the old
Python ruleset (atleast_one, dependent, sum, date_order, …); the 2.03 ruleset the IATI Validator
applies also uses loop, if_then, one_or_all, strict_sum, range, time_limit, date_now, between_dates
and no_spaces, which they do not know. Every rule name of SPEC.rst is implemented here; a rule name
the checker does not know is an error, never silently skipped.

Two inputs need the IATI Registry, which is not reachable offline:
- `idCondition: NOT_EXISTING_ORG_ID[_PREFIX]` (skip the rule for a registered publisher's id): the
  rule is always applied (the stricter reading);
- `ORG-ID-PREFIX` (the org-id.guide list of agency prefixes): the caller passes the prefixes it
  knows (`id_sets`).

Read as the IATI Validator (js-validator-api) reads them: `$1` of a loop is put only into the keys
its `subs` names (so the ruleset's loop conditions that keep a literal `$1` never apply, as in the
Validator); an empty value passes a regex; a time limit is 365 days. Stricter than the Validator in
one way: a date rule compares every date its path finds (every transaction), not only the first.

Usage: `check(document, now=…)` → [Finding], one per failed case and context element.
"""

import dataclasses
import datetime
import json
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from lxml import etree

RULESET = Path(settings.BASE_DIR) / "fixtures" / "iati-2.03" / "rulesets" / "standard.json"


@dataclasses.dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str  # "error" | "warning"
    message: str
    activity: str  # the iati-identifier (or organisation-identifier) of the element's record

    def __str__(self) -> str:
        return f"{self.activity}: [{self.severity} {self.rule_id}] {self.message}"


def load_ruleset(path: Path = RULESET) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _values(element, paths: Iterable[str]) -> list[str]:
    out = []
    for path in paths:
        result = element.xpath(path)
        if not isinstance(result, list):
            result = [result]
        for node in result:
            out.append(node.text or "" if isinstance(node, etree._Element) else str(node))
    return out


def _nodes(element, paths: Iterable[str]) -> list:
    found = []
    for path in paths:
        result = element.xpath(path)
        if isinstance(result, list):
            found.extend(result)
        elif result:
            found.append(result)
    return found


def _boolean(element, expression: str) -> bool:
    return bool(element.xpath(f"boolean({expression})"))


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


class Checker:
    def __init__(self, ruleset: dict | None = None, *, now: datetime.datetime | None = None, id_sets=None):
        self.ruleset = ruleset if ruleset is not None else load_ruleset()
        self.now = now or datetime.datetime.now(datetime.UTC)
        self.today = self.now.date()
        self.id_sets = id_sets or {}

    # -- driving --------------------------------------------------------------------------------
    def check(self, document) -> list[Finding]:
        root = document.getroot() if hasattr(document, "getroot") else document
        tree = root.getroottree()
        findings: list[Finding] = []
        for context, rules in self.ruleset.items():
            for element in tree.xpath(context):
                for name, rule in rules.items():
                    for case in rule["cases"]:
                        findings.extend(self._case(name, case, element))
        return findings

    def _case(self, name: str, case: dict, element) -> list[Finding]:
        if name == "loop":
            return self._loop(case, element)
        if "condition" in case and not _boolean(element, case["condition"]):
            return []
        method = getattr(self, "rule_" + re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower(), None)
        if method is None:
            raise ValueError(f"Unknown IATI rule name: {name}")
        if method(case, element):
            return []
        info = case.get("ruleInfo", {})
        return [
            Finding(
                rule_id=info.get("id", name),
                severity=info.get("severity", "error"),
                message=info.get("message", name),
                activity=self._record_id(element),
            )
        ]

    @staticmethod
    def _record_id(element) -> str:
        for node in [element, *element.iterancestors()]:
            if node.tag in ("iati-activity", "iati-organisation"):
                found = node.xpath("iati-identifier/text() | organisation-identifier/text()")
                return found[0] if found else "?"
        return "?"

    def _loop(self, case: dict, element) -> list[Finding]:
        findings = []
        for value in dict.fromkeys(_values(element, [case["foreach"]])):
            for name, rule in case["do"].items():
                for inner in rule["cases"]:
                    substituted = dict(inner)
                    for key in case.get("subs", []):
                        if key not in substituted:
                            continue
                        current = substituted[key]
                        if isinstance(current, list):
                            substituted[key] = [p.replace("$1", value) for p in current]
                        else:
                            substituted[key] = current.replace("$1", value)
                    findings.extend(self._case(name, substituted, element))
        return findings

    # -- the rules (True = passes) --------------------------------------------------------------
    def rule_no_more_than_one(self, case, element) -> bool:
        return len(_nodes(element, case["paths"])) <= 1

    def rule_atleast_one(self, case, element) -> bool:
        return len(_nodes(element, case["paths"])) >= 1

    def rule_dependent(self, case, element) -> bool:
        present = [bool(_nodes(element, [p])) for p in case["paths"]]
        return all(present) or not any(present)

    def rule_only_one_of(self, case, element) -> bool:
        found = len(_nodes(element, case["paths"]))
        if _nodes(element, case["excluded"]):
            return found == 0
        return found == 1

    def rule_one_or_all(self, case, element) -> bool:
        if _nodes(element, [case["one"]]):
            return True
        everything = case["all"]
        if everything == "lang":
            return not element.xpath(".//narrative[not(@xml:lang)]")
        if everything == "currency":
            return not element.xpath(".//value[not(@currency)]")
        return not element.xpath(f"transaction[not({everything})]")

    def _sum(self, case, element) -> Decimal | None:
        values = _values(element, case["paths"])
        if not values:
            return None
        total = Decimal(0)
        for value in values:
            try:
                total += Decimal(value)
            except InvalidOperation:
                return Decimal("NaN")
        return total

    def rule_sum(self, case, element) -> bool:
        total = self._sum(case, element)
        return total is None or (not total.is_nan() and abs(float(total) - float(case["sum"])) < 1e-9)

    def rule_strict_sum(self, case, element) -> bool:
        total = self._sum(case, element)
        return total is None or (not total.is_nan() and total == Decimal(str(case["sum"])))

    def rule_range(self, case, element) -> bool:
        for value in _values(element, case["paths"]):
            try:
                number = Decimal(value)
            except InvalidOperation:
                return False
            if "min" in case and number < Decimal(str(case["min"])):
                return False
            if "max" in case and number > Decimal(str(case["max"])):
                return False
        return True

    def _dates(self, element, path: str) -> list[datetime.date]:
        if path == "NOW":
            return [self.today]
        return [d for d in (_date(v) for v in _values(element, [path])) if d is not None]

    def rule_date_order(self, case, element) -> bool:
        less, more = self._dates(element, case["less"]), self._dates(element, case["more"])
        return not less or not more or max(less) <= min(more)

    def rule_date_now(self, case, element) -> bool:
        for value in _values(element, [case["date"]]):
            try:
                moment = datetime.datetime.fromisoformat(value.strip())
            except ValueError:
                return False
            if moment.tzinfo is None:
                if moment.date() > self.today:
                    return False
            elif moment > self.now:
                return False
        return True

    def rule_time_limit(self, case, element) -> bool:
        starts, ends = self._dates(element, case["start"]), self._dates(element, case["end"])
        if not starts or not ends:
            return True
        return (ends[0] - starts[0]).days <= 365

    def rule_between_dates(self, case, element) -> bool:
        dates = self._dates(element, case["date"])
        starts, ends = self._dates(element, case["start"]), self._dates(element, case["end"])
        if not starts or not ends:
            return True
        return all(starts[0] <= d <= ends[0] for d in dates)

    def rule_regex_matches(self, case, element) -> bool:
        pattern = re.compile(case["regex"])
        return all(v == "" or pattern.search(v) for v in _values(element, case["paths"]))

    def rule_regex_no_matches(self, case, element) -> bool:
        pattern = re.compile(case["regex"])
        return not any(v != "" and pattern.search(v) for v in _values(element, case["paths"]))

    def rule_startswith(self, case, element) -> bool:
        prefixes: list[str] = []
        for path in case["prefix"]:
            if path in self.id_sets:
                prefixes.extend(self.id_sets[path])
            else:
                prefixes.extend(_values(element, [path]))
        separator = case.get("separator", "")
        return all(any(v.startswith(p + separator) for p in prefixes) for v in _values(element, case["paths"]))

    def rule_unique(self, case, element) -> bool:
        values = _values(element, case["paths"])
        return len(values) == len(set(values))

    def rule_if_then(self, case, element) -> bool:
        return not _boolean(element, case["if"]) or _boolean(element, case["then"])

    def rule_no_spaces(self, case, element) -> bool:
        return all(v == v.strip() for v in _values(element, case["paths"]))


def check(document, *, now=None, id_sets=None) -> list[Finding]:
    return Checker(now=now, id_sets=id_sets).check(document)
