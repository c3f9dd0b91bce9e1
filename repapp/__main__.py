import sys

from repapp.cli import main

sys.exit(main())
