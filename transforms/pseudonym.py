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


class KeyMissing(Exception):
    message_vi = (f"chưa có khóa bí danh: đặt biến môi trường {KEY_VARIABLE} (ít nhất {MIN_KEY_LENGTH} ký tự, giữ kín, "
                  "không đổi giữa các kỳ) hoặc khối Secret 'giamngheo-pii-key' của Prefect")
    message_en = (f"no pseudonym key: set the environment variable {KEY_VARIABLE} (at least {MIN_KEY_LENGTH} "
                  "characters, kept secret, the same every period) or the Prefect Secret block 'giamngheo-pii-key'")


def secret_key() -> bytes:
    key = os.environ.get(KEY_VARIABLE, "")
    if len(key) < MIN_KEY_LENGTH:
        raise KeyMissing()
    return key.encode()


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
