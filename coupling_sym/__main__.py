"""``python -m coupling_sym``: the same command line as ``coupling-sym``."""

from .cli import main

if __name__ == "__main__":
    main()
