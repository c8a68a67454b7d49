"""policy domain."""
