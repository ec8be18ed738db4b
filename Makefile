# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out

.PHONY: demo test install clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing Linli and its dependencies into $(VENV) (log: $(VENV)/install.log) ..."
	@$(BIN)/python -m pip install --upgrade pip > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(BIN)/python -m pip install -e '.[test]' >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
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

# The scale benchmarks (bench/README.md): a 200-subdistrict city, < 30 min; --quick: 15 subdistricts, < 3 min.
.PHONY: bench bench-quick
bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf $(VENV) $(OUT)
