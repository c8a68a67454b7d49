"""The automatic admission check (自动准入审查): pure rules over plain values, every reason at once;
and the lifecycles of a demand and of each org it reaches, as tables with their guards.

Each rule has a stable code, an effect (reject > return > review) and a message a department
clerk understands. The outcome is the strongest effect among the reasons, admitted when none.
Policy values (minimum deadline, review mode, thresholds) come in as data with legal defaults.
A guard that refuses raises `Refusal`; the tables are applied by `grassroots.common.lifecycle`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from grassroots.common.calendar import working_days_between
from grassroots.common.catalog import CatalogDocument
from grassroots.common.catalog.models import ApprovedForm, DutyItem
from grassroots.common.lifecycle import Lifecycle, edges
from grassroots.common.refusals import Refusal
from grassroots.task_admission.codes import (
    ASSIGNMENT_STATE,
    DEADLINE_HORIZON,
    DEMAND_STATE,
    REASON_REQUIRED,
    VILLAGE_NOT_OURS,
)
from grassroots.task_admission.matching.engine import Match
from grassroots.task_admission.policy.rules import AdmissionPolicy, PlanView

Effect = Literal["reject", "return", "review"]
Outcome = Literal["admitted", "needs_review", "returned", "rejected"]
FORBIDDEN_LISTS = ("withdrawn", "negative")
PERMITTED_LISTS = ("basic", "assist", "main")
LISTED_KINDS = ("task", "meeting", "certificate")
CLARITY_NAMES = {
    "department_does": "部门做什么",
    "grassroots_does": "需要基层做什么",
    "department_support": "部门提供哪些支持",
}
# Phrases that fill a field without saying anything (空泛表述).
_FILLER_TEXT = (
    "无 暂无 没有 略 同上 见附件 详见附件 按要求 按上级要求 按文件要求 按照要求 待定 另行通知 /"
)
FILLER = frozenset(_FILLER_TEXT.split())
_PUNCT = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class DemandDraft:
    """What a department submits, as plain values."""

    submitter: str
    kind: str
    title: str
    description: str
    target_level: str
    targets: tuple[str, ...]
    deadline: date
    duty_item_code: str | None = None
    urgent: bool = False
    urgent_reason: str | None = None
    clarities: Mapping[str, str | None] = field(default_factory=dict)
    funding_yuan: Decimal | float = 0
    staff: int = 0
    support_data: str | None = None
    support_training: str | None = None
    form_code: str | None = None
    form_fields: tuple[str, ...] = ()
    inspection_plan_id: str | None = None


@dataclass(frozen=True)
class CheckContext:
    """What the rules look at besides the draft."""

    catalog: CatalogDocument
    matches: Sequence[Match]
    today: date
    policy: AdmissionPolicy = field(default_factory=AdmissionPolicy)
    plan: PlanView | None = None


@dataclass(frozen=True)
class Reason:
    """Why a demand is not simply admitted."""

    code: str
    effect: Effect
    message: str
    item_code: str | None = None


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reasons: tuple[Reason, ...]


def _substantial(text: str | None, min_chars: int) -> bool:
    if not text:
        return False
    bare = _PUNCT.sub("", text)
    return len(bare) >= min_chars and text.strip() not in FILLER and bare not in FILLER


def _named(draft: DemandDraft, ctx: CheckContext) -> DutyItem | None:
    return ctx.catalog.duty_item(draft.duty_item_code) if draft.duty_item_code else None


def _top_match(draft: DemandDraft, ctx: CheckContext) -> Match | None:
    for match in ctx.matches:
        if match.level == draft.target_level:
            return match if match.score >= ctx.policy.match_min_score else None
    return None


def effective_item(draft: DemandDraft, ctx: CheckContext) -> str | None:
    """The permitted duty item a demand falls under: the named one, else the best text match. A
    meeting is listed only as the item its department names: every meeting's text is about some
    duty's subject (高标准农田观摩会), which does not make attending it that duty."""
    named = _named(draft, ctx)
    if named is not None and named.list in PERMITTED_LISTS and named.level == draft.target_level:
        return named.code
    top = _top_match(draft, ctx)
    if (
        named is None
        and top is not None
        and top.list in PERMITTED_LISTS
        and draft.kind != "meeting"
    ):
        return top.code
    return None


