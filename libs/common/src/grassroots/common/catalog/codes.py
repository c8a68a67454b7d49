"""Problem codes of catalog validation (目录校验问题代码): one table, one Chinese message each.

Every problem found in a catalog document carries a stable code, a path into the document
(``duty_items[3].lead_department``; ``""`` is the whole document) and a Chinese message a
county clerk understands. The codes:

Reading the file
    C-SYNTAX                    the body is not parsable JSON/YAML (or not UTF-8 text)
    C-CONTENT-TYPE              the content type is neither JSON nor YAML

Shape of each entry
    C-TYPE                      wrong type (text, list, object, number expected)
    C-REQUIRED                  a required field is missing
    C-EMPTY                     a text is blank or a list that must hold entries is empty
    C-UNKNOWN-FIELD             a field the format does not define (refused, never ignored)
    C-DATE                      not a date written 2026-01-01
    C-KIND                      org unit kind not county/township/village/department/office
    C-LEVEL                     level not township/village
    C-LIST                      list not basic/assist/withdrawn/main/negative
    C-FREQUENCY                 form frequency not one of the defined ones
    C-FIELD-TYPE                field definition type not text/integer/decimal/date/choice/id_number
    C-SUBJECT                   field definition subject not village/household/person/organisation
    C-SENSITIVITY               field definition sensitivity not public/internal/sensitive
    C-VALUE                     any other unacceptable value

Organisation units
    C-DIVISION-CODE             not a 12-digit statistical division code of the unit's kind
    C-USCC                      not a valid unified social credit code (both check characters)
    C-COUNTY-MISMATCH           a unit outside the document's county
    C-PARENT-REQUIRED           a unit other than the county without a parent
    C-PARENT-UNKNOWN            the parent is neither an org unit nor the county
    C-NESTING                   the unit cannot sit under its parent (kind or code prefix)
    C-DUPLICATE-CODE            a code used twice within one section
    C-DUPLICATE-VALUE           an entry repeated inside one list (fields, applies_to, choices)

Duty items, enforcement items, approved forms
    C-LIST-LEVEL                a list that does not exist at the item's level
    C-LEAD-DEPARTMENT-REQUIRED  assist/withdrawn item without a lead department
    C-LEAD-DEPARTMENT-UNKNOWN   lead department not a department of the catalog
    C-ASSIST-DUTIES-REQUIRED    township assist item without department/township duties
    C-APPLIES-TO-UNKNOWN        applies_to names an org unit that does not exist
    C-APPLIES-TO-LEVEL          applies_to names an org unit of the wrong kind
    C-ORIGIN-DEPARTMENT-UNKNOWN enforcement item's origin department unknown
    C-FINE-RANGE                negative fine or fine_min above fine_max
    C-OWNER-DEPARTMENT-UNKNOWN  approved form's owner department unknown

Canonical fields (规范字段, field_definitions) and the forms' field maps
    C-FIELD-UNIT                decimal field without a unit, or a unit on a non-numeric field
    C-FIELD-CHOICES             choice field without two distinct choices, or choices on another type
    C-FIELD-LABEL-UNKNOWN       a field_map label that is not one of the form's fields
    C-FIELD-UNKNOWN             a field_map code that is no field definition of the catalog
    C-FIELD-UNMAPPED            a form field without a canonical field, in a catalog that defines fields
    C-FIELD-TWICE               two fields of one form mapped to the same canonical field
"""

from collections.abc import Mapping
from typing import Final

from pydantic import BaseModel, ConfigDict

