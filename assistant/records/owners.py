"""Who owns a conversation or a feedback item, and who may see and change it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

#: Longest stored owner id ("user:" and a proxy user name, cut to fit).
MAX_OWNER_CHARS = 200
_SESSION_DIGEST_CHARS = 32


@dataclass(frozen=True)
class Owner:
    """A principal: its records are its own; an admin sees and changes everyone's."""

    id: str
    admin: bool = False

    def owns(self, owner_id: str | None) -> bool:
        """Whether a record stored with ``owner_id`` is this principal's to see and change."""
        return self.admin or owner_id == self.id

    @classmethod
    def of_key(cls, key_id: str, *, admin: bool = False) -> Owner:
        """The owner behind an API key (its records follow the key, not its name)."""
        return cls(f"key:{key_id}", admin=admin)

    @classmethod
    def of_user(cls, name: str) -> Owner:
        """A user named by a trusted reverse proxy (single sign-on)."""
        return cls(f"user:{name.strip()}"[:MAX_OWNER_CHARS])

    @classmethod
    def of_session(cls, secret: str) -> Owner:
        """A browser session: stored as a digest, so the database never holds the cookie itself."""
        digest = hashlib.sha256(secret.encode("utf-8")).hexdigest()[:_SESSION_DIGEST_CHARS]
        return cls(f"session:{digest}")


#: The person at the command line (`werkwijzer ask`, `werkwijzer feedback export`): sees everything.
OPERATOR = Owner("operator", admin=True)
