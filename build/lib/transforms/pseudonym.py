"""Names and identity numbers stop here: a register's head of household becomes a keyed hash (HMAC-SHA256) of their
identity number, the same for the same person in every period and every run with the same key, and meaningless
without it. The key comes from the environment (GIAMNGHEO_PII_KEY), never from the repository; the Prefect flow
puts a Secret block's value there."""

import hashlib
import hmac
import os
import re

KEY_VARIABLE = "GIAMNGHEO_PII_KEY"
MIN_KEY_LENGTH = 16


_SET_IT_VI = (f"đặt biến môi trường {KEY_VARIABLE} (ít nhất {MIN_KEY_LENGTH} ký tự, giữ kín, không đổi giữa các kỳ) "
              "hoặc khối Secret 'giamngheo-pii-key' của Prefect")
_SET_IT_EN = (f"set the environment variable {KEY_VARIABLE} (at least {MIN_KEY_LENGTH} characters, kept secret, the "
              "same every period) or the Prefect Secret block 'giamngheo-pii-key'")


class KeyMissing(Exception):
    """The district has set no pseudonym key, or one too short to keep the keys from being guessed: the district's
    setting to fix, nothing the commune did."""

    def __init__(self, length: int = 0):
        if length:
            self.message_vi = f"khóa bí danh chỉ có {length} ký tự, cần ít nhất {MIN_KEY_LENGTH}: {_SET_IT_VI}"
            self.message_en = (f"the pseudonym key has only {length} characters, it needs at least "
                               f"{MIN_KEY_LENGTH}: {_SET_IT_EN}")
        else:
            self.message_vi, self.message_en = f"chưa có khóa bí danh: {_SET_IT_VI}", f"no pseudonym key: {_SET_IT_EN}"
        super().__init__(f"{self.message_vi} / {self.message_en}")


def secret_key() -> bytes:
    key = os.environ.get(KEY_VARIABLE, "")
    if len(key) < MIN_KEY_LENGTH:
        raise KeyMissing(len(key))
    return key.encode()


def key_fingerprint(key: bytes) -> str:
    """Which key made a household's keys, without telling the key: its own keyed hash. Two periods whose registers
    were read with different keys have keys that never match, and every household would look new.

    >>> key_fingerprint(b"k" * 16) == key_fingerprint(b"k" * 16) != key_fingerprint(b"j" * 16)
    True
    """
    return hmac.new(key, b"giamngheo key fingerprint", hashlib.sha256).hexdigest()[:16]


def identity_digits(text) -> str:
    """The digits of an identity number as typed (spaces, dots, a number cell that lost nothing)."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return re.sub(r"[\s.\-]", "", str(text))


def household_key(identity_number: str, key: bytes) -> str:
    """The household's pseudonymous key: whose it is cannot be told without ``key``.

    >>> household_key("001234567890", b"k" * 16)[:16]
    'a3bd68dcd15da8f5'
    """
    return hmac.new(key, b"cccd:" + identity_number.encode(), hashlib.sha256).hexdigest()[:32]
