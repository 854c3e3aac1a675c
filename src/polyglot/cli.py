"""The command line: parse options, call the library, turn PolyglotErrors into exit codes.

Exit codes: 0 ok; 1 findings (check found errors); 2 usage or input error;
3 engine failure; 4 the project is locked by another run; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import gc
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import click

from . import __version__
from .config import CONFIG_NAME, ENGINE_NAMES, find_root, load
from .console import interrupted
from .errors import EXIT_FINDINGS, EXIT_INPUT, InputError, PolyglotError
from .packages import install_from_index, install_package, list_packages
from .pipeline import segment_file
from .project import DEFAULT_WAIT, Project
from .qa import CODES, SEVERITIES, format_findings, select, summary
from .results import Incomplete, RunResult, TranslateResult
from .translate import Progress, Step

R = TypeVar("R")

EPILOG = "Exit codes: 0 ok, 1 findings, 2 usage or input error, 3 engine failure, 4 project locked."


class Command(click.Command):
    def format_epilog(self, ctx, formatter):  # keep the epilog's line breaks
        if self.epilog:
            formatter.write_paragraph()
            for line in self.epilog.splitlines():
                formatter.write_text(line)


class Group(click.Group):
    command_class = Command


def _languages(value: str | list[str] | None) -> list[str] | None:
    """The codes of a ``--to`` value (already checked by :func:`_to_option`), None when not given."""
    if value is None or isinstance(value, list):
        return value
    return [v.strip() for v in value.split(",") if v.strip()] or None


def _codes(value: str | None) -> list[str] | None:
    """``--to`` codes normalized (``ES`` → ``es``); a bad one is blamed on the option."""
    from .config import normalize_language

    if not value:
        return None
    try:
        return [normalize_language(v) for v in value.split(",") if v.strip()] or None
    except ValueError as exc:
        raise InputError(f"--to: {exc}") from None


def _to_option(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    """``--to`` of a project command: normalized codes, each a target language of the project."""
    codes = _codes(value)
    if codes:
        targets = Project.open(ctx.obj["dir"]).config.target_languages
        unknown = [c for c in codes if c not in targets]
        if unknown:
            raise InputError(f"--to: language {', '.join(unknown)} is not a target language of this project",
                             hint=f"targets: {', '.join(targets)}")
    return codes


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _open(ctx: click.Context) -> Project:
    return Project.open(ctx.obj["dir"], wait=ctx.obj["wait"])


@click.group(cls=Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="polyglot")
@click.option("-C", "--project", "directory", type=click.Path(file_okay=False), default=".",
              help="Project folder (default: the current one or the nearest parent with polyglot.toml).")
@click.option("--wait", type=float, default=DEFAULT_WAIT, show_default=True,
              help="Seconds to wait for another run's lock before giving up.")
@click.pass_context
def cli(ctx: click.Context, directory: str, wait: float) -> None:
    """Segment French articles, machine-translate them offline into PO files for review,
    and publish aligned bilingual HTML.

    Example: polyglot init && polyglot run
    """
    ctx.obj = {"dir": Path(directory), "wait": wait}


@cli.command(epilog=EPILOG)
@click.option("--source", default="fr", show_default=True, help="Source language.")
@click.option("--to", "targets", default="en,es,ca", show_default=True, callback=lambda c, p, v: _codes(v),
              help="Target languages, comma-separated (case does not matter: ES = es).")
@click.option("--force", is_flag=True, help="Overwrite an existing polyglot.toml.")
@click.argument("documents", nargs=-1, type=click.Path(dir_okay=False))
@click.pass_context
def init(ctx, source, targets, force, documents):
    """Write a commented polyglot.toml for the given source documents.

    A language is published as reviewed once 80 % of it is (publish.threshold).

    Example: polyglot init --to en,es seeds/article.fr.txt
    """
    project = Project.init(
        ctx.obj["dir"], source=source, targets=targets or [], documents=documents, force=force
    )
    click.echo(f"wrote {project.root / CONFIG_NAME}")
    click.echo("next: polyglot run   (translates, checks and builds the site; see polyglot -h)")


@cli.command(epilog=EPILOG)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--language", default="fr", show_default=True, help="Language of the file.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "markdown"]), default="auto")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def segment(file, language, fmt, as_json):
    """Show the blocks and sentences of a source file.

    Example: polyglot segment --json seeds/zapad-2025.fr.txt
    """
    doc = segment_file(file, language=language, format=fmt)
    if as_json:
        _echo_json(doc.as_dict())
        return
    n = 0
    for i, b in enumerate(doc.blocks, 1):
        click.echo(f"[{i}] {b.kind.value} (line {b.line})")
        for s in b.segments:
            n += 1
            click.echo(f"  {n:>3}. {s.msgid}")
    click.echo(f"{len(doc.blocks)} blocks, {n} segments")


@cli.command(epilog=EPILOG)
@click.pass_context
def extract(ctx):
    """Write the translation template locales/<document>.pot of every document.

    Example: polyglot extract
    """
    written = _open(ctx).extract()
    for p in written.changed:
        click.echo(f"wrote {p}")
    click.echo(f"{len(written.changed)} written, {len(written.unchanged)} unchanged")


@cli.command(epilog=EPILOG)
@click.option("--to", "targets", callback=_to_option, help="Only these target languages, comma-separated.")
@click.option("--json", "as_json", is_flag=True, help="Print what changed as JSON.")
@click.pass_context
def update(ctx, targets, as_json):
    """Extract, then merge the templates into every language's PO file.

    Reviewed translations are never lost: edited sentences become fuzzy with their
    previous source, removed ones obsolete.

    Example: polyglot update --to en,es
    """
    _reporting(
        lambda: _open(ctx).update(_languages(targets)),
        lambda result: _echo_json(result.as_dict()) if as_json else _report_merges(result.reports),
    )


def _report_merges(reports) -> None:
    for lang, docs in reports.items():
        for doc, r in docs.items():
            click.echo(f"{lang} {doc}: {r.summary()}")


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """A progress callback writing one line per language to a terminal's stderr (None elsewhere)."""
    if not sys.stderr.isatty():
        yield None
        return

    def progress(step: Step) -> None:
        end = "\n" if step.done >= step.total else ""
        click.echo(f"\rtranslating {step}\033[K", file=sys.stderr, nl=False)
        if end:
            click.echo("", file=sys.stderr)

    yield progress


