"""The pure rules of a case: each code fires, and the legal defaults hold."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grassroots.common import refusals
from grassroots.common.refusals import Refusal
from grassroots.enforcement.cases import rules
from grassroots.enforcement.cases.rules import OfficerCertificate
from grassroots.enforcement.policy import DEFAULT_POLICY as P
from grassroots.enforcement.policy import Policy

T = "990101101000"
DAY = date(2025, 3, 3)


def code_of(fn, *args, **kwargs) -> str:
    with pytest.raises(Refusal) as caught:
        fn(*args, **kwargs)
    return caught.value.code


def officer(n: int, **over) -> OfficerCertificate:
    values = {
        "id": f"o{n}",
        "name": f"官{n}",
        "township": T,
        "valid_from": date(2024, 1, 1),
        "valid_until": date(2026, 12, 31),
        "scope": (),
    }
    values.update(over)
    return OfficerCertificate(**values)


def go(state: str, command: str, procedure: str = "general") -> str:
    """The state a command leads to: the table's action it takes, then the table."""
    return rules.next_state(state, rules.action_of(command, state, procedure), procedure)


def test_state_machine_general_path():
    state = "discovered"
    for command, expected in [
        ("file", "filed"),
        ("investigate", "investigating"),
        ("notify", "notified"),
        ("hearing", "hearing"),
        ("hearing", "hearing"),
        ("decide", "decided"),
        ("serve", "served"),
        ("execute", "executed"),
        ("close", "closed"),
    ]:
        state = go(state, command)
        assert state == expected


def test_state_machine_side_exits_and_refusals():
    assert go("discovered", "close") == "not_filed"
    assert go("investigating", "close") == "withdrawn"
    assert go("filed", "transfer") == "transferred"
    assert go("discovered", "decide", "simplified") == "decided"
    assert go("notified", "decide", "simplified") == "decided"
    assert go("notified", "decide") == "decided"
    assert rules.action_of("hearing", "notified", "general") == "request-hearing"
    assert rules.action_of("hearing", "hearing", "general") == "hold-hearing"
    assert rules.action_of("extend", "filed", "general", "decision") == "extend-decision"
    assert code_of(go, "investigating", "decide") == "E-NOTICE-REQUIRED"
    assert code_of(go, "filed", "decide") == "E-NOTICE-REQUIRED"
    assert code_of(go, "discovered", "decide") == "E-ILLEGAL-TRANSITION"
    assert code_of(go, "closed", "file") == "E-ILLEGAL-TRANSITION"
    assert code_of(go, "decided", "transfer") == "E-ILLEGAL-TRANSITION"
    assert code_of(rules.next_state, "discovered", rules.ON_THE_SPOT, "general") == (
        "E-ILLEGAL-TRANSITION"
    )
    assert code_of(rules.next_state, "filed", "extend-decision", "simplified") == (
        "E-ILLEGAL-TRANSITION"
    )
    for final in rules.FINAL_STATES:
        for action in rules.CASE.actions:
            for procedure in rules.PROCEDURES:
                assert code_of(rules.next_state, final, action, procedure) == (
                    "E-ILLEGAL-TRANSITION"
                )


def _supervisor_only(state: str, action: str) -> bool:
    choices = rules.CASE.choices(state, action) or [
        e for e in rules.CASE.table if e.action == action
    ]
    return not any(rules.OFFICER in edge.roles for edge in choices)


def test_approvals_belong_to_the_supervisor():
    for action in ("file", "decide", rules.ON_THE_SPOT, "transfer", "extend-filing"):
        assert _supervisor_only("discovered", action)
    assert _supervisor_only("filed", "close") and not _supervisor_only("executed", "close")
    assert not _supervisor_only("filed", "investigate")


def test_the_log_names_the_command():
    assert rules.command_of(rules.ON_THE_SPOT, "decided") == "decide"
    assert rules.command_of("hold-hearing", "hearing") == "hearing"
    assert rules.command_of("extend-filing", "discovered") == "extend"
    assert rules.command_of("file", "transferred") == "transfer"
    assert rules.command_of("file", "filed") == "file"


