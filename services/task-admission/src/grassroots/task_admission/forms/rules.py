"""The pure rules of forms filled on the platform (一套表): the filling's lifecycle, the period a
form's frequency asks, what a row is about, how a value is read and checked, how a cell stands
(prefilled, shared, confirmed, typed), how people's data is masked. A history file's rows are
checked by history_checks.py.

Masking (个人信息保护法, 最小必要): an ID number (a field of type `id_number`, a row keyed by a
resident ID, or any value that is a valid resident ID) shows its first six and last four
characters (110105********002X); a field marked `sensitive` shows as `***`. The full value is
for the filling unit itself while the filling is open, and for the owner department's
`dept_submitter` asking its demand's submissions with `reveal=true`; never in an event or a log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from grassroots.common.catalog.models import ApprovedForm, FieldDefinition, Frequency, Subject
from grassroots.common.lifecycle import Lifecycle, edges
from grassroots.common.refusals import Refusal
from grassroots.task_admission.codes import FILLING_STATE, RESIDENT_ID

GRASSROOTS = ("township_admin", "village_operator")
SYSTEM = ("service",)  # the service itself, following its demand (a withdrawal)

# One unit's filling of one approved form for one period (填报). Answering and adding a row
# keep it open but claim it (its version is its ETag); submitting completes the unit's part
# of the demand (demands.progress.complete).
FILLING = Lifecycle(
    name="form_filling",
    title="报表填报",
    initial=("open",),
    table=(
        *edges("open", "answer", "open", roles=GRASSROOTS),
        *edges("open", "add_row", "open", roles=GRASSROOTS),
        *edges("open", "submit", "submitted", roles=GRASSROOTS, events=["form.filling.submitted"]),
        *edges("open", "withdraw", "withdrawn", roles=SYSTEM),
    ),
    conflict=FILLING_STATE,
    final=("submitted", "withdrawn"),
)

KEYED: tuple[Subject, ...] = ("household", "person")  # rows keyed by a resident ID
Origin = Literal["confirmed", "typed", "shared"]
CellStatus = Literal["empty", "prefilled", "shared", "confirmed", "typed"]
MAX_TEXT = 2000
MAX_DIGITS, MAX_PLACES = 15, 6  # a figure a form asks: up to 10^15, six decimals


# --- periods ----------------------------------------------------------------------------------


def period_of(frequency: Frequency, day: date) -> str:
    """The period a form of this frequency asks about on `day` (China's date): yearly 2026,
    half_yearly 2026-H1, quarterly 2026-Q1, monthly 2026-03, weekly (ISO) 2026-W09, once and
    on_demand `once`."""
    if frequency == "yearly":
        return f"{day.year}"
    if frequency == "half_yearly":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if frequency == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if frequency == "monthly":
        return f"{day.year}-{day.month:02d}"
    if frequency == "weekly":
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    return "once"


# --- what a row is about ----------------------------------------------------------------------

Fields = Sequence[tuple[str, FieldDefinition | None]]


def subject_of(fields: Fields) -> Subject:
    """What a form's rows are about: households or persons (keyed by a resident ID) when any of
    its canonical fields is about one; otherwise the unit itself (an organisation or a village)."""
    kinds = {d.subject for _, d in fields if d is not None}
    for kind in ("household", "person", "organisation"):
        if kind in kinds:
            return kind  # type: ignore[return-value]
    return "village"


def field_key(form_code: str, label: str, definition: FieldDefinition | None) -> str:
    """Where a field's value is kept as a fact: its canonical code, or (unmapped) the form's own
    label, shared only with the same form."""
    return definition.code if definition is not None else f"{form_code}/{label}"


def key_label(fields: Fields, subject: Subject) -> str | None:
    """The field of a keyed form that holds the row's own resident ID (its first `id_number`
    field about the row's subject), filled by the row itself."""
    if subject not in KEYED:
        return None
    for label, d in fields:
        if d is not None and d.type == "id_number" and d.subject in KEYED:
            return label
    return None


@dataclass(frozen=True)
class FormShape:
    """An approved form as a filling asks it: its fields with their definitions, what its rows
    are about, where each field's facts are kept, and the field a row's resident ID fills."""

    code: str
    title: str
    level: str
    frequency: Frequency
    owner: str
    fields: tuple[tuple[str, FieldDefinition | None], ...]
    subject: Subject
    keys: Mapping[str, str]
    id_label: str | None

    @property
    def keyed(self) -> bool:
        return self.subject in KEYED

    def definition(self, label: str) -> FieldDefinition | None:
        return dict(self.fields).get(label)


def shape(form: ApprovedForm, fields: Fields) -> FormShape:
    """The shape of an approved form, from the catalog's `form_fields(form)`."""
    subject = subject_of(fields)
    return FormShape(
        code=form.code,
        title=form.title,
        level=form.level,
        frequency=form.frequency,
        owner=form.owner_department,
        fields=tuple(fields),
        subject=subject,
        keys={label: field_key(form.code, label, d) for label, d in fields},
        id_label=key_label(fields, subject),
    )


def resident_id(text: str) -> str:
    """A resident ID (公民身份号码) as stored: compact, upper case; refuses an invalid one
    (its problem shows it masked)."""
    try:
        return str(ric.validate(text)).upper()
    except (ValidationError, ValueError, TypeError) as exc:
        raise Refusal(RESIDENT_ID, None, f"{mask_id(text)} 不是有效的公民身份号码") from exc


def is_resident_id(text: str) -> bool:
    try:
        ric.validate(text)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


# --- values -----------------------------------------------------------------------------------

Raw = str | int | float | None


def read_value(raw: Raw, definition: FieldDefinition | None) -> tuple[str | None, str | None]:
    """A value as stored (text) and, when it is not one the field takes, why. None clears."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, "取值类型不正确"
    text = (f"{raw}" if not isinstance(raw, str) else raw).strip()
    kind = definition.type if definition is not None else "text"
    if kind == "text":
        return (text, None) if len(text) <= MAX_TEXT else (None, f"文本过长(最多 {MAX_TEXT} 字)")
    if not text:
        return None, "应填写"
    if kind in ("integer", "decimal"):
        return _number(text, integer=kind == "integer")
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat(), None
        except ValueError:
            return None, "应为日期(YYYY-MM-DD)"
    if kind == "choice":
        assert definition is not None
        if text in definition.choices:
            return text, None
        return None, "应为以下之一: " + "、".join(definition.choices)
    if kind == "id_number":
        if is_resident_id(text):
            return str(ric.compact(text)).upper(), None
        return None, "不是有效的公民身份号码"
    return None, "取值不符合要求"  # pragma: no cover - every FieldType is handled above


def _number(text: str, *, integer: bool) -> tuple[str | None, str | None]:
    wrong = "应为整数" if integer else "应为数字"
    if len(text) > 40:
        return None, wrong
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, wrong
    if not number.is_finite() or (integer and number % 1 != 0):
        return None, wrong
    if number != 0 and number.adjusted() >= MAX_DIGITS:
        return None, f"数值过大(不超过 {MAX_DIGITS} 位整数)"
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES:
        return None, f"小数位数过多(最多 {MAX_PLACES} 位)"
    if integer:
        return str(int(number)), None
    return ("0" if number == 0 else format(number.normalize(), "f")), None


# --- cells ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """A value offered to a cell: what the platform held (a fact) or what another live filling
    of the period answered (shared), with where it came from."""

    value: str
    kind: Literal["filling", "import"]
    source: str
    as_of: date
    shared: bool = False


def shown_offer(offered: Offer | None, shared: Offer | None) -> Offer | None:
    """What an unanswered cell shows: the period's shared answer before an older fact."""
    return shared if shared is not None else offered


def origin_of(value: str, offer: Offer | None) -> Origin:
    """How an answer stands against what the cell showed: the same as a shared answer is
    shared, as a fact confirmed; anything else typed (or corrected) by hand."""
    if offer is not None and value == offer.value:
        return "shared" if offer.shared else "confirmed"
    return "typed"


def status_of(answer_origin: str | None, offer: Offer | None) -> CellStatus:
    """A cell as a reader sees it."""
    if answer_origin is not None:
        return answer_origin  # type: ignore[return-value]
    if offer is None:
        return "empty"
    return "shared" if offer.shared else "prefilled"


@dataclass(frozen=True)
class Counts:
    """A submission's ledger: rows, answers confirmed as pre-filled, typed by hand, shared."""

    rows: int
    confirmed: int
    typed: int
    shared: int


def counts(origins: Sequence[str], rows: int) -> Counts:
    return Counts(
        rows=rows,
        confirmed=sum(1 for o in origins if o == "confirmed"),
        typed=sum(1 for o in origins if o == "typed"),
        shared=sum(1 for o in origins if o == "shared"),
    )


# --- masking ----------------------------------------------------------------------------------

HIDDEN = "***"


def mask_id(text: str) -> str:
    """An ID number with only its first six and last four characters shown."""
    text = str(text)
    if len(text) <= 10:
        return HIDDEN
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def shown_value(value: str | None, definition: FieldDefinition | None, *, full: bool) -> str | None:
    """A value as the reader may see it (see the module's masking rule)."""
    if value is None or full:
        return value
    if (definition is not None and definition.type == "id_number") or is_resident_id(value):
        return mask_id(value)
    if definition is not None and definition.sensitivity == "sensitive":
        return HIDDEN
    return value


def shown_subject(subject: str, kind: str, *, full: bool) -> str:
    """A row's subject as the reader may see it: a resident ID masked."""
    return subject if full or kind not in KEYED else mask_id(subject)


def protects(fields: Fields, kind: str) -> bool:
    """Whether a form holds people's data a full read shows (and the audit records)."""
    if kind in KEYED:
        return True
    return any(
        d is not None and (d.type == "id_number" or d.sensitivity == "sensitive") for _, d in fields
    )
