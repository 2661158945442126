"""The Textual dashboard. The only package (with `cli`) allowed to import textual and rich."""
