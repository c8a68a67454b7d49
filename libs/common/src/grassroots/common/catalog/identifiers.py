"""Unified social credit codes (统一社会信用代码, GB 32100) and organisation codes (组织机构代码, GB 11714).

python-stdnum checks a USCC's length, alphabet and final check character; the organisation
code embedded in characters 9–17 has its own GB 11714 check character, verified here.
"""

from typing import Final

from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

ORG_CODE_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)


def _char_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    raise ValueError(f"not an organisation code character: {char!r}")


def org_code_check_char(body: str) -> str:
    """GB 11714 check character of the 8-character body of an organisation code."""
    if len(body) != 8 or not body.isascii():
        raise ValueError("an organisation code body has 8 characters")
    total = sum(_char_value(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def is_valid_org_code(code: str) -> bool:
    """Whether a 9-character organisation code carries its correct check character."""
    if len(code) != 9 or not code.isascii() or not code.isalnum() or code != code.upper():
        return False
    try:
        return org_code_check_char(code[:8]) == code[8]
    except ValueError:
        return False


def uscc_problem(code: str) -> str | None:
    """Why the code is not a valid USCC (Chinese), or None when it is."""
    if not isinstance(code, str) or uscc.compact(code) != code:
        return "应为18位数字或大写字母,不含空格和分隔符"
    try:
        uscc.validate(code)
    except InvalidLength:
        return "应为18位"
    except InvalidChecksum:
        return "最后一位校验码不正确"
    except ValidationError:
        return "前8位应为数字,其余不能含 I、O、Z、S、V 等字母"
    if not is_valid_org_code(code[8:17]):
        return "第9至17位组织机构代码的校验码不正确"
    return None


def is_uscc(code: str) -> bool:
    """Whether the code is a valid USCC, both check characters included."""
    return uscc_problem(code) is None


def make_uscc(registration: str, org_body: str) -> str:
    """Complete a USCC from its 8-digit registration prefix and 8-character organisation body."""
    org_code = org_body + org_code_check_char(org_body)
    partial = registration + org_code
    code = partial + uscc.calc_check_digit(partial)
    problem = uscc_problem(code)
    if problem is not None:
        raise ValueError(f"cannot form a USCC from {registration!r} and {org_body!r}: {problem}")
    return code
