"""The appointment book: booking, moving and tracking visits, the book's setup, the waitlist,
and its printouts."""
