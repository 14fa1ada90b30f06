#!/usr/bin/env bash
# Notebooks: the headless runner's tests; every notebook in notebooks/ run
# with `trigo run` at small parameters and the written notebook validated
# with nbformat; then each one executed in real Jupyter through the installed
# trigo kernel (nbconvert --execute). The runner's test notebook runs both
# ways and their outputs must agree.
set -euo pipefail
py=/usr/bin/python3
"$py" -c 'import nbformat, nbconvert' || { echo "python3-nbformat and python3-nbconvert are required (see 00-apt.sh)" >&2; exit 1; }

go test ./kernel/notebook ./kernel/display

tmp=$(mktemp -d)
trap 'rm -rf "$tmp" notebooks/.ci-*.ipynb' EXIT
go build -o "$tmp/trigo" ./cmd/trigo
"$tmp/trigo" install --prefix "$tmp/jupyter" >/dev/null
export JUPYTER_PATH="$tmp/jupyter/share/jupyter"
export XDG_DATA_HOME="$tmp/data" # the kernel's history file
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export PYDEVD_DISABLE_FILE_VALIDATION=1

# check NB [errors-allowed]: valid nbformat 4.5 with cell ids, every code
# cell executed, no error output unless allowed.
check() {
  "$py" - "$@" <<'EOF'
import sys, nbformat
path = sys.argv[1]
allow_errors = len(sys.argv) > 2
nb = nbformat.read(path, as_version=4)
nbformat.validate(nb)
assert nb.nbformat == 4 and nb.nbformat_minor >= 5, f"{path}: nbformat {nb.nbformat}.{nb.nbformat_minor}"
assert nb.metadata.kernelspec.name == "trigo", f"{path}: kernelspec {nb.metadata.get('kernelspec')}"
for i, c in enumerate(nb.cells):
    if c.cell_type != "code" or not c.source.strip():
        continue
    errors = [o for o in c.outputs if o.output_type == "error"]
    if errors and not allow_errors:
        sys.exit(f"{path}: cell {i} failed: {errors[0].ename}: {errors[0].evalue}")
    if c.execution_count is None and not allow_errors:
        sys.exit(f"{path}: cell {i} was not executed")
EOF
}

nbconvert() { # IN OUT [extra flags]
  local in=$1 out=$2
  shift 2
  "$py" -m nbconvert --execute --to notebook --ExecutePreprocessor.timeout=600 \
    --ExecutePreprocessor.kernel_name=trigo "$@" --output "$out" "$in" 2>"$tmp/nbconvert.log" ||
    { cat "$tmp/nbconvert.log" >&2; return 1; }
}

# The runner's test notebook: a parameter, displays updated in place,
# clear_output, and an error cell, which must fail the run (status 1) and
# still leave a valid notebook.
echo "--- trigo run: the runner's test notebook (fails in its error cell)"
rc=0
"$tmp/trigo" run kernel/notebook/testdata/runner.ipynb -o "$tmp/runner.ipynb" -p steps=2 -q 2>"$tmp/run.log" || rc=$?
if [ "$rc" -ne 1 ] || ! grep -q 'cell 10 (In \[9\]: var xs \[\]int) failed' "$tmp/run.log"; then
  echo "trigo run: want exit status 1 naming the failing cell, got $rc:" >&2
  cat "$tmp/run.log" >&2
  exit 1
fi
check "$tmp/runner.ipynb" errors-allowed
# The same notebook (with its injected parameters) through Jupyter: the
# outputs of every cell up to the error are the same.
echo "--- the same notebook in Jupyter: same outputs"
nbconvert "$tmp/runner.ipynb" "$tmp/runner.jupyter.ipynb" --allow-errors
"$py" - "$tmp/runner.ipynb" "$tmp/runner.jupyter.ipynb" <<'EOF'
import sys, nbformat
a, b = (nbformat.read(p, as_version=4) for p in sys.argv[1:])
def outs(c):
    return [(o.output_type, o.get("name"), o.get("text"), o.get("ename"), o.get("evalue"),
             {k: v for k, v in o.get("data", {}).items()}) for o in c.outputs]
for i, (ca, cb) in enumerate(zip(a.cells, b.cells)):
    if ca.cell_type != "code" or ca.execution_count is None:
        continue
    if outs(ca) != outs(cb):
        sys.exit(f"cell {i}: trigo run and Jupyter differ:\n  {outs(ca)}\n  {outs(cb)}")
EOF

