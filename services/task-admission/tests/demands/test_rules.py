"""The automatic admission check as pure functions: every rule fires, every reason comes back."""

from dataclasses import replace
from datetime import date

import pytest

from grassroots.common.calendar import add_working_days
from grassroots.common.catalog import validate_catalog
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.demands.rules import (
    AdmissionPolicy,
    CheckContext,
    DemandDraft,
    PlanView,
    Reason,
    check,
    outcome_of,
)
from grassroots.task_admission.matching.engine import index_for

CATALOG = validate_catalog(demo_catalog())
TODAY = date(2026, 11, 23)
FORESTRY = "11990101MB0000107H"
LAND = "11990101MB00000006"
QINGSHAN = "990101101000"
VILLAGE = "990101101201"
CLEAR = {
    "department_does": "县林业局制定方案并提供宣传资料和技术指导",
    "grassroots_does": "乡镇组织护林员每日巡山并填写巡查记录",
    "department_support": "每个乡镇拨付巡查经费五千元并培训护林员",
}


def draft(**overrides) -> DemandDraft:
    values = dict(
        submitter=FORESTRY,
        kind="task",
        title="秋冬季森林防火宣传和巡查",
        description="请各乡镇组织开展森林防火宣传,加强巡山护林,严管野外用火。",
        target_level="township",
        targets=(QINGSHAN,),
        deadline=add_working_days(TODAY, 10),
        duty_item_code="T-B-001",
        clarities=CLEAR,
        funding_yuan=5000,
    )
    values.update(overrides)
    return DemandDraft(**values)


def ctx(d: DemandDraft, **overrides) -> CheckContext:
    text = "\n".join([d.title, d.description, d.clarities.get("grassroots_does") or ""])
    matches = index_for(CATALOG).match(text, level=d.target_level, limit=5)
    return CheckContext(catalog=CATALOG, matches=matches, **({"today": TODAY} | overrides))


def codes(d: DemandDraft, **overrides) -> tuple[str, list[str]]:
    decision = check(d, ctx(d, **overrides))
    return decision.outcome, [r.code for r in decision.reasons]


def test_basic_item_with_clear_requirements_is_admitted():
    assert codes(draft()) == ("admitted", [])


def test_review_mode_all_sends_everything_to_review():
    outcome, found = codes(draft(), policy=AdmissionPolicy(review_mode="all"))
    assert (outcome, found) == ("needs_review", ["R-REVIEW-ALL"])


def test_named_withdrawn_item_is_rejected():
    d = draft(duty_item_code="T-W-001", title="食品生产许可现场核查", description="")
    outcome, found = codes(d)
    assert outcome == "rejected" and "R-WITHDRAWN" in found


def test_text_matching_a_withdrawn_item_is_rejected_without_a_code():
    d = draft(
        duty_item_code=None,
        submitter="11990101MB0000051E",
        title="关于开展辖区食品生产企业排查的通知",
        description="请各乡镇对辖区食品生产企业开展日常监督检查,核查食品生产许可证,建立台账。",
        clarities={**CLEAR, "grassroots_does": "乡镇对辖区食品生产企业逐家开展监督检查并报送台账"},
    )
    outcome, found = codes(d)
    assert outcome == "rejected" and "R-WITHDRAWN" in found


def test_basic_code_on_withdrawn_text_is_flagged_as_disguised():
    d = draft(
        duty_item_code="T-B-001",
        submitter="11990101MB0000051E",
        title="森林防火期间食品安全保障",
        description="请各乡镇在巡山期间同步对辖区食品生产企业开展日常监督检查,核查食品生产许可。",
        clarities={**CLEAR, "grassroots_does": "乡镇对食品生产企业逐家开展监督检查,核查生产许可"},
    )
    outcome, found = codes(d)
    assert outcome == "rejected" and "R-DISGUISED-WITHDRAWN" in found


def test_negative_village_item_is_rejected():
    d = draft(
        target_level="village",
        targets=(VILLAGE,),
        duty_item_code=None,
        title="为辖区居民出具亲属关系证明",
        description="请各村为到金融机构办理业务的居民出具亲属关系证明。",
        clarities={**CLEAR, "grassroots_does": "村委会为居民出具亲属关系证明并盖章"},
    )
    outcome, found = codes(d)
    assert outcome == "rejected" and "R-NEGATIVE-LIST" in found
    outcome, found = codes(replace(d, duty_item_code="V-N-003"))
    assert outcome == "rejected" and found.count("R-NEGATIVE-LIST") == 1


def test_unlisted_task_needs_review():
    d = draft(
        duty_item_code=None,
        title="组织参加全县书法摄影作品比赛",
        description="请各乡镇推荐书法摄影爱好者报名参赛并收集作品。",
        clarities={**CLEAR, "grassroots_does": "乡镇推荐报名人员并收集参赛作品"},
    )
    outcome, found = codes(d)
    assert (outcome, found) == ("needs_review", ["R-NOT-IN-LIST"])


