"""Pure rules of a case (行政处罚法): the state machine and every check, each with a stable code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from stdnum.cn import ric, uscc

from grassroots.common.calendar import add_working_days
from grassroots.common.problems import ProblemError
from grassroots.enforcement.policy import Policy

STATES = (
    "discovered",
    "filed",
    "investigating",
    "notified",
    "hearing",
    "decided",
    "served",
    "executed",
    "closed",
    "not_filed",
    "transferred",
    "withdrawn",
)
FINAL_STATES = ("closed", "not_filed", "transferred", "withdrawn")
OPEN_BEFORE_DECISION = ("filed", "investigating", "notified", "hearing")
PROCEDURES = ("general", "simplified")

# action -> {from state: to state} for the general procedure (案件流转)
TRANSITIONS: dict[str, dict[str, str]] = {
    "file": {"discovered": "filed"},
    "investigate": {"filed": "investigating"},
    "notify": {"investigating": "notified"},
    "hearing": {"notified": "hearing", "hearing": "hearing"},  # requested, then held
    "decide": {"notified": "decided", "hearing": "decided"},
    "serve": {"decided": "served"},
    "execute": {"served": "executed"},
    "close": {
        "executed": "closed",
        "discovered": "not_filed",
        **dict.fromkeys(OPEN_BEFORE_DECISION, "withdrawn"),
    },
    "transfer": dict.fromkeys(("discovered", "filed", "investigating"), "transferred"),
}
# the simplified (当场处罚) procedure decides on the spot, without notice or hearing
SIMPLIFIED_DECIDE_FROM = ("discovered", "filed", "investigating")


class RuleBroken(ProblemError):
    """A refusal by a rule of the law: 422 unless the state forbids the command (409)."""

    def __init__(self, code: str, title: str, detail: str | None = None, status: int = 422):
        super().__init__(status, code, title, detail)


def next_state(state: str, action: str, procedure: str) -> str:
    """The state after `action`; E-NOTICE-REQUIRED / E-ILLEGAL-TRANSITION otherwise."""
    if action == "decide" and procedure == "simplified" and state in SIMPLIFIED_DECIDE_FROM:
        return "decided"
    if action == "decide" and state in ("filed", "investigating"):
        raise RuleBroken(
            "E-NOTICE-REQUIRED",
            "作出处罚决定前应告知当事人拟处罚的事实、理由、依据及陈述申辩、听证等权利",
            "一般程序须先告知(第四十四条)",
            status=409,
        )
    target = TRANSITIONS.get(action, {}).get(state)
    if target is None:
        raise RuleBroken(
            "E-ILLEGAL-TRANSITION",
            "案件当前状态下不能执行该操作",
            f"状态 {state} 不能 {action}",
            status=409,
        )
    return target


def check_party_id(id_type: str, id_no: str) -> str:
    """The compact identifier if valid (resident ID or unified social credit code); E-PARTY-ID."""
    module = ric if id_type == "resident" else uscc
    if id_type not in ("resident", "uscc") or not module.is_valid(id_no):
        kind = "居民身份证号码" if id_type == "resident" else "统一社会信用代码"
        raise RuleBroken("E-PARTY-ID", f"当事人{kind}无效", f"{id_type}: {id_no}")
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
        raise RuleBroken(
            "E-TWO-OFFICERS",
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
        raise RuleBroken(
            "E-CERTIFICATE-INVALID", f"执法人员{officer.name}的执法证在{on}无效", reason
        )


def filing_due(discovered_on: date, extensions: int, policy: Policy) -> date:
    """The last day to file: N working days from discovery, plus approved extensions."""
    days = policy.filing_working_days + extensions * policy.filing_extension_working_days
    return add_working_days(discovered_on, days)


def check_filing_on_time(discovered_on: date, filed_on: date, extensions: int, policy: Policy):
    """E-FILING-LATE after the filing deadline."""
    due = filing_due(discovered_on, extensions, policy)
    if filed_on > due:
        raise RuleBroken(
            "E-FILING-LATE",
            "已超过立案期限",
            f"发现后{policy.filing_working_days}个工作日内立案,期限 {due};可在期限内申请延长一次",
        )


def check_filing_extension(extensions: int, policy: Policy) -> None:
    """Filing may be extended at most `filing_extensions_max` times."""
    if extensions >= policy.filing_extensions_max:
        raise RuleBroken(
            "E-EXTENSION-LIMIT",
            "立案期限只能延长一次",
            f"已延长 {extensions} 次",
            status=409,
        )


def decision_due(filed_on: date, extension_days: int, policy: Policy) -> date:
    """The last day to decide: 90 days from filing plus recorded extensions (第六十条)."""
    return filed_on + timedelta(days=policy.decision_days + extension_days)


def check_decision_extension(days: int, policy: Policy) -> None:
    """One decision extension is at most `decision_extension_days_max` days."""
    if not 1 <= days <= policy.decision_extension_days_max:
        raise RuleBroken(
            "E-EXTENSION-LIMIT",
            "延长办案期限天数不符合规定",
            f"每次延长 1 至 {policy.decision_extension_days_max} 日",
        )


def check_decision_on_time(filed_on: date, decided_on: date, extension_days: int, policy: Policy):
    """E-DECISION-LATE after 90 days (plus extensions) from filing."""
    due = decision_due(filed_on, extension_days, policy)
    if decided_on > due:
        raise RuleBroken(
            "E-DECISION-LATE",
            "已超过作出处罚决定的期限",
            f"立案之日起{policy.decision_days}日内作出决定(已批准延长 {extension_days} 日),期限 {due}",
        )


def check_fine_range(fine: float, fine_min: float, fine_max: float, penalty: str) -> None:
    """The fine lies inside the item's range (a warning carries none)."""
    if penalty == "warning":
        if fine != 0:
            raise RuleBroken("E-FINE-RANGE", "警告不得并处罚款金额", f"罚款 {fine}")
        return
    if not fine_min <= fine <= fine_max:
        raise RuleBroken(
            "E-FINE-RANGE",
            "罚款金额超出该执法事项的法定幅度",
            f"幅度 {fine_min}–{fine_max} 元,拟罚 {fine} 元",
        )


