"""Personal data encrypted at rest 个人信息加密存储 (PIPL art. 51; 等保 2.0 level 3).

ID numbers, phone numbers and addresses are stored as Fernet tokens (AES-128-CBC with HMAC-SHA256,
from the `cryptography` package) under keys from the environment, never in clear:

- `PERSONAL_DATA_KEYS`: one or more Fernet keys, newest first. The newest encrypts; every key
  decrypts, so a key is rotated by putting a new one in front, running `personal_data_rekey` (which
  re-encrypts every row under the newest key) and then dropping the old one.
- `PERSONAL_DATA_INDEX_KEY`: the key of the keyed hash (HMAC-SHA256) stored beside a field that is
  matched exactly (`BlindIndexField`): the repeat-party warning and the search by ID number compare
  hashes, never decrypt. Changing it means recomputing the hashes (`personal_data_rekey` does).

An encrypted field refuses lookups (a filter on it could never match: each token has its own IV):
filter on its blind index instead. The production settings refuse to start with the development keys.
"""

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

# A Fernet token is base64 of a version byte 0x80 and a timestamp: every token begins with this, and
# no ID number, phone number or address does — so rows written before encryption read as they are.
TOKEN_PREFIX = "gAAAAA"


@functools.cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.PERSONAL_DATA_KEYS))


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode()).decode() if text else text


def decrypt(stored: str) -> str:
    if not stored or not stored.startswith(TOKEN_PREFIX):
        return stored
    return cipher().decrypt(stored.encode()).decode()


def is_current(stored: str) -> bool:
    """Encrypted under the newest key?"""
    if not stored:
        return True
    if not stored.startswith(TOKEN_PREFIX):
        return False
    try:
        Fernet(settings.PERSONAL_DATA_KEYS[0].encode()).extract_timestamp(stored.encode())
    except InvalidToken:
        return False
    return True


def normalised(text: str) -> str:
    return (text or "").strip().upper()


def blind_index(text: str) -> str:
    """The keyed hash that stands for `text` in exact matches ("" for nothing)."""
    text = normalised(text)
    if not text:
        return ""
    key = settings.PERSONAL_DATA_INDEX_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.CharField):
    """A CharField stored encrypted in a text column; `max_length` limits the clear text."""

    description = "Text encrypted at rest"

    def db_type(self, connection) -> str:
        return "text"

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None  # Django answers FieldError: "Unsupported lookup"; match on the blind index


class BlindIndexField(models.CharField):
    """The keyed hash of another field of the row, set whenever the row is written."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("blank", True), ("editable", False)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
