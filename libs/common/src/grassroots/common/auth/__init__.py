"""Bearer JWT authentication: principals, role and org checks, dev tokens."""

from grassroots.common.auth.deps import PrincipalDep, require_roles
from grassroots.common.auth.principal import Principal
from grassroots.common.auth.tokens import Authenticator, mint_dev_token

__all__ = ["Authenticator", "Principal", "PrincipalDep", "mint_dev_token", "require_roles"]
