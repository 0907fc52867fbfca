"""``python -m innovscale``: the ``innovscale`` command."""

from innovscale.cli import main

if __name__ == "__main__":
    main()
