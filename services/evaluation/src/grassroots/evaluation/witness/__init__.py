"""The witness of the enforcement logs (RFC 9162 style): every announced entry hash and every
signed checkpoint seen on enforcement's topic, kept append-only outside enforcement's database."""
