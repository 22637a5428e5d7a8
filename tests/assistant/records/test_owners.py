"""Who owns a record: keys, proxy users and browser sessions in separate name spaces; admins see all."""

from __future__ import annotations

from assistant.records.owners import MAX_OWNER_CHARS, OPERATOR, Owner


def test_an_owner_owns_only_records_stored_under_its_own_id() -> None:
    ann = Owner.of_key("k1")
    assert ann.owns("key:k1")
    assert not ann.owns("key:k2") and not ann.owns(None)


def test_an_admin_and_the_operator_own_every_record_even_one_without_owner() -> None:
    admin = Owner.of_key("k9", admin=True)
    assert admin.owns("key:k1") and admin.owns("session:x") and admin.owns(None)
    assert OPERATOR.admin and OPERATOR.owns("user:bob")


def test_keys_users_and_sessions_never_share_an_id() -> None:
    same = "alice"
    ids = {Owner.of_key(same).id, Owner.of_user(same).id, Owner.of_session(same).id}
    assert len(ids) == 3
    assert Owner.of_user(" alice ") == Owner.of_user("alice")  # the proxy's padding is not a new user


def test_a_session_is_stored_as_a_digest_never_as_the_cookie() -> None:
    owner = Owner.of_session("cookie-geheim-123")
    assert "cookie-geheim-123" not in owner.id
    assert owner == Owner.of_session("cookie-geheim-123") and owner != Owner.of_session("cookie-geheim-124")
    assert len(owner.id) == len("session:") + 32


def test_a_long_proxy_user_name_is_cut_to_fit_the_column() -> None:
    owner = Owner.of_user("x" * 500)
    assert len(owner.id) == MAX_OWNER_CHARS and owner.id.startswith("user:xxx")
    assert not owner.admin