# figures NB MIN: NB exported by nbconvert to HTML (default settings) shows
# every figure: each image output is PNG, appears in the HTML as an <img>
# with its PNG data, and none carries SVG (nbconvert prefers SVG, and its
# export showed Trigo's SVG figures blank); NB has at least MIN figures.
figures() {
  local nb=$1 min=$2 html
  html="$tmp/html/$(basename "$nb" .ipynb).html"
  "$py" -m nbconvert --to html --output-dir "$tmp/html" --output "$(basename "$html")" "$nb" 2>"$tmp/nbconvert.log" ||
    { cat "$tmp/nbconvert.log" >&2; return 1; }
  "$py" - "$nb" "$html" "$min" <<'EOF'
import re, sys, nbformat
path, html, least = sys.argv[1], open(sys.argv[2]).read(), int(sys.argv[3])
nb = nbformat.read(path, as_version=4)
imgs = {re.sub(r"\s", "", m) for m in re.findall(r'<img[^>]*src="data:image/png;base64,([^"]+)"', html)}
n = 0
for i, c in enumerate(nb.cells):
    for o in c.get("outputs", []):
        data = o.get("data", {})
        if "image/svg+xml" in data:
            sys.exit(f"{path}: cell {i}: an output carries image/svg+xml, which nbconvert's HTML shows blank")
        if "image/png" in data:
            n += 1
            if re.sub(r"\s", "", data["image/png"]) not in imgs:
                sys.exit(f"{path}: cell {i}: a PNG figure is missing from the HTML export")
if n < least:
    sys.exit(f"{path}: {n} figures, want at least {least}")
print(f"{path}: {n} figures in the HTML export as PNG")
EOF
}

# The report of trigo run --html: one self-contained page holding every
# PNG figure of the executed notebook as <img src="data:image/png;base64,…">,
# at least $3 of them, and no external resource.
html_report() {
  python3 - "$1" "$2" "$3" <<'EOF'
import json, re, sys
nb_path, html_path, least = sys.argv[1], sys.argv[2], int(sys.argv[3])
page = open(html_path, encoding="utf-8").read()
imgs = set(re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page))
n = 0
for i, c in enumerate(json.load(open(nb_path))["cells"]):
    for o in c.get("outputs", []):
        png = o.get("data", {}).get("image/png")
        if png is None:
            continue
        n += 1
        if re.sub(r"\s", "", "".join(png)) not in imgs:
            sys.exit(f"{html_path}: the PNG of cell {i} is not inline in the report")
if n < least:
    sys.exit(f"{html_path}: {n} figures, want at least {least}")
if re.search(r'<(script|link)\b|src="https?:', page):
    sys.exit(f"{html_path}: the report loads something from outside (a script, link or remote src)")
print(f"{html_path}: self-contained, {n} figures inline as PNG")
EOF
}

# Every notebook, at small parameters.
params() {
  case "$1" in
  00_quickstart) echo "-p steps=2" ;;
  05_train_fp32_vs_ternary) echo "-p steps=2 -p batch=2 -p seqLen=32" ;;
  07_router_distributions) echo "-p perRegime=4" ;;
  08_negative_results) echo "-p reps=100 -p n1Sets=probe_210.jsonl -p n2Steps=4 -p n2Seeds=2 -p n2EvalEvery=2 -p n4Steps=2 -p n4PerRegime=2" ;;
  esac
}
shopt -s nullglob
for nb in notebooks/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  echo "--- $nb: trigo run $(params "$name"), then Jupyter"
  # shellcheck disable=SC2046
  "$tmp/trigo" run "$nb" -o "$tmp/$name.ipynb" --html "$tmp/$name.html" --timeout 10m -q $(params "$name")
  check "$tmp/$name.ipynb"
  # 08 at these parameters (one prompt set) draws 8 figures; the full run more.
  html_report "$tmp/$name.ipynb" "$tmp/$name.html" "$([ "$name" = 08_negative_results ] && echo 8 || echo 0)"
  # In Jupyter, from the notebook trigo run wrote (it carries the injected
  # parameters cell); cells run in the notebook's folder there too.
  cp "$tmp/$name.ipynb" "notebooks/.ci-$name.ipynb"
  nbconvert "notebooks/.ci-$name.ipynb" "$tmp/$name.jupyter.ipynb"
  rm -f "notebooks/.ci-$name.ipynb"
  check "$tmp/$name.jupyter.ipynb"
  figures "$tmp/$name.jupyter.ipynb" "$([ "$name" = 00_quickstart ] && echo 2 || echo 0)"
done

echo "--- a Go script"
# A Go script: cells split at "// %%", parameters, values printed as text.
cat >"$tmp/script.go" <<'EOF'
package main

import "fmt"

// %% tags=["parameters"]
n := 2

// %%
fmt.Println("n is", n)
n * 21
EOF
out=$("$tmp/trigo" run "$tmp/script.go" -p n=1)
[ "$out" = $'n is 1\n21' ] || { echo "trigo run script.go printed: $out" >&2; exit 1; }
echo "notebook checks passed"
