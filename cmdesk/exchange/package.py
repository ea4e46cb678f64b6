"""The exchange package (.cmdx): one file, signed by its sender, encrypted to its recipient.

Inside (after decryption) a zip of:
    manifest.json         what the package is, who sent it to whom, and the size and
                          SHA-256 of every other member (schema: resources/exchange/)
    manifest.sig          Ed25519 signature of manifest.json's exact bytes (64 bytes)
    data/<entity>.jsonl   one JSON object per line per record (records.record_to_dict)
    attachments/<name>    optional files (the week plan PDF/XLSX)

Outside, the file is
    b"CMDX" | version (1 byte) | recipient key id (16) | ephemeral X25519 key (32) |
    nonce (12) | AES-256-GCM ciphertext of the zip, with its 16-byte tag
where the AES key is HKDF-SHA256(X25519(ephemeral, recipient), salt = ephemeral key ||
recipient key, info = "cmdesk-package/1 AES-256-GCM") and the 65 header bytes are the
GCM associated data. A fresh ephemeral key per package: only the recipient's private key
opens it; the zip never exists in clear on disk.

`open_package` runs the checks in this order and stops at the first failure, raising a
PackageError with its own code: size limits (too_large) → decrypt (not_a_package,
wrong_recipient, decrypt_failed) → zip hygiene on what the zip declares, nothing
decompressed yet (corrupt, too_many_members, unsafe_name, link_member, duplicate_member,
compression_ratio, too_large) → manifest and signature, the only members read before the
signature is checked, each under a small cap (bad_manifest, unknown_signer,
signer_changed, bad_signature) → the other members, each decompressed in chunks, stopped
at the size the signed manifest gives and hashed (missing_member, member_size,
member_hash, corrupt) → format and schema version (format_version, schema_version) →
every record (bad_record, counts). Nothing is extracted to disk.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import uuid
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from cmdesk import clock
from cmdesk.exchange.errors import PackageError
from cmdesk.exchange.keys import KeyFileError, KeyPair, PublicKeys
from cmdesk.exchange.records import (
    ENTITIES,
    UNSTORABLE_ESCAPE,
    dict_to_values,
    unstorable_field,
)
from cmdesk.exchange.schema import manifest_schema, schema_errors
from cmdesk.i18n import mark, translate
from cmdesk.storage.db import SCHEMA_REVISION

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "KINDS",
    "Limits",
    "Manifest",
    "Package",
    "PackageError",
    "Recipient",
    "Sender",
    "build_package",
    "display_name",
    "encode_jsonl",
    "open_package",
    "package_members",
    "read_package_file",
    "seal",
    "sign_manifest",
    "unseal",
    "zip_members",
]

FORMAT = "cmdesk-package"
FORMAT_VERSION = 1
ASSESSMENT_KIND = "assessment"  # head office's 复评/审定 of a 考核表
SHARED_KIND = "shared"  # head office's word on the clients a manager serves together with others
RULES_KIND = "rules"  # head office's grade, 对等配置 and 考核规则 for one manager
KINDS = ("desk_export", "catalogue", "targets", "handover", "release", "review", "acknowledgement",
         ASSESSMENT_KIND, SHARED_KIND, RULES_KIND)
KIND_LABELS = {"desk_export": mark("工作台数据"), "catalogue": mark("产品目录"), "targets": mark("任务指标"),
               "handover": mark("客户移交"), "release": mark("客户移出"), "review": mark("主管审阅"),
               "acknowledgement": mark("总行确认"), ASSESSMENT_KIND: mark("考核审定"),
               SHARED_KIND: mark("共同服务"), RULES_KIND: mark("总行规则")}
FILE_SUFFIX = ".cmdx"

MAGIC = b"CMDX"
CONTAINER_VERSION = 1
_HKDF_INFO = b"cmdesk-package/1 AES-256-GCM"
_KEY_ID_BYTES = 16
_NONCE_BYTES = 12
_HEADER_BYTES = len(MAGIC) + 1 + _KEY_ID_BYTES + 32 + _NONCE_BYTES
_TAG_BYTES = 16

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
_ATTACHMENT = re.compile(r"^attachments/[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff._ -]{0,119}$")
_READ_CHUNK = 1 << 20
MANIFEST_BYTES = 4 * 1024 * 1024  # a manifest lists at most 256 members: far below this
SIGNATURE_BYTES = 64
_CONTROL = re.compile("[\x00-\x1f\x7f]")
ZIP_LEVEL = 1  # fastest deflate: records still shrink ~5x, and a full export stays quick


@dataclass(frozen=True)
class Limits:
    """Caps applied before anything is trusted."""

    package_bytes: int = 512 * 1024 * 1024
    members: int = 256
    member_bytes: int = 1024 * 1024 * 1024
    total_bytes: int = 2 * 1024 * 1024 * 1024
    ratio: int = 200  # uncompressed / compressed, for members over ratio_floor bytes
    ratio_floor: int = 1024 * 1024


@dataclass(frozen=True)
class Sender:
    manager_id: str
    manager_name: str
    desk_id: str
    public_keys: PublicKeys


@dataclass(frozen=True)
class Recipient:
    name: str
    fingerprint: str


@dataclass(frozen=True)
class Manifest:
    format: str
    format_version: int
    schema_version: str
    package_id: str
    kind: str
    sender: Sender
    recipient: Recipient
    sequence: int
    follows: int | None
    created_at: str
    full: bool
    counts: dict[str, int]
    members: dict[str, dict[str, Any]]
    # the sender's audit chain head at the newest line it carries: {desk_id, seq, row_hash}
    # (desk exports; head office checks that each package continues the last)
    audit: dict[str, Any] | None = None
    # entity -> ids of records reported upward at once (a new warning signal); optional
    urgent: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        audit = {"audit": dict(self.audit)} if self.audit is not None else {}
        data = {
            "format": self.format, "format_version": self.format_version,
            "schema_version": self.schema_version, "package_id": self.package_id,
            "kind": self.kind,
            "sender": {"manager_id": self.sender.manager_id,
                       "manager_name": self.sender.manager_name,
                       "desk_id": self.sender.desk_id,
                       "public_keys": self.sender.public_keys.to_json()},
            "recipient": {"name": self.recipient.name, "fingerprint": self.recipient.fingerprint},
            "sequence": self.sequence, "follows": self.follows, "created_at": self.created_at,
            "full": self.full, "counts": dict(self.counts), "members": dict(self.members),
            **audit,
        }
        if self.urgent:
            data["urgent"] = {entity: list(ids) for entity, ids in self.urgent.items()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        sender = data["sender"]
        return cls(
            format=data["format"], format_version=data["format_version"],
            schema_version=data["schema_version"], package_id=data["package_id"],
            kind=data["kind"],
            sender=Sender(manager_id=sender["manager_id"], manager_name=sender["manager_name"],
                          desk_id=sender["desk_id"],
                          public_keys=PublicKeys.from_json(sender["public_keys"])),
            recipient=Recipient(name=data["recipient"]["name"],
                                fingerprint=data["recipient"]["fingerprint"]),
            sequence=data["sequence"], follows=data["follows"], created_at=data["created_at"],
            full=data["full"], counts=dict(data["counts"]), members=dict(data["members"]),
            audit=data.get("audit"),
            urgent={entity: list(ids) for entity, ids in data.get("urgent", {}).items()})

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at)

    @property
    def kind_label(self) -> str:
        return translate(KIND_LABELS.get(self.kind, self.kind))


@dataclass
class Package:
    """An opened, verified package: `entities` holds typed values (records.dict_to_values),
    ready for records.apply_records."""

    manifest: Manifest
    entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    attachments: dict[str, bytes] = field(default_factory=dict)


# ---- building -----------------------------------------------------------------------------

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode_jsonl(records: list[dict[str, Any]]) -> bytes:
    encode = _JSON.encode
    return "".join([encode(record) + "\n" for record in records]).encode("utf-8")


def _digest(data: bytes) -> dict[str, Any]:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def sign_manifest(manifest_bytes: bytes, signer: KeyPair) -> bytes:
    return signer.signing.sign(manifest_bytes)


def package_members(*, kind: str, manager_id: str, manager_name: str, desk_id: str,
                    sequence: int, follows: int | None,
                    entities: Mapping[str, list[dict[str, Any]]],
                    attachments: Mapping[str, bytes] | None = None,
                    signer: KeyPair, recipient: PublicKeys, recipient_name: str = "",
                    full: bool = False, package_id: str | None = None,
                    created_at: datetime | None = None,
                    audit: dict[str, Any] | None = None,
                    urgent: Mapping[str, list[str]] | None = None) -> dict[str, bytes]:
    """The zip members of a package (name -> bytes), manifest signed; `entities` are
    records in JSON form (records.record_to_dict); `urgent` names, per entity, records
    of the package to be reported upward at once."""
    if kind not in KINDS:
        raise ValueError(f"unknown package kind {kind}")
    members: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for entity in ENTITIES:
        records = entities.get(entity)
        if records:
            members[f"data/{entity}.jsonl"] = encode_jsonl(records)
            counts[entity] = len(records)
    unknown = set(entities) - set(ENTITIES)
    if unknown:
        raise ValueError(f"unknown entities {sorted(unknown)}")
    for name, data in (attachments or {}).items():
        member = f"attachments/{name}"
        if not _ATTACHMENT.match(member):
            raise ValueError(f"attachment name not allowed: {name}")
        members[member] = bytes(data)
    when = (created_at or clock.aware_utcnow()).astimezone(UTC).replace(tzinfo=None)
    manifest = Manifest(
        format=FORMAT, format_version=FORMAT_VERSION, schema_version=SCHEMA_REVISION,
        package_id=package_id or str(uuid.uuid4()), kind=kind,
        sender=Sender(manager_id=manager_id, manager_name=manager_name, desk_id=desk_id,
                      public_keys=signer.public),
        recipient=Recipient(name=recipient_name, fingerprint=recipient.fingerprint()),
        sequence=sequence, follows=follows, created_at=when.isoformat(timespec="seconds"),
        full=full, counts=counts, members={name: _digest(data) for name, data in members.items()},
        audit=audit,
        urgent={entity: list(ids) for entity, ids in (urgent or {}).items() if ids})
    manifest_bytes = json.dumps(manifest.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    return {MANIFEST: manifest_bytes, SIGNATURE: sign_manifest(manifest_bytes, signer), **members}


def zip_members(members: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o600) << 16
            archive.writestr(info, data, compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


def _key_id(recipient_x25519: bytes) -> bytes:
    return hashlib.sha256(b"cmdesk-recipient" + recipient_x25519).digest()[:_KEY_ID_BYTES]


def _aes_key(shared: bytes, ephemeral: bytes, recipient_x25519: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient_x25519,
                info=_HKDF_INFO).derive(shared)


def seal(plain: bytes, recipient: PublicKeys) -> bytes:
    """Encrypt `plain` to the recipient's X25519 key (see the module docstring)."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    key = _aes_key(ephemeral.exchange(recipient.encryption_key()), ephemeral_public,
                   recipient.x25519)
    nonce = os.urandom(_NONCE_BYTES)
    header = MAGIC + bytes([CONTAINER_VERSION]) + _key_id(recipient.x25519) + ephemeral_public + nonce
    return header + AESGCM(key).encrypt(nonce, plain, header)


