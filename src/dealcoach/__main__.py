"""Allow ``python -m dealcoach``."""

from dealcoach.cli import main

if __name__ == "__main__":
    main()