def test_hearing_and_extensions_happen_once():
    assert code_of(rules.check_hearing_holdable, DAY, DAY) == "E-ILLEGAL-TRANSITION"
    assert code_of(rules.check_hearing_holdable, None, None) == "E-ILLEGAL-TRANSITION"
    rules.check_hearing_holdable(None, DAY)
    earlier = [{"days": 30, "reason": "案情复杂"}]
    assert code_of(rules.check_not_repeated, earlier, 30, "案情复杂") == "E-EXTENSION-REPEATED"
    rules.check_not_repeated(earlier, 30, "需鉴定")
    rules.check_not_repeated([], 30, "案情复杂")
    for code in ("E-EXTENSION-REPEATED", "E-NOTICE-REQUIRED", "E-HEARING-WINDOW"):
        assert refusals.status_of(code) == 409
    for code in ("E-EXTENSION-DAYS", "E-HEARING-REQUEST-DATE", "E-FILING-LATE"):
        assert refusals.status_of(code) == 422


def test_party_ids():
    assert rules.check_party_id("resident", "11010519491231002x") == "11010519491231002X"
    assert rules.check_party_id("uscc", "91110000600037341L") == "91110000600037341L"
    assert code_of(rules.check_party_id, "resident", "110105194912310021") == "E-PARTY-ID"
    assert code_of(rules.check_party_id, "uscc", "91110000600037341A") == "E-PARTY-ID"
    assert code_of(rules.check_party_id, "passport", "E1234") == "E-PARTY-ID"


def test_officers():
    kw = {"township": T, "item_code": "ZF-001", "on": DAY, "policy": P}
    rules.check_officers([officer(1), officer(2)], **kw)
    assert code_of(rules.check_officers, [officer(1)], **kw) == "E-TWO-OFFICERS"
    assert code_of(rules.check_officers, [officer(1), officer(1)], **kw) == "E-TWO-OFFICERS"
    expired = officer(2, valid_until=DAY - timedelta(days=1))
    assert code_of(rules.check_officers, [officer(1), expired], **kw) == "E-CERTIFICATE-INVALID"
    foreign = officer(2, township="990101102000")
    assert code_of(rules.check_officers, [officer(1), foreign], **kw) == "E-CERTIFICATE-INVALID"
    narrow = officer(2, scope=("ZF-002",))
    assert code_of(rules.check_officers, [officer(1), narrow], **kw) == "E-CERTIFICATE-INVALID"
    rules.check_officers([officer(1)], **{**kw, "policy": Policy(min_officers=1)})


def test_filing_limit_in_working_days_and_one_extension():
    discovered = date(2025, 9, 26)  # a Friday before the National Day holidays
    due = rules.filing_due(discovered, 0, P)
    assert due > discovered + timedelta(days=15 + 7)  # holidays do not count
    rules.check_filing_on_time(discovered, due, 0, P)
    assert code_of(rules.check_filing_on_time, discovered, due + timedelta(days=1), 0, P) == (
        "E-FILING-LATE"
    )
    assert rules.filing_due(discovered, 1, P) > due
    rules.check_filing_extension(0, P)
    assert code_of(rules.check_filing_extension, 1, P) == "E-EXTENSION-LIMIT"


def test_decision_limit_with_extensions():
    filed = date(2025, 1, 10)
    rules.check_decision_on_time(filed, filed + timedelta(days=90), 0, P)
    assert code_of(rules.check_decision_on_time, filed, filed + timedelta(days=91), 0, P) == (
        "E-DECISION-LATE"
    )
    rules.check_decision_on_time(filed, filed + timedelta(days=110), 30, P)
    assert code_of(rules.check_decision_extension, 31, P) == "E-EXTENSION-DAYS"
    assert code_of(rules.check_decision_extension, 0, P) == "E-EXTENSION-DAYS"


def test_simplified_limits():  # amounts in fen
    rules.check_simplified(200_00, "resident", "fine", P)
    assert code_of(rules.check_simplified, 200_01, "resident", "fine", P) == "E-SIMPLIFIED-LIMIT"
    rules.check_simplified(3000_00, "uscc", "fine", P)
    assert code_of(rules.check_simplified, 3000_01, "uscc", "fine", P) == "E-SIMPLIFIED-LIMIT"
    rules.check_simplified(0, "resident", "warning", P)


