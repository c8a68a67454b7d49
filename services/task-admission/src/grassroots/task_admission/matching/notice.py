"""The request a notice makes (通知的具体要求), without the formulas every notice wraps it in.

A county notice opens with its basis and purpose (根据……精神、为进一步……、经研究决定), makes its
request (请各乡镇……), and closes with how to report it (请高度重视、明确专人负责、于……前报送、
纳入考核、联系人……). Only the request says which duty is meant; the formulas are the same
whatever is asked, and a sentence model reads them as part of the meaning.

- An opening clause (basis, purpose, "as follows") is dropped wherever it stands.
- A sentence is kept when what is left of it, once the formula words are taken out, is at least
  half as long as the richest sentence's: the closing sentences are mostly formula.
- In the first sentence that makes a request (a clause starting 请/要求), the clauses before it
  are its preamble and are dropped too; the sentences before it (a title, the situation) stay.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^。！？!?；;\n]+")
_CLAUSE = re.compile(r"[,，:：]")
_OPENING = re.compile(
    r"^(根据|按照|依据|遵照|为了?(深入|进一步|切实|认真|全面|推动|确保|巩固|贯彻|落实)"
    r"|经.{0,8}(研究|同意)|近期$|鉴于|现将|现就|各.{0,12}[:：]$)"
    r"|(研究决定|通知如下|安排如下|部署$|精神$|实际$|要求$|原则$|分工$|见效$|基础$|职责$|长效$"
    r"|成果$|(压实|属地|工作)\S*责任$)"
)
# what the closing requirements are made of; what is left of a sentence without them is its content
_FORMULA = re.compile(
    r"高度重视|明确专人负责|专人负责|联系人|电话|联络员|报送|上报|反馈|报县\S{0,3}|报区\S{0,3}|通报"
    r"|纳入\S{0,6}(考核|考评)|督查|督导|另行下发|印发|执行|总结材料|总结|落实情况|工作进展|进展"
    r"|按期完成|抓紧推进|抓好落实|务必|提前做好人员安排|人员安排|及时沟通|及时与我局对接|对接"
    r"|邮箱|加盖公章|公章|组织领导|典型案例|逾期|请各(单位|地)|请|各地|工作|有关|相关|情况|材料"
    r"|问题|要求|规定时限|时限|前|将|予以|及时|确保|加强|于|的|和|并|[0-9A-Za-z]+|每月|本周五"
    r"|年底|月底|次月|年度|季度|目标|遇到|困难|有何|中|未|具体|方案|做好|指定|发送|至|纸质版"
    r"|电子版|台账|范围内|批评|全县|本通知|自印发之日起|起|之日|报告|适时|组织|结果|综合|考核|各|要"
    r"|开展情况|书面|县局|我局|[\u4e00-\u9fff]?某"
)
_ASKING = re.compile(r"^(请|要求|务请|烦请)")


def _content(clauses: list[str]) -> int:
    return sum(len(_FORMULA.sub("", c)) for c in clauses)


def request(text: str) -> str:
    """The clauses of a text that make its request, in their order (the text itself when none
    is left: a bare ask, a title)."""
    bodies = []
    for sentence in _SENTENCE.findall(text):
        clauses = [c.strip() for c in _CLAUSE.split(sentence) if c.strip()]
        bodies.append([c for c in clauses if not _OPENING.search(c)])
    richest = max((_content(b) for b in bodies), default=0)
    kept = [b for b in bodies if b and _content(b) > 0 and _content(b) >= richest / 2]
    for k, clauses in enumerate(kept):
        asking = next((j for j, c in enumerate(clauses) if _ASKING.search(c)), None)
        if asking is not None:
            kept[k] = clauses[asking:]
            break
    return "。".join("，".join(b) for b in kept) or text.strip()
