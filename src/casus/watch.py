"""Watchlists: rules over the event filters, reporting each matching real-world event once.

A rule is a mapping of casus.query.Filters fields (actor, source, target, type, mode,
modality, place, country, story, q, min_reports, min_escalation, max_escalation, since,
until) plus a `name`. One event is reported per event cluster (its first report), and the
store remembers, per rule, the clusters already reported (table watch_seen), so a run after
the next ingest reports only what is new. Editing a rule makes it a new rule.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casus import query
from casus.store import Store


@dataclass
class Rule:
    name: str
    filters: dict[str, Any]

    @property
    def key(self) -> str:
        """The rule's identity in the watch state: a hash of its name and filters."""
        canon = json.dumps({"name": self.name, **self.filters}, sort_keys=True, default=str)
        return hashlib.sha256(canon.encode()).hexdigest()[:24]


def load_rules(path: str | Path) -> list[Rule]:
    """Rules from a YAML file: a list of rules, or a mapping with a `rules` list."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("rules")
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path}: expected a list of rules")
    rules = []
    for n, raw in enumerate(data, 1):
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: rule {n} is not a mapping")
        raw = dict(raw)
        name = str(raw.pop("name", f"rule {n}"))
        query.Filters.of({**raw, "dedup": True})  # unknown keys and bad values fail here, before any output
        rules.append(Rule(name, raw))
    return rules


def run(store: Store, rules: list[Rule], since_last: bool = True, remember: bool = True) -> list[dict[str, Any]]:
    """Matches of every rule, oldest first: {"rule", "event"}; with `since_last`, only event
    clusters this rule has not reported before. With `remember`, every match is then remembered."""
    out = []
    for rule in rules:
        rows = query.event_rows(store.con, {**rule.filters, "dedup": True})
        seen = {r[0] for r in store.con.execute("SELECT cluster FROM watch_seen WHERE rule = ?", [rule.key])
                .fetchall()} if since_last else set()
        new = [r for r in reversed(rows) if (r["cluster"] or r["id"]) not in seen]
        if new and remember:
            store.con.executemany("INSERT OR IGNORE INTO watch_seen (rule, cluster, event_id) VALUES (?, ?, ?)",
                                  [[rule.key, r["cluster"] or r["id"], r["id"]] for r in new])
        out += [{"rule": rule.name, "event": query.event_item(r)} for r in new]
    return out
