"""Encryption at rest: the desk's database and its backups are SQLCipher files.

The manager's password is turned into a 256-bit key ONCE per open with scrypt (a standard
KDF, from hashlib) and a random salt; the raw key is then handed to SQLCipher as
`PRAGMA key = "x'…'"`, so every later connection opens without paying for the KDF again.

Beside the database lives a small JSON key file (`cmdesk.key.json`): the salt, the scrypt
parameters and one or two check values (HMAC-SHA256 of a fixed text under the key). It
never holds the key or the password. The check tells a wrong password apart from a
damaged file before the database is touched. The salt is made once per desk and never
changes: changing the password re-keys the database (`PRAGMA rekey`) under a key derived
from the new password and the same salt. While a re-key or restore is under way the
key file lists both checks, so an interruption at any instant leaves a file that one of
the two passwords opens. Setting the first password and changing it live in
cmdesk.storage.password, converting an unencrypted file in cmdesk.storage.desk: this
module only derives, checks, stores and remembers keys, and imports nothing of the desk.

Optionally the derived key is remembered in the OS key store (`keyring`); when no usable
key store exists (a server, a test machine) remembering is simply not offered.

CMDESK_NO_ENCRYPTION=1 in the environment means the same as `--no-encryption`: a new desk
is created unencrypted because the caller asked for it explicitly (tests, demos).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cmdesk.errors import CmdeskError, WrongPasswordError
from cmdesk.files import atomic_write
from cmdesk.i18n import mark, translate

ENV_PASSWORD = "CMDESK_PASSWORD"
ENV_NO_ENCRYPTION = "CMDESK_NO_ENCRYPTION"
KEY_BYTES = 32
SALT_BYTES = 16
# scrypt cost: about 0.2 s on a laptop core, 64 MiB of memory. Stored per desk in the
# key file, so a later version can raise it for new desks without breaking old ones.
SCRYPT_N = 2 ** 16
SCRYPT_R = 8
SCRYPT_P = 1
_CHECK_TEXT = b"cmdesk database key check v1"
SQLITE_HEADER = b"SQLite format 3\x00"
KEYRING_SERVICE = "cmdesk"
MIN_PASSWORD_LENGTH = 8
LOST_PASSWORD_WARNING = (mark("请牢记这个密码：忘记密码后，本机的客户数据无法解开，"
                         "只能从总行的数据或备份恢复。"))


def no_encryption_requested() -> bool:
    """True when CMDESK_NO_ENCRYPTION asks for unencrypted new desks (tests, demos)."""
    return os.environ.get(ENV_NO_ENCRYPTION, "").strip().lower() in {"1", "true", "yes"}


def password_from_environment() -> str | None:
    return os.environ.get(ENV_PASSWORD) or None


@dataclass(frozen=True)
class KeyParams:
    """How a key is derived from a password: salt, scrypt costs, and the check values."""

    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P
    checks: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {"kdf": "scrypt", "salt": base64.b64encode(self.salt).decode("ascii"),
                "n": self.n, "r": self.r, "p": self.p, "checks": list(self.checks)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyParams:
        if data.get("kdf") != "scrypt":
            raise CmdeskError(translate("不认识的密钥派生方式：{data}").format(data=data.get('kdf')))
        return cls(salt=base64.b64decode(data["salt"]), n=int(data["n"]), r=int(data["r"]),
                   p=int(data["p"]), checks=tuple(data["checks"]))

    def with_checks(self, *checks: str) -> KeyParams:
        return replace(self, checks=tuple(dict.fromkeys(checks)))


def key_check(key: bytes) -> str:
    """A value that confirms a key without revealing it."""
    return hmac.new(key, _CHECK_TEXT, hashlib.sha256).hexdigest()


def stretch(params: KeyParams, password: str) -> bytes:
    """The raw key for `password` under `params` (the KDF; not checked)."""
    if not password:
        raise WrongPasswordError(translate("密码不能为空"))
    return hashlib.scrypt(password.encode("utf-8"), salt=params.salt, n=params.n, r=params.r,
                          p=params.p, maxmem=256 * 1024 * 1024, dklen=KEY_BYTES)


def derive_key(params: KeyParams, password: str) -> bytes:
    """The key for `password`, refused in words when it matches none of the checks."""
    key = stretch(params, password)
    if not any(hmac.compare_digest(key_check(key), check) for check in params.checks):
        raise WrongPasswordError(translate("密码不对，无法打开加密的数据库。请检查后再试（注意大小写和输入法）。"))
    return key


def check_new_password(password: str) -> None:
    """Refuse a password too weak to protect client data, in words."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CmdeskError(translate("密码至少要 {MIN_PASSWORD_LENGTH} 个字符").format(MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH))


def new_key(password: str, salt: bytes | None = None) -> tuple[KeyParams, bytes]:
    """Params (with a fresh random salt unless one is given) and the key for `password`."""
    params = KeyParams(salt=salt if salt is not None else secrets.token_bytes(SALT_BYTES))
    key = stretch(params, password)
    return params.with_checks(key_check(key)), key


def read_params(path: Path) -> KeyParams | None:
    """The key params stored at `path` (a key file or a backup's record), None if absent."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return KeyParams.from_json(data.get("encryption", data))
    except (ValueError, KeyError, TypeError) as exc:
        raise CmdeskError(translate("密钥文件 {path} 已损坏：{exc}").format(path=path, exc=exc)) from exc


def write_params(path: Path, params: KeyParams) -> None:
    text = json.dumps(params.to_json(), indent=2).encode("utf-8")
    atomic_write(path, lambda handle: handle.write(text))


def key_pragma(key: bytes) -> str:
    """The statement that opens a SQLCipher connection with a raw key (no KDF per open)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def rekey_pragma(key: bytes) -> str:
    """The statement that re-encrypts an open SQLCipher database under a new raw key."""
    return f"PRAGMA rekey = \"x'{key.hex()}'\""


def is_plaintext(path: Path) -> bool:
    """True when the file is an ordinary (unencrypted) SQLite database."""
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _keyring_user(data_dir: Path) -> str:
    return str(Path(data_dir).resolve())


def keyring_available() -> bool:
    """True when the OS offers a usable key store (not keyring's fail/null backends)."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return False
    return not isinstance(keyring.get_keyring(), (fail.Keyring, null.Keyring))


def remember_key(data_dir: Path, key: bytes) -> bool:
    """Keep the key in the OS key store; False (nothing stored) when there is none."""
    if not keyring_available():
        return False
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_user(data_dir), key.hex())
    except KeyringError:
        return False
    return True


def remembered_key(data_dir: Path, params: KeyParams) -> bytes | None:
    """The key kept in the OS key store for this desk, if any and still valid."""
    if not keyring_available():
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        stored = keyring.get_password(KEYRING_SERVICE, _keyring_user(data_dir))
    except KeyringError:
        return None
    if not stored:
        return None
    key = bytes.fromhex(stored)
    return key if key_check(key) in params.checks else None


def forget_key(data_dir: Path) -> None:
    """Remove the remembered key (after a password change, or on the manager's request)."""
    if not keyring_available():
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, _keyring_user(data_dir))
    except (PasswordDeleteError, KeyringError):
        return
