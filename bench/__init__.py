"""`make bench`: the benchmark on a year of data (see bench/__main__.py)."""
