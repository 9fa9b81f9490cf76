"""The demo practice generator: imports services and store; nothing imports it but the command
line, the benchmarks and the tests."""
