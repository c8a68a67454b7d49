"""The error-code registry: every code an answer of the suite can carry, declared once.

A code is written in exactly one place, its owner's `codes.py` (the library's at the end of this
module, each service's `grassroots.<service>.codes`), with the HTTP status
of the answer that carries it, a Chinese message a county clerk understands, the owning service
and the domains whose routes answer with it. Code is a `str`, so it compares, serialises and is
stored as the code itself; everything else reads the rest from it:

- `ProblemError(code, ...)` and a rule's `Refusal(code, ...)` take their status from it;
- the services' READMEs list their codes and the OpenAPI documents carry an example of each,
  generated from this registry (`make docs`);
- a test proves that every code literal in the sources is a declaration here and that every
  declared code is asserted by some test (tests/contract/test_error_codes.py).

A finding (one problem among several inside one answer: a geometry error of an uploaded layer, a
broken link of a verified log) is declared like any code, with the status of the answer that
lists it.
"""

from __future__ import annotations

from typing import ClassVar

COMMON = "common"


class Code(str):
    """A registered code: the string itself, with its status, message, owner and domains."""

    status: int
    message: str
    service: str
    domains: tuple[str, ...]

    def __new__(
        cls, code: str, status: int, message: str, service: str, domains: tuple[str, ...]
    ) -> Code:
        made = super().__new__(cls, code)
        made.status, made.message, made.service = status, message, service
        made.domains = domains
        return made

    def __reduce__(self) -> tuple[object, ...]:  # copied and pickled as a lookup by name
        return (lookup, (str(self),))


REGISTRY: dict[str, Code] = {}


class Codes:
    """Declares the codes of one service's domain: `Codes("grid", "events")(409, "E-…", "…")`."""

    statuses: ClassVar[frozenset[int]] = frozenset(
        {200, 400, 401, 403, 404, 405, 406, 409, 412, 413, 415, 422, 428, 429, 500, 502, 503}
    )

    def __init__(self, service: str, *domains: str) -> None:
        self.service, self.domains = service, domains

    def __call__(self, status: int, code: str, message: str) -> Code:
        if status not in self.statuses:
            raise ValueError(f"{code}: status {status} is not one the suite answers with")
        if code in REGISTRY:
            raise ValueError(f"{code} is declared twice ({REGISTRY[code].service} and here)")
        REGISTRY[code] = made = Code(code, status, message, self.service, self.domains)
        return made


def lookup(code: str) -> Code:
    """The registered code (KeyError for an undeclared one: a defect the contract test finds)."""
    return REGISTRY[code]


def of_service(service: str) -> list[Code]:
    """A service's codes (COMMON: the library's), in declaration order."""
    return [code for code in REGISTRY.values() if code.service == service]


# The library's own codes. Their domains say which routes can answer with them (the OpenAPI
# examples): `request` any route, `auth` any route that needs a token, `idempotency` any write;
# the others where a route's own domain or its declared responses bring them.
_request = Codes(COMMON, "request")
BAD_REQUEST = _request(400, "E-BAD-REQUEST", "请求格式错误")
NOT_FOUND = _request(404, "E-NOT-FOUND", "资源不存在或无权查看")
TOO_LARGE = _request(413, "E-TOO-LARGE", "请求体过大")
MEDIA_TYPE = _request(415, "E-MEDIA-TYPE", "不支持的内容类型")
VALIDATION = _request(422, "E-VALIDATION", "请求内容不符合要求")
INVALID_VALUE = _request(
    422, "E-INVALID-VALUE", "输入中含有无法保存的字符或数值(如空字符、超出范围的数字)"
)
UNAVAILABLE = _request(503, "E-UNAVAILABLE", "数据库暂不可用，请稍后重试")

