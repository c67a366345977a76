"""`python -m petrograd1917` runs the command line."""

from petrograd1917.cli import main

if __name__ == "__main__":
    main()
