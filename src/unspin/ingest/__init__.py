"""Turn what the user gives (bytes, a file, a URL, stdin) into text plus metadata."""

from unspin.ingest.source import Article, load_source

__all__ = ["Article", "load_source"]
