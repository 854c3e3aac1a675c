"""``polyglot review``: the aligned bilingual page, editable in the browser, saving into the PO files.

:mod:`.store` (the project's documents and PO files, guarded saves), :mod:`.entries`
(review states and changes of one entry), :mod:`.page` (the page, built on the
renderer's templates), :mod:`.app` (Starlette routes), :mod:`.security` (Host,
Origin, token, size limits), :mod:`.server` (uvicorn on a free loopback port).
Needs the ``review`` extra: ``pip install polyglot[review]``.
"""
