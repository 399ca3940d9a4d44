"""Sealing the sync folder's files: the key, sealed and plain bodies, the key check.

- The key: scrypt(passphrase, salt, n=2**15, r=8, p=1) into 32 bytes. The passphrase is
  taken in Unicode's composed form (NFC), so that the same passphrase typed on two systems
  that compose accents differently gives the same key.
- A sealed file: `PUNCHSYNC1\\n`, a random 12-byte nonce, then AES-256-GCM of the gzipped
  body with the file's path in the folder (`machines/<id>/000000000007.change`) as
  associated data: a file renamed or moved to another name no longer opens.
- A plain file (`--plain`): `PUNCHPLAIN1\\n` then the gzipped body.
- The key check, kept in punchin-sync.json: a known text sealed with the key, so that a
  wrong passphrase is told in one line before any file is read.

`cryptography` is imported inside the functions that need it, never at the top: no command
but `punchin sync` ever loads it. Opening never trusts what it reads: a body that does not
authenticate, decompress whole, or fit the size limit is an `Unreadable` with its reason.
"""

from __future__ import annotations

import base64
import gzip
import os
import unicodedata
import zlib
from typing import TYPE_CHECKING, NamedTuple

from punchin.errors import PunchinError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

SEALED_MAGIC = b"PUNCHSYNC1\n"
PLAIN_MAGIC = b"PUNCHPLAIN1\n"
SEALING = "aes-256-gcm"
PLAIN = "none"
NONCE_BYTES = 12
KEY_BYTES = 32
SALT_BYTES = 16
TAG_BYTES = 16
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
# What a punchin-sync.json may ask of scrypt: a damaged or hostile one must not make a
# sync allocate gigabytes or run for minutes.
MOST_SCRYPT_MEMORY = 256 * 1024 * 1024  # bytes: 128 * r * n
MOST_SCRYPT_P = 4
KEY_CHECK_TEXT = b"punchin-sync key check 1"
KEY_CHECK_PLACE = "punchin-sync.json"  # the key check's associated data
BODY_LIMIT = 256 * 1024 * 1024  # bytes of one body once decompressed (an export's limit)


class Unreadable(Exception):
    """A file's bytes that do not open: `reason` is the English words, `key` their entry in
    the error catalog (errors.toml)."""

    def __init__(self, reason: str, key: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.key = key


class KdfParameters(NamedTuple):
    """scrypt's salt and costs, as punchin-sync.json keeps them."""

    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def as_json(self) -> dict[str, object]:
        return {
            "name": "scrypt",
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "length": KEY_BYTES,
        }

    @classmethod
    def from_json(cls, found: object) -> KdfParameters | None:
        """The parameters in punchin-sync.json's "kdf", or None when they are not ones
        punchin made or would accept."""
        if not isinstance(found, dict) or found.get("name") != "scrypt":
            return None
        numbers = [found.get(name) for name in ("n", "r", "p", "length")]
        if not all(type(value) is int for value in numbers):
            return None
        n, r, p, length = (value for value in numbers if isinstance(value, int))
        if length != KEY_BYTES or n < 2 or n & (n - 1) or not 1 <= r <= 64:
            return None
        if not 1 <= p <= MOST_SCRYPT_P or 128 * r * n > MOST_SCRYPT_MEMORY:
            return None
        try:
            salt = base64.b64decode(str(found.get("salt")), validate=True)
        except ValueError:
            return None
        if len(salt) < SALT_BYTES:
            return None
        return cls(salt, n, r, p)


def new_parameters() -> KdfParameters:
    """Fresh parameters for a new sync folder: a random salt, the standard costs."""
    return KdfParameters(os.urandom(SALT_BYTES))


def derive_key(passphrase: str, parameters: KdfParameters) -> bytes:
    """The 32-byte key for `passphrase` (a tenth of a second or so: once per sync)."""
    Scrypt = _cryptography_scrypt()
    composed = unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogateescape")
    salt, n, r, p = parameters
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p)
    return kdf.derive(composed)


def _cryptography_scrypt() -> type[Scrypt]:
    try:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    except ImportError:
        raise _no_cryptography() from None
    return Scrypt


def _no_cryptography() -> PunchinError:
    return PunchinError(
        "an encrypted sync folder needs the cryptography package: pip install cryptography",
        key="sync_no_cryptography",
    )


