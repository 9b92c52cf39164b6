"""Type stubs of the native module ``clawscope._native``."""

__all__ = ["__version__", "error_codes"]

__version__: str

def error_codes() -> list[str]: ...
