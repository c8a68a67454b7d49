"""burden domain."""
