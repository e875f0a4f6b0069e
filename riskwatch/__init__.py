"""riskwatch: regulatory risk for Chinese-owned apps, from feeds to explainable scores."""

__version__ = "0.1.0"
