"""Test support other packages reuse: a real broker, a database per test, tokens, running apps."""
