"""The codes evaluation answers with (考核评价), each declared once with its status and message.

The registry, how a code is used and the contract test: `grassroots.common.codes`.
"""

from grassroots.common.codes import Codes

_inspection_plans = Codes("evaluation", "inspection_plans")
PLAN_CAP = _inspection_plans(409, "E-PLAN-CAP", "乡镇(街道)本年度督查检查考核已达上限")
PLAN_DECIDED = _inspection_plans(409, "E-PLAN-DECIDED", "检查计划已作出备案决定")
PLAN_REASON = _inspection_plans(422, "E-PLAN-REASON", "不予备案须说明理由")
PLAN_TOWNSHIP = _inspection_plans(422, "E-PLAN-TOWNSHIP", "检查计划所列乡镇(街道)不正确")
PLAN_WINDOW = _inspection_plans(422, "E-PLAN-WINDOW", "检查时间窗口不正确(结束早于开始或跨年度)")

_periods = Codes("evaluation", "periods")
PERIOD_CLOSED = _periods(409, "E-PERIOD-CLOSED", "考核年度已结束，不再接受改动")

_periods_ratings = Codes("evaluation", "periods", "ratings")
SCHEME_MISSING = _periods_ratings(422, "E-SCHEME-MISSING", "该年度该方向尚无考核方案")

_periods_ratings_schemes = Codes("evaluation", "periods", "ratings", "schemes")
SCHEME_NO_CATALOG = _periods_ratings_schemes(422, "E-SCHEME-NO-CATALOG", "本县尚无现行履职事项清单")

_ratings = Codes("evaluation", "ratings")
RATING_INDICATOR = _ratings(422, "E-RATING-INDICATOR", "该指标不存在或不是评分类指标")
RATING_RATEE = _ratings(422, "E-RATING-RATEE", "被评单位不属于本考核方向的考核对象")
RATING_RATER = _ratings(403, "E-RATING-RATER", "本单位不能为该指标评分")
RATING_SELF = _ratings(422, "E-RATING-SELF", "不能给本单位评分")

_replay = Codes("evaluation", "replay")
REPLAY_BROKER_DOWN = _replay(503, "E-REPLAY-BROKER-DOWN", "无法连接消息服务")
REPLAY_EVENTS_MISSING = _replay(
    409, "E-REPLAY-EVENTS-MISSING", "重放的来源缺少部分事件，重放未执行"
)
REPLAY_HISTORY_LOST = _replay(
    409, "E-REPLAY-HISTORY-LOST", "重放的来源已不保有全部历史，重放未执行"
)
REPLAY_INCOMPLETE = _replay(503, "E-REPLAY-INCOMPLETE", "消息服务未能交付全部事件，重放未生效")
REPLAY_NO_BROKER = _replay(409, "E-REPLAY-NO-BROKER", "消息服务未启用，无法从消息服务重放")

_schemes = Codes("evaluation", "schemes")
SCHEME_DUPLICATE_INDICATOR = _schemes(422, "E-SCHEME-DUPLICATE-INDICATOR", "指标代码重复")
SCHEME_EXISTS = _schemes(409, "E-SCHEME-EXISTS", "该年度该方向的考核方案已存在")
SCHEME_FROZEN = _schemes(409, "E-SCHEME-FROZEN", "考核方案已冻结，不能修改")
SCHEME_INDICATOR_CAP = _schemes(422, "E-SCHEME-INDICATOR-CAP", "考核指标数超过上限")
SCHEME_MORE_THAN_LAST_YEAR = _schemes(
    422, "E-SCHEME-MORE-THAN-LAST-YEAR", "考核指标只减不增：本年不得多于上年"
)
SCHEME_OUT_OF_DUTY = _schemes(
    422, "E-SCHEME-OUT-OF-DUTY", "主责之外不考核：乡镇指标须对应基本履职事项"
)
SCHEME_SOURCE = _schemes(422, "E-SCHEME-SOURCE", "指标的数据来源不正确")
SCHEME_UNCHANGED = _schemes(409, "E-SCHEME-UNCHANGED", "考核方案内容未变化，无需替换")
SCHEME_WEIGHTS = _schemes(422, "E-SCHEME-WEIGHTS", "各指标权重之和须为100")

_witness = Codes("evaluation", "witness")
CHECKPOINT_INCONSISTENT = _witness(200, "E-CHECKPOINT-INCONSISTENT", "检查点与已见证的检查点不一致")
CHECKPOINT_MALFORMED = _witness(200, "E-CHECKPOINT-MALFORMED", "根哈希或一致性证明不是十六进制")
CHECKPOINT_ORIGIN = _witness(200, "E-CHECKPOINT-ORIGIN", "检查点不属于本乡镇的日志")
CHECKPOINT_ROLLBACK = _witness(
    200, "E-CHECKPOINT-ROLLBACK", "检查点的日志长度小于已见证的长度(回滚)"
)
CHECKPOINT_UNLINKED = _witness(200, "E-CHECKPOINT-UNLINKED", "检查点缺少与已见证检查点的一致性证明")