def unseal(data: bytes, recipient: KeyPair) -> bytes:
    """The zip inside a package; PackageError if it is not for this recipient or was altered."""
    if len(data) < _HEADER_BYTES + _TAG_BYTES or not data.startswith(MAGIC):
        raise PackageError("not_a_package", translate("这不是 cmdesk 数据包（文件头不对或文件不完整）"))
    if data[len(MAGIC)] != CONTAINER_VERSION:
        raise PackageError("format_version",
                           translate("数据包的封装版本 {data} 比本程序新，请先升级 cmdesk").format(data=data[len(MAGIC)]))
    header = data[:_HEADER_BYTES]
    offset = len(MAGIC) + 1
    key_id = header[offset:offset + _KEY_ID_BYTES]
    ephemeral_public = header[offset + _KEY_ID_BYTES:offset + _KEY_ID_BYTES + 32]
    nonce = header[-_NONCE_BYTES:]
    own = recipient.public.x25519
    if key_id != _key_id(own):
        raise PackageError("wrong_recipient", translate("这个数据包不是发给本机的（接收方密钥不符），无法打开"))
    try:
        shared = recipient.encryption.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = _aes_key(shared, ephemeral_public, own)
        return AESGCM(key).decrypt(nonce, data[_HEADER_BYTES:], header)
    except (InvalidTag, ValueError) as exc:
        raise PackageError("decrypt_failed",
                           translate("数据包无法解密：文件已损坏、被截断或被改动")) from exc


