"""unspin's exceptions.

    UnspinError                 base of every error unspin raises on purpose
    ├── InputError              the input cannot be analysed (empty, binary, undecodable, too large, no text)
    │   └── FetchError          a URL could not be fetched or was refused (private address, size, type)
    ├── ModelError              a bundled model is missing or broken
    └── ConfigError             an option or analyser name is wrong
        └── UsageError          the command line itself is wrong (no source, an output path that cannot be written)

Each class carries the process exit code the CLI uses for it.
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InputError(UnspinError):
    exit_code = 2


class FetchError(InputError):
    exit_code = 3


class ModelError(UnspinError):
    exit_code = 4


class ConfigError(UnspinError):
    exit_code = 5


class UsageError(ConfigError):
    exit_code = 2
