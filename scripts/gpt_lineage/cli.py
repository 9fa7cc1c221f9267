"""The `gpt-lineage` command: a thin adapter over the core rooms.

Each subcommand is one function registered with @subcommand; adding one is adding one function.
Exit codes: 0 ok, 1 data problems, 2 usage. Problems go to stderr as `path:line:col: field: message`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .loader import REGISTRY_KINDS
from .problems import DataError, Problem

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


@dataclass
class Subcommand:
    name: str
    help: str
    arguments: tuple[tuple[tuple, dict], ...]
    run: Callable[[argparse.Namespace], int]


SUBCOMMANDS: list[Subcommand] = []


def arg(*names: str, **options) -> tuple[tuple, dict]:
    """One argparse argument, as (names, options), for @subcommand."""
    return names, options


def subcommand(name: str, help: str, *arguments: tuple[tuple, dict]):
    """Register `run(args) -> exit code` as `gpt-lineage <name>`."""
    def register(run: Callable[[argparse.Namespace], int]):
        SUBCOMMANDS.append(Subcommand(name, help, arguments, run))
        return run
    return register


class UsageError(Exception):
    """A request the command refuses; printed as `error: …` with exit code 2."""


def print_problems(problems: list[Problem]) -> None:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)


_NOUNS = {"model": ("model", "models"), "abilities": ("ability", "abilities"), "methods": ("method", "methods"),
          "grades": ("grade", "grades"), "sources": ("source", "sources"),
          "glossary": ("glossary term", "glossary terms"), "claims": ("claim", "claims"),
          "benchmarks": ("benchmark", "benchmarks")}


def summary_line(documents) -> str:
    """`ok: 10 models, 14 abilities, …` — counts of what a clean data directory holds."""
    counts = {"model": sum(1 for d in documents if d.kind == "model")}
    for kind in REGISTRY_KINDS:
        counts[kind] = sum(len(d.data.get(kind) or []) for d in documents if d.kind == kind)
    parts = [f"{n} {_NOUNS[k][0] if n == 1 else _NOUNS[k][1]}" for k, n in counts.items()]
    return "ok: " + ", ".join(parts)


@subcommand("validate", "check the data files; list every problem, or print a summary when clean",
            arg("data_dir", nargs="?", default="data", help="data directory (default: data)"),
            arg("--require-zh", action="store_true",
                help="treat a text without Chinese (zh) as an error, not a warning"))
def cmd_validate(args: argparse.Namespace) -> int:
    from .translations import check_translations, warning_line
    from .validate import check

    documents, problems = check(Path(args.data_dir))
    translations = check_translations(documents)
    if args.require_zh:
        problems = sorted(set(problems) | set(translations.missing))
    if problems:
        print_problems(problems)
        return EXIT_DATA
    for missing in translations.missing:  # English first is allowed: a warning, exit 0
        print(warning_line(missing), file=sys.stderr)
    print(f"{summary_line(documents)}; {translations.summary()}")
    return EXIT_OK


@subcommand("new", "start a model file with every required field, to be filled in",
            arg("id", help="model id, also the file name (e.g. gpt-3-5-turbo)"),
            arg("--parent", required=True, help="id of the model it was trained from"),
            arg("--method", required=True, help="training method id from methods.yaml"),
            arg("--data", default="data", help="data directory (default: data)"))
def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, create_model

    try:
        path = create_model(Path(args.data), args.id, args.parent, args.method)
    except ScaffoldError as err:
        raise UsageError(str(err)) from err
    print(f"wrote {path.as_posix()}; fill in the TODOs, then run: "
          f"{_command()} validate {Path(args.data).as_posix()}")
    return EXIT_OK


def _command() -> str:
    """This command as the user can type it again: `gpt-lineage` when that is what PATH finds (the
    venv is active), else the script's path, e.g. `.venv/bin/gpt-lineage`."""
    import os
    import shutil

    script = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    found = shutil.which("gpt-lineage")
    if script is not None and found and Path(found).resolve() == script:
        return "gpt-lineage"
    if script is not None and script.name == "gpt-lineage":
        try:
            relative = Path(os.path.relpath(script)).as_posix()
        except ValueError:  # another drive (Windows)
            relative = ".."
        return script.as_posix() if relative.startswith("..") else relative
    return ".venv/bin/gpt-lineage"


EXPORT_FORMATS = {"json": "render_json", "csv": "render_csv"}


@subcommand("export", "write the data set as JSON or CSV",
            arg("--format", required=True, choices=sorted(EXPORT_FORMATS), help="output format"),
            arg("-o", "--output", help="output file (default: standard output)"),
            arg("--data", default="data", help="data directory (default: data)"))
def cmd_export(args: argparse.Namespace) -> int:
    from .lineage import load_lineage

    try:
        from .render import exports
    except ImportError as err:
        raise UsageError(f"export is not available: {err}") from err
    render = getattr(exports, EXPORT_FORMATS[args.format])
    text = render(load_lineage(Path(args.data)))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


@subcommand("generate", "write the whole site as a project that MkDocs or Zensical builds without the plugin "
            "(DIR/mkdocs.yml: English, DIR/mkdocs.zh.yml: Chinese, DIR/docs/: every page and file)",
            arg("--out", required=True, help="output directory"),
            arg("--data", default="data", help="data directory (default: data)"),
            arg("--config", help="the site's mkdocs.yml (default: the one next to the data directory, "
                                 "else ./mkdocs.yml)"))
def cmd_generate(args: argparse.Namespace) -> int:
    from .lineage import load_lineage
    from .portable import write_project
    from .render.shortcodes import ShortcodeError

    config = Path(args.config) if args.config else next(
        (c for c in (Path(args.data).resolve().parent / "mkdocs.yml", Path("mkdocs.yml")) if c.is_file()), None)
    if args.config and not config.is_file():
        raise UsageError(f"no such configuration: {config.as_posix()}")
    try:  # without a configuration: a project of the generated pages alone
        written = write_project(load_lineage(Path(args.data)), config, Path(args.out))
    except ShortcodeError as err:
        print(err, file=sys.stderr)
        return EXIT_DATA
    except ValueError as err:  # two generated pages claim one path (render.pages): one line, nothing written
        print(f"gpt-lineage generate: error: {err}", file=sys.stderr)
        return EXIT_DATA
    print(f"wrote {len(written)} files to {Path(args.out).as_posix()}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gpt-lineage", description="Validate, scaffold and export the GPT lineage data.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in SUBCOMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        for names, options in command.arguments:
            sub.add_argument(*names, **options)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # argparse: --help (0) or a usage error (2)
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except DataError as err:
        print_problems(err.problems)
        return EXIT_DATA
    except UsageError as err:
        print(f"gpt-lineage {args.command}: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        print(f"gpt-lineage {args.command}: error: {err}", file=sys.stderr)
        return EXIT_DATA


if __name__ == "__main__":
    sys.exit(main())
