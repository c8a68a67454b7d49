"""Enforcement (乡镇综合行政执法): Township comprehensive enforcement cases under the Administrative Penalty Law, hash-chained enforcement logs, ledgers."""
