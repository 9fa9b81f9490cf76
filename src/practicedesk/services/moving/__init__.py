"""Moving from another system: its visits, insurance, recalls and balances, imported after its
patient list (services/patients/importing.py), each with a preview, a remembered mapping, a
dry run and a report of every row left out and why."""
