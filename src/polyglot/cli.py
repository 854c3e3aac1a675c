"""The command line: parse options, call the library, turn PolyglotErrors into exit codes.

Exit codes: 0 ok; 1 findings (check found errors); 2 usage or input error;
3 engine failure; 4 the project is locked by another run.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .config import ENGINE_NAMES
from .errors import EXIT_FINDINGS, EXIT_INPUT, EngineError, PolyglotError

EPILOG = "Exit codes: 0 ok, 1 findings, 2 usage or input error, 3 engine failure, 4 project locked."


class Command(click.Command):
    def format_epilog(self, ctx, formatter):  # keep the epilog's line breaks
        if self.epilog:
            formatter.write_paragraph()
            for line in self.epilog.splitlines():
                formatter.write_text(line)


class Group(click.Group):
    command_class = Command


def _languages(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@contextmanager
def _project(ctx: click.Context, lock: bool = False):
    """Open the project, optionally holding its lock; errors become clean exits."""
    from .project import Project

    project = Project.open(ctx.obj["dir"])
    if not lock:
        yield project
        return
    from .fsutil import clean_stale_temps
    from .lock import ProjectLock

    with ProjectLock(project.config.state_dir, timeout=ctx.obj["wait"]):
        # temp files of a killed run are only ever ours to remove while we hold the lock
        for folder in (project.locales, project.root / project.config.output_dir):
            if folder.is_dir():
                clean_stale_temps(folder)
        yield project


@click.group(cls=Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="polyglot")
@click.option("-C", "--project", "directory", type=click.Path(file_okay=False), default=".",
              help="Project folder (default: the current one or the nearest parent with polyglot.toml).")
@click.option("--wait", type=float, default=10.0, show_default=True,
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
@click.option("--to", "targets", default="en,es,ca", show_default=True, help="Target languages, comma-separated.")
@click.option("--force", is_flag=True, help="Overwrite an existing polyglot.toml.")
@click.argument("documents", nargs=-1, type=click.Path(dir_okay=False))
@click.pass_context
def init(ctx, source, targets, force, documents):
    """Write a commented polyglot.toml for the given source documents.

    Example: polyglot init --to en,es seeds/article.fr.txt
    """
    from .config import CONFIG_NAME, DocumentConfig, parse, template

    root = ctx.obj["dir"]
    path = root / CONFIG_NAME
    if path.exists() and not force:
        raise click.UsageError(f"{path} exists; use --force to overwrite it")
    docs = []
    for d in documents:
        rel = Path(d).as_posix()
        name = Path(d).name.split(".")[0]
        docs.append(DocumentConfig(name, rel))
    text = template(source, _languages(targets) or [], docs)
    parse(text, root)  # never write a config that would not load
    from .fsutil import atomic_write

    atomic_write(path, text)
    click.echo(f"wrote {path}")


@cli.command(epilog=EPILOG)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--language", default="fr", show_default=True, help="Language of the file.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "markdown"]), default="auto")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def segment(file, language, fmt, as_json):
    """Show the blocks and sentences of a source file.

    Example: polyglot segment --json seeds/zapad-2025.fr.txt
    """
    from .readers import read_file
    from .segment import load_rules, segment as run_segment

    path = Path(file)
    doc = run_segment(
        read_file(path, name=path.name.split(".")[0], relpath=file, language=language, format=fmt),
        load_rules(language),
    )
    if as_json:
        _echo_json({
            "document": doc.path,
            "blocks": [
                {
                    "kind": b.kind.value, "line": b.line, "level": b.level, "list": b.list_id,
                    "segments": [
                        {"line": s.line, "text": s.msgid,
                         "elements": [{"name": e.name, "kind": e.kind.value, "value": e.value} for e in s.elements]}
                        for s in b.segments
                    ],
                }
                for b in doc.blocks
            ],
        })
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
    from .pipeline import extract_all

    with _project(ctx, lock=True) as project:
        written = extract_all(project)
    for p in written.changed:
        click.echo(f"wrote {p}")
    click.echo(f"{len(written.changed)} written, {len(written.unchanged)} unchanged")


def _merge_summary(reports) -> dict:
    return {lang: {doc: r.as_dict() for doc, r in docs.items()} for lang, docs in reports.items()}


@cli.command(epilog=EPILOG)
@click.option("--to", "targets", help="Only these target languages, comma-separated.")
@click.option("--json", "as_json", is_flag=True, help="Print what changed as JSON.")
@click.pass_context
def update(ctx, targets, as_json):
    """Extract, then merge the templates into every language's PO file.

    Reviewed translations are never lost: edited sentences become fuzzy with their
    previous source, removed ones obsolete.

    Example: polyglot update --to en,es
    """
    from .pipeline import update_all

    with _project(ctx, lock=True) as project:
        written, reports = update_all(project, _languages(targets))
    if as_json:
        _echo_json({"written": list(written.changed), "languages": _merge_summary(reports)})
        return
    for lang, docs in reports.items():
        for doc, r in docs.items():
            click.echo(
                f"{lang} {doc}: {len(r.kept)} kept, {len(r.changed)} changed (fuzzy), "
                f"{len(r.added)} new, {len(r.obsoleted)} obsolete, {len(r.restored)} restored"
            )


@cli.command(epilog=EPILOG)
@click.option("--to", "targets", help="Only these target languages, comma-separated.")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), default=None,
              help="Engine (default: translate.engine in polyglot.toml).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def translate(ctx, targets, engine, as_json):
    """Fill untranslated entries with machine translation, marked fuzzy.

    Example: polyglot translate --to en,es,ca --engine apertium
    """
    with _project(ctx, lock=True) as project:
        written, reports = _translate(project, targets, engine)
    _report_translation(written, reports, as_json)
    _raise_failures(reports)


def _translate(project, targets, engine):
    from .pipeline import translate_all

    if sys.stderr.isatty():
        with click.progressbar(length=0, label="translating", file=sys.stderr) as bar:
            def progress(n):
                bar.length = (bar.length or 0) + n
                bar.update(n)
            return translate_all(project, _languages(targets), engine, progress)
    return translate_all(project, _languages(targets), engine)


def _report_translation(written, reports, as_json) -> None:
    if as_json:
        _echo_json({"written": list(written.changed), "languages": [r.as_dict() for r in reports]})
    else:
        click.echo(f"{'lang':<6}{'entries':>8}{'memory':>8}{'cache':>7}{'sent':>6}{'calls':>7}{'time':>8}  route")
        for r in reports:
            click.echo(
                f"{r.language:<6}{r.entries:>8}{r.memory_hits:>8}{r.cache_hits:>7}{r.sent:>6}"
                f"{r.engine_calls:>7}{r.seconds:>7.2f}s  {r.route or '-'}"
            )


def _raise_failures(reports) -> None:
    """Exit 3 after the summary when an engine failed on some segments."""
    failed = [r for r in reports if r.failed or r.error]
    if failed:
        detail = "; ".join(f"{r.language}: {len(r.failed)} segments failed ({r.error})" for r in failed)
        raise EngineError(f"{detail}; completed translations were kept, re-run to retry the rest")


@cli.command(epilog=EPILOG)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def status(ctx, as_json):
    """Show per document and language how much is reviewed, machine-translated, untranslated.

    Example: polyglot status --json
    """
    from .pipeline import status as run_status

    with _project(ctx) as project:
        rows = run_status(project)
    if as_json:
        _echo_json([r.as_dict() for r in rows])
        return
    click.echo(f"{'document':<20}{'lang':<6}{'entries':>8}{'words':>7}{'reviewed':>10}{'machine':>9}{'untransl.':>10}{'%rev':>7}")
    for r in rows:
        s = r.stats
        if not r.exists:
            click.echo(f"{r.document:<20}{r.language:<6}  (no catalog: run 'polyglot update')")
            continue
        click.echo(
            f"{r.document:<20}{r.language:<6}{s.entries:>8}{s.words:>7}{s.reviewed:>10}{s.machine:>9}"
            f"{s.untranslated:>10}{s.percent_reviewed:>6.1f}%"
        )


@cli.command(epilog=EPILOG)
@click.option("--to", "targets", help="Only these target languages, comma-separated.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def check(ctx, targets, fmt):
    """Run quality checks on the PO files; exit 1 if an error is found.

    Example: polyglot check --format json
    """
    from .pipeline import check_all
    from .qa import format_findings

    with _project(ctx) as project:
        findings = check_all(project, _languages(targets))
    out = format_findings(findings, fmt)
    if out:
        click.echo(out)
    if any(f.severity == "error" for f in findings):
        ctx.exit(EXIT_FINDINGS)


@cli.command(epilog=EPILOG)
@click.pass_context
def build(ctx):
    """Render the bilingual site, monolingual pages and exports into the output folder.

    Example: polyglot build && xdg-open build/index.html
    """
    from .pipeline import build as run_build

    with _project(ctx, lock=True) as project:
        written = run_build(project)
        out = project.root / project.config.output_dir / "index.html"
    click.echo(f"{len(written.changed)} files written, {len(written.unchanged)} unchanged; open {out}")


@cli.command(epilog=EPILOG)
@click.option("--to", "targets", help="Only these target languages, comma-separated.")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary of all stages.")
@click.pass_context
def run(ctx, targets, engine, as_json):
    """The main job: extract, update, translate, check, build.

    Example: polyglot run
    """
    from .pipeline import build as run_build, check_all, update_all

    with _project(ctx, lock=True) as project:
        _, merges = update_all(project, _languages(targets))
        written, reports = _translate(project, targets, engine)
        findings = check_all(project, _languages(targets))
        built = run_build(project)
        index = project.root / project.config.output_dir / "index.html"
    errors = sum(f.severity == "error" for f in findings)
    if as_json:
        _echo_json({
            "update": _merge_summary(merges),
            "translate": [r.as_dict() for r in reports],
            "check": {"errors": errors, "other": len(findings) - errors},
            "build": {"written": list(built.changed), "unchanged": len(built.unchanged), "index": str(index)},
        })
    else:
        _report_translation(written, reports, False)
        click.echo(f"check: {errors} errors, {len(findings) - errors} warnings and notes (polyglot check for details)")
        click.echo(f"build: {len(built.changed)} files written; open {index}")
    _raise_failures(reports)


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
    from .models import list_packages

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
    from .models import install_from_index, install_package

    if bool(path) == bool(from_index):
        raise click.UsageError("give either PATH or --from-index FROM TO")
    if path:
        info = install_package(Path(path), _packages_dir(ctx))
    else:
        info = install_from_index(*from_index, packages_dir=_packages_dir(ctx))
    click.echo(f"installed {info.from_code}→{info.to_code} {info.version}")


def _packages_dir(ctx) -> Path | None:
    """The project's Argos packages folder, if a project with one is configured."""
    from .config import find_root, load

    try:
        cfg = load(find_root(ctx.obj["dir"]))
    except PolyglotError:
        return None
    return cfg.path(cfg.argos.packages_dir) if cfg.argos.packages_dir else None


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, mapping library errors to one line and an exit code."""
    try:
        # without standalone mode, click returns ctx.exit()'s code instead of exiting
        code = cli.main(args=argv, prog_name="polyglot", standalone_mode=False)
    except PolyglotError as exc:
        click.echo(f"polyglot: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_INPUT)
    except click.Abort:
        click.echo("polyglot: aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("polyglot: interrupted; completed work was kept", err=True)
        sys.exit(130)
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        click.echo(f"polyglot: error: {where}{exc.strerror or exc}", err=True)
        sys.exit(EXIT_INPUT)
    sys.exit(code if isinstance(code, int) else 0)
