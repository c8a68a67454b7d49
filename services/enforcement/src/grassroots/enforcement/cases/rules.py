"""Pure rules of a case (行政处罚法): its lifecycle table and every check, each with a stable code.

Rules refuse with `Refusal`; the 409s are registered below, every other code answers 422.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stdnum.cn import ric, uscc

from grassroots.common.calendar import add_working_days
from grassroots.common.lifecycle import Lifecycle, edges
from grassroots.common.refusals import Refusal
from grassroots.enforcement.codes import (
    ACT_DATE,
    CERTIFICATE_INVALID,
    DATE_RANGE,
    DECISION_LATE,
    EXTENSION_DAYS,
    EXTENSION_LIMIT,
    EXTENSION_REPEATED,
    FILING_LATE,
    FINE_RANGE,
    HEARING_DATE,
    HEARING_NOT_ELIGIBLE,
    HEARING_NOT_HELD,
    HEARING_REQUEST_DATE,
    HEARING_WINDOW,
    ILLEGAL_TRANSITION,
    ITEM_REQUIRED,
    ITEM_UNKNOWN,
    LIMITATION,
    NOTICE_REQUIRED,
    PARTY_ID,
    PARTY_REQUIRED,
    PAYMENT_SHORT,
    SERVICE_DATE,
    SERVICE_LATE,
    SIMPLIFIED_LIMIT,
    TWO_OFFICERS,
)
from grassroots.enforcement.money import policy_fen, show
from grassroots.enforcement.policy import Policy
from grassroots.enforcement.roles import OFFICER, SUPERVISOR

FINAL_STATES = ("closed", "not_filed", "transferred", "withdrawn")
OPEN_BEFORE_DECISION = ("filed", "investigating", "notified", "hearing")
PROCEDURES = ("general", "simplified")
# the simplified (当场处罚) procedure decides on the spot, without notice or hearing
SIMPLIFIED_DECIDE_FROM = ("discovered", "filed", "investigating")
ON_THE_SPOT = "decide-on-the-spot"
STAFF = (OFFICER, SUPERVISOR)  # the case's assigned officers, or the supervisor
APPROVAL = (SUPERVISOR,)  # 法制审核: the township's supervisor only
BY_SERVICE = "service"  # the service itself: a case whose item the township may not handle
# the events the edges emit (CloudEvents types without the version)
FILED, DECIDED = ("case.filed",), ("case.decided",)
CLOSED, MOVED = ("case.closed",), ("case.transferred",)

# 案件流转: (state, action) → next state, who may take it, the events it emits
CASE = Lifecycle(
    name="case",
    title="案件",
    initial=("discovered",),
    state_attr="state",
    conflict=ILLEGAL_TRANSITION,
    final=FINAL_STATES,
    table=(
        *edges("discovered", "file", "filed", roles=APPROVAL, events=FILED),
        # the guard: an item the catalog does not delegate to the township is transferred
        *edges("discovered", "file", "transferred", roles=APPROVAL, events=MOVED),
        *edges("filed", "investigate", "investigating", roles=STAFF),
        *edges("investigating", "notify", "notified", roles=STAFF),
        *edges("notified", "request-hearing", "hearing", roles=STAFF),
        *edges("hearing", "hold-hearing", "hearing", roles=STAFF),
        *edges(("notified", "hearing"), "decide", "decided", roles=APPROVAL, events=DECIDED),
        *edges(SIMPLIFIED_DECIDE_FROM, ON_THE_SPOT, "decided", roles=APPROVAL, events=DECIDED),
        *edges("decided", "serve", "served", roles=STAFF),
        *edges("served", "execute", "executed", roles=STAFF),
        *edges("executed", "close", "closed", roles=STAFF, events=CLOSED),
        *edges("discovered", "close", "not_filed", roles=APPROVAL, events=CLOSED),
        *edges(OPEN_BEFORE_DECISION, "close", "withdrawn", roles=APPROVAL, events=CLOSED),
        *edges(
            ("discovered", "filed", "investigating"),
            "transfer",
            "transferred",
            roles=[*APPROVAL, BY_SERVICE],
            events=MOVED,
        ),
        *edges("discovered", "extend-filing", "discovered", roles=APPROVAL),
        *(
            edge
            for state in OPEN_BEFORE_DECISION
            for edge in edges(state, "extend-decision", state, roles=APPROVAL)
        ),
    ),
)
STATES = CASE.states
# the table's actions that answer another command than their own name
COMMANDS = {
    ON_THE_SPOT: "decide",
    "request-hearing": "hearing",
    "hold-hearing": "hearing",
    "extend-filing": "extend",
    "extend-decision": "extend",
}
# actions of one procedure only (the others belong to both)
PROCEDURE_OF = {ON_THE_SPOT: "simplified", "extend-decision": "general"}


def _illegal(state: str, action: str) -> Refusal:
    return Refusal(
        ILLEGAL_TRANSITION, "案件当前状态下不能执行该操作", f"状态 {state} 不能 {action}"
    )


def action_of(command: str, state: str, procedure: str, limit: str | None = None) -> str:
    """The table's action a command (an endpoint) takes on a case in `state`: the procedure picks
    the decision, the state the hearing step, the limit the extension. E-NOTICE-REQUIRED when
    the general procedure would decide before notice."""
    if command == "extend":
        return f"extend-{limit}"
    if command == "hearing":
        return "hold-hearing" if state == "hearing" else "request-hearing"
    if command != "decide":
        return command
    if procedure == "simplified" and state in SIMPLIFIED_DECIDE_FROM:
        return ON_THE_SPOT
    if state in ("filed", "investigating"):
        raise Refusal(
            NOTICE_REQUIRED,
            None,
            "一般程序须先告知(第四十四条)",
        )
    return "decide"


def command_of(action: str, target: str) -> str:
    """The command (endpoint, log kind `case.<command>`) an applied action answers; a case that
    ends transferred (by hand, or filed with an item not delegated) logs `case.transfer`."""
    if target == "transferred":
        return "transfer"
    return COMMANDS.get(action, action)


def check_procedure(state: str, action: str, procedure: str) -> None:
    """An action of the other procedure is the state conflict (E-ILLEGAL-TRANSITION)."""
    if PROCEDURE_OF.get(action, procedure) != procedure:
        raise _illegal(state, action)


def next_state(state: str, action: str, procedure: str) -> str:
    """The state after the table's `action` under `procedure` (the first edge's when a guard
    picks); E-ILLEGAL-TRANSITION when the table or the procedure forbids it."""
    check_procedure(state, action, procedure)
    return CASE.next(state, action)


def check_hearing_holdable(held_on: date | None, to_hold: date | None) -> None:
    """A hearing is held once, on a day (a repeat of the request or of the hearing conflicts)."""
    if held_on is not None or to_hold is None:
        detail = f"听证已于 {held_on} 举行" if held_on else "听证申请已记录,尚未填写听证日期"
        raise Refusal(ILLEGAL_TRANSITION, "听证已记录,不能重复办理", detail)


def check_hearing_dates(requested_on: date | None, held_on: date | None) -> None:
    """A hearing is held on or after the day it was requested (E-HEARING-DATE)."""
    if held_on is not None and requested_on is not None and held_on < requested_on:
        raise Refusal(HEARING_DATE)


def check_hearing_held(state: str, held_on: date | None) -> None:
    """A party who asked for a hearing is decided on only after it (E-HEARING-NOT-HELD)."""
    if state == "hearing" and held_on is None:
        raise Refusal(HEARING_NOT_HELD)


def check_identified(item_code: str | None, party_id: str | None, step: str) -> None:
    """Filing and deciding need the item and the party (E-ITEM-REQUIRED, E-PARTY-REQUIRED)."""
    if item_code is None:
        raise Refusal(ITEM_REQUIRED, f"{step}须确定执法事项")
    if party_id is None:
        raise Refusal(PARTY_REQUIRED, f"{step}须确定当事人及其证件号码")


def check_party_id(id_type: str, id_no: str) -> str:
    """The compact identifier if valid (resident ID or unified social credit code); E-PARTY-ID."""
    module = ric if id_type == "resident" else uscc
    if id_type not in ("resident", "uscc") or not module.is_valid(id_no):
        kind = "居民身份证号码" if id_type == "resident" else "统一社会信用代码"
        raise Refusal(PARTY_ID, f"当事人{kind}无效", f"{id_type}: {id_no}")
    return str(module.compact(id_no))


@dataclass(frozen=True)
class OfficerCertificate:
    """What the rules need to know of an officer (执法证)."""

    id: str
    name: str
    township: str
    valid_from: date
    valid_until: date
    scope: tuple[str, ...] = ()


def check_officers(
    officers: Sequence[OfficerCertificate],
    *,
    township: str,
    item_code: str | None,
    on: date,
    policy: Policy,
) -> None:
    """At least `min_officers` distinct officers, each certified for the township and item on `on`."""
    if len({o.id for o in officers}) < policy.min_officers:
        raise Refusal(
            TWO_OFFICERS,
            f"执法人员不得少于{policy.min_officers}人",
            "第四十二条:行政处罚应当由具有行政执法资格的执法人员实施,不得少于两人",
        )
    for officer in officers:
        if officer.township != township:
            reason = "非本乡镇执法人员"
        elif not officer.valid_from <= on <= officer.valid_until:
            reason = f"执法证有效期 {officer.valid_from} 至 {officer.valid_until}"
        elif officer.scope and item_code is not None and item_code not in officer.scope:
            reason = f"执法证范围不含事项 {item_code}"
        else:
            continue
        raise Refusal(CERTIFICATE_INVALID, f"执法人员{officer.name}的执法证在{on}无效", reason)


def filing_due(discovered_on: date, extensions: int, policy: Policy) -> date:
    """The last day to file: N working days from discovery, plus approved extensions."""
    days = policy.filing_working_days + extensions * policy.filing_extension_working_days
    return add_working_days(discovered_on, days)


def check_filing_on_time(discovered_on: date, filed_on: date, extensions: int, policy: Policy):
    """E-FILING-LATE after the filing deadline."""
    due = filing_due(discovered_on, extensions, policy)
    if filed_on > due:
        raise Refusal(
            FILING_LATE,
            None,
            f"发现后{policy.filing_working_days}个工作日内立案,期限 {due};可在期限内申请延长一次",
        )


def check_filing_extension(extensions: int, policy: Policy) -> None:
    """Filing may be extended at most `filing_extensions_max` times."""
    if extensions >= policy.filing_extensions_max:
        raise Refusal(
            EXTENSION_LIMIT,
            None,
            f"已延长 {extensions} 次",
        )


def decision_due(filed_on: date, extension_days: int, policy: Policy) -> date:
    """The last day to decide: 90 days from filing plus recorded extensions (第六十条)."""
    return filed_on + timedelta(days=policy.decision_days + extension_days)


def check_decision_extension(days: int, policy: Policy) -> None:
    """One decision extension is 1 to `decision_extension_days_max` days (E-EXTENSION-DAYS)."""
    if not 1 <= days <= policy.decision_extension_days_max:
        raise Refusal(
            EXTENSION_DAYS,
            None,
            f"每次延长 1 至 {policy.decision_extension_days_max} 日",
        )


def check_not_repeated(extensions: Sequence[Mapping[str, Any]], days: int, reason: str) -> None:
    """A decision extension the same as the last one (days and reason) is its repeat, a double
    submission (E-EXTENSION-REPEATED); a further extension is approved with its own reason."""
    last = extensions[-1] if extensions else {}
    if (last.get("days"), last.get("reason")) == (days, reason):
        raise Refusal(
            EXTENSION_REPEATED,
            None,
            f"上次延长 {days} 日,理由:{reason}",
        )


def check_decision_on_time(filed_on: date, decided_on: date, extension_days: int, policy: Policy):
    """E-DECISION-LATE after 90 days (plus extensions) from filing."""
    due = decision_due(filed_on, extension_days, policy)
    if decided_on > due:
        raise Refusal(
            DECISION_LATE,
            None,
            f"立案之日起{policy.decision_days}日内作出决定(已批准延长 {extension_days} 日),期限 {due}",
        )


def check_fine_range(fine: int, fine_min: int, fine_max: int, penalty: str) -> None:
    """The fine (fen) lies inside the item's range (a warning carries none)."""
    if penalty == "warning":
        if fine != 0:
            raise Refusal(FINE_RANGE, "警告不得并处罚款金额", f"罚款 {show(fine)}")
        return
    if not fine_min <= fine <= fine_max:
        raise Refusal(
            FINE_RANGE,
            None,
            f"幅度 {show(fine_min)}–{show(fine_max)} 元,拟罚 {show(fine)} 元",
        )


