"""`python -m timeback_caliper`: the command line (see `timeback-caliper --help`)."""

from timeback_caliper.cli import main

raise SystemExit(main())