def rule_targets(draft: DemandDraft, ctx: CheckContext) -> list[Reason]:
    """Targets must be townships (or villages) of the submitter's county."""
    out = []
    for code in draft.targets:
        unit = ctx.catalog.org_unit(code)
        if unit is None or unit.kind != draft.target_level:
            level = "乡镇(街道)" if draft.target_level == "township" else "村(社区)"
            out.append(
                Reason("R-TARGET-UNKNOWN", "return", f"派发对象 {code} 不是本县现行的{level}", code)
            )
    return out


def rule_named_item(draft: DemandDraft, ctx: CheckContext) -> list[Reason]:
    """The duty item the department names must exist, fit the level and not be forbidden."""
    if not draft.duty_item_code:
        return []
    item = _named(draft, ctx)
    code = draft.duty_item_code
    if item is None:
        return [Reason("R-ITEM-UNKNOWN", "return", f"清单中没有编码为 {code} 的事项", code)]
    if item.list == "withdrawn":
        return [
            Reason(
                "R-WITHDRAWN", "reject", f"「{item.title}」已由上级部门收回,不得交由乡镇承担", code
            )
        ]
    if item.list == "negative":
        return [
            Reason("R-NEGATIVE-LIST", "reject", f"「{item.title}」属于村(社区)负面清单事项", code)
        ]
    out = []
    if item.level != draft.target_level:
        out.append(
            Reason("R-ITEM-LEVEL", "return", f"「{item.title}」不是派发对象层级的事项", code)
        )
    outside = [t for t in draft.targets if item.applies_to and t not in item.applies_to]
    if outside:
        out.append(
            Reason(
                "R-ITEM-NOT-APPLICABLE",
                "review",
                f"「{item.title}」不适用于 {'、'.join(outside)},需人工审核",
                code,
            )
        )
    return out


def rule_text_match(draft: DemandDraft, ctx: CheckContext) -> list[Reason]:
    """The text is matched whatever code is named: a withdrawn or negative match is refused. A
    report form approved for the level is the sanctioned way to ask for data (rule_forms judges
    it), not the negative item "data the department should collect itself"."""
    if _approved_form(draft, ctx):
        return []
    top = _top_match(draft, ctx)
    if top is None or top.list not in FORBIDDEN_LISTS or top.code == draft.duty_item_code:
        return []
    named = _named(draft, ctx)
    if named is not None and named.list in PERMITTED_LISTS:
        own = next((m.score for m in ctx.matches if m.code == named.code), 0.0)
        if own >= top.score - ctx.policy.disguise_margin:
            return []
        return [
            Reason(
                "R-DISGUISED-WITHDRAWN",
                "reject",
                f"申报为「{named.title}」,但内容实为「{top.title}」({top.code}),"
                f"属于收回或负面事项,疑似变相转嫁({evidence(top, own)})",
                top.code,
            )
        ]
    if top.list == "withdrawn":
        message = f"内容与上级部门收回事项「{top.title}」({top.code})一致,不得交由乡镇承担"
        return [Reason("R-WITHDRAWN", "reject", f"{message}({evidence(top)})", top.code)]
    message = f"内容与村(社区)负面清单事项「{top.title}」({top.code})一致({evidence(top)})"
    return [Reason("R-NEGATIVE-LIST", "reject", message, top.code)]


def evidence(match: Match, named_score: float | None = None) -> str:
    """Why the text is that item: its score, the words it shares, how close its meaning is."""
    parts = [f"匹配度 {match.score:.2f}"]
    if named_score is not None:
        parts.append(f"所报事项仅 {named_score:.2f}")
    if match.matched_terms:
        parts.append("共同词: " + "、".join(match.matched_terms[:5]))
    if match.similarity is not None:
        parts.append(f"语义相似度 {match.similarity:.2f}")
    return ";".join(parts)


def rule_in_list(draft: DemandDraft, ctx: CheckContext) -> list[Reason]:
    """未经审核的非清单内事项不得交由村(社区)承担: unlisted work goes to a reviewer."""
    if draft.kind not in LISTED_KINDS or effective_item(draft, ctx) is not None:
        return []
    top, named = _top_match(draft, ctx), _named(draft, ctx)
    if any(x is not None and x.list in FORBIDDEN_LISTS for x in (top, named)):
        return []  # refused by another rule already
    return [Reason("R-NOT-IN-LIST", "review", "事项不在履职事项清单内,须经审核同意后方可派发")]


