"""Feed ingestion: loading feeds.yaml, fetching, parsing, normalising."""
