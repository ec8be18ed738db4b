# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out

.PHONY: demo test install clean messages

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
	$(BIN)/linli rates --from 2024-05-30 --to 2024-08-29
	$(BIN)/linli dispatch
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

# The message catalog (graph_model/i18n.py): extract every _()/N_()/ngettext() text, add the new ones
# to the Chinese catalog, compile it. Translate the empty msgstr entries, then run it again.
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output --project=Linli -o $(VENV)/linli.pot .
	$(BIN)/pybabel -q update -i $(VENV)/linli.pot -d graph_model/locale -D linli -l zh_CN --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d graph_model/locale -D linli --statistics
