"""Pure data: jobs, documents, specs, validation and path mapping. No I/O, no UI."""
