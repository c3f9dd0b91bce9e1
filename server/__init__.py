"""RepApp sync server: owns the catalog, customers, stock, order verdicts and invoicing."""
