"""Model-free helpers: environment parsing, Vietnamese text, HTTP middleware."""
