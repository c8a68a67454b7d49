"""What the departments send during the month: each demand with the decision the rules must give.

Bodies follow DESIGN §5; `outcome` and `codes` are what the admission check must answer, and the
ledger counts from them (never from the service's answer, which the steps only compare).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from county.orgs import (
    AGRICULTURE,
    CHENGGUAN,
    CIVIL,
    ECOLOGY,
    EMERGENCY,
    FORESTRY,
    LAND,
    MARKET,
    QINGSHAN,
    SHIMEN,
    VILLAGES,
)

FILLER = {"department_does": "按要求", "grassroots_does": "按上级要求", "department_support": "无"}


@dataclass(frozen=True)
class Demand:
    """A demand as its department writes it (the deadline is set on the day it is sent)."""

    submitter: str
    body: dict[str, Any]
    outcome: str
    codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def funding(self) -> float:
        return float(self.body.get("support", {}).get("funding_yuan", 0))

    @property
    def targets(self) -> list[str]:
        return list(self.body["targets"])


def _demand(submitter: str, outcome: str, codes: tuple[str, ...] = (), **body: Any) -> Demand:
    does, grassroots, support = body.pop("clear")
    full = {
        "kind": "task",
        "description": "",
        "target_level": "township",
        "duty_item_code": None,
        "clarities": {
            "department_does": does,
            "grassroots_does": grassroots,
            "department_support": support,
        },
        **body,
    }
    return Demand(submitter, full, outcome, frozenset(codes))


FOREST_PATROL = _demand(
    FORESTRY,
    "admitted",
    title="秋冬季森林防火宣传和巡查",
    duty_item_code="T-B-001",
    description="请各乡镇组织开展森林防火宣传,加强巡山护林,严管野外用火。",
    targets=[QINGSHAN, SHIMEN],
    support={"funding_yuan": 5000},
    clear=(
        "县林业局制定方案并提供宣传资料和技术指导",
        "乡镇组织护林员每日巡山并填写巡查记录",
        "每个乡镇拨付巡查经费五千元并培训护林员",
    ),
)
DISPUTES = _demand(
    AGRICULTURE,
    "admitted",
    title="岁末年初矛盾纠纷排查化解",
    duty_item_code="T-B-003",
    description="请各乡镇集中排查化解土地承包矛盾纠纷,做好调解工作。",
    targets=[SHIMEN, CHENGGUAN],
    support={"funding_yuan": 3000},
    clear=(
        "县农业农村局提供土地承包政策解读和法律顾问",
        "乡镇逐村排查土地承包矛盾纠纷并组织调解",
        "派驻法律顾问到乡镇并承担调解培训",
    ),
)
SAFETY_LEDGER = _demand(
    EMERGENCY,
    "admitted",
    kind="report_form",
    title="安全生产隐患排查台账报送",
    description="请各乡镇按月报送安全生产隐患排查台账。",
    targets=[QINGSHAN, CHENGGUAN],
    form_code="F-012",
    form_fields=["单位名称", "隐患部位"],
    clear=(
        "县应急管理局提供台账模板和系统账号",
        "乡镇每月汇总辖区隐患排查情况并报送",
        "县局提供填报培训和数据支持",
    ),
)
FOOD_IN_DISGUISE = _demand(
    MARKET,
    "rejected",
    ("R-DISGUISED-WITHDRAWN",),
    title="森林防火期间食品安全保障",
    description="请各乡镇在巡山期间同步对辖区食品生产企业开展日常监督检查,核查食品生产许可。",
    duty_item_code="T-B-001",
    targets=[QINGSHAN],
    clear=(
        "县林业局制定方案并提供宣传资料和技术指导",
        "乡镇对食品生产企业逐家开展监督检查",
        "每个乡镇拨付巡查经费五千元并培训护林员",
    ),
)
KINSHIP_CERTIFICATE = _demand(
    CIVIL,
    "rejected",
    ("R-NEGATIVE-LIST",),
    kind="certificate",
    title="为金融机构出具居民亲属关系证明",
    description="请各村为辖区居民向银行出具亲属关系证明。",
    target_level="village",
    targets=list(VILLAGES[QINGSHAN]),
    duty_item_code="V-N-003",
    clear=("县民政局提供证明模板", "村委会为居民开具亲属关系证明", "县局提供证明模板和业务培训"),
)
SHORT_NOTICE = _demand(
    FORESTRY,
    "returned",
    ("R-DEADLINE-TOO-SHORT",),
    title="森林防火隐患排查",
    description="请各乡镇开展森林防火隐患排查巡山。",
    duty_item_code="T-B-002",
    targets=[QINGSHAN],
    support={"funding_yuan": 2000},
    clear=(
        "县林业局制定方案并提供宣传资料和技术指导",
        "乡镇组织护林员每日巡山并填写巡查记录",
        "每个乡镇拨付巡查经费两千元并培训护林员",
    ),
)
SHORT_NOTICE_FIXED = Demand(FORESTRY, SHORT_NOTICE.body, "admitted")
VAGUE_FIRE_PUBLICITY = Demand(
    FORESTRY,
    {
        **FOREST_PATROL.body,
        "title": "冬春森林防火宣传",
        "targets": [QINGSHAN],
        "description": "请各乡镇做好森林防火宣传工作。",
        "clarities": FILLER,
        "support": {},
    },
    "returned",
    frozenset({"R-UNCLEAR"}),
)
FARMLAND_NO_SUPPORT = _demand(
    LAND,
    "returned",
    ("R-ASSIST-NO-SUPPORT",),
    title="开展耕地保护动态巡查",
    description="请各乡镇对县局下发的耕地图斑开展动态巡查,发现问题及时报告。",
    duty_item_code="T-A-014",
    targets=[QINGSHAN],
    clear=(
        "县自然资源局下发耕地图斑并负责执法查处",
        "乡镇组织人员对图斑开展动态巡查并报告",
        "县局提供图斑数据和巡查技术培训",
    ),
)
FARMLAND_FUNDED = Demand(
    LAND, {**FARMLAND_NO_SUPPORT.body, "support": {"funding_yuan": 8000}}, "admitted"
)
UNREGISTERED_INSPECTION = _demand(
    AGRICULTURE,
    "rejected",
    ("R-INSPECTION-NOT-REGISTERED",),
    kind="inspection",
    title="农村人居环境整治督查",
    description="对各乡镇农村人居环境整治工作开展督查。",
    targets=[CHENGGUAN],
    clear=("县农业农村局组织督查组", "乡镇配合提供人居环境整治资料", "县局承担督查费用和人员"),
)
UNAPPROVED_FORM = _demand(
    EMERGENCY,
    "rejected",
    ("R-FORM-NOT-APPROVED",),
    kind="report_form",
    title="冬季安全检查统计表",
    description="请各乡镇填报冬季安全检查统计表。",
    targets=[SHIMEN],
    form_code="F-404",
    clear=("县应急管理局汇总统计数据", "乡镇填报冬季安全检查统计表", "县局提供填报说明和培训"),
)
SAFETY_MEETING = _demand(
    EMERGENCY,
    "needs_review",
    ("R-NOT-IN-LIST",),
    kind="meeting",
    title="召开冬季安全生产工作推进会",
    description="请各乡镇分管负责同志参加全县冬季安全生产工作推进会。",
    targets=[QINGSHAN, SHIMEN],
    clear=(
        "县应急管理局组织会议并通报安全形势",
        "乡镇分管负责同志按时参会",
        "县局提供会议材料和视频会议系统",
    ),
)
VAGUE_STRAW_BAN = _demand(
    ECOLOGY,
    "returned",
    ("R-UNCLEAR",),
    title="开展秸秆禁烧巡查和宣传",
    description="请各乡镇做好秸秆禁烧工作。",
    duty_item_code="T-B-070",
    targets=[QINGSHAN],
    clear=tuple(FILLER.values()),
)
STRAW_BAN_CLEAR = _demand(
    ECOLOGY,
    "admitted",
    title="开展秸秆禁烧巡查和宣传",
    duty_item_code="T-B-070",
    description="请各乡镇加强秸秆禁烧巡查,发现焚烧及时制止。",
    targets=[QINGSHAN],
    clear=(
        "县生态环境局提供卫星火点监测数据",
        "乡镇组织人员开展秸秆禁烧巡查并劝导",
        "县局提供火点数据和宣传资料",
    ),
)
STRAW_INSPECTION = _demand(
    ECOLOGY,
    "admitted",
    kind="inspection",
    title="秸秆禁烧工作专项督查",
    description="对城关街道秸秆禁烧工作开展专项督查。",
    targets=[CHENGGUAN],
    clear=(
        "县生态环境局组织督查组并通报结果",
        "街道配合提供秸秆禁烧巡查记录",
        "县局承担督查费用和人员",
    ),
)
LOW_INCOME_SURVEY = _demand(
    CIVIL,
    "admitted",
    title="协助做好最低生活保障入户调查",
    duty_item_code="V-A-001",
    description="请各村协助开展低保对象入户调查,核实家庭收入。",
    target_level="village",
    targets=list(VILLAGES[SHIMEN]),
    support={"funding_yuan": 6000},
    clear=(
        "县民政局制定低保入户调查方案并审核",
        "村委会协助入户调查核实家庭收入情况",
        "每村拨付工作经费三千元并培训",
    ),
)
PLANTING_CERTIFICATE = _demand(
    AGRICULTURE,
    "needs_review",
    ("R-NOT-IN-LIST",),
    kind="certificate",
    title="出具农户种植面积确认书",
    description="请各村为申请农业补贴的农户出具种植面积确认书。",
    target_level="village",
    targets=[VILLAGES[SHIMEN][1]],
    clear=(
        "县农业农村局制定补贴发放办法",
        "村委会核实农户种植面积并出具确认书",
        "县局提供确认书模板和测量培训",
    ),
)
FIELD_VISIT = _demand(
    AGRICULTURE,
    "needs_review",
    ("R-NOT-IN-LIST",),
    kind="meeting",
    title="召开高标准农田建设现场观摩会",
    description="请各乡镇分管负责同志参加高标准农田建设现场观摩会。",
    targets=[CHENGGUAN],
    clear=(
        "县农业农村局组织观摩会并安排车辆",
        "乡镇分管负责同志按时参加观摩",
        "县局提供观摩资料和交通保障",
    ),
)
DUPLICATE_FIELDS = _demand(
    CIVIL,
    "returned",
    ("R-DUPLICATE-REPORTING",),
    kind="report_form",
    title="农村低保对象季度核查",
    description="请各村报送低保对象季度核查表。",
    target_level="village",
    targets=[VILLAGES[SHIMEN][0]],
    form_code="F-007",
    form_fields=["户主姓名", "参保率"],
    support={"funding_yuan": 2000},  # whichever 低保 item it matches, no assist rule returns it
    clear=("县民政局下发核查名单", "村委会逐户核查低保对象情况", "县局提供核查名单和培训"),
)


def under_plan(demand: Demand, plan_id: str) -> Demand:
    """An inspection demand citing its approved plan (统一报备)."""
    return Demand(demand.submitter, {**demand.body, "inspection_plan_id": plan_id}, demand.outcome)
