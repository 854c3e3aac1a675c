"""polyglot: offline translation and bilingual publishing for articles."""

__version__ = "0.1.0"