def check_simplified(fine: int, id_type: str, penalty: str, policy: Policy) -> None:
    """Simplified procedure only for small fines (fen) or a warning (第五十一条)."""
    if penalty == "warning":
        return
    cap = policy_fen(
        policy.simplified_fine_person
        if id_type == "resident"
        else policy.simplified_fine_organisation
    )
    if fine > cap:
        who = "公民" if id_type == "resident" else "法人或其他组织"
        raise Refusal(
            SIMPLIFIED_LIMIT,
            None,
            f"对{who}当场罚款不得超过 {show(cap)} 元,拟罚 {show(fine)} 元",
        )


def hearing_eligible(fine: int, id_type: str, policy: Policy) -> bool:
    """Whether the proposed fine (fen) is 'large' enough for a hearing (第六十三条)."""
    cap = policy.hearing_fine_person if id_type == "resident" else policy.hearing_fine_organisation
    return fine >= policy_fen(cap)


def hearing_window_end(notified_on: date, policy: Policy) -> date:
    """The last day the party may request a hearing (5 days after notice, 第六十四条)."""
    return notified_on + timedelta(days=policy.hearing_request_days)


def check_hearing_request(
    notified_on: date, requested_on: date, eligible: bool, policy: Policy
) -> None:
    """A hearing only for heavy penalties and requested inside the window."""
    if not eligible:
        raise Refusal(HEARING_NOT_ELIGIBLE)
    end = hearing_window_end(notified_on, policy)
    if not notified_on <= requested_on <= end:
        raise Refusal(
            HEARING_REQUEST_DATE,
            None,
            f"告知日 {notified_on},听证申请截止 {end}",
        )


