"""`grassroots-token --role ROLE --org ORG`: prints a dev token accepted by a local stack."""

from __future__ import annotations

import argparse

from grassroots.common.auth.principal import ROLES
from grassroots.common.auth.tokens import mint_dev_token
from grassroots.common.catalog import regions
from grassroots.common.settings import SuiteSettings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Mint a dev JWT (HS256, JWT_DEV_KEY).")
    parser.add_argument("--role", action="append", required=True, choices=ROLES)
    parser.add_argument("--org", required=True, help="org unit code (region or USCC)")
    parser.add_argument("--sub", default=None)
    parser.add_argument("--minutes", type=int, default=480)
    parser.add_argument("--county", default=None, help="county code (defaults from a region org)")
    args = parser.parse_args(argv)
    county = args.county
    if county is None:
        county = regions.county_of(args.org)
    settings = SuiteSettings()
    print(
        mint_dev_token(
            settings,
            roles=args.role,
            org=args.org,
            sub=args.sub,
            minutes=args.minutes,
            county=county,
        )
    )


if __name__ == "__main__":
    main()
