"""Verifiable logs in the manner of Certificate Transparency (RFC 9162): a Merkle tree over the
entries, Ed25519-signed checkpoints, and a verifier that needs no trust in the log's database."""