def check_decide_after_window(
    notified_on: date, decided_on: date, eligible: bool, policy: Policy
) -> None:
    """A heavy penalty is not decided while the party may still ask for a hearing."""
    end = hearing_window_end(notified_on, policy)
    if eligible and decided_on <= end:
        raise Refusal(
            HEARING_WINDOW,
            None,
            f"听证申请截止 {end}",
        )


def limitation_end(act_date: date, safety_harm: bool, policy: Policy) -> date:
    """The day after which no penalty may be given (第三十六条)."""
    years = policy.limitation_years_safety if safety_harm else policy.limitation_years
    try:
        return act_date.replace(year=act_date.year + years)
    except ValueError:  # 29 February
        return act_date.replace(year=act_date.year + years, day=28)


def check_act_date(act_date: date, discovered_on: date) -> None:
    """An act happens before it is discovered (E-ACT-DATE)."""
    if act_date > discovered_on:
        raise Refusal(ACT_DATE, None, f"{act_date}")


def check_limitation(act_date: date, discovered_on: date, safety_harm: bool, policy: Policy):
    """E-LIMITATION when the act was discovered after the limitation period."""
    check_act_date(act_date, discovered_on)
    end = limitation_end(act_date, safety_harm, policy)
    if discovered_on > end:
        raise Refusal(
            LIMITATION,
            None,
            f"行为日 {act_date},时效届满 {end}",
        )