def _reporting(call: Callable[[], R], show: Callable[[R], None]) -> R:
    """Make the library call and show its result, also when some language failed (exit 3 or 2)."""
    try:
        result = call()
    except Incomplete as exc:
        show(exc.result)
        raise
    show(result)
    return result


def _show_translation(result: TranslateResult) -> None:
    click.echo(f"{'lang':<6}{'entries':>8}{'memory':>8}{'fuzzy':>7}{'cache':>7}{'sent':>6}{'calls':>7}{'time':>8}  route")
    for r in result.reports:
        click.echo(
            f"{r.language:<6}{r.entries:>8}{r.memory_hits:>8}{r.tm_hits:>7}{r.cache_hits:>7}{r.sent:>6}"
            f"{r.engine_calls:>7}{r.seconds:>7.2f}s  {r.route or '-'}"
        )


@cli.command(epilog=EPILOG)
@click.option("--to", "targets", callback=_to_option, help="Only these target languages, comma-separated.")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), default=None,
              help="Engine (default: translate.engine in polyglot.toml).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default=None,
              help="Where engines run: here, or on a Ray cluster (default: translate.executor).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def translate(ctx, targets, engine, executor, as_json):
    """Fill untranslated entries with machine translation, marked fuzzy.

    Example: polyglot translate --to en,es,ca --engine apertium
    """
    project = _open(ctx)
    with _progress() as progress:
        _reporting(
            lambda: project.translate(_languages(targets), engine, progress, executor=executor),
            lambda result: _echo_json(result.as_dict()) if as_json else _show_translation(result),
        )


