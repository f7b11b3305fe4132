//! Enveloped XML-Signature verification over the strict tree (see issue: XML-Signature engine).
