"""Admission benchmark (run with python, not pytest): submissions with matching, p50/p95, per second.
Every title differs, so each submission embeds its text (no remembered query).

python services/task-admission/tests/bench_admission.py [N]
In-process (httpx ASGI transport) on a fresh SQLite file, messaging off: the service's own cost.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from grassroots.common import catalog_versions
from grassroots.common.calendar import add_working_days
from grassroots.common.catalog import validate_catalog
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.main import spec
from grassroots.task_admission.settings import TaskAdmissionSettings
from grassroots.testkit.apps import auth, running_app, settings_for

TEXTS = [
    (
        "秋冬季森林防火宣传和巡查",
        "请各乡镇组织开展森林防火宣传,加强巡山护林,严管野外用火。",
        "T-B-001",
    ),
    ("耕地保护动态巡查", "请各乡镇对县局下发的耕地图斑开展动态巡查,及时报告。", "T-A-014"),
    ("辖区食品企业检查", "请各乡镇对辖区食品生产企业开展日常监督检查,核查许可。", None),
    ("书法摄影比赛", "请各乡镇推荐书法摄影爱好者报名参赛并收集作品。", None),
]


async def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        settings = settings_for(TaskAdmissionSettings, url, None)
        async with running_app(spec(settings)) as (app, client):
            document = validate_catalog(demo_catalog()).model_dump(mode="json", exclude_none=True)
            async with app.state.database.transaction() as session:
                await catalog_versions.store(
                    session, "990101000000", "2026.1", date(2026, 1, 1), document
                )
            headers = auth(app.state.settings, "dept_submitter", org="11990101MB0000107H")
            deadline = add_working_days(date.today(), 10).isoformat()
            clear = {
                "department_does": "县局制定方案并提供资料和技术指导",
                "grassroots_does": "乡镇组织人员落实并填写记录",
                "department_support": "每个乡镇拨付经费五千元并组织培训",
            }
            latencies = []
            started = time.perf_counter()
            for i in range(n):
                title, description, code = TEXTS[i % len(TEXTS)]
                body = {
                    "kind": "task",
                    "title": f"{title}(第{i + 1}批)",  # a text never matched before: embedded
                    "description": description,
                    "target_level": "township",
                    "targets": ["990101101000"],
                    "deadline": deadline,
                    "duty_item_code": code,
                    "clarities": clear,
                    "support": {"funding_yuan": 5000},
                }
                t0 = time.perf_counter()
                response = await client.post("/v1/demands", json=body, headers=headers)
                latencies.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 201, response.text
            elapsed = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(
        f"{n} submissions: {n / elapsed:.0f}/s sequential, "
        f"p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