@cli.command(epilog=EPILOG)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def status(ctx, as_json):
    """Show per document and language how much is reviewed, outdated, machine-translated, untranslated.

    Outdated entries are translations whose source sentence changed since (fuzzy, with
    the previous source as a ``#|`` comment).

    Example: polyglot status --json
    """
    _reporting(lambda: _open(ctx).status(), lambda result: _show_status(result, as_json))


def _show_status(result, as_json: bool) -> None:
    rows = result.rows
    if as_json:
        _echo_json([r.as_dict() for r in rows])
        return
    unreadable = {(f.document, f.language) for f in result.failures}
    click.echo(
        f"{'document':<20}{'lang':<6}{'entries':>8}{'words':>7}{'reviewed':>10}{'outdated':>9}{'machine':>9}{'(tm)':>6}"
        f"{'untransl.':>10}{'%rev':>7}"
    )
    for r in rows:
        s = r.stats
        if (r.document, r.language) in unreadable:
            click.echo(f"{r.document:<20}{r.language:<6}  (unreadable catalog: see the error below)")
            continue
        if not r.exists:
            click.echo(f"{r.document:<20}{r.language:<6}  (no catalog: run 'polyglot update')")
            continue
        click.echo(
            f"{r.document:<20}{r.language:<6}{s.entries:>8}{s.words:>7}{s.reviewed:>10}{s.outdated:>9}{s.machine:>9}"
            f"{s.memory:>6}"
            f"{s.untranslated:>10}{s.percent_reviewed:>6.1f}%"
        )


@cli.command(epilog=EPILOG)
@click.option("--to", "targets", callback=_to_option, help="Only these target languages, comma-separated.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--severity", type=click.Choice(SEVERITIES), default=None,
              help="Only findings at least this severe (error > warning > info).")
@click.option("--code", "codes", multiple=True, metavar="CODE",
              help="Only findings with this code (repeatable), e.g. --code placeholder-unknown.")
@click.option("-v", "--verbose", is_flag=True,
              help="List every unreviewed or untranslated entry, not one line per language.")
@click.pass_context
def check(ctx, targets, fmt, severity, codes, verbose):
    """Run quality checks on the PO files; exit 1 if an error is found.

    Ends with a summary line. A false positive is silenced on its entry with a
    translator comment "# polyglot: ignore CODE" in the PO file.

    Example: polyglot check --to en --severity error
    """
    unknown = sorted(set(codes) - set(CODES))
    if unknown:
        raise click.BadParameter(f"unknown code {', '.join(unknown)}; codes: {', '.join(CODES)}",
                                 param_hint="'--code'")

    def show(result) -> None:
        found = select(result.findings, severity=severity, codes=codes)
        out = format_findings(found, fmt, verbose=verbose)
        if out:
            click.echo(out)
        if fmt == "text":
            click.echo(summary(found))

    result = _reporting(lambda: _open(ctx).check(_languages(targets)), show)
    if result.errors:
        ctx.exit(EXIT_FINDINGS)


@cli.command(epilog=EPILOG)
@click.pass_context
def build(ctx):
    """Render the bilingual site, monolingual pages and exports into the output folder.

    Files an earlier build wrote that are no longer published (a language or document
    left out) are removed; files polyglot did not write are never touched.

    Example: polyglot build && xdg-open build/index.html
    """
    _reporting(lambda: _open(ctx).build(), _show_build)


def _show_build(result) -> None:
    written = result.written
    click.echo(f"{len(written.changed)} files written, {len(written.unchanged)} unchanged, "
               f"{len(result.removed)} removed; open {result.index}")


