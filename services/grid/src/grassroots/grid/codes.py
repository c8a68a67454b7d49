"""The codes grid answers with (网格), each declared once with its status and message.

The registry, how a code is used and the contract test: `grassroots.common.codes`.
"""

from grassroots.common.codes import Codes

_layers_township = Codes("grid", "layers")  # a layer's or a merge's township
LAYER_TOWNSHIP = _layers_township(422, "E-LAYER-TOWNSHIP", "请指定图层所属乡镇(township)")
TOWNSHIP_CODE = _layers_township(422, "E-TOWNSHIP-CODE", "乡镇(街道)区划代码不正确")

_township_reads = Codes("grid", "grids", "layers", "events")  # a township read's ?township=
TOWNSHIP_REQUIRED = _township_reads(422, "E-TOWNSHIP-REQUIRED", "请指定乡镇(township)")

_events = Codes("grid", "events")
ASSIGNEE_NOT_IN_GRID = _events(422, "E-ASSIGNEE-NOT-IN-GRID", "承办网格员不属于事件所在网格")
ASSIGNEE_REQUIRED = _events(422, "E-ASSIGNEE-REQUIRED", "请指定承办人或承办单位")
ASSIGNEE_SAME = _events(409, "E-ASSIGNEE-SAME", "事件已分拨给该承办人(单位)")
EVENT_CATEGORY = _events(422, "E-EVENT-CATEGORY", "事件类别不在本系统类别表中")
EVENT_OUTSIDE_GRIDS = _events(422, "E-EVENT-OUTSIDE-GRIDS", "上报位置不在任何网格内,请核对经纬度")
EVENT_TRANSITION = _events(409, "E-EVENT-TRANSITION", "网格事件当前环节不允许此操作")
EXTENSION_NOT_LATER = _events(422, "E-EXTENSION-NOT-LATER", "延期后的时限必须晚于原时限")
EXTENSION_OVER_MAX = _events(422, "E-EXTENSION-OVER-MAX", "延期后办理时限超过上限")
EXTENSION_STEP = _events(409, "E-EXTENSION-STEP", "只有处置环节可以申请延期")
EXTENSION_UNCHANGED = _events(409, "E-EXTENSION-UNCHANGED", "办理时限已是延期后的时限")
POLICY_LIMIT = _events(422, "E-POLICY-LIMIT", "办理时限设置不合规")

_layers = Codes("grid", "layers")
BOUNDARY_CODE = _layers(
    422, "E-BOUNDARY-CODE", "乡镇边界要素的 properties.code 必须是本乡镇的区划代码"
)
BOUNDARY_COUNT = _layers(
    422, "E-BOUNDARY-COUNT", "乡镇边界图层只能有一个要素(本乡镇的行政区划边界,可为 MultiPolygon)"
)
COORD_ORDER = _layers(
    422, "E-COORD-ORDER", "坐标顺序疑似颠倒(应为 [经度, 纬度],而不是 [纬度, 经度])"
)
COORDINATES = _layers(422, "E-COORDINATES", "坐标格式错误(每个点应为 [经度, 纬度] 数值)")
FEATURE_CODE = _layers(
    422, "E-FEATURE-CODE", "基础网格要素缺少 properties.code(村/社区区划代码)或代码不属于本乡镇"
)
FEATURE_DUPLICATE = _layers(422, "E-FEATURE-DUPLICATE", "同一图层中要素编号重复")
FEATURE_GRID_ID = _layers(422, "E-FEATURE-GRID-ID", "原有网格要素缺少 properties.grid_id")
FEATURE_HOUSEHOLDS = _layers(422, "E-FEATURE-HOUSEHOLDS", "properties.households 必须是非负整数")
FEATURE_OUTSIDE = _layers(422, "E-FEATURE-OUTSIDE", "要素不在本乡镇范围内")
FEATURE_SHAPE = _layers(
    422, "E-FEATURE-SHAPE", "要素不是合法的 GeoJSON Feature(缺少 geometry 或 properties)"
)
GEOMETRY_INVALID = _layers(422, "E-GEOMETRY-INVALID", "几何图形无效")
GEOMETRY_TYPE = _layers(422, "E-GEOMETRY-TYPE", "网格边界必须是 Polygon 或 MultiPolygon")
LAYER_EMPTY = _layers(422, "E-LAYER-EMPTY", "图层没有任何要素")
LAYER_INVALID = _layers(
    422, "E-LAYER-INVALID", "图层未通过校验,整层未导入;请按要素序号逐项修改后重新提交"
)
MERGE_NO_BASE = _layers(422, "E-MERGE-NO-BASE", "本乡镇尚未导入基础网格(村/社区边界),无法合并")
OUTSIDE_CHINA = _layers(422, "E-OUTSIDE-CHINA", "坐标不在我国经纬度范围内")
RING_NOT_CLOSED = _layers(422, "E-RING-NOT-CLOSED", "多边形的环未闭合(首点与末点必须相同)")
RING_TOO_SHORT = _layers(422, "E-RING-TOO-SHORT", "多边形的环至少需要 4 个点")
SELF_INTERSECTION = _layers(422, "E-SELF-INTERSECTION", "边界自相交")

_whistles = Codes("grid", "whistles")
WHISTLE_ANSWERED = _whistles(409, "E-WHISTLE-ANSWERED", "吹哨已有应答，不能再更改")
WHISTLE_DEPARTMENT = _whistles(422, "E-WHISTLE-DEPARTMENT", "被吹哨单位不是本县县直部门")
WHISTLE_EVENT = _whistles(422, "E-WHISTLE-EVENT", "关联的网格事件不存在或不属于本乡镇")
WHISTLE_STATE = _whistles(409, "E-WHISTLE-STATE", "吹哨当前状态不允许此操作")

_workers = Codes("grid", "workers")
GRID_UNKNOWN = _workers(422, "E-GRID-UNKNOWN", "网格不存在")
