"""The bundled program's entry point: PyInstaller starts here, as `python -m practicedesk`
starts at practicedesk/__main__.py (a module inside the package cannot be the entry script
of a bundle without confusing its imports)."""

import sys

from practicedesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