class Sealer:
    """Seals and opens the folder's files: with a key (AES-256-GCM), or plain (key None).
    `others` are keys that also open files (never used to seal): those of a second
    punchin-sync.json that a file syncer kept as a conflict copy when two machines set up
    the folder at once."""

    def __init__(self, key: bytes | None, others: tuple[bytes, ...] = ()) -> None:
        self.sealed = key is not None
        self._ciphers: list[AESGCM] = []
        if key is not None:
            self._ciphers = [_cipher(k) for k in (key, *others)]

    def seal(self, place: str, body: bytes) -> bytes:
        """The file's bytes for `body`, to be stored at `place` (its path in the folder)."""
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        if not self._ciphers:
            return PLAIN_MAGIC + packed
        nonce = os.urandom(NONCE_BYTES)
        return SEALED_MAGIC + nonce + self._ciphers[0].encrypt(nonce, packed, _place(place))

    def open(self, place: str, data: bytes) -> bytes:
        """The body of the file read at `place`; `Unreadable` with the reason otherwise."""
        if self._ciphers:
            if data.startswith(PLAIN_MAGIC):
                raise Unreadable(
                    "is not encrypted, in an encrypted sync folder: not made by punchin here",
                    "sync_refused_unsealed",
                )
            if not data.startswith(SEALED_MAGIC):
                raise Unreadable("is not a punchin sync file", "sync_refused_foreign")
            return unpack(self._unseal(place, data[len(SEALED_MAGIC) :]))
        if data.startswith(SEALED_MAGIC):
            raise Unreadable(
                "is encrypted, in a sync folder set up without encryption (--plain)",
                "sync_refused_sealed",
            )
        if not data.startswith(PLAIN_MAGIC):
            raise Unreadable("is not a punchin sync file", "sync_refused_foreign")
        return unpack(data[len(PLAIN_MAGIC) :])

    def _unseal(self, place: str, data: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag

        if len(data) < NONCE_BYTES + TAG_BYTES:
            raise Unreadable("is cut short (half copied, or damaged)", "sync_refused_short")
        nonce, sealed = data[:NONCE_BYTES], data[NONCE_BYTES:]
        for cipher in self._ciphers:
            try:
                return cipher.decrypt(nonce, sealed, _place(place))
            except InvalidTag:
                continue
        raise Unreadable(
            "does not open with the sync passphrase: damaged, cut short, renamed, or sealed "
            "with another passphrase",
            "sync_refused_seal",
        )


def _cipher(key: bytes) -> AESGCM:
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:
        raise _no_cryptography() from None
    return AESGCM(key)


def _place(place: str) -> bytes:
    return place.encode("utf-8")


def unpack(packed: bytes) -> bytes:
    """A gzipped body, whole and within `BODY_LIMIT`; `Unreadable` for anything else
    (cut short, damaged, trailing bytes, too large)."""
    inflater = zlib.decompressobj(wbits=31)  # gzip only, its checksum and length checked
    try:
        body = inflater.decompress(packed, BODY_LIMIT + 1)
    except zlib.error:
        raise Unreadable("is damaged (does not decompress)", "sync_refused_damaged") from None
    if len(body) > BODY_LIMIT:
        raise Unreadable(
            f"holds more than {BODY_LIMIT // (1024 * 1024)} MB, more than punchin reads",
            "sync_refused_large",
        )
    if not inflater.eof:
        raise Unreadable("is cut short (half copied, or damaged)", "sync_refused_short")
    if inflater.unused_data:
        raise Unreadable("is damaged (bytes after its end)", "sync_refused_damaged")
    return body


def key_check(key: bytes) -> str:
    """What punchin-sync.json keeps to tell a right key from a wrong one."""
    return base64.b64encode(Sealer(key).seal(KEY_CHECK_PLACE, KEY_CHECK_TEXT)).decode("ascii")


def opens_check(key: bytes, check: object) -> bool:
    """Whether `key` opens the key check `check` (punchin-sync.json's "key_check")."""
    try:
        data = base64.b64decode(str(check), validate=True)
        return Sealer(key).open(KEY_CHECK_PLACE, data) == KEY_CHECK_TEXT
    except (ValueError, Unreadable):
        return False
