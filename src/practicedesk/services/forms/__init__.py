"""Form templates and packets, forms filled and signed, and surgery readiness."""
