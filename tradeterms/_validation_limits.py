"""Limits shared by the light and the heavy half of the loader."""

MAX_FINDINGS = 1000  # a 10 MB file of mistakes must not print a million lines
