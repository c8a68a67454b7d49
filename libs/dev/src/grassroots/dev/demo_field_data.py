"""Canonical fields of the demo county (规范字段, 标签化): what its approved forms ask, each fact once.

A fact is the same whatever a form calls it (``责任人姓名`` and ``姓名`` are a person's name), and
the same label is not always the same fact (``巡查日期`` of a forest patrol, of a river patrol;
``身份证号`` of a householder, of a person). The subject says what the value describes: the
village itself, a household (keyed by the householder's resident ID), a person (resident ID) or
an organisation (USCC; a township's own ledgers — patrols, hazards, cases — describe the
township as an organisation). Codes are given in table order: ``FD-001``, ``FD-002``, …
"""

FIELDS = """
# name | type | subject | sensitivity | unit | choices
# the village itself
村(社区)名称 | text | village | public | |
户数 | integer | village | public | 户 |
户籍人口 | integer | village | public | 人 |
常住人口 | integer | village | public | 人 |
耕地面积 | decimal | village | public | 亩 |
村集体经济收入 | decimal | village | internal | 万元 |
转移安置点 | text | village | public | |
森林防火巡查日期 | date | village | internal | |
森林防火巡查路线 | text | village | internal | |
护林员 | text | village | internal | |
森林火情隐患 | text | village | internal | |
森林火情隐患处置情况 | text | village | internal | |
应参保人数 | integer | village | internal | 人 |
已参保人数 | integer | village | internal | 人 |
医保参保率 | decimal | village | internal | % |
资助参保人数 | integer | village | internal | 人 |
清理垃圾量 | decimal | village | public | 吨 |
改厕户数 | integer | village | public | 户 |
污水治理户数 | integer | village | public | 户 |
人居环境存在问题 | text | village | internal | |
适龄儿童数 | integer | village | internal | 人 |
已入学人数 | integer | village | internal | 人 |
未入学人数 | integer | village | internal | 人 |
未入学原因 | text | village | sensitive | |
粮食播种面积 | decimal | village | public | 亩 |
新型农业经营主体数 | integer | village | public | 个 |
# households
户主姓名 | text | household | internal | |
户主身份证号 | id_number | household | sensitive | |
家庭人口 | integer | household | internal | 人 |
家庭年收入 | decimal | household | sensitive | 元 |
低保保障类别 | choice | household | sensitive | | 一类/二类/三类
低保核查结论 | choice | household | sensitive | | 继续保障/调整保障金额/停止保障
危房改造方式 | choice | household | internal | | 拆除重建/修缮加固/置换安置
危房改造开工日期 | date | household | internal | |
危房改造竣工日期 | date | household | internal | |
危房改造补助金额 | decimal | household | internal | 元 |
防返贫监测对象类别 | choice | household | sensitive | | 脱贫不稳定户/边缘易致贫户/突发严重困难户
帮扶措施 | text | household | internal | |
# persons
姓名 | text | person | internal | |
公民身份号码 | id_number | person | sensitive | |
联系电话 | text | person | sensitive | |
职务 | text | person | internal | |
防汛责任区域 | text | person | internal | |
入伍时间 | date | person | internal | |
退役时间 | date | person | internal | |
退役安置方式 | choice | person | internal | | 自主就业/安排工作/退休/供养
健康管理人群类别 | choice | person | sensitive | | 老年人/高血压患者/2型糖尿病患者/严重精神障碍患者/孕产妇/儿童
签约医生 | text | person | internal | |
随访日期 | date | person | sensitive | |
就业困难类别 | choice | person | sensitive | | 大龄失业人员/残疾人/零就业家庭成员/低保家庭成员/长期失业人员
就业意向 | text | person | internal | |
培训需求 | text | person | internal | |
# organisations: enterprises, and a township's own ledgers
单位名称 | text | organisation | public | |
隐患部位 | text | organisation | internal | |
隐患等级 | choice | organisation | internal | | 一般隐患/重大隐患
整改措施 | text | organisation | internal | |
整改期限 | date | organisation | internal | |
整改结果 | text | organisation | internal | |
耕地巡查日期 | date | organisation | internal | |
地块位置 | text | organisation | internal | |
图斑编号 | text | organisation | internal | |
耕地问题类型 | choice | organisation | internal | | 违法占地建房/乱占耕地/耕地撂荒/耕地非粮化/其他
耕地问题处置结果 | text | organisation | internal | |
河湖名称 | text | organisation | public | |
河湖巡查日期 | date | organisation | internal | |
河湖巡查人 | text | organisation | internal | |
河湖发现问题 | text | organisation | internal | |
河湖问题交办处置 | text | organisation | internal | |
执法案件编号 | text | organisation | internal | |
执法事项 | text | organisation | internal | |
立案日期 | date | organisation | internal | |
处罚决定 | text | organisation | sensitive | |
罚款金额 | decimal | organisation | internal | 元 |
结案日期 | date | organisation | internal | |
"""