def check_simplified(fine: float, id_type: str, penalty: str, policy: Policy) -> None:
    """Simplified procedure only for small fines or a warning (第五十一条)."""
    if penalty == "warning":
        return
    cap = (
        policy.simplified_fine_person
        if id_type == "resident"
        else policy.simplified_fine_organisation
    )
    if fine > cap:
        who = "公民" if id_type == "resident" else "法人或其他组织"
        raise RuleBroken(
            "E-SIMPLIFIED-LIMIT",
            "超出简易程序当场处罚的罚款限额,应适用一般程序",
            f"对{who}当场罚款不得超过 {cap:g} 元,拟罚 {fine:g} 元",
        )


def hearing_eligible(fine: float, id_type: str, policy: Policy) -> bool:
    """Whether the proposed fine is 'large' enough for the right to a hearing (第六十三条)."""
    cap = policy.hearing_fine_person if id_type == "resident" else policy.hearing_fine_organisation
    return fine >= cap


def hearing_window_end(notified_on: date, policy: Policy) -> date:
    """The last day the party may request a hearing (5 days after notice, 第六十四条)."""
    return notified_on + timedelta(days=policy.hearing_request_days)


def check_hearing_request(
    notified_on: date, requested_on: date, eligible: bool, policy: Policy
) -> None:
    """A hearing only for heavy penalties and requested inside the window."""
    if not eligible:
        raise RuleBroken(
            "E-HEARING-NOT-ELIGIBLE", "拟作出的处罚不属于应当告知听证权利的情形", status=409
        )
    end = hearing_window_end(notified_on, policy)
    if not notified_on <= requested_on <= end:
        raise RuleBroken(
            "E-HEARING-WINDOW",
            "当事人应在告知后五日内提出听证要求",
            f"告知日 {notified_on},听证申请截止 {end}",
        )


def check_decide_after_window(
    notified_on: date, decided_on: date, eligible: bool, policy: Policy
) -> None:
    """A heavy penalty is not decided while the party may still ask for a hearing."""
    end = hearing_window_end(notified_on, policy)
    if eligible and decided_on <= end:
        raise RuleBroken(
            "E-HEARING-WINDOW",
            "听证申请期限未满,不得作出处罚决定",
            f"听证申请截止 {end}",
            status=409,
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
        raise RuleBroken("E-ACT-DATE", "违法行为日期不能晚于发现时间", f"{act_date}")


def check_limitation(act_date: date, discovered_on: date, safety_harm: bool, policy: Policy):
    """E-LIMITATION when the act was discovered after the limitation period."""
    check_act_date(act_date, discovered_on)
    end = limitation_end(act_date, safety_harm, policy)
    if discovered_on > end:
        raise RuleBroken(
            "E-LIMITATION",
            "违法行为已超过追责时效,不再给予行政处罚",
            f"行为日 {act_date},时效届满 {end}",
        )


def service_due(decided_on: date, policy: Policy) -> date:
    """The last day to serve a decision on an absent party (第六十一条)."""
    return decided_on + timedelta(days=policy.service_days)


def check_service(decided_on: date, served_on: date, late_reason: str | None, policy: Policy):
    """E-SERVICE-LATE: serving after 7 days needs a recorded reason."""
    if served_on < decided_on:
        raise RuleBroken("E-SERVICE-DATE", "送达日期不能早于决定日期", f"{served_on}")
    due = service_due(decided_on, policy)
    if served_on > due and not (late_reason or "").strip():
        raise RuleBroken(
            "E-SERVICE-LATE",
            "当事人不在场的,应在七日内送达处罚决定书;逾期送达须说明理由",
            f"送达期限 {due}",
        )


def payment_due(served_on: date, policy: Policy) -> date:
    """The last day to pay the fine (15 days from service, 第六十七条)."""
    return served_on + timedelta(days=policy.payment_days)


def surcharge(fine: float, served_on: date, paid_on: date, policy: Policy) -> Decimal:
    """The late-payment surcharge (加处罚款): 3 % of the fine a day after the due date, capped at the fine."""
    late_days = max(0, (paid_on - payment_due(served_on, policy)).days)
    amount = Decimal(str(fine)) * Decimal(str(policy.surcharge_rate_per_day)) * late_days
    capped = min(amount, Decimal(str(fine)))
    return capped.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_payment(fine: float, paid: float, served_on: date, paid_on: date, policy: Policy):
    """E-PAYMENT-SHORT when less than the fine plus the surcharge was paid."""
    owed = Decimal(str(fine)) + surcharge(fine, served_on, paid_on, policy)
    if Decimal(str(paid)) < owed:
        raise RuleBroken(
            "E-PAYMENT-SHORT", "缴纳金额不足(罚款加处罚款)", f"应缴 {owed} 元,实缴 {paid} 元"
        )


def check_item(township: str, item_code: str, delegated: Sequence[str], known: bool) -> bool:
    """True if the item is delegated to the township; False means transfer (E-ITEM-NOT-DELEGATED)."""
    if not known:
        raise RuleBroken("E-ITEM-UNKNOWN", "现行清单中没有该执法事项", f"{item_code}")
    return item_code in delegated


NOT_DELEGATED = "E-ITEM-NOT-DELEGATED"  # the transfer reason: 乡镇看得见管不着, 移送原部门
