"""Use cases of the rep's app, without Qt: the UI, the CLI, the demo and the tests all call these."""