def test_fine_range():  # amounts in fen
    rules.check_fine_range(500_00, 500_00, 2000_00, "fine")
    assert code_of(rules.check_fine_range, 2000_01, 500_00, 2000_00, "fine") == "E-FINE-RANGE"
    assert code_of(rules.check_fine_range, 499_99, 500_00, 2000_00, "fine") == "E-FINE-RANGE"
    rules.check_fine_range(0, 500_00, 2000_00, "warning")
    assert code_of(rules.check_fine_range, 10_00, 500_00, 2000_00, "warning") == "E-FINE-RANGE"


def test_hearing_window():
    notified = date(2025, 5, 5)
    assert rules.hearing_eligible(10000_00, "resident", P)
    assert not rules.hearing_eligible(9999_99, "resident", P)
    assert not rules.hearing_eligible(50000_00, "uscc", P)
    rules.check_hearing_request(notified, notified + timedelta(days=5), True, P)
    late = notified + timedelta(days=6)
    assert code_of(rules.check_hearing_request, notified, late, True, P) == (
        "E-HEARING-REQUEST-DATE"
    )
    assert code_of(rules.check_hearing_request, notified, notified, False, P) == (
        "E-HEARING-NOT-ELIGIBLE"
    )
    assert code_of(rules.check_decide_after_window, notified, notified, True, P) == (
        "E-HEARING-WINDOW"
    )
    rules.check_decide_after_window(notified, notified, False, P)
    rules.check_decide_after_window(notified, notified + timedelta(days=6), True, P)


def test_limitation_two_and_five_years():
    act = date(2023, 3, 1)
    rules.check_limitation(act, date(2025, 3, 1), False, P)
    assert code_of(rules.check_limitation, act, date(2025, 3, 2), False, P) == "E-LIMITATION"
    rules.check_limitation(act, date(2028, 3, 1), True, P)
    assert code_of(rules.check_limitation, act, date(2028, 3, 2), True, P) == "E-LIMITATION"
    assert rules.limitation_end(date(2024, 2, 29), False, P) == date(2026, 2, 28)
    assert code_of(rules.check_limitation, date(2025, 1, 2), date(2025, 1, 1), False, P) == (
        "E-ACT-DATE"
    )


def test_service_within_seven_days():
    decided = date(2025, 6, 1)
    rules.check_service(decided, decided + timedelta(days=7), None, P)
    assert code_of(rules.check_service, decided, decided + timedelta(days=8), None, P) == (
        "E-SERVICE-LATE"
    )
    rules.check_service(decided, decided + timedelta(days=8), "当事人外出务工", P)
    assert code_of(rules.check_service, decided, decided - timedelta(days=1), None, P) == (
        "E-SERVICE-DATE"
    )


def test_payment_due_and_surcharge_capped_at_the_fine():
    served = date(2025, 6, 1)
    assert rules.payment_due(served, P) == date(2025, 6, 16)
    assert rules.surcharge(1000_00, served, date(2025, 6, 16), P) == 0  # fen
    assert rules.surcharge(1000_00, served, date(2025, 6, 17), P) == 30_00
    assert rules.surcharge(1000_00, served, date(2025, 6, 26), P) == 300_00
    assert rules.surcharge(1000_00, served, date(2026, 6, 1), P) == 1000_00
    assert rules.surcharge(333_33, served, date(2025, 6, 17), P) == 10_00  # 9.9999 → 10.00
    rules.check_payment(1000_00, 1030_00, served, date(2025, 6, 17), P)
    assert code_of(rules.check_payment, 1000_00, 1029_99, served, date(2025, 6, 17), P) == (
        "E-PAYMENT-SHORT"
    )


def test_item_delegation():
    assert rules.check_item(T, "ZF-001", ["ZF-001"], known=True)
    assert not rules.check_item(T, "ZF-006", ["ZF-001"], known=True)
    assert code_of(rules.check_item, T, "ZF-999", ["ZF-001"], known=False) == "E-ITEM-UNKNOWN"


@given(
    fine=st.integers(min_value=0, max_value=10**9),  # fen
    served=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    late=st.integers(min_value=-30, max_value=2000),
)
def test_surcharge_never_exceeds_the_fine(fine, served, late):
    paid_on = rules.payment_due(served, P) + timedelta(days=late)
    extra = rules.surcharge(fine, served, paid_on, P)
    assert isinstance(extra, int) and 0 <= extra <= fine
    if late <= 0:
        assert extra == 0
