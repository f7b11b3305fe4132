package com.maestrano

/**
 * What a verified signature covers.
 *
 * @property canonicalXml the exclusive canonical form of the signed element (its signature
 *   removed): the exact bytes whose digest was verified. Read only from these.
 * @property signatureAlgorithm the signature method URI
 * @property digestAlgorithm the digest method URI
 */
data class VerifiedXml(val canonicalXml: String, val signatureAlgorithm: String, val digestAlgorithm: String)

/** The low-level XML-Signature engine (what SSO uses), for signed XML other than SAML. */
object XmlDsig {
    /**
     * Verifies the enveloped signature of the element whose `ID` is [id]. Only [certificates]
     * (PEM or base64 DER) and [fingerprints] (SHA-1/SHA-256 hex) are trusted; a key carried in
     * the document is used only if it matches one of them. [strictAlgorithms] refuses SHA-1.
     *
     * @throws SamlException when the document is refused (`signature_missing`, `dtd_forbidden`,
     *   `digest_mismatch`, …); [ConfigException] `config_invalid` when nothing is trusted
     */
    @JvmStatic
    @JvmOverloads
    fun verify(
        xml: String,
        id: String,
        certificates: List<String> = emptyList(),
        fingerprints: List<String> = emptyList(),
        strictAlgorithms: Boolean = false,
    ): VerifiedXml {
        val v = native(Family.SAML) { com.maestrano.ffi.xmldsigVerify(xml, id, certificates, fingerprints, strictAlgorithms) }
        return VerifiedXml(v.canonicalXml, v.signatureAlgorithm, v.digestAlgorithm)
    }
}
