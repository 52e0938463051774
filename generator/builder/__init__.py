"""Stage 3, build: a validated document becomes an :class:`~generator.ir.Api`."""

from .api import build_api

__all__ = ["build_api"]
