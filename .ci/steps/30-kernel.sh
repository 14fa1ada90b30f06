#!/usr/bin/env bash
# The Jupyter kernel end to end: the wire decoder's fuzz test, then the
# binary installed as a kernelspec and driven by the Jupyter project's own
# tools — the conformance suite (jupyter_kernel_test), a notebook executed by
# nbconvert, and jupyter console. Fails, never skips, when a tool is missing.
set -euo pipefail
py=/usr/bin/python3
for mod in jupyter_kernel_test jupyter_client nbformat nbclient nbconvert jupyter_console ipykernel; do
  "$py" -c "import $mod" 2>/dev/null || { echo "required Python module $mod is missing (see .ci/steps/00-apt.sh)" >&2; exit 1; }
done
command -v jupyter >/dev/null || { echo "jupyter is missing" >&2; exit 1; }

echo "--- fuzz the wire decoder"
go test -run '^$' -fuzz '^FuzzDecode$' -fuzztime 10s ./kernel/wire
echo "--- fuzz the raw byte stream into a live kernel's socket"
go test -run '^$' -fuzz '^FuzzWireStream$' -fuzztime 10s ./kernel

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "--- build and install the kernelspec into $work/prefix"
go build -o "$work/bin/trigo" ./cmd/trigo
"$work/bin/trigo" install --prefix "$work/prefix" --name trigo
export JUPYTER_PATH="$work/prefix/share/jupyter"
export XDG_DATA_HOME="$work/data"   # the kernel's history file
export JUPYTER_RUNTIME_DIR="$work/runtime"
jupyter kernelspec list | grep -q "trigo *$work/prefix" || { jupyter kernelspec list; echo "kernelspec not found" >&2; exit 1; }
export PYDEVD_DISABLE_FILE_VALIDATION=1

echo "--- conformance suite"
"$py" tools/kernel_conformance.py -v

echo "--- a notebook through nbconvert"
"$py" -m nbconvert --execute --to notebook --ExecutePreprocessor.kernel_name=trigo \
  --ExecutePreprocessor.timeout=120 --output-dir "$work" tools/kernel_smoke.ipynb
"$py" - "$work/kernel_smoke.ipynb" <<'PY'
import sys
import nbformat

nb = nbformat.read(sys.argv[1], 4)
nbformat.validate(nb)
got = []
for cell in nb.cells:
    outs = []
    for o in cell.outputs:
        if o.output_type == "stream":
            outs.append(("stream", o.text))
        elif o.output_type == "error":
            outs.append(("error", o.ename + ": " + o.evalue))
        else:
            outs.append((o.output_type, dict(o.data)))
    got.append(outs)
want = [
    [("stream", "gogogo\n")],
    [("execute_result", {"text/plain": "21.5°C"})],
    [("display_data", {"text/markdown": "**bold** text", "text/plain": "**bold** text"})],
    [("execute_result", {"text/html": "<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>",
                         "text/plain": "a  1\nb  2"})],
    [("display_data", {"text/plain": "step 3 of 3"})],
    [("execute_result", {"text/plain": "[0 1 4 9]"})],
]
if got != want:
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            print(f"cell {i}: got {g!r}\n        want {w!r}", file=sys.stderr)
    sys.exit("the executed notebook's outputs differ")
print("notebook outputs as expected")
PY

echo "--- jupyter console"
out=$(printf 'x := 40\nx + 2\nimport "fmt"\nfmt.Println("hi from console")\n' |
  timeout 120 jupyter console --kernel=trigo --simple-prompt 2>/dev/null)
echo "$out"
grep -q "Out\[2\]: 42" <<<"$out" || { echo "jupyter console: no Out[2]: 42" >&2; exit 1; }
grep -q "hi from console" <<<"$out" || { echo "jupyter console: no printed line" >&2; exit 1; }
echo "--- the widget protocol (comms, ipywidgets 8 messages) through jupyter_client"
timeout 300 "$py" tools/widget_protocol.py --kernel trigo --timeout 240
echo "kernel checks passed"
