"""`python -m benchmarks [--quick] [--only NAME]` from the repository root."""

import sys

from benchmarks.run import main

sys.exit(main())
