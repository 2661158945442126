"""Building the official SDK clients and credentials, and translating their errors."""
