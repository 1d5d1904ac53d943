import sys

from formcast.cli import main

sys.exit(main())
