"""deidtui: a terminal dashboard for Azure Health Data Services de-identification jobs."""

__version__ = "0.1.0"