def build_package(*, signer: KeyPair, recipient: PublicKeys, **manifest_fields: Any) -> bytes:
    """A complete package file: `package_members(...)` zipped, then sealed to `recipient`."""
    return seal(zip_members(package_members(signer=signer, recipient=recipient,
                                            **manifest_fields)), recipient)


# ---- opening ------------------------------------------------------------------------------

def _allowed_name(name: str) -> bool:
    if name in (MANIFEST, SIGNATURE):
        return True
    if name.startswith("data/") and name.endswith(".jsonl"):
        return name[len("data/"):-len(".jsonl")] in ENTITIES
    return bool(_ATTACHMENT.match(name))


def _unsafe(name: str) -> bool:
    return (not name or name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/")
            or re.match(r"^[A-Za-z]:", name) is not None or "\x00" in name or name.endswith("/"))


def _archive(plain: bytes, limits: Limits) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    """The zip and its members by name, after the hygiene checks on what the zip declares
    (nothing is decompressed here)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(plain))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise PackageError("corrupt", translate("数据包内容已损坏（不是有效的压缩包）")) from exc
    if len(infos) > limits.members:
        raise PackageError("too_many_members",
                           translate("数据包含有 {count} 个文件，超过上限 {members}，已拒绝").format(count=len(infos), members=limits.members))
    by_name: dict[str, zipfile.ZipInfo] = {}
    declared_total = 0
    for info in infos:
        name = info.filename
        if _unsafe(name):
            raise PackageError("unsafe_name", translate("数据包含有不安全的文件名“{display_name}”，已拒绝").format(display_name=display_name(name)))
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackageError("link_member", translate("数据包含有链接“{display_name}”，已拒绝").format(display_name=display_name(name)))
        if not _allowed_name(name):
            raise PackageError("unsafe_name", translate("数据包含有不认识的文件“{display_name}”，已拒绝").format(display_name=display_name(name)))
        if name in by_name:
            raise PackageError("duplicate_member", translate("数据包中“{name}”出现了不止一次，已拒绝").format(name=name))
        by_name[name] = info
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageError("corrupt", translate("数据包中“{name}”的压缩方式不受支持").format(name=name))
        if info.file_size > limits.member_bytes:
            raise PackageError("too_large", translate("数据包中“{name}”太大（{file_size} 字节），已拒绝").format(name=name, file_size=info.file_size))
        if (info.file_size > limits.ratio_floor
                and info.file_size > limits.ratio * max(info.compress_size, 1)):
            raise PackageError("compression_ratio",
                               translate("数据包中“{name}”的压缩比异常（疑似压缩炸弹），已拒绝").format(name=name))
        declared_total += info.file_size
        if declared_total > limits.total_bytes:
            raise PackageError("too_large", translate("数据包解压后总量超过上限，已拒绝"))
    return archive, by_name


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    """One member decompressed in chunks and stopped as soon as it passes `size` bytes
    (what the zip declares, and for a data member what the signed manifest says)."""
    if info.file_size != size:
        raise PackageError("member_size", translate("数据包中“{filename}”的实际大小与记录不符，已拒绝").format(filename=info.filename))
    parts: list[bytes] = []
    read = 0
    try:
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(min(_READ_CHUNK, size + 1 - read))
                if not chunk:
                    break
                read += len(chunk)
                if read > size:
                    raise PackageError("member_size",
                                       translate("数据包中“{filename}”的实际大小与记录不符，已拒绝").format(filename=info.filename))
                parts.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise PackageError("corrupt", translate("数据包中“{filename}”已损坏").format(filename=info.filename)) from exc
    if read != size:
        raise PackageError("member_size", translate("数据包中“{filename}”的实际大小与记录不符，已拒绝").format(filename=info.filename))
    return b"".join(parts)


def _manifest(archive: zipfile.ZipFile,
              by_name: dict[str, zipfile.ZipInfo]) -> tuple[Manifest, bytes, bytes]:
    """The manifest, its exact bytes and its signature: the only members read before the
    signature is checked, each under a small cap."""
    if MANIFEST not in by_name or SIGNATURE not in by_name:
        raise PackageError("bad_manifest", translate("数据包缺少清单或签名（manifest.json / manifest.sig）"))
    for name, cap in ((MANIFEST, MANIFEST_BYTES), (SIGNATURE, SIGNATURE_BYTES)):
        if by_name[name].file_size > cap:
            raise PackageError("too_large", translate("数据包中“{name}”太大，已拒绝").format(name=name))
    raw = _read_member(archive, by_name[MANIFEST], by_name[MANIFEST].file_size)
    signature = _read_member(archive, by_name[SIGNATURE], by_name[SIGNATURE].file_size)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageError("bad_manifest", translate("数据包清单无法读取")) from exc
    if UNSTORABLE_ESCAPE.search(raw.decode("utf-8")) and unstorable_field(data) is not None:
        raise PackageError("bad_manifest", translate("数据包清单含有无法保存的字符（NUL 或孤立的代理码位）"))
    # a newer format may have fields this schema does not know: its signature is still
    # checked first, then it is refused by version
    newer = (isinstance(data, dict) and data.get("format") == FORMAT
             and isinstance(data.get("format_version"), int)
             and data["format_version"] > FORMAT_VERSION)
    problems = [] if newer else schema_errors(data, manifest_schema())
    if problems:
        raise PackageError("bad_manifest", translate("数据包清单不符合格式：") + translate("；").join(problems[:3]))
    try:
        return Manifest.from_json(data), raw, signature
    except (KeyError, TypeError, KeyFileError) as exc:
        raise PackageError("bad_manifest", translate("数据包清单缺少必要内容")) from exc


def open_package(data: bytes, recipient: KeyPair,
                 signer_key: Callable[[Manifest], PublicKeys | None],
                 limits: Limits = Limits()) -> Package:
    """Check and open a package (see the module docstring for the order of checks).
    `signer_key(manifest)` gives the key the sender must have signed with (the pinned
    desk key, or head office's installed key), or None when the sender is unknown."""
    if len(data) > limits.package_bytes:
        raise PackageError("too_large",
                           translate("数据包太大（{count} 字节，上限 {package_bytes}），已拒绝").format(count=len(data), package_bytes=limits.package_bytes))
    archive, by_name = _archive(unseal(data, recipient), limits)
    manifest, manifest_raw, signature = _manifest(archive, by_name)
    expected = signer_key(manifest)
    if expected is None:
        raise PackageError("unknown_signer",
                           translate("不认识数据包的发送方（{sender}），已拒绝").format(
                               sender=manifest.sender.manager_name or translate("未署名")))
    try:
        expected.verifier().verify(signature, manifest_raw)
    except InvalidSignature as exc:
        if manifest.sender.public_keys != expected:
            raise PackageError(
                "signer_changed",
                translate("数据包由另一把密钥签发（发送方 {sender} 的密钥与登记的不符，"
                          "可能重装过或是冒充）；如确为重新安装，需先重新登记该工作台").format(
                    sender=manifest.sender.manager_name or translate("未署名"))) from exc
        raise PackageError("bad_signature", translate("数据包签名无效：不是由认可的发送方签发，或清单被改动")) from exc
    for name in by_name:
        if name not in (MANIFEST, SIGNATURE) and name not in manifest.members:
            raise PackageError("missing_member", translate("数据包中的“{name}”不在清单内，已拒绝").format(name=name))
    members: dict[str, bytes] = {}
    for name, entry in manifest.members.items():
        info = by_name.get(name)
        if info is None:
            raise PackageError("missing_member", translate("数据包缺少清单所列的“{name}”").format(name=name))
        if info.file_size != entry["size"]:
            raise PackageError("member_size",
                               translate("数据包中“{name}”的大小（{file_size}）与清单（{size}）不符").format(name=name, file_size=info.file_size, size=entry['size']))
        content = _read_member(archive, info, entry["size"])
        if hashlib.sha256(content).hexdigest() != entry["sha256"]:
            raise PackageError("member_hash", translate("数据包中“{name}”的校验值与清单不符：内容被改动").format(name=name))
        members[name] = content
    if manifest.format_version > FORMAT_VERSION:
        raise PackageError("format_version",
                           translate("数据包格式版本 {format_version} 比本程序支持的 {FORMAT_VERSION} 新，请先升级 cmdesk").format(format_version=manifest.format_version, FORMAT_VERSION=FORMAT_VERSION))
    if manifest.schema_version > SCHEMA_REVISION:
        raise PackageError("schema_version",
                           translate("数据包的数据版本 {schema_version} 比本程序的 {SCHEMA_REVISION} 新，请先升级 cmdesk").format(schema_version=manifest.schema_version, SCHEMA_REVISION=SCHEMA_REVISION))
    package = Package(manifest=manifest)
    for name, content in members.items():
        if name.startswith("attachments/"):
            package.attachments[name[len("attachments/"):]] = content
        elif name.startswith("data/"):
            entity = name[len("data/"):-len(".jsonl")]
            package.entities[entity] = _records(entity, content)
    for entity in set(manifest.counts) | set(package.entities):
        found = len(package.entities.get(entity, ()))
        if manifest.counts.get(entity, 0) != found:
            raise PackageError("counts", translate("数据包中 {entity} 的记录数（{found}）与清单（{counts}）不符").format(entity=entity, found=found, counts=manifest.counts.get(entity, 0)))
    for entity, ids in manifest.urgent.items():
        carried = {record["id"] for record in package.entities.get(entity, ())}
        if not set(ids) <= carried:
            raise PackageError("bad_manifest", translate("数据包清单标为紧急的 {entity} 记录不在数据包中").format(entity=entity))
    return package


def _records(entity: str, content: bytes) -> list[dict[str, Any]]:
    try:
        lines = content.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise PackageError("bad_record", translate("数据包中 {entity} 的数据不是 UTF-8 文本").format(entity=entity)) from exc
    records = []
    for number, line in enumerate(lines, start=1):
        try:
            data = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise PackageError("bad_record", translate("数据包中 {entity} 第 {number} 行不是有效的 JSON").format(entity=entity, number=number)) from exc
        if UNSTORABLE_ESCAPE.search(line):
            unstorable = unstorable_field(data)
            if unstorable is not None:
                raise PackageError("bad_record", (
                    translate("数据包记录有误：{entity} 第 {number} 行的字段 {unstorable} 含有无法保存的字符（NUL 或孤立的代理码位）").format(entity=entity, number=number, unstorable=unstorable)))
        records.append(dict_to_values(entity, data))
    return records


def display_name(name: str) -> str:
    """A file or member name as it may be printed and stored: undecodable bytes and lone
    surrogates become U+FFFD, control characters are dropped, at most 200 characters."""
    text = name.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return _CONTROL.sub("", text)[:200]


def read_package_file(path: Path, limits: Limits = Limits()) -> bytes:
    """A package file's bytes; PackageError (`unreadable`, `too_large`) when it cannot be
    read or is over the size limit (checked before reading: memory stays bounded)."""
    shown = display_name(str(path))
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise PackageError("unreadable", translate("{shown} 不是文件，无法作为数据包读取").format(shown=shown))
        if size > limits.package_bytes:
            raise PackageError("too_large",
                               translate("数据包太大（{size} 字节，上限 {package_bytes}），已拒绝").format(size=size, package_bytes=limits.package_bytes))
        return path.read_bytes()
    except OSError as exc:
        raise PackageError("unreadable", translate("无法读取 {file}：{reason}").format(
            file=shown, reason=exc.strerror or translate("读取失败"))) from None
