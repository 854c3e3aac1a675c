"""Translation engines behind one small interface (see :mod:`polyglot.engines.base`)."""