def rule_assist_support(draft: DemandDraft, ctx: CheckContext) -> list[Reason]:
    """配合履职事项 need the department's support: funding, people, data or training."""
    code = effective_item(draft, ctx)
    item = ctx.catalog.duty_item(code) if code else None
    if item is None or item.list != "assist":
        return []
    minimum = ctx.policy.min_clarity_chars
    supported = (
        draft.funding_yuan > 0
        or draft.staff > 0
        or _substantial(draft.support_data, minimum)
        or _substantial(draft.support_training, minimum)
    )
    if supported:
        return []
    return [
        Reason(
            "R-ASSIST-NO-SUPPORT",
            "return",
            f"「{item.title}」是配合履职事项,部门须提供经费、人员、数据或培训等支持",
            item.code,
        )
    ]


def rule_clarities(draft: DemandDraft, ctx: CheckContext) -> list[Reason]:
    """三个明确: what the department does, what the grassroots must do, what support it gives."""
    minimum = ctx.policy.min_clarity_chars
    missing = [
        name
        for key, name in CLARITY_NAMES.items()
        if not _substantial(draft.clarities.get(key), minimum)
    ]
    if not missing:
        return []
    return [Reason("R-UNCLEAR", "return", f"工作要求不清晰:未明确{'、'.join(missing)}")]


def deadline_horizon(today: date, policy: AdmissionPolicy) -> date:
    """The last deadline a demand may carry: `max_deadline_years` after today (28 Feb for 29 Feb)."""
    year = today.year + policy.max_deadline_years
    try:
        return today.replace(year=year)
    except ValueError:  # 29 February
        return today.replace(year=year, day=28)


def check_deadline_horizon(deadline: date, today: date, policy: AdmissionPolicy) -> None:
    """E-DEADLINE-DEADLINE_HORIZON (422) for a deadline beyond the policy horizon: refused before the
    working days are counted, so no request counts more than a few years of days."""
    last = deadline_horizon(today, policy)
    if deadline > last:
        raise Refusal(
            DEADLINE_HORIZON,
            f"完成时限不得晚于 {policy.max_deadline_years} 年后({last})",
            f"deadline {deadline}",
            path="deadline",
        )


def rule_deadline(draft: DemandDraft, ctx: CheckContext) -> list[Reason]:
    """Deadlines leave the policy minimum of working days, unless urgent with a reason."""
    out = []
    if draft.urgent and not _substantial(draft.urgent_reason, ctx.policy.min_clarity_chars):
        out.append(Reason("R-URGENT-NO-REASON", "return", "标记为紧急事项但未说明紧急理由"))
    if draft.deadline < ctx.today:
        out.append(Reason("R-DEADLINE-PAST", "return", f"完成时限 {draft.deadline} 已过"))
        return out
    check_deadline_horizon(draft.deadline, ctx.today, ctx.policy)
    days = working_days_between(ctx.today, draft.deadline)
    minimum = ctx.policy.min_deadline_working_days
    if days >= minimum:
        return out
    if draft.urgent and not out:
        out.append(Reason("R-URGENT-REVIEW", "review", f"紧急事项仅留 {days} 个工作日,须经审核"))
    else:
        out.append(
            Reason(
                "R-DEADLINE-TOO-SHORT",
                "return",
                f"完成时限仅 {days} 个工作日,少于规定的 {minimum} 个工作日",
            )
        )
    return out


def _names(catalog: CatalogDocument, form: ApprovedForm) -> list[str]:
    """A form's field labels and the canonical names they map to."""
    pairs = catalog.form_fields(form)
    return [label for label, _ in pairs] + [d.name for _, d in pairs if d is not None]


def _approved_form(draft: DemandDraft, ctx: CheckContext) -> bool:
    form = ctx.catalog.approved_form(draft.form_code) if draft.form_code else None
    return draft.kind == "report_form" and form is not None and form.level == draft.target_level


