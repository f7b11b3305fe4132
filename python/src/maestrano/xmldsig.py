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
    trusted; a key carried in the document is used only if it matches one of them. Raises
    :class:`~maestrano.SamlError` when the document is refused, and
    :class:`~maestrano.ConfigError` (``config_invalid``) when nothing is trusted.

    >>> import maestrano
    >>> pinned = "3f" * 32  # the SHA-256 fingerprint of the signer's certificate
    >>> for xml in ['<doc ID="d1"><total>25</total></doc>',
    ...             '<!DOCTYPE doc [<!ENTITY t "25">]><doc ID="d1">&t;</doc>']:
    ...     try:
    ...         verify(xml, "d1", fingerprints=pinned)
    ...     except maestrano.SamlError as error:
    ...         print(error.kind)
    signature_missing
    dtd_forbidden
    >>> try:
    ...     verify('<doc ID="d1"/>', "d1")
    ... except maestrano.ConfigError as error:
    ...     print(error.kind)
    config_invalid
    """
    if isinstance(xml, bytes):
        xml = xml.decode("utf-8")
    return _native.xmldsig_verify(xml, id, _list(certificates), _list(fingerprints), bool(strict_algorithms))
