"""Reading what another system exports besides its patient list: visits, insurance, recalls
and balances, each a CSV file read row by row into plain values (no database, no Qt)."""