def rule_forms(draft: DemandDraft, ctx: CheckContext) -> list[Reason]:
    """一套表外无表格: only approved forms; fields already collected are not asked again."""
    out = []
    form = ctx.catalog.approved_form(draft.form_code) if draft.form_code else None
    if draft.kind == "report_form" and not _approved_form(draft, ctx):
        shown = draft.form_code or "(未填写表格编码)"
        out.append(
            Reason(
                "R-FORM-NOT-APPROVED",
                "reject",
                f"报表 {shown} 不在本县核准的报表目录内(一套表外无表格)",
                draft.form_code,
            )
        )
    # a fact is known by its label in a form and by its canonical name (标签化), whichever the
    # department writes
    own = set(_names(ctx.catalog, form)) if form is not None else set()
    held: dict[str, str] = {}
    for other in ctx.catalog.approved_forms:
        if form is None or other.code != form.code:
            for name in _names(ctx.catalog, other):
                held.setdefault(name, other.code)
    dupes = [f.strip() for f in draft.form_fields if f.strip() not in own and f.strip() in held]
    if dupes:
        where = "、".join(f"{f}({held[f]})" for f in dupes)
        out.append(
            Reason(
                "R-DUPLICATE-REPORTING",
                "return",
                f"以下字段已在核准报表中采集,请共享使用,不得重复填报:{where}",
                held[dupes[0]],
            )
        )
    return out


def _township_of(code: str) -> str:
    return code[:9] + "000" if len(code) == 12 else code


def rule_inspection(draft: DemandDraft, ctx: CheckContext) -> list[Reason]:
    """督查检查考核统一报备: an inspection needs an approved plan covering its targets and dates."""
    if draft.kind != "inspection":
        return []
    plan = ctx.plan
    code = "R-INSPECTION-NOT-REGISTERED"
    if plan is None or plan.plan_id != draft.inspection_plan_id:
        shown = draft.inspection_plan_id or "(未填写报备编号)"
        return [Reason(code, "reject", f"督查检查考核未经统一报备:计划 {shown} 不存在", shown)]
    problems = []
    if plan.department != draft.submitter:
        problems.append("报备计划不属于本部门")
    townships = {_township_of(t) for t in draft.targets}
    if plan.townships and not townships <= set(plan.townships):
        problems.append("检查对象超出报备范围")
    if not plan.window_start <= draft.deadline <= plan.window_end:
        problems.append(f"时间不在报备时段 {plan.window_start}—{plan.window_end} 内")
    return [Reason(code, "reject", f"督查检查考核与报备不符:{p}", plan.plan_id) for p in problems]


RULES: tuple[Callable[[DemandDraft, CheckContext], list[Reason]], ...] = (
    rule_targets,
    rule_named_item,
    rule_text_match,
    rule_in_list,
    rule_assist_support,
    rule_clarities,
    rule_deadline,
    rule_forms,
    rule_inspection,
)
_RANK: dict[Effect, int] = {"reject": 3, "return": 2, "review": 1}
_OUTCOME: dict[int, Outcome] = {3: "rejected", 2: "returned", 1: "needs_review", 0: "admitted"}


def outcome_of(reasons: Sequence[Reason]) -> Outcome:
    """rejected > returned > needs_review > admitted."""
    return _OUTCOME[max((_RANK[r.effect] for r in reasons), default=0)]


def check(draft: DemandDraft, ctx: CheckContext) -> Decision:
    """Runs every rule and returns every reason, with the outcome they lead to."""
    reasons = [reason for rule in RULES for reason in rule(draft, ctx)]
    if not reasons and ctx.policy.review_mode == "all":
        reasons.append(
            Reason("R-REVIEW-ALL", "review", "本县实行全部事项审核制,须经社会工作部审核")
        )
    return Decision(outcome_of(reasons), tuple(reasons))


# --- lifecycles -------------------------------------------------------------------------------

DEPARTMENT = ("dept_submitter", "service")
REVIEWER = ("admission_reviewer",)
TOWNSHIP = ("township_admin",)
GRASSROOTS = ("township_admin", "village_operator")
OUTCOME_EVENT = {
    "admitted": "demand.admitted",
    "returned": "demand.returned",
    "rejected": "demand.rejected",
}
REVIEW_TARGET: dict[str, Outcome] = {
    "approve": "admitted",
    "return": "returned",
    "reject": "rejected",
}