def _show_run(result: RunResult) -> None:
    if result.unchanged:
        click.echo("nothing changed since the last complete run (run --force to redo every stage)")
    _report_merges(result.update.reports)
    _show_translation(result.translate)
    errors = result.check.errors
    click.echo(f"check: {errors} errors, {len(result.check.findings) - errors} warnings and notes "
               "(polyglot check for details)")
    click.echo(f"build: {len(result.build.written.changed)} files written, {len(result.build.removed)} removed; "
               f"open {result.build.index}")
    for f in result.failed:
        click.echo(f"failed ({f.stage}): {f}")


@cli.command("export", epilog=EPILOG)
@click.option("--format", "fmt", type=click.Choice(["xliff", "xliff2", "epub"]), required=True,
              help="xliff: XLIFF 1.2 (OmegaT, memoQ, Trados); xliff2: XLIFF 2.1; epub: bilingual EPUB 3.")
@click.option("--to", "targets", callback=_to_option, help="Only these target languages, comma-separated.")
@click.pass_context
def export_cmd(ctx, fmt, targets):
    """Write one file per document and language under the output folder's exports/.

    Example: polyglot export --format xliff --to en
    """
    written = _open(ctx).export(fmt, _languages(targets))
    for p in written.changed:
        click.echo(f"wrote {p}")
    click.echo(f"{len(written.changed)} written, {len(written.unchanged)} unchanged")


@cli.command("import", epilog=EPILOG)
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--document", help="Document name (default: the one the file names).")
@click.option("--language", help="Target language (default: the one the file names).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def import_cmd(ctx, file, document, language, as_json):
    """Merge a returned XLIFF (1.2 or 2.x) or PO file into the project's PO file.

    Only entries whose source still matches are taken; entries edited here since the
    export (or reviewed, when the file carries no export fingerprint) are refused and
    listed, with exit code 1.

    Example: polyglot import zapad-2025.en.xlf
    """
    done = _open(ctx).import_file(Path(file), document, language)
    r = done.report
    if as_json:
        _echo_json({"po": done.po, "changed": done.changed, **r.as_dict()})
    else:
        click.echo(
            f"{done.po}: {len(r.taken)} taken, {r.unchanged} unchanged, {r.empty} empty, "
            f"{len(r.stale)} stale (source changed), {len(r.conflicts)} refused"
        )
        for c in r.conflicts:
            click.echo(f"refused unit {c.unit}: {c.msgid!r} was edited here; incoming {c.incoming!r} ({c.incoming_state})")
    if r.conflicts:
        ctx.exit(EXIT_FINDINGS)


@cli.command(epilog=EPILOG)
@click.option("--to", "targets", callback=_to_option, help="Only these target languages, comma-separated.")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), default=None)
@click.option("--executor", type=click.Choice(["local", "ray"]), default=None,
              help="Where engines run: here, or on a Ray cluster (default: translate.executor).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary of all stages.")
@click.option("--force", is_flag=True, help="Run every stage even when nothing changed since the last complete run.")
@click.pass_context
def run(ctx, targets, engine, executor, as_json, force):
    """The main job: extract, update, translate, check, build.

    A failure (no engine route, an engine crash, an unreadable PO file) stops that
    language, or that document in it, only: every other language and stage runs. The
    exit code then tells what went wrong: 3 an engine failed, 2 a file could not be
    read, 1 check found errors (those entries were not published as is), 0 all good. When
    nothing changed since the last complete run, no stage runs (--force runs them).

    Example: polyglot run
    """
    project = _open(ctx)
    with _progress() as progress:
        result = _reporting(
            lambda: project.run(_languages(targets), engine, progress, force=force, executor=executor),
            lambda result: _echo_json(result.as_dict()) if as_json else _show_run(result),
        )
    if result.check.errors:
        ctx.exit(EXIT_FINDINGS)


