"""koop: keep business cooperations alive."""

__version__ = "0.1.0"
