"""Money in fen: the case amounts (floats of yuan) become integers of fen.

fine_min, fine_max, proposed_fine, fine_yuan, paid_yuan and surcharge_yuan become fine_min_fen,
fine_max_fen, proposed_fine_fen, fine_fen, paid_fen and surcharge_fen; each existing amount is
rounded to the fen it meant (a float holds two decimals to ~1e-13).

Revision ID: enforcement_0006
Revises: enforcement_0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "enforcement_0006"
down_revision = "enforcement_0005"
branch_labels = None
depends_on = None

COLUMNS = {
    "fine_min": "fine_min_fen",
    "fine_max": "fine_max_fen",
    "proposed_fine": "proposed_fine_fen",
    "fine_yuan": "fine_fen",
    "paid_yuan": "paid_fen",
    "surcharge_yuan": "surcharge_fen",
}


def upgrade() -> None:
    for yuan, fen in COLUMNS.items():
        op.add_column("cases", sa.Column(fen, sa.BigInteger, nullable=True))
        op.execute(f"UPDATE cases SET {fen} = CAST(ROUND({yuan} * 100) AS BIGINT)")
        op.drop_column("cases", yuan)  # SQLite ≥ 3.35 drops a plain column in place


def downgrade() -> None:
    for yuan, fen in COLUMNS.items():
        op.add_column("cases", sa.Column(yuan, sa.Float, nullable=True))
        op.execute(f"UPDATE cases SET {yuan} = {fen} / 100.0")
        op.drop_column("cases", fen)
