import sys

from command_center.cli import main

sys.exit(main())
