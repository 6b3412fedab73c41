"""SHA-256 for plan ids and template digests, without importing hashlib.

``hashlib`` loads OpenSSL when imported (about 2 ms, a noticeable share of a
``planforge make``); CPython's own SHA-256 module gives the same digests and loads in a
fraction of that. Other interpreters fall back to hashlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:  # Python 3.12+
        from _sha2 import sha256
    except ImportError:
        try:  # Python 3.11
            from _sha256 import sha256
        except ImportError:  # an interpreter without CPython's own modules
            from hashlib import sha256

__all__ = ["sha256"]
