"""The low-level XML-Signature engine (what SSO uses), for signed XML other than SAML."""

from __future__ import annotations

from typing import Iterable, List, Union

from . import _native
from .errors import translate

__all__ = ["VerifiedXml", "verify"]

#: ``canonical_xml`` (the exact bytes verified, as text: read only this), ``signature_algorithm``
#: and ``digest_algorithm`` (URIs).
VerifiedXml = _native.VerifiedXml

Keys = Union[str, Iterable[str], None]


def _list(v: Keys) -> List[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else [str(x) for x in v]


@translate
def verify(
    xml: Union[str, bytes],
    id: str,
    certificates: Keys = None,
    fingerprints: Keys = None,
    strict_algorithms: bool = False,
) -> VerifiedXml:
    """Verify the enveloped signature of the element whose ``ID`` is ``id``.

    Only ``certificates`` (PEM or base64 DER) and ``fingerprints`` (SHA-1/SHA-256 hex) are
    trusted; a key carried in the document is used only if it matches one of them.
    """
    if isinstance(xml, bytes):
        xml = xml.decode("utf-8")
    return _native.xmldsig_verify(xml, id, _list(certificates), _list(fingerprints), bool(strict_algorithms))
