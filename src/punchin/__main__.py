"""Allow `python -m punchin`."""

from punchin.cli import main

if __name__ == "__main__":
    main()
