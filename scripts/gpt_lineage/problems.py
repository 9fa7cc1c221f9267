"""One shape for every data problem, printed the same way by the CLI and the MkDocs plugin."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A problem in a data file. `line` and `col` are 1-based; 0 when unknown."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        field = self.field or "(file)"
        return f"{self.path}:{self.line}:{self.col}: {field}: {self.message}"


class DataError(Exception):
    """Raised by the pipeline when the data has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
