"""A month of the demo county (示范县) across the four services: who acts, what they send, and
the test's own bookkeeping of what the results must be."""
