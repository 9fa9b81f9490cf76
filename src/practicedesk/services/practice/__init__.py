"""The practice itself: its details and logo, its settings, its providers and chairs, where its
files live, and what this PC knows of itself."""
