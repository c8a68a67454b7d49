"""The enforcement roles (DESIGN §1): pure names the rules and the declarations share."""

from __future__ import annotations

OFFICER = "enforcement_officer"  # 执法人员 (执法证)
SUPERVISOR = "enforcement_supervisor"  # 执法机构负责人 / 法制审核
TOWNSHIP_ADMIN = "township_admin"  # 乡镇(街道)办公室
STAFF = (OFFICER, SUPERVISOR)
READERS = (OFFICER, SUPERVISOR, TOWNSHIP_ADMIN)  # the township's own staff
