"""demands domain."""
