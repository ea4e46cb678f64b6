"""Key pairs of desks and head office, and the public key file they hand to each other.

Each party has two keys: Ed25519 signs the packages it sends, X25519 receives packages
encrypted to it. The private keys live in PEM files (owner-only, 0600) in a folder of
the data folder; the public halves travel as a small JSON "public key file"
(`public_key_file` / `read_public_key_file`): head office gives its file to every desk
once at set-up, and each desk's public keys ride in the manifest of its packages, where
head office pins them on the first package of that manager.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)

from cmdesk.errors import CmdeskError
from cmdesk.files import atomic_write
from cmdesk.i18n import translate

SIGNING_KEY_FILE = "signing_ed25519.pem"
ENCRYPTION_KEY_FILE = "encryption_x25519.pem"
PUBLIC_KEY_FORMAT = "cmdesk-public-keys"
PUBLIC_KEY_FORMAT_VERSION = 1


class KeyFileError(CmdeskError):
    """A key file is missing, unreadable or not a cmdesk key."""


def _raw(public_key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class PublicKeys:
    """The public halves: Ed25519 (verifies signatures) and X25519 (encrypts to the owner)."""

    ed25519: bytes
    x25519: bytes

    def verifier(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.ed25519)

    def encryption_key(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.x25519)

    def fingerprint(self) -> str:
        """Short, readable over the phone: the first 16 bytes of SHA-256 over both keys,
        as 8 groups of 4 hex digits."""
        digest = hashlib.sha256(self.ed25519 + self.x25519).hexdigest()[:32].upper()
        return " ".join(digest[i:i + 4] for i in range(0, 32, 4))

    def to_json(self) -> dict[str, str]:
        return {"ed25519": base64.b64encode(self.ed25519).decode("ascii"),
                "x25519": base64.b64encode(self.x25519).decode("ascii")}

    @classmethod
    def from_json(cls, data: object) -> PublicKeys:
        """Public keys from their JSON form; KeyFileError if malformed."""
        if not isinstance(data, dict):
            raise KeyFileError(translate("公钥格式不正确"))
        try:
            ed = base64.b64decode(str(data["ed25519"]), validate=True)
            x = base64.b64decode(str(data["x25519"]), validate=True)
        except (KeyError, ValueError) as exc:
            raise KeyFileError(translate("公钥格式不正确")) from exc
        if len(ed) != 32 or len(x) != 32:
            raise KeyFileError(translate("公钥长度不正确"))
        return cls(ed25519=ed, x25519=x)


@dataclass(frozen=True)
class KeyPair:
    """The private keys of one party."""

    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey

    @property
    def public(self) -> PublicKeys:
        return PublicKeys(ed25519=_raw(self.signing.public_key()),
                          x25519=_raw(self.encryption.public_key()))


def generate_keys() -> KeyPair:
    return KeyPair(signing=Ed25519PrivateKey.generate(), encryption=X25519PrivateKey.generate())


def _pem(private_key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return private_key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())


def save_keys(keys: KeyPair, folder: str | os.PathLike[str]) -> Path:
    """Write both private keys as PEM files (0600) into `folder` (made 0700 if missing)."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        target.chmod(0o700)
    for name, key in ((SIGNING_KEY_FILE, keys.signing), (ENCRYPTION_KEY_FILE, keys.encryption)):
        pem = _pem(key)
        atomic_write(target / name, lambda handle, pem=pem: handle.write(pem))
    return target


def has_keys(folder: str | os.PathLike[str]) -> bool:
    return all((Path(folder) / name).is_file() for name in (SIGNING_KEY_FILE, ENCRYPTION_KEY_FILE))


def load_keys(folder: str | os.PathLike[str]) -> KeyPair:
    """Read the key pair saved by `save_keys`; KeyFileError names what is wrong."""
    loaded = []
    for name, kind in ((SIGNING_KEY_FILE, Ed25519PrivateKey), (ENCRYPTION_KEY_FILE, X25519PrivateKey)):
        path = Path(folder) / name
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except FileNotFoundError as exc:
            raise KeyFileError(translate("找不到密钥文件 {path}").format(path=path)) from exc
        except (OSError, ValueError, TypeError) as exc:
            raise KeyFileError(translate("密钥文件 {path} 无法读取或已损坏").format(path=path)) from exc
        if not isinstance(key, kind):
            raise KeyFileError(translate("密钥文件 {path} 的类型不对").format(path=path))
        loaded.append(key)
    return KeyPair(signing=loaded[0], encryption=loaded[1])


def public_key_file(public_keys: PublicKeys, owner: str = "") -> bytes:
    """The public key file (UTF-8 JSON) one party hands to the other."""
    document = {"format": PUBLIC_KEY_FORMAT, "version": PUBLIC_KEY_FORMAT_VERSION,
                "owner": owner, "fingerprint": public_keys.fingerprint(),
                **public_keys.to_json()}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_public_key_file(data: bytes) -> PublicKeys:
    """Public keys from a public key file; KeyFileError if it is not one, or if its stated
    fingerprint does not match its keys (a hand-edited or damaged file)."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KeyFileError(translate("这不是 cmdesk 公钥文件（无法读取）")) from exc
    if not isinstance(document, dict) or document.get("format") != PUBLIC_KEY_FORMAT:
        raise KeyFileError(translate("这不是 cmdesk 公钥文件"))
    if document.get("version") != PUBLIC_KEY_FORMAT_VERSION:
        raise KeyFileError(translate("公钥文件版本 {document} 不受支持").format(document=document.get('version')))
    keys = PublicKeys.from_json(document)
    stated = document.get("fingerprint")
    if stated is not None and stated != keys.fingerprint():
        raise KeyFileError(translate("公钥文件的指纹与密钥不符，文件可能被改动"))
    return keys