@cli.command(epilog=EPILOG)
@click.argument("document", required=False)
@click.option("--to", "language", help="Target language to review (default: the first one).")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port (default: a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to serve on; anything but loopback requires the token printed in the URL.")
@click.option("--no-open", is_flag=True, help="Do not open a browser.")
@click.pass_context
def review(ctx, document, language, port, host, no_open):
    """Review translations in the browser: the bilingual page, editable, saving into the PO files.

    Example: polyglot review zapad-2025 --to en
    """
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401

        from .review.server import prepare, serve
    except ImportError as exc:
        raise PolyglotError(
            f"polyglot review needs Starlette and uvicorn ({exc.name} is missing)",
            hint="pip install polyglot[review]",
        ) from None

    project = _open(ctx)
    path = "/"
    if document or language:
        name = project.document(document).name if document else project.config.documents[0].name
        lang = project.languages([language])[0] if language else project.config.target_languages[0]
        path = f"/doc/{name}/{lang}"
    session = prepare(project, host=host, port=port, path=path)
    if session.exposed:
        click.echo(f"polyglot review: warning: serving on {host}, reachable from other machines; "
                   "anyone with the URL (it holds the token) can edit the PO files", err=True)
    serve(session, open_browser=not no_open, echo=click.echo)
    click.echo("polyglot review: stopped")


@cli.group(cls=Group)
def tm():
    """Translation memory: import and export TMX, search, statistics."""


@tm.command("import", epilog=EPILOG)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def tm_import(ctx, file, as_json):
    """Import a TMX file (OmegaT, Trados, memoQ, Okapi…) into the project memory, all or nothing.

    Example: polyglot tm import shared/omegat-project-omegat.tmx
    """
    report = _open(ctx).tm_import(Path(file))
    if as_json:
        _echo_json(report.as_dict())
        return
    click.echo(f"{report.file}: {report.units} units from {report.tus} translation units ({report.origin}); "
               f"{report.added} added, {report.duplicates} already in the memory")
    for s, t, n in report.pairs:
        click.echo(f"  {s} → {t}: {n}")
    if report.stripped:
        click.echo(f"note: inline codes stripped in {report.stripped} units (formatting polyglot does not carry)")
    if report.skipped:
        click.echo(f"note: {report.skipped} translation units without a source-language and a target variant skipped")


@tm.command("export", epilog=EPILOG)
@click.option("--to", "targets", help="Only these target languages, comma-separated.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default: stdout).")
@click.pass_context
def tm_export(ctx, targets, output):
    """Export the project memory (reviewed translations and memory units) as TMX 1.4b.

    Example: polyglot tm export --to en -o memory-en.tmx
    """
    from .fsutil import atomic_write

    data = _open(ctx).tm_export(_languages(targets))
    if output:
        atomic_write(Path(output), data)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(data.decode("utf-8"), nl=False)


@tm.command("search", epilog=EPILOG)
@click.argument("text")
@click.option("--to", "target", help="Only this target language.")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many units.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def tm_search(ctx, text, target, limit, as_json):
    """Concordance: memory units whose source or translation contains TEXT.

    Example: polyglot tm search "armée russe" --to en
    """
    found = _open(ctx).tm_search(text, target, limit)
    if as_json:
        _echo_json([{"source_lang": s, "target_lang": t, "source": u.source, "target": u.target,
                     "origin": u.origin, "kind": u.kind} for s, t, u in found])
        return
    for s, t, u in found:
        click.echo(f"[{s}→{t}] {u.kind}, {u.origin}\n  {u.source}\n  {u.target}")
    click.echo(f"{len(found)} units")


@tm.command("stats", epilog=EPILOG)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def tm_stats(ctx, as_json):
    """Entries in the project memory and the attached ones: reviewed, units by origin, engine cache.

    Example: polyglot tm stats --json
    """
    found = _open(ctx).tm_stats()
    if as_json:
        _echo_json({name: st.as_dict() for name, st in found.items()})
        return
    for name, st in found.items():
        click.echo(f"{name}: {st.reviewed} reviewed, {st.units} other units, {st.cached} cached engine outputs")
        for kind, origin, s, t, n in st.by_origin:
            click.echo(f"  {kind:<9} {s}→{t}  {n:>7}  {origin}")


@cli.group(cls=Group)
def terms():
    """Terminology: glossary candidates."""


@terms.command("suggest", epilog=EPILOG)
@click.option("--min-count", type=int, default=2, show_default=True, help="Occurrences a phrase needs.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print glossary.csv rows (with a header) to paste.")
@click.pass_context
def terms_suggest(ctx, min_count, as_json, as_csv):
    """List candidate glossary terms the glossary lacks: repeated noun phrases, proper names, unknown words.

    Example: polyglot terms suggest --csv >> candidates.csv
    """
    from .terms import to_csv

    project = _open(ctx)
    found = project.suggest_terms(min_count)
    if as_json:
        _echo_json([c.as_dict() for c in found])
    elif as_csv:
        click.echo(to_csv(found, project.config.target_languages), nl=False)
    else:
        for c in found:
            langs = f" (unknown to {', '.join(c.languages)})" if c.languages else ""
            click.echo(f"{c.count:>4}  {c.kind:<8} {c.term}{langs}")
            for ex in c.examples:
                click.echo(f"        e.g. {ex}")
        click.echo(f"{len(found)} candidates")


@cli.group(cls=Group)
def models():
    """Manage Argos translation model packages."""


@models.command("list", epilog=EPILOG)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def models_list(ctx, as_json):
    """List installed Argos packages.

    Example: polyglot models list
    """
    pkgs = list_packages(_packages_dir(ctx))
    if as_json:
        _echo_json([p.as_dict() if hasattr(p, "as_dict") else vars(p) for p in pkgs])
        return
    if not pkgs:
        click.echo("no Argos packages installed (polyglot models install FILE.argosmodel)")
    for p in pkgs:
        click.echo(f"{p.from_code}→{p.to_code}  {p.version}  {p.path}")


@models.command("install", epilog=EPILOG)
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--from-index", "from_index", nargs=2, metavar="FROM TO",
              help="Download from the Argos index (needs network).")
