"""End-to-end tests of the framework integrations against the local sandbox."""
