"""Analytics adapters: file formats the reports are downloaded in."""
