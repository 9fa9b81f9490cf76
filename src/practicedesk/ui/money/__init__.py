"""Money at the front desk: the chart's Ledger tab, what to collect at check-in, the check-out,
payments, adjustments, refunds and corrections, the money worklists, the day's money, and
Settings → Fees. Every figure comes from services/money/ in whole cents."""
