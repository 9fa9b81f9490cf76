"""Money at the front desk: fees, the ledger, check-in and check-out, claims, the day's
close, statements and what is owed."""
