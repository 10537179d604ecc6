"""A synthetic city (or province) for demos, tests and benchmarks, generated in bulk SQL."""
