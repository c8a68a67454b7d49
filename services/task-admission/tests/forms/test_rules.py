"""The pure rules of forms: the filling's table, values, masking, what a row is about."""

from datetime import date
from typing import get_args

from hypothesis import given

from grassroots.common.catalog.models import FieldDefinition
from grassroots.common.refusals import Refusal
from grassroots.task_admission.forms import history_checks, rules
from grassroots.task_admission.forms.rules import FILLING
from grassroots.task_admission.forms.schemas import FillingStatus
from grassroots.testkit.lifecycles import check_table, walk, walks

ID = "11010519491231002X"


def _d(type_: str, subject: str = "village", **kw) -> FieldDefinition:
    return FieldDefinition(code=f"X-{type_}", name=type_, type=type_, subject=subject, **kw)


def test_the_filling_table():
    check_table(FILLING)
    assert set(get_args(FillingStatus)) == set(FILLING.states)


@given(walks(FILLING))
def test_filling_walks_stay_on_the_table(actions):
    def step(state, action):
        FILLING.edge(state, action)
        return FILLING.next(state, action), (
            ("form.filling.submitted",) if action == "submit" else ()
        )

    states = walk(FILLING, actions, step=step)
    assert sum(1 for s in states if s in FILLING.final) <= 1  # submitted or withdrawn, once


def test_values_as_each_field_takes_them():
    cases = [
        (None, "412", ("412", None)),
        (_d("integer"), " 412 ", ("412", None)),
        (_d("integer"), 412.0, ("412", None)),
        (_d("integer"), 12.5, (None, "应为整数")),
        (_d("integer"), "", (None, "应填写")),
        (_d("decimal", unit="元"), "35.50", ("35.5", None)),
        (_d("decimal", unit="元"), "1E+2", ("100", None)),
        (_d("decimal", unit="元"), "-0", ("0", None)),
        (_d("decimal", unit="元"), "NaN", (None, "应为数字")),
        (_d("decimal", unit="元"), "0.1234567", (None, "小数位数过多(最多 6 位)")),
        (_d("date"), "2026-03-02", ("2026-03-02", None)),
        (_d("date"), "2026/03/02", (None, "应为日期(YYYY-MM-DD)")),
        (_d("choice", choices=("一类", "二类")), "二类", ("二类", None)),
        (_d("choice", choices=("一类", "二类")), "四类", (None, "应为以下之一: 一类、二类")),
        (_d("id_number", "person"), ID.lower(), (ID, None)),
        (_d("id_number", "person"), ID[:-1] + "1", (None, "不是有效的公民身份号码")),
        (_d("text"), "x" * 2001, (None, "文本过长(最多 2000 字)")),
    ]
    for definition, raw, expected in cases:
        assert rules.read_value(raw, definition) == expected, (definition, raw)
    assert rules.read_value(True, None)[1] == "取值类型不正确"
    assert rules.read_value(None, _d("integer")) == (None, None)


def test_masking():
    assert rules.mask_id(ID) == "110105********002X"
    assert rules.mask_id("123") == "***"
    sensitive = _d("text", sensitivity="sensitive")
    assert rules.shown_value("低保", sensitive, full=False) == "***"
    assert rules.shown_value("低保", sensitive, full=True) == "低保"
    assert rules.shown_value(ID, _d("id_number", "person"), full=False) == "110105********002X"
    # an ID typed into a field that does not say so is masked all the same
    assert rules.shown_value(ID, None, full=False) == "110105********002X"
    assert rules.shown_value("412", _d("integer"), full=False) == "412"
    assert rules.shown_subject(ID, "person", full=False) == "110105********002X"
    assert rules.shown_subject("990101101201", "village", full=False) == "990101101201"
    try:
        rules.resident_id(ID[:-1] + "1")
    except Refusal as refusal:
        assert refusal.code == "E-RESIDENT-ID" and ID[:-1] not in (refusal.detail or "")
    else:
        raise AssertionError("an invalid resident ID was taken")


def test_what_a_row_is_about():
    household = [("户主", _d("text", "household")), ("身份证号", _d("id_number", "household"))]
    assert rules.subject_of(household) == "household"
    assert rules.key_label(household, "household") == "身份证号"
    assert rules.subject_of([("a", _d("text", "person"))]) == "person"
    assert rules.subject_of([("a", _d("text", "organisation"))]) == "organisation"
    assert rules.subject_of([("a", None)]) == "village"
    assert rules.key_label([("a", None)], "village") is None
    assert rules.field_key("F-1", "备注", None) == "F-1/备注"
    assert rules.protects([("a", _d("text", sensitivity="sensitive"))], "village")
    assert not rules.protects([("a", _d("text"))], "village")


def test_a_history_header_and_its_rows():
    fields = [("户数", _d("integer"))]
    today = date(2026, 3, 1)
    problems, records = history_checks.check_history(
        form_code="F-1",
        fields=fields,
        kind="village",
        header=["subject", "as_of", "户数", "户数"],
        rows=[],
        units={},
        today=today,
    )
    assert [(p.row, p.column) for p in problems] == [(1, "户数")] and records == []
    problems, records = history_checks.check_history(
        form_code="F-1",
        fields=fields,
        kind="village",
        header=["户数"],
        rows=[],
        units={},
        today=today,
    )
    assert {p.column for p in problems} == {"subject", "as_of"}
    problems, records = history_checks.check_history(
        form_code="F-1",
        fields=fields,
        kind="village",
        header=["subject", "as_of", "户数"],
        rows=[(2, ["990101101201", date(2025, 12, 31), 412]), (3, ["91110000600037341L", "1900-01-01", None])],
        units={"990101101201": True},
        today=today,
    )  # fmt: skip
    assert [(p.row, p.column, p.message) for p in problems] == [(3, "as_of", "日期过早")]