@click.pass_context
def models_install(ctx, path, from_index):
    """Install an Argos package from a local .argosmodel file (validated first).

    Example: polyglot models install translate-fr_en-1_9.argosmodel
    """
    if bool(path) == bool(from_index):
        raise click.UsageError("give either PATH or --from-index FROM TO")
    if path:
        info = install_package(Path(path), _packages_dir(ctx))
    else:
        info = install_from_index(from_index[0], from_index[1], packages_dir=_packages_dir(ctx))
    click.echo(f"installed {info.from_code}→{info.to_code} {info.version}")


def _packages_dir(ctx) -> Path | None:
    """The project's Argos packages folder, if a project with one is configured."""
    try:
        cfg = load(find_root(ctx.obj["dir"]))
    except PolyglotError:
        return None
    return cfg.path(cfg.argos.packages_dir) if cfg.argos.packages_dir else None


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, mapping library errors to one line and an exit code."""
    # A command holds up to a few hundred thousand small objects (messages, segments, cells)
    # that live until it ends: with the default thresholds the cyclic collector walks them
    # all again and again (a sixth of a 20,000-sentence build). Collect far less often.
    gc.set_threshold(100_000, 50, 100)
    try:
        # click's own main() would print a blank line on Ctrl-C: make and invoke the context here
        with cli.make_context("polyglot", list(sys.argv[1:] if argv is None else argv)) as ctx:
            code = cli.invoke(ctx)
    except PolyglotError as exc:
        click.echo(f"polyglot: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_INPUT)
    except (KeyboardInterrupt, click.Abort):
        interrupted()
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        click.echo(f"polyglot: error: {where}{exc.strerror or exc}", err=True)
        sys.exit(EXIT_INPUT)
    sys.exit(code if isinstance(code, int) else 0)