MESSAGES: Final[Mapping[str, str]] = {
    "C-SYNTAX": "目录文件格式有误,无法解析:{detail}。",
    "C-CONTENT-TYPE": "不支持的文件类型“{content_type}”,请以 JSON 或 YAML 格式提交目录。",
    "C-TYPE": "“{field}”的类型不正确,应为{expected}。",
    "C-REQUIRED": "缺少必填项“{field}”。",
    "C-EMPTY": "“{field}”不能为空。",
    "C-UNKNOWN-FIELD": "“{field}”不是目录格式中的字段,请删除或更正字段名。",
    "C-DATE": "“{field}”应为形如 2026-01-01 的日期。",
    "C-KIND": (
        "组织类型“{value}”无效,应为 county(县)、township(乡镇/街道)、village(村/社区)、"
        "department(县直部门)或 office(机构)。"
    ),
    "C-LEVEL": "层级“{value}”无效,应为 township(乡镇)或 village(村/社区)。",
    "C-LIST": (
        "清单类型“{value}”无效,乡镇应为 basic、assist、withdrawn,村(社区)应为 main、assist、negative。"
    ),
    "C-FREQUENCY": "报送频次“{value}”无效,应为 {allowed} 之一。",
    "C-FIELD-TYPE": (
        "字段类型“{value}”无效,应为 text(文本)、integer(整数)、decimal(小数)、date(日期)、"
        "choice(选项)或 id_number(身份证号码)。"
    ),
    "C-SUBJECT": (
        "数据对象“{value}”无效,应为 village(村/社区本身)、household(户)、person(个人)"
        "或 organisation(单位)。"
    ),
    "C-SENSITIVITY": "敏感级别“{value}”无效,应为 public(公开)、internal(内部)或 sensitive(敏感)。",
    "C-VALUE": "“{field}”的取值不符合要求。",
    "C-DIVISION-CODE": "“{value}”不是有效的{kind_name}区划代码:{rule}。",
    "C-USCC": "“{value}”不是有效的统一社会信用代码:{reason}。",
    "C-COUNTY-MISMATCH": "“{value}”不属于本目录所属的县“{county}”。",
    "C-PARENT-REQUIRED": "{kind_name}“{name}”必须填写上级单位(parent)。",
    "C-PARENT-UNKNOWN": "上级单位“{value}”在本目录中不存在。",
    "C-NESTING": "“{value}”不能隶属于“{parent}”:{rule}。",
    "C-DUPLICATE-CODE": "代码“{value}”重复,与本部分第{first}条相同。",
    "C-DUPLICATE-VALUE": "“{value}”在“{field}”中重复出现。",
    "C-LIST-LEVEL": "清单类型“{value}”不适用于{level_name}事项,{level_name}清单只能是 {allowed}。",
    "C-LEAD-DEPARTMENT-REQUIRED": "{list_name}必须填写牵头部门(lead_department)。",
    "C-LEAD-DEPARTMENT-UNKNOWN": "牵头部门“{value}”不是本目录中的县直部门。",
    "C-ASSIST-DUTIES-REQUIRED": "乡镇配合履职事项必须写明{duty_name}({field})。",
    "C-APPLIES-TO-UNKNOWN": "适用范围中的“{value}”在本目录中不存在。",
    "C-APPLIES-TO-LEVEL": "适用范围中的“{value}”是{actual},本事项只能适用于{expected}。",
    "C-ORIGIN-DEPARTMENT-UNKNOWN": "原执法部门“{value}”不是本目录中的县直部门。",
    "C-FINE-RANGE": "罚款幅度不正确:{reason}。",
    "C-OWNER-DEPARTMENT-UNKNOWN": "表格主管部门“{value}”不是本目录中的县直部门。",
    "C-FIELD-UNIT": "规范字段“{name}”的计量单位(unit)不正确:{reason}。",
    "C-FIELD-CHOICES": "规范字段“{name}”的可选值(choices)不正确:{reason}。",
    "C-FIELD-LABEL-UNKNOWN": "字段映射中的“{value}”不是本表格的字段(fields)。",
    "C-FIELD-UNKNOWN": "字段“{label}”映射到的“{value}”不是本目录中的规范字段。",
    "C-FIELD-UNMAPPED": (
        "表格字段“{value}”没有映射到规范字段:本目录定义了规范字段,每张表格的每个字段都须在"
        "字段映射(field_map)中写明其规范字段。"
    ),
    "C-FIELD-TWICE": (
        "字段“{label}”与“{first}”映射到同一个规范字段“{value}”,同一张表格不得重复询问同一事项。"
    ),
}

FIELD_LABELS: Final[Mapping[str, str]] = {
    "county": "所属县",
    "version": "版本号",
    "effective_from": "生效日期",
    "org_units": "组织机构",
    "duty_items": "履职事项",
    "enforcement_items": "执法事项",
    "approved_forms": "报表",
    "code": "代码",
    "name": "名称",
    "kind": "组织类型",
    "parent": "上级单位",
    "level": "层级",
    "list": "清单类型",
    "category": "类别",
    "title": "名称",
    "keywords": "关键词",
    "legal_basis": "法律依据",
    "applies_to": "适用范围",
    "lead_department": "牵头部门",
    "department_duties": "部门职责",
    "township_duties": "乡镇职责",
    "examples": "示例表述",
    "origin_department": "原执法部门",
    "fine_min": "罚款下限",
    "fine_max": "罚款上限",
    "owner_department": "主管部门",
    "frequency": "报送频次",
    "fields": "表格字段",
    "field_map": "字段映射",
    "field_definitions": "规范字段",
    "type": "字段类型",
    "subject": "数据对象",
    "sensitivity": "敏感级别",
    "unit": "计量单位",
    "choices": "可选值",
}


class CatalogProblem(BaseModel):
    """One problem found in a catalog document (目录问题): where, which rule, what to fix."""

    model_config = ConfigDict(frozen=True)

    path: str
    code: str
    message: str


class CatalogInvalid(ValueError):
    """A catalog document refused whole, with every problem found (目录校验不通过)."""

    def __init__(self, problems: list[CatalogProblem]) -> None:
        self.problems = problems
        first = f": {problems[0].code} at {problems[0].path or '/'}" if problems else ""
        super().__init__(f"catalog invalid, {len(problems)} problem(s){first}")


def field_label(name: str) -> str:
    """Chinese label of a field, with its key, as shown to a clerk."""
    label = FIELD_LABELS.get(name)
    return f"{label}({name})" if label else name


def problem(code: str, path: str, **params: object) -> CatalogProblem:
    """Build a problem, its message rendered from the code table."""
    return CatalogProblem(path=path, code=code, message=MESSAGES[code].format(**params))
