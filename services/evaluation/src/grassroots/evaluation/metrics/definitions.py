"""The metrics (考核数据指标) kept from the other services' events, and what each one means."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Subject = Literal["department", "township"]

# Reason codes as task-admission gives them (DESIGN §5).
UNCLEAR_CODES = frozenset({"R-UNCLEAR"})
NEGATIVE_CODES = frozenset({"R-NEGATIVE-LIST", "R-WITHDRAWN", "R-DISGUISED-WITHDRAWN"})
SATISFIED = frozenset({"satisfied", "basically_satisfied"})


@dataclass(frozen=True)
class MetricDefinition:
    """A metric: whose it is, whether it is a rate (a share, 0–1), a mean (an average per fact,
    unbounded) or a sum, which way is better, and what it counts — in Chinese for the people who
    read scores (`definition_zh`, 口径) and in English. Only a rate may be scored as rate × 100;
    a mean or a sum is scored against the best org."""

    code: str
    name: str
    subject: Subject
    kind: Literal["rate", "mean", "sum"]
    higher_is_better: bool
    definition: str
    definition_zh: str


METRICS: dict[str, MetricDefinition] = {
    m.code: m
    for m in (
        MetricDefinition(
            "dept.returned_unclear",
            "工作要求不清晰被退回率",
            "department",
            "rate",
            False,
            "demands returned with R-UNCLEAR / demands submitted (each demand once)",
            "因工作要求不清晰(R-UNCLEAR)被退回的事项数 ÷ 提交的事项数(每件事项只计一次)",
        ),
        MetricDefinition(
            "dept.rejected_negative",
            "负面或收回事项被拒率",
            "department",
            "rate",
            False,
            "demands rejected as negative-list or withdrawn items / demands submitted",
            "因属负面清单或已收回事项被拒的事项数 ÷ 提交的事项数",
        ),
        MetricDefinition(
            "dept.complaints_upheld",
            "被投诉属实率",
            "department",
            "rate",
            False,
            "complaints ruled upheld / complaints ruled",
            "认定属实的投诉数 ÷ 已认定的投诉数",
        ),
        MetricDefinition(
            "dept.whistle_on_time",
            "吹哨按时报到率",
            "department",
            "rate",
            True,
            "whistles answered on time / whistles due (answered or overdue, once each)",
            "按时报到的吹哨数 ÷ 应报到的吹哨数(已报到或已超时,各计一次)",
        ),
        MetricDefinition(
            "dept.demands_funded",
            "事项随附经费率",
            "department",
            "rate",
            True,
            "admitted demands carrying funding / admitted demands",
            "随附经费的准入事项数 ÷ 准入事项数",
        ),
        MetricDefinition(
            "dept.form_fields_typed",
            "每份报表手工填写字段数",
            "department",
            "mean",
            False,
            "answers typed or corrected by hand / fillings submitted, of the department's report"
            " forms (a department that keeps asking for facts the platform holds scores lower)",
            "部门下发报表的填报中,基层手工填写或更正的字段数 ÷ 提交的填报份数"
            "(平台已有的数据预填、交叉事项共享越多,数值越低)",
        ),
        MetricDefinition(
            "dept.funding_yuan",
            "随事项下达经费(元)",
            "department",
            "sum",
            True,
            "yuan of funding transferred with admitted demands",
            "随准入事项下达的经费合计(元)",
        ),
        MetricDefinition(
            "twp.grid_closed_on_time",
            "网格事件按时办结率",
            "township",
            "rate",
            True,
            "grid events closed within their limits / grid events closed",
            "在时限内办结的网格事件数 ÷ 办结的网格事件数",
        ),
        MetricDefinition(
            "twp.response_rate",
            "响应率",
            "township",
            "rate",
            True,
            "grid events responded to in time / grid events closed (三率: 响应率)",
            "按时响应的网格事件数 ÷ 办结的网格事件数(三率之响应率)",
        ),
        MetricDefinition(
            "twp.resolution_rate",
            "解决率",
            "township",
            "rate",
            True,
            "grid events resolved / grid events closed (三率: 解决率)",
            "已解决的网格事件数 ÷ 办结的网格事件数(三率之解决率)",
        ),
        MetricDefinition(
            "twp.satisfaction_rate",
            "满意率",
            "township",
            "rate",
            True,
            "satisfied or basically satisfied / closed events rated (三率: 满意率)",
            "满意或基本满意的事件数 ÷ 已评价的办结事件数(三率之满意率)",
        ),
        MetricDefinition(
            "twp.cases_decided_in_time",
            "执法案件按期决定率",
            "township",
            "rate",
            True,
            "cases decided within the legal limit / cases decided or past the limit undecided",
            "在法定期限内作出决定的案件数 ÷ 已决定或超期未决定的案件数",
        ),
        MetricDefinition(
            "twp.cases_filed_on_time",
            "执法案件及时立案率",
            "township",
            "rate",
            True,
            "cases filed on time / cases filed or past the filing limit unfiled",
            "按时立案的案件数 ÷ 已立案或超过立案期限未立案的案件数",
        ),
        MetricDefinition(
            "twp.demands_completed_on_time",
            "事项按期完成率",
            "township",
            "rate",
            True,
            "demands completed by the deadline / demands completed or overdue (villages "
            "count for their township)",
            "按期完成的事项数 ÷ 已完成或已超期的事项数(村的事项计入所属乡镇)",
        ),
    )
}
