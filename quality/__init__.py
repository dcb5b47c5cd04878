"""Quality tools for extraction: the benchmark metric, its evaluation, the noise suite.

Nothing in production imports this package (tests/test_layout.py checks);
it imports production, to measure it.
"""
