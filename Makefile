# zhl10n: `make run` and `make test` are the two set-up commands (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint typecheck clean docs review

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@$(BIN)/python -c "import opencc, sys; sys.exit(0 if hasattr(opencc, '__version__') else 'opencc-python-reimplemented is installed; zhl10n needs the official opencc binding')"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/zhl10n run

# Static HTML review pages of every article (build/review/index.html); run `make run` first.
review: $(STAMP)
	$(BIN)/zhl10n review

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/ruff format --check pipeline tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build .zhl10n-cache

# Regenerate docs/reference.md, the command reference, from the CLI (a test fails when it is stale).
docs: $(STAMP)
	$(BIN)/python -c "import pathlib; from pipeline.cli import command_reference; p = pathlib.Path('docs/reference.md'); s = p.read_text(encoding='utf-8'); a = '<!-- reference:start -->\n'; b = '<!-- reference:end -->'; i = s.index(a) + len(a); p.write_text(s[:i] + command_reference() + s[s.index(b):], encoding='utf-8')"