_auth = Codes(COMMON, "auth")
AUTH_MISSING = _auth(401, "AUTH-MISSING", "需要身份认证")
AUTH_INVALID = _auth(401, "AUTH-INVALID", "身份令牌无效")
AUTH_EXPIRED = _auth(401, "AUTH-EXPIRED", "身份令牌已过期")
AUTH_NOT_YET_VALID = _auth(401, "AUTH-NOT-YET-VALID", "身份令牌尚未生效")
AUTH_LIFETIME = _auth(401, "AUTH-LIFETIME", "身份令牌有效期过长")
AUTH_ROLE = _auth(403, "AUTH-ROLE", "无权执行此操作")
AUTH_ROLE_KIND = _auth(403, "AUTH-ROLE-KIND", "角色与所在单位的类型不符")
AUTH_ORG_UNKNOWN = _auth(403, "AUTH-ORG-UNKNOWN", "所在单位不在现行清单中")
AUTH_COUNTY_MISMATCH = _auth(403, "AUTH-COUNTY-MISMATCH", "身份令牌的县与所在单位不符")
AUTH_SCOPE = _auth(403, "AUTH-SCOPE", "无权处理其他单位的事项")
AUTH_ORG = _auth(403, "AUTH-ORG", "无权以其他单位名义操作")

_idempotency = Codes(COMMON, "idempotency")
IDEMPOTENCY_KEY = _idempotency(400, "E-IDEMPOTENCY-KEY", "Idempotency-Key 过长(最多200字符)")
IDEMPOTENCY_IN_PROGRESS = _idempotency(
    409, "E-IDEMPOTENCY-IN-PROGRESS", "相同请求正在处理中，请稍后重试"
)
IDEMPOTENCY_ANSWER_LOST = _idempotency(
    409,
    "E-IDEMPOTENCY-ANSWER-LOST",
    "该请求已经生效，但当时的应答未能保存；请查询结果，不要换新的 Idempotency-Key 重发",
)
IDEMPOTENCY_MISMATCH = _idempotency(
    422, "E-IDEMPOTENCY-MISMATCH", "同一 Idempotency-Key 用于了不同的请求内容"
)
CONCURRENT_CHANGE = _idempotency(409, "E-CONCURRENT-CHANGE", "该记录已被他人同时修改，请刷新后重试")

# answers a route meets only in its own way (not listed per route in the OpenAPI documents)
_framework = Codes(COMMON, "framework")
METHOD = _framework(405, "E-METHOD", "不支持该请求方法")
INTERNAL = _framework(500, "E-INTERNAL", "服务内部错误")

_concurrency = Codes(COMMON, "concurrency")  # a write sent with If-Match
PRECONDITION = _concurrency(412, "E-PRECONDITION", "记录已被他人修改，请刷新后重试")

_exports = Codes(COMMON, "exports")
NOT_ACCEPTABLE = _exports(406, "E-NOT-ACCEPTABLE", "不支持请求的响应格式")

_pagination = Codes(COMMON, "pagination")
CURSOR = _pagination(422, "E-CURSOR", "分页游标无效")

_money = Codes(COMMON, "money")
AMOUNT_PRECISION = _money(422, "E-AMOUNT-PRECISION", "金额最多保留两位小数(精确到分)")

# findings of a log verification (listed in a 200 report, or behind a 409 that names one)
_transparency = Codes(COMMON, "transparency")
LOG_MISSING = _transparency(200, "E-LOG-MISSING", "日志条目缺失或顺序被改动")
LOG_LINK = _transparency(200, "E-LOG-LINK", "日志条目与前一条的哈希链接断开")
LOG_ALTERED = _transparency(200, "E-LOG-ALTERED", "日志条目内容被改动")
LOG_REWRITTEN = _transparency(200, "E-LOG-REWRITTEN", "日志条目与追加时公告的哈希不同(被重写)")
LOG_TRUNCATED = _transparency(200, "E-LOG-TRUNCATED", "已公告的日志条目在本地缺失(被截断)")
CHECKPOINT_SIGNATURE = _transparency(200, "E-CHECKPOINT-SIGNATURE", "检查点未由受信任的密钥签名")
CHECKPOINT_FORK = _transparency(200, "E-CHECKPOINT-FORK", "同一日志长度出现两个根哈希(日志分叉)")
