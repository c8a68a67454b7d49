"""The codes enforcement answers with (综合执法), each declared once with its status and message.

The registry, how a code is used and the contract test: `grassroots.common.codes`.
"""

from grassroots.common.codes import Codes

_cases = Codes("enforcement", "cases")
AUTH_NOT_ASSIGNED = _cases(403, "AUTH-NOT-ASSIGNED", "该案件未指派给您")
ACT_DATE = _cases(422, "E-ACT-DATE", "违法行为日期不能晚于发现时间")
CATALOG_MISSING = _cases(422, "E-CATALOG-MISSING", "本县尚无生效的执法事项清单")
CERTIFICATE_INVALID = _cases(422, "E-CERTIFICATE-INVALID", "执法人员的执法证在办案时无效")
DATE_RANGE = _cases(422, "E-DATE-RANGE", "日期不在有效范围内")
DECISION_LATE = _cases(422, "E-DECISION-LATE", "已超过作出处罚决定的期限")
EXTENSION_DAYS = _cases(422, "E-EXTENSION-DAYS", "延长办案期限天数不符合规定")
EXTENSION_LIMIT = _cases(409, "E-EXTENSION-LIMIT", "立案期限只能延长一次")
EXTENSION_REPEATED = _cases(409, "E-EXTENSION-REPEATED", "该延期已批准,再次延长须另行说明理由")
FILING_LATE = _cases(422, "E-FILING-LATE", "已超过立案期限")
FINE_RANGE = _cases(422, "E-FINE-RANGE", "罚款金额超出该执法事项的法定幅度")
FUTURE_TIME = _cases(422, "E-FUTURE-TIME", "办案时间不能晚于当前时间")
HEARING_DATE = _cases(422, "E-HEARING-DATE", "听证日期不能早于申请日期")
HEARING_NOT_ELIGIBLE = _cases(
    409, "E-HEARING-NOT-ELIGIBLE", "拟作出的处罚不属于应当告知听证权利的情形"
)
HEARING_NOT_HELD = _cases(409, "E-HEARING-NOT-HELD", "当事人申请听证的,应在听证后作出决定")
HEARING_REQUEST_DATE = _cases(422, "E-HEARING-REQUEST-DATE", "当事人应在告知后五日内提出听证要求")
HEARING_WINDOW = _cases(409, "E-HEARING-WINDOW", "听证申请期限未满,不得作出处罚决定")
ILLEGAL_TRANSITION = _cases(409, "E-ILLEGAL-TRANSITION", "案件当前环节不允许此操作")
ITEM_NOT_DELEGATED = _cases(
    200, "E-ITEM-NOT-DELEGATED", "该执法事项未下放本乡镇，移送原部门(移送理由)"
)
ITEM_REQUIRED = _cases(422, "E-ITEM-REQUIRED", "该环节须确定执法事项")
LIMITATION = _cases(422, "E-LIMITATION", "违法行为已超过追责时效,不再给予行政处罚")
NOTICE_REQUIRED = _cases(
    409,
    "E-NOTICE-REQUIRED",
    "作出处罚决定前应告知当事人拟处罚的事实、理由、依据及陈述申辩、听证等权利",
)
OFFICER_UNKNOWN = _cases(422, "E-OFFICER-UNKNOWN", "执法人员未在本乡镇登记")
PARTY_ID = _cases(422, "E-PARTY-ID", "当事人证件号码无效")
PARTY_REQUIRED = _cases(422, "E-PARTY-REQUIRED", "该环节须确定当事人及其证件号码")
PAYMENT_SHORT = _cases(422, "E-PAYMENT-SHORT", "缴纳金额不足(罚款加处罚款)")
SERVICE_DATE = _cases(422, "E-SERVICE-DATE", "送达日期不能早于决定日期")
SERVICE_LATE = _cases(
    422, "E-SERVICE-LATE", "当事人不在场的,应在七日内送达处罚决定书;逾期送达须说明理由"
)
SIMPLIFIED_LIMIT = _cases(
    422, "E-SIMPLIFIED-LIMIT", "超出简易程序当场处罚的罚款限额,应适用一般程序"
)
TIME_ORDER = _cases(422, "E-TIME-ORDER", "办案时间不能早于上一环节")
TIME_RANGE = _cases(422, "E-TIME-RANGE", "办案时间不在有效范围内")
TWO_OFFICERS = _cases(422, "E-TWO-OFFICERS", "执法人员人数不足")

_cases_officers = Codes("enforcement", "cases", "officers")
ITEM_UNKNOWN = _cases_officers(422, "E-ITEM-UNKNOWN", "现行清单中没有该执法事项")

_logs = Codes("enforcement", "logs")
CASE_UNKNOWN = _logs(422, "E-CASE-UNKNOWN", "本乡镇没有该案件")
LOG_EMPTY = _logs(409, "E-LOG-EMPTY", "该乡镇的执法日志还没有条目")
LOG_UNVERIFIED = _logs(409, "E-LOG-UNVERIFIED", "日志与上一个检查点不符,不予签名")
WITNESS_UNAVAILABLE = _logs(503, "E-WITNESS-UNAVAILABLE", "见证方不可用,无法核验日志")

_officers = Codes("enforcement", "officers")
CERTIFICATE_DATES = _officers(422, "E-CERTIFICATE-DATES", "执法证有效期截止日早于起始日")
CERTIFICATE_EXISTS = _officers(409, "E-CERTIFICATE-EXISTS", "该执法证号已登记")
