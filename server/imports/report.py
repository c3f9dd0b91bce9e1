"""What an import found and did: problems as `FILE:LINE:COLUMN: reason`, and counts per kind."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

OUTCOMES = ("created", "updated", "unchanged", "deleted")


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str | None
    reason: str
    warning: bool = False

    def format(self, source: str) -> str:
        where = source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {'warning: ' if self.warning else ''}{self.reason}"


@dataclass
class Report:
    source: str  # the file as the user named it
    dry_run: bool = False
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def error(self, line: int | None, column: str | None, reason: str) -> None:
        self.problems.append(Problem(line, column, reason))

    def warn(self, line: int | None, column: str | None, reason: str) -> None:
        self.problems.append(Problem(line, column, reason, warning=True))

    def count(self, entity: str, outcome: str, n: int = 1) -> None:
        assert outcome in OUTCOMES, outcome
        self.counts.setdefault(entity, Counter())[outcome] += n

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    @property
    def ok(self) -> bool:
        return not self.errors

    def problem_lines(self, limit: int = 0) -> list[str]:
        """Problems in file order (file-wide ones first); at most `limit` errors (0: all)."""
        ordered = sorted(self.problems, key=lambda p: (p.line or 0, p.warning))
        errors = [p for p in ordered if not p.warning]
        shown = errors if not limit else errors[:limit]
        keep = {id(p) for p in shown}
        lines = [p.format(self.source) for p in ordered if p.warning or id(p) in keep]
        if len(shown) < len(errors):
            lines.append(
                f"{self.source}: ... and {len(errors) - len(shown)} more errors (--max-errors 0 shows all)"
            )
        return lines

    def summary_lines(self) -> list[str]:
        lines = [f"{self.source}: {self.rows} rows"]
        for entity, counted in self.counts.items() if self.ok else ():
            parts = [f"{counted[outcome]} {outcome}" for outcome in OUTCOMES if counted[outcome]]
            lines.append(f"  {entity}: {', '.join(parts) or 'nothing to do'}")
        lines += [f"  {note}" for note in self.notes]
        lines.append(f"  errors: {len(self.errors)}, warnings: {len(self.warnings)}")
        if self.errors:
            lines.append("nothing was imported: fix the errors above and import the file again")
        elif self.dry_run:
            lines.append(
                "dry run: the counts above are what an import would do; nothing was written"
            )
        elif self.written:
            changed = any(n for c in self.counts.values() for o, n in c.items() if o != "unchanged")
            lines.append("imported" if changed else "imported: nothing changed")
        return lines
