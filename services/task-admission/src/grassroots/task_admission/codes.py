"""The codes task-admission answers with (任务准入), each declared once with its status and message.

The registry, how a code is used and the contract test: `grassroots.common.codes`.
"""

from grassroots.common.codes import Codes

_catalog = Codes("task-admission", "catalog")
CATALOG_EFFECTIVE_ORDER = _catalog(
    409, "E-CATALOG-EFFECTIVE-ORDER", "新版本的生效日期不能早于现行版本"
)
CATALOG_INVALID = _catalog(
    422, "E-CATALOG-INVALID", "清单未通过校验，请按问题列表逐项修改后重新提交"
)
CATALOG_VERSION_EXISTS = _catalog(
    409, "E-CATALOG-VERSION-EXISTS", "该版本号已发布，清单版本不可修改"
)

_complaints = Codes("task-admission", "complaints")
COMPLAINT_STATE = _complaints(409, "E-COMPLAINT-STATE", "投诉当前状态不允许此操作")
DEMAND_UNKNOWN = _complaints(422, "E-DEMAND-UNKNOWN", "所投诉的事项不存在或不属于被投诉部门")
DEPARTMENT_UNKNOWN = _complaints(422, "E-DEPARTMENT-UNKNOWN", "被投诉单位不是本县县直部门")

_complaints_demands = Codes("task-admission", "complaints", "demands")
NO_CATALOG = _complaints_demands(422, "E-NO-CATALOG", "本县尚未发布履职事项清单")
REASON_REQUIRED = _complaints_demands(
    422, "E-REASON-REQUIRED", "退回、不予准入或驳回投诉须说明理由"
)

_demands = Codes("task-admission", "demands")
ASSIGNMENT_STATE = _demands(409, "E-ASSIGNMENT-STATE", "派发当前状态不允许此操作")
DEADLINE_HORIZON = _demands(422, "E-DEADLINE-HORIZON", "办理期限超出政策允许的范围")
DEMAND_STATE = _demands(409, "E-DEMAND-STATE", "事项当前状态不允许此操作")
ORG_NOT_CALLER = _demands(422, "E-ORG-NOT-CALLER", "只能为本单位签收或报告办结")
SUBMITTER_NOT_DEPARTMENT = _demands(
    422, "E-SUBMITTER-NOT-DEPARTMENT", "只有本县县直部门可以申报事项"
)
REMAP_FORBIDDEN = _demands(
    409, "E-REMAP-FORBIDDEN", "收回事项或负面清单事项不能审核通过,请选择退回或不予准入"
)
REMAP_LEVEL = _demands(422, "E-REMAP-LEVEL", "改派的事项不是派发对象层级的事项")
REMAP_UNKNOWN = _demands(422, "E-REMAP-UNKNOWN", "该事项所依据的清单版本中没有此事项")
VILLAGE_NOT_OURS = _demands(422, "E-VILLAGE-NOT-OURS", "只能派发给本乡镇(街道)所辖村(社区)")

_forms = Codes("task-admission", "forms")
FILLING_INCOMPLETE = _forms(
    422, "E-FILLING-INCOMPLETE", "尚有字段未确认或填写,请逐项确认或更正后再提交"
)
FILLING_ROW_EXISTS = _forms(409, "E-FILLING-ROW-EXISTS", "该对象已在本表中")
FILLING_ROWS = _forms(422, "E-FILLING-ROWS", "本表按本单位填报一行,不能按身份证号添加对象")
FILLING_STATE = _forms(409, "E-FILLING-STATE", "填报当前状态不允许此操作")
FILLING_VALUES = _forms(422, "E-FILLING-VALUES", "填报内容不符合要求,请按问题列表逐项修改")
HISTORY_INVALID = _forms(
    422, "E-HISTORY-INVALID", "历史数据未通过校验,请按问题列表逐项修改后重新导入(未导入任何数据)"
)
RESIDENT_ID = _forms(422, "E-RESIDENT-ID", "公民身份号码无效")
REVEAL_FORBIDDEN = _forms(
    403, "E-REVEAL-FORBIDDEN", "只有发起该报表事项的部门经办人员可以查看完整的个人信息"
)