def test_assist_item_without_support_is_returned():
    d = draft(
        submitter=LAND,
        duty_item_code="T-A-014",
        title="开展耕地保护动态巡查",
        description="请各乡镇对下发图斑开展耕地保护动态巡查。",
        funding_yuan=0,
        clarities={**CLEAR, "department_support": "按上级要求"},
    )
    outcome, found = codes(d)
    assert outcome == "returned"
    assert "R-ASSIST-NO-SUPPORT" in found and "R-UNCLEAR" in found
    assert codes(replace(d, funding_yuan=3000, clarities=CLEAR))[0] == "admitted"
    assert codes(replace(d, support_training="县局组织巡查技术培训两次", clarities=CLEAR))[0] == (
        "admitted"
    )


@pytest.mark.parametrize("empty", [None, "", "无", "见附件", "按要求。", "  "])
def test_empty_clarity_is_unclear(empty):
    d = draft(clarities={**CLEAR, "grassroots_does": empty})
    decision = check(d, ctx(d))
    assert decision.outcome == "returned"
    assert [r.code for r in decision.reasons] == ["R-UNCLEAR"]
    assert "需要基层做什么" in decision.reasons[0].message


def test_short_deadline_is_returned_unless_urgent_with_reason():
    short = add_working_days(TODAY, 2)
    assert codes(draft(deadline=short)) == ("returned", ["R-DEADLINE-TOO-SHORT"])
    urgent = draft(deadline=short, urgent=True, urgent_reason="寒潮大风预警,需立即加强巡查")
    assert codes(urgent) == ("needs_review", ["R-URGENT-REVIEW"])
    no_reason = draft(deadline=short, urgent=True)
    assert codes(no_reason) == ("returned", ["R-URGENT-NO-REASON", "R-DEADLINE-TOO-SHORT"])
    assert codes(draft(deadline=date(2026, 11, 1)))[1] == ["R-DEADLINE-PAST"]


def test_deadline_counts_chinese_working_days():
    # 2026-09-30 (Wed) + 5 working days crosses the National Day holiday (Oct 1–7)
    d = draft(deadline=date(2026, 10, 9))
    decision = check(d, ctx(d, today=date(2026, 9, 30)))
    assert [r.code for r in decision.reasons] == ["R-DEADLINE-TOO-SHORT"]


def test_policy_minimum_is_data():
    d = draft(deadline=add_working_days(TODAY, 3))
    assert codes(d)[0] == "returned"
    assert codes(d, policy=AdmissionPolicy(min_deadline_working_days=3)) == ("admitted", [])


def test_unapproved_form_is_rejected_and_duplicate_fields_returned():
    form = draft(kind="report_form", form_code="F-999", form_fields=("户主姓名", "备注"))
    outcome, found = codes(form)
    assert outcome == "rejected"
    assert found == ["R-FORM-NOT-APPROVED", "R-DUPLICATE-REPORTING"]
    approved = CATALOG.approved_forms[0]
    ok = draft(
        kind="report_form",
        target_level=approved.level,
        targets=(VILLAGE,) if approved.level == "village" else (QINGSHAN,),
        duty_item_code=None,
        title=approved.title,
        description=f"请按核准报表《{approved.title}》填报。",
        form_code=approved.code,
        form_fields=approved.fields[:2],
    )
    assert "R-FORM-NOT-APPROVED" not in codes(ok)[1]
    assert "R-DUPLICATE-REPORTING" not in codes(ok)[1]


def test_an_approved_form_is_not_refused_as_data_the_department_should_collect_itself():
    """V-N-027 (承担部门应自行采集的数据报表填报) is the text of every data request: an approved
    form is the sanctioned way to ask, an unapproved one is refused all the same."""
    text = dict(
        kind="report_form",
        target_level="village",
        targets=(VILLAGE,),
        duty_item_code=None,
        title="报送村(社区)年度基本数据",
        description="请各村(社区)在平台上核对并报送年度基本数据,已有数据自动预填。",
        clarities={**CLEAR, "grassroots_does": "村(社区)核对预填数据并补充更正后提交"},
    )
    approved = draft(**text, form_code="F-001")
    assert ctx(approved).matches[0].list == "negative"  # the text alone reads like V-N-027
    assert not {"R-NEGATIVE-LIST", "R-FORM-NOT-APPROVED"} & set(codes(approved)[1])
    outcome, found = codes(draft(**text, form_code="F-999"))
    assert outcome == "rejected" and "R-FORM-NOT-APPROVED" in found