def announced(outcome: str) -> tuple[str, ...]:
    """The event announcing a decided outcome (none while it waits for review)."""
    return (OUTCOME_EVENT[outcome],) if outcome in OUTCOME_EVENT else ()


DEMAND = Lifecycle(
    name="demand",
    title="事项",
    initial=("needs_review", "admitted", "returned", "rejected"),  # the check's outcome
    table=(
        *(
            edge
            for verdict, target in REVIEW_TARGET.items()
            for edge in edges(
                "needs_review",
                f"review_{verdict}",
                target,
                roles=REVIEWER,
                events=announced(target),
            )
        ),
        *(
            edge
            for outcome in ("admitted", "needs_review", "returned", "rejected")
            for edge in edges(
                "returned",
                "resubmit",
                outcome,
                roles=DEPARTMENT,
                events=("demand.submitted", *announced(outcome)),
            )
        ),
        *edges(
            ("needs_review", "returned", "admitted"),
            "withdraw",
            "withdrawn",
            roles=DEPARTMENT,
            events=["demand.withdrawn"],
        ),
        *edges(
            ("admitted", "dispatched"),
            "dispatch",
            "dispatched",
            roles=TOWNSHIP,
            events=["demand.dispatched"],
        ),
        # the last org reporting its part done completes the demand (its event is the org's)
        *edges(("admitted", "dispatched"), "complete", "completed", roles=GRASSROOTS),
    ),
    conflict=DEMAND_STATE,
    final=("rejected", "withdrawn", "completed"),
)

# One township or village a demand reaches (派单). Whether it reaches it (`active`) is the
# demand's; this is the org's own progress on it.
ASSIGNMENT = Lifecycle(
    name="demand_assignment",
    title="派单",
    initial=("open",),
    table=(
        *edges("open", "receive", "received", roles=GRASSROOTS, events=["demand.received"]),
        # a township passing its demand on to villages has received it
        *edges("open", "dispatch", "received", roles=TOWNSHIP),
        *edges(
            ("open", "received"),
            "complete",
            "completed",
            roles=GRASSROOTS,
            events=["demand.completed"],
        ),
    ),
    conflict=ASSIGNMENT_STATE,
    final=("completed",),
)
REACHED = ("admitted", "dispatched", "completed")  # the orgs have it


def check_review(verdict: str, reason: str | None) -> Outcome:
    """The state a reviewer's verdict leads to; returning or rejecting needs a reason."""
    if verdict != "approve" and not (reason and reason.strip()):
        raise Refusal(REASON_REQUIRED, "退回或不予准入须说明理由")
    return REVIEW_TARGET[verdict]


def check_resubmission(*, unchanged: bool) -> None:
    """A returned demand sent again exactly as it was last checked is a repeat, not a change."""
    if unchanged:
        raise Refusal(
            DEMAND.conflict, "事项内容未修改,无需重新申报", "与上次自动审查的内容和清单版本相同"
        )


def check_withdrawal(*, started: bool) -> None:
    """A department takes back only what no township or village has started on."""
    if started:
        raise Refusal(DEMAND.conflict, "事项已在办理或已终结,不能撤回", "已有单位签收或派发")


def check_in_progress(status: str) -> None:
    """Receipts and completions need a demand that reached the orgs."""
    if status not in REACHED:
        raise Refusal(DEMAND.conflict, "事项未准入或已终结,不能办理", f"当前状态 {status}")


def check_dispatch(*, level: str, foreign: Sequence[str], fresh: Sequence[str]) -> None:
    """Only a township's demand goes on, to its own villages, and to at least one new one."""
    if level != "township":
        raise Refusal(DEMAND.conflict, "该事项不能再派发到村(社区)", "事项直接派发给村(社区)")
    if foreign:
        raise Refusal(VILLAGE_NOT_OURS, None, "、".join(foreign))
    if not fresh:
        raise Refusal(DEMAND.conflict, "所选村(社区)均已派发", "没有新的派发对象")


def on_time(today: date, deadline: date, *, flagged_overdue: bool) -> bool:
    """A part reported done counts on time when not after the deadline and never flagged."""
    return today <= deadline and not flagged_overdue
