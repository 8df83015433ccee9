"""Usage errors of every command, through the installed entry point ``main``.

Each is one ``error:`` line on stderr, nothing on stdout, exit status 2: an unknown
option, an option without its value, an extra argument, a value of the wrong type and
a choice that is not offered.  The commands are discovered from the app, so a new
command is covered without being listed here.
"""

import sys

import pytest
import typer

from coupling_sym.cli import app, main

COMMANDS = typer.main.get_command(app).commands


def _valued_option(command) -> str:
    return next(param.opts[0] for param in command.params
                if not param.is_flag and param.opts and param.opts[0].startswith("--"))


def _int_option(command) -> str | None:
    def annotation(param):
        descriptor = getattr(param, "type_descriptor", None)      # Typer >= 0.24
        return descriptor.annotation if descriptor is not None else getattr(getattr(param, "type", None),
                                                                            "name", None)

    return next((param.opts[0] for param in command.params
                 if annotation(param) in (int, "integer") and param.opts), None)


def _run(monkeypatch, capsys, args):
    import signal

    monkeypatch.setattr(sys, "argv", ["coupling-sym", *args])
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:                                              # main() installs the CLI's own handlers
        with pytest.raises(SystemExit) as info:
            main()
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    captured = capsys.readouterr()
    return info.value.code, captured.out, captured.err


def _cases():
    for name, command in sorted(COMMANDS.items()):
        yield name, [name, "--bogus"], "No such option: --bogus"
        option = _valued_option(command)
        yield name, [name, option], f"Option '{option}' requires an argument"
        integer = _int_option(command)
        if integer is not None:
            yield name, [name, integer, "x"], f"Invalid value for '{integer}'"


@pytest.mark.parametrize("name, args, text", list(_cases()))
def test_usage_errors_are_one_line_with_exit_2(monkeypatch, capsys, name, args, text):
    code, out, err = _run(monkeypatch, capsys, args)
    lines = err.strip().splitlines()
    assert code == 2 and out == ""
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], err


@pytest.mark.parametrize("args, line", [
    (["sweep", "--la", "2", "--lb", "3", "--l0", "3", "--colour", "pink"],
     "error: --colour must be outcome or loss; got 'pink'"),
    (["sweep", "--la", "2", "--lb", "3", "--l0", "3", "--init", "random"],
     "error: init must be one of stage0, one-per-stage; got 'random'"),
    (["experiment", "--set", "policy=fifo"],
     "error: policy must be one of least-progress, proportional; got 'fifo'"),
])
def test_a_choice_not_offered_is_one_line_with_exit_2(monkeypatch, capsys, args, line):
    code, out, err = _run(monkeypatch, capsys, args)
    assert code == 2 and out == "" and err.strip().splitlines() == [line]
