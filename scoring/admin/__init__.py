"""Administration of the scoring app: API tokens, and the versioned referentials.

Referentials are edited only as drafts: a draft comes from "clone" (of any edition) or
"import" (a JSON or CSV file), is edited with one inline table per kind of row, shows its
validation errors on its page, is compared with the active edition, then activated. Active
and retired editions are shown read-only.

Importing the modules below registers their admins; `table_models` is re-exported for the
callers of the former `scoring.admin` module.
"""

from scoring.admin.api_token import ApiTokenAdmin
from scoring.admin.inlines import table_models
from scoring.admin.referential import ReferentialAdmin

__all__ = ["ApiTokenAdmin", "ReferentialAdmin", "table_models"]
