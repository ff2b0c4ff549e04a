"""The ready queries of `queries/`, as the package ships them (kg/queries): their question, their
parameters and their text, for the query page of `kg serve` (and anything else that offers them).

Each .rq file opens with comment lines: the question, then `# Parameters: name (hint), ...` (or
`none`), then an example call. The parameters are the variables `--param name=value` binds (see
kg.query.bind_parameters); the hint in parentheses says what to give and whether it may be left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_PARAMETER = re.compile(r"\s*(\w+)\s*(?:\((.*)\))?\s*$")


@dataclass(frozen=True)
class Parameter:
    name: str
    hint: str  # the header's words on it, e.g. 'e.g. "Thanh Hóa"; optional'


@dataclass(frozen=True)
class ReadyQuery:
    name: str  # the file's name without .rq
    question: str
    parameters: tuple[Parameter, ...]
    text: str


def _top_level_parts(text: str) -> list[str]:
    """`a (x, y), b` -> ['a (x, y)', ' b']: commas inside parentheses belong to a hint."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def read_ready_query(name: str, text: str) -> ReadyQuery:
    """One .rq file's header read: its question lines, and its parameters with their hints."""
    head = [line[1:].strip() for line in text.split("PREFIX", 1)[0].splitlines() if line.startswith("#")]
    declared = next((line.split(":", 1)[1].strip() for line in head if line.startswith("Parameters:")), "none")
    question = " ".join(head[:next((i for i, line in enumerate(head) if line.startswith("Parameters:")), 1)])
    parameters = [] if declared == "none" else [_PARAMETER.match(part) for part in _top_level_parts(declared)]
    return ReadyQuery(name, question, tuple(Parameter(p[1], p[2] or "") for p in parameters if p), text)


def ready_queries() -> list[ReadyQuery]:
    """Every ready query shipped in the package, by name."""
    folder = resources.files("kg").joinpath("queries")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return [read_ready_query(f.name[:-3], f.read_text(encoding="utf-8")) for f in files]
