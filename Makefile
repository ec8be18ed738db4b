# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out

.PHONY: demo test install clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/linli validate
	$(BIN)/linli stats
	$(BIN)/linli overview
	$(BIN)/linli map --layer circle --out $(OUT)/daoyi-circle.html
	$(BIN)/linli map --layer coverage --out $(OUT)/daoyi-coverage.html

test: $(STAMP)
	scripts/run-tests -q

clean:
	rm -rf $(VENV) $(OUT)