def test_a_meeting_is_in_the_list_only_as_the_item_its_department_names():
    meeting = dict(
        kind="meeting",
        duty_item_code=None,
        title="召开高标准农田建设现场观摩会",
        description="请各乡镇分管负责同志参加高标准农田建设现场观摩会。",
    )
    assert ctx(draft(**meeting)).matches[0].code == "T-A-093"  # its subject is a duty's
    assert codes(draft(**meeting)) == ("needs_review", ["R-NOT-IN-LIST"])
    named = codes(draft(**(meeting | {"duty_item_code": "T-A-093"})))
    assert "R-NOT-IN-LIST" not in named[1]


def test_a_field_asked_under_its_canonical_name_is_still_duplicate_reporting():
    """标签化: 户主身份证号 in one form and 公民身份号码 in a draft are the same fact."""
    labels = {label for f in CATALOG.approved_forms for label in f.fields}
    label, definition = next(
        (label, d)
        for f in CATALOG.approved_forms
        for label, d in CATALOG.form_fields(f)
        if d is not None and d.name not in labels  # asked by no form under that name
    )
    asked = draft(kind="report_form", form_code="F-999", form_fields=(definition.name,))
    found = codes(asked)[1]
    assert "R-DUPLICATE-REPORTING" in found, (label, definition.name)


def test_inspection_needs_a_matching_registered_plan():
    d = draft(kind="inspection", inspection_plan_id="P-1")
    assert codes(d) == ("rejected", ["R-INSPECTION-NOT-REGISTERED"])
    plan = PlanView("P-1", FORESTRY, (QINGSHAN,), TODAY, date(2026, 12, 31))
    assert codes(d, plan=plan) == ("admitted", [])
    other = PlanView("P-1", LAND, ("990101102000",), TODAY, TODAY)
    decision = check(d, ctx(d, plan=other))
    assert [r.code for r in decision.reasons] == ["R-INSPECTION-NOT-REGISTERED"] * 3


def test_targets_must_be_units_of_the_level():
    d = draft(targets=(QINGSHAN, VILLAGE, "990199101000"))
    decision = check(d, ctx(d))
    assert decision.outcome == "returned"
    assert [(r.code, r.item_code) for r in decision.reasons] == [
        ("R-TARGET-UNKNOWN", VILLAGE),
        ("R-TARGET-UNKNOWN", "990199101000"),
    ]


def test_unknown_and_wrong_level_codes():
    assert "R-ITEM-UNKNOWN" in codes(draft(duty_item_code="T-B-999"))[1]
    assert "R-ITEM-LEVEL" in codes(draft(duty_item_code="V-M-001"))[1]


def test_all_reasons_at_once_and_strongest_outcome():
    d = draft(
        kind="report_form",
        form_code=None,
        deadline=add_working_days(TODAY, 1),
        clarities={},
        targets=("990199101000",),
    )
    outcome, found = codes(d)
    assert outcome == "rejected"
    assert {"R-FORM-NOT-APPROVED", "R-UNCLEAR", "R-DEADLINE-TOO-SHORT", "R-TARGET-UNKNOWN"} <= set(
        found
    )


def test_outcome_order():
    r = {e: Reason("X", e, "") for e in ("reject", "return", "review")}
    assert outcome_of([]) == "admitted"
    assert outcome_of([r["review"]]) == "needs_review"
    assert outcome_of([r["review"], r["return"]]) == "returned"
    assert outcome_of([r["return"], r["reject"], r["review"]]) == "rejected"


def test_item_that_does_not_apply_to_a_target_needs_review():
    d = draft(
        submitter="11990101MB000014XR",
        duty_item_code="T-B-040",
        title="维护旅游景区周边环境秩序",
        description="国庆假期请维护旅游景区周边环境秩序,疏导车辆。",
        targets=(QINGSHAN, "990101102000"),
    )
    outcome, found = codes(d)
    assert (outcome, found) == ("needs_review", ["R-ITEM-NOT-APPLICABLE"])
    assert codes(replace(d, targets=(QINGSHAN,))) == ("admitted", [])


def test_disguise_needs_the_forbidden_match_to_clearly_win():
    d = draft(
        duty_item_code="T-B-001",
        submitter="11990101MB0000051E",
        title="森林防火期间食品安全保障",
        description="请各乡镇在巡山期间同步对辖区食品生产企业开展日常监督检查,核查食品生产许可。",
        clarities={**CLEAR, "grassroots_does": "乡镇对食品生产企业逐家开展监督检查,核查生产许可"},
    )
    assert "R-DISGUISED-WITHDRAWN" in codes(d)[1]
    lenient = AdmissionPolicy(disguise_margin=1.0)
    assert "R-DISGUISED-WITHDRAWN" not in codes(d, policy=lenient)[1]
