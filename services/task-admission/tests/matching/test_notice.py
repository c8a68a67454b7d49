"""The request of a notice: the formulas around it are dropped, what it asks is kept in order."""

from grassroots.task_admission.matching.notice import request


def test_the_opening_and_closing_formulas_are_dropped():
    text = (
        "根据上级部门有关文件精神,结合我县实际,经研究决定,请各乡镇对辖区小作坊开展检查。"
        "此项工作纳入年度目标考核,请务必抓好落实。"
    )
    assert request(text) == "请各乡镇对辖区小作坊开展检查"


def test_a_closing_that_names_a_contact_and_a_deadline_is_dropped():
    text = (
        "请各村做好秸秆禁烧巡查。请各单位高度重视,明确专人负责,于规定时限前将工作开展情况"
        "书面报送县局,联系人:李某,电话:5551234。"
    )
    assert request(text) == "请各村做好秸秆禁烧巡查"


def test_the_clauses_before_the_first_request_in_its_sentence_are_its_preamble():
    text = "为切实解决群众急难愁盼问题,请各乡镇排查危房,发现险情立即上报。"
    assert request(text) == "请各乡镇排查危房，发现险情立即上报"


def test_a_request_that_itself_reports_is_kept():
    text = "请各乡镇于每月5日前报送规上企业产值和固定资产投资完成情况。相关材料请报区委办。"
    assert request(text) == "请各乡镇于每月5日前报送规上企业产值和固定资产投资完成情况"


def test_a_title_line_before_the_request_stays():
    text = "开展森林防火巡查\n请各乡镇加强巡山,严管野外用火。"
    assert request(text) == "开展森林防火巡查。请各乡镇加强巡山，严管野外用火"


def test_a_bare_ask_or_pure_formula_is_returned_as_it_is():
    assert request("巡山护林") == "巡山护林"
    assert request("请高度重视。") == "请高度重视。"