def service_due(decided_on: date, policy: Policy) -> date:
    """The last day to serve a decision on an absent party (第六十一条)."""
    return decided_on + timedelta(days=policy.service_days)


def check_service(decided_on: date, served_on: date, late_reason: str | None, policy: Policy):
    """E-SERVICE-LATE: serving after 7 days needs a recorded reason."""
    if served_on < decided_on:
        raise Refusal(SERVICE_DATE, None, f"{served_on}")
    due = service_due(decided_on, policy)
    if served_on > due and not (late_reason or "").strip():
        raise Refusal(
            SERVICE_LATE,
            None,
            f"送达期限 {due}",
        )


def payment_due(served_on: date, policy: Policy) -> date:
    """The last day to pay the fine (15 days from service, 第六十七条)."""
    return served_on + timedelta(days=policy.payment_days)


def surcharge(fine: int, served_on: date, paid_on: date, policy: Policy) -> int:
    """The late-payment surcharge (加处罚款) in fen: 3 % of the fine a day after the due date,
    capped at the fine, to the nearest fen."""
    late_days = max(0, (paid_on - payment_due(served_on, policy)).days)
    amount = Decimal(fine) * Decimal(str(policy.surcharge_rate_per_day)) * late_days
    capped = min(amount, Decimal(fine))
    return int(capped.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def check_payment(fine: int, paid: int, served_on: date, paid_on: date, policy: Policy):
    """E-PAYMENT-SHORT when less than the fine plus the surcharge (fen) was paid."""
    owed = fine + surcharge(fine, served_on, paid_on, policy)
    if paid < owed:
        raise Refusal(
            PAYMENT_SHORT,
            None,
            f"应缴 {show(owed)} 元,实缴 {show(paid)} 元",
        )


EARLIEST_DATE = date(1990, 1, 1)  # older dates are typing errors (and overflow time zone sums)


def check_date(day: date, today: date, policy: Policy, path: str) -> date:
    """A date the caller gives (act, hearing, payment): from 1990 to `date_horizon_days` after
    China's today, else E-DATE-RANGE (422); nothing later counts days over an unbounded range."""
    last = today + timedelta(days=policy.date_horizon_days)
    if not EARLIEST_DATE <= day <= last:
        raise Refusal(
            DATE_RANGE, f"日期须在 {EARLIEST_DATE} 至 {last} 之间", f"{path}: {day}", path=path
        )
    return day


def check_item(township: str, item_code: str, delegated: Sequence[str], known: bool) -> bool:
    """True if the item is delegated to the township; False means transfer (E-ITEM-NOT-DELEGATED)."""
    if not known:
        raise Refusal(ITEM_UNKNOWN, None, f"{item_code}")
    return item_code in delegated
