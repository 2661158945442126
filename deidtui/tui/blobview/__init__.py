"""The blob viewer: large blobs open instantly (only visible lines are read), hostile content is inert.

Entry points: `BlobViewerScreen` for one blob, `DocumentCompareScreen` for a job's input beside
its output (side by side for Redact/Surrogate, entity highlighting for Tag).
"""

from .screens import BlobViewerScreen, DocumentCompareScreen
from .source import ByteSource, MemorySource
from .viewer import BlobViewer

__all__ = ["BlobViewer", "BlobViewerScreen", "ByteSource", "DocumentCompareScreen", "MemorySource"]
