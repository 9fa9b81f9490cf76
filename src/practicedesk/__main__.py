"""`python -m practicedesk` behaves exactly like the `practicedesk` command."""

import sys

from practicedesk.cli import main

sys.exit(main())
