"""Reading the demo county's curated text tables (示范数据表): one entry per line, cells split by ``|``.

A cell holding several values separates them with ``/``; ``{o}`` in an action stands for the
row's object. Blank lines and lines starting with ``#`` are skipped.
"""

from typing import NamedTuple


class Topic(NamedTuple):
    """Duties about one object (基本履职 / 村级主责): the actions that make sense for it."""

    category: str
    obj: str
    keywords: tuple[str, ...]
    legal_basis: str
    actions: tuple[str, ...]
    only: tuple[str, ...]


class AssistTopic(NamedTuple):
    """Assist duties (配合履职事项) led by one department, with the split of duties."""

    category: str
    obj: str
    lead: str
    keywords: tuple[str, ...]
    legal_basis: str
    actions: tuple[str, ...]
    department_duties: str
    township_duties: str


class Sector(NamedTuple):
    """Powers withdrawn to a department (上级部门收回事项): sector + action."""

    category: str
    sector: str
    lead: str
    keywords: tuple[str, ...]
    legal_basis: str
    actions: tuple[str, ...]


class VillageAssist(NamedTuple):
    """Assist duties (协助/赋能事项) a department asks of villages."""

    category: str
    lead: str
    keywords: tuple[str, ...]
    legal_basis: str
    titles: tuple[str, ...]


class Negative(NamedTuple):
    """Negative items (负面事项): what must not be put on villages."""

    category: str
    keywords: tuple[str, ...]
    title: str


class Enforcement(NamedTuple):
    """One enforcement item delegated to townships (赋权执法事项); fines in yuan."""

    title: str
    origin: str
    legal_basis: str
    fine_min: int
    fine_max: int
    only: tuple[str, ...]


class Form(NamedTuple):
    """One approved report form (一套表): its field labels and, for each, its canonical field."""

    title: str
    owner: str
    level: str
    frequency: str
    fields: tuple[str, ...]
    canonical: tuple[str, ...]  # the name of each label's canonical field, in field order


class Field(NamedTuple):
    """One canonical field definition (规范字段)."""

    name: str
    type: str
    subject: str
    sensitivity: str
    unit: str
    choices: tuple[str, ...]


def rows(table: str, width: int) -> list[tuple[str, ...]]:
    """The rows of a text table, each with exactly ``width`` stripped cells."""
    result = []
    for raw in table.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = tuple(cell.strip() for cell in line.split("|"))
        if len(cells) != width:
            raise ValueError(f"{width} cells expected, {len(cells)} found: {line}")
        result.append(cells)
    return result


def values(cell: str) -> tuple[str, ...]:
    """The values of a ``/``-separated cell (empty cell, no values)."""
    return tuple(part.strip() for part in cell.split("/") if part.strip())


def topics(table: str) -> tuple[Topic, ...]:
    """category | object | keywords | legal basis | actions | only (township or village tags)."""
    return tuple(
        Topic(c, o, values(k), b, values(a), values(only)) for c, o, k, b, a, only in rows(table, 6)
    )


def assist_topics(table: str) -> tuple[AssistTopic, ...]:
    """category | object | lead | keywords | legal basis | actions | department duties | township duties."""
    return tuple(
        AssistTopic(c, o, lead, values(k), b, values(a), d, t)
        for c, o, lead, k, b, a, d, t in rows(table, 8)
    )


def sectors(table: str) -> tuple[Sector, ...]:
    """category | sector | lead | keywords | legal basis | actions."""
    return tuple(
        Sector(c, s, lead, values(k), b, values(a)) for c, s, lead, k, b, a in rows(table, 6)
    )


def village_assists(table: str) -> tuple[VillageAssist, ...]:
    """category | lead | keywords | legal basis | titles."""
    return tuple(
        VillageAssist(c, lead, values(k), b, values(t)) for c, lead, k, b, t in rows(table, 5)
    )


def negatives(table: str) -> tuple[Negative, ...]:
    """category | keywords | title."""
    return tuple(Negative(c, values(k), t) for c, k, t in rows(table, 3))


def enforcements(table: str) -> tuple[Enforcement, ...]:
    """title | origin department | legal basis | fine min | fine max | only (township tags)."""
    return tuple(
        Enforcement(t, o, b, int(low), int(high), values(only))
        for t, o, b, low, high, only in rows(table, 6)
    )


def forms(table: str) -> tuple[Form, ...]:
    """title | owner department | level | frequency | fields (``label`` or ``label=canonical``)."""
    result = []
    for t, o, lv, f, cell in rows(table, 5):
        pairs = [part.partition("=") for part in values(cell)]
        labels = tuple(label.strip() for label, _, _ in pairs)
        names = tuple((name or label).strip() for label, _, name in pairs)
        result.append(Form(t, o, lv, f, labels, names))
    return tuple(result)


def fields(table: str) -> tuple[Field, ...]:
    """name | type | subject | sensitivity | unit | choices."""
    return tuple(
        Field(n, t, subject, sensitivity, unit, values(choices))
        for n, t, subject, sensitivity, unit, choices in rows(table, 6)
    )
