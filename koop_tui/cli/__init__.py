"""One module per `koop` command: `configure(parser)` adds its options, `run(args) -> int` runs it."""
