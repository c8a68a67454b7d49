"""The units of the demo county the month's story involves (codes as in its catalog)."""

from grassroots.dev.demo_catalog import demo_catalog

COUNTY = "990101000000"

QINGSHAN = "990101101000"  # 青山镇
SHIMEN = "990101102000"  # 石门镇
CHENGGUAN = "990101001000"  # 城关街道
TOWNSHIPS = (QINGSHAN, SHIMEN, CHENGGUAN)
VILLAGES = {
    QINGSHAN: ("990101101201", "990101101202"),  # 石桥村, 桃园村
    SHIMEN: ("990101102201", "990101102202"),  # 李家村, 王家坪村
    CHENGGUAN: ("990101001001", "990101001201"),  # 城南社区, 东关村
}

FORESTRY = "11990101MB0000107H"  # 县林业局
LAND = "11990101MB00000006"  # 县自然资源局
MARKET = "11990101MB0000051E"  # 县市场监督管理局
CIVIL = "11990101MB000006X6"  # 县民政局
EMERGENCY = "11990101MB0000027X"  # 县应急管理局
ECOLOGY = "11990101MB00000193"  # 县生态环境局
AGRICULTURE = "11990101MB0000035Q"  # 县农业农村局
DEPARTMENTS = (FORESTRY, LAND, MARKET, CIVIL, EMERGENCY, ECOLOGY, AGRICULTURE)

SOCIAL_WORK = "11990101MB0000203T"  # 县委社会工作部: the admission reviewer
EVALUATOR = COUNTY  # 考核办 acts for the county

PARTY = {"name": "李四", "id_type": "resident", "id_no": "11010519491231002X"}


def units_of_kind(kind: str) -> list[str]:
    """Every unit of one kind in the demo catalog (results rank all of them)."""
    return sorted(u["code"] for u in demo_catalog()["org_units"] if u["kind"] == kind)


def township_of(village: str) -> str:
    return village[:9] + "000"
