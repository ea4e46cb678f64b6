"""Reusable widgets: field editors built from the core's FieldSpec, the client picker."""
