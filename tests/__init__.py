"""The test suite: a package, so test modules share conftest, factories and tools."""
