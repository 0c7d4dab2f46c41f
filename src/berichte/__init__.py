"""berichte: automated social-monitoring reports (Sozialberichterstattung) for German municipalities."""

__version__ = "0.1.0"
