"""Head office's key pair: made once (`keys init`), shown (`keys show`) and its public
half exported as the file every desk installs (`keys export -o FILE`).

The private keys are PEM files (0600) in the `keys` folder of head office's data
folder, written and read by `cmdesk.exchange.keys`.
"""
from __future__ import annotations

from pathlib import Path

from cmdesk.exchange.keys import (
    KeyFileError,
    KeyPair,
    generate_keys,
    has_keys,
    load_keys,
    public_key_file,
    save_keys,
)
from cmdesk.files import atomic_write
from cmdesk.i18n import translate

HQ_KEY_OWNER = "总行"


def init_keys(keys_dir: Path) -> KeyPair:
    """Make head office's key pair; refuses to replace one (desks have its public key)."""
    if has_keys(keys_dir):
        raise KeyFileError(translate("总行密钥已存在（{keys_dir}）：各客户经理已安装它的公钥，不能覆盖").format(keys_dir=keys_dir))
    keys = generate_keys()
    save_keys(keys, keys_dir)
    return keys


def hq_keys(keys_dir: Path) -> KeyPair:
    """Head office's key pair; a clear message when `keys init` was never run."""
    if not has_keys(keys_dir):
        raise KeyFileError(translate("总行还没有密钥：请先运行 cmdesk-hq keys init"))
    return load_keys(keys_dir)


def export_public_key(keys_dir: Path, target: Path) -> str:
    """Write the public key file desks install; returns its fingerprint."""
    public = hq_keys(keys_dir).public
    data = public_key_file(public, owner=HQ_KEY_OWNER)
    atomic_write(target, lambda handle: handle.write(data))
    return public.fingerprint()
