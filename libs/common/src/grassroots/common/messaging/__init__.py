"""Kafka plumbing: client settings, topics, the transactional outbox and the inbox consumer."""
