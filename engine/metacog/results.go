package metacog

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// Tolerance is the relative drift a documented number may show and still
// count as reproduced: |got − documented| ≤ Tolerance·|documented| (with a
// floor of AbsFloor, so that a documented 0 must stay within 1e-6).
const (
	Tolerance = 0.05
	AbsFloor  = 1e-6
)

// Within reports whether got reproduces documented (see Tolerance).
func Within(got, documented float64) bool {
	if math.IsNaN(got) || math.IsNaN(documented) {
		return false
	}
	return math.Abs(got-documented) <= math.Max(Tolerance*math.Abs(documented), AbsFloor)
}

// Number is one gated number of a claim: a key such as
// "auroc.all_ood.abstain_p" and its value.
type Number struct {
	Key   string
	Value float64
}

// FormatValue writes integers without decimals and other values with six.
func FormatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 6, 64)
}

// numbersHeading starts the section of a results file that the gate reads.
const numbersHeading = "## Gated numbers"

// Documented is what a committed results file states: the checkpoint it
// was computed on and its gated numbers, in file order.
type Documented struct {
	// Path is the results file.
	Path string
	// Ckpt is the checkpoint path recorded in the file ("" when none).
	Ckpt string
	// SHA256 is the checkpoint digest recorded in the file.
	SHA256 string
	// Numbers are the rows of the "Gated numbers" table.
	Numbers []Number
}

// Get returns the documented value of key.
func (d *Documented) Get(key string) (float64, bool) {
	for _, n := range d.Numbers {
		if n.Key == key {
			return n.Value, true
		}
	}
	return 0, false
}

// ReadDocumented parses a results file written by Result.Markdown: the
// "| checkpoint | `PATH` |" and "| SHA-256 | `HEX` |" rows of the header
// table and the "| key | value |" rows under "## Gated numbers". Errors
// name the file and line.
func ReadDocumented(path string) (*Documented, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := &Documented{Path: path}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	inNumbers, line := false, 0
	seen := map[string]int{}
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(s, "## ") {
			inNumbers = s == numbersHeading
			continue
		}
		cells := tableCells(s)
		if len(cells) != 2 {
			continue
		}
		key, val := cells[0], cells[1]
		if !inNumbers {
			switch key {
			case "checkpoint":
				d.Ckpt = strings.Trim(val, "`")
			case "SHA-256":
				d.SHA256 = strings.Trim(val, "`")
			}
			continue
		}
		if key == "key" || strings.HasPrefix(key, "---") {
			continue
		}
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: gated number %q: value %q is not a number", path, line, key, val)
		}
		if first, dup := seen[key]; dup {
			return nil, fmt.Errorf("%s:%d: gated number %q listed twice (first on line %d)", path, line, key, first)
		}
		seen[key] = line
		d.Numbers = append(d.Numbers, Number{Key: key, Value: v})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(d.Numbers) == 0 {
		return nil, fmt.Errorf("%s: no %q table", path, numbersHeading)
	}
	return d, nil
}

// tableCells splits a Markdown table row "| a | b |" into trimmed cells;
// nil when s is not a row.
func tableCells(s string) []string {
	if !strings.HasPrefix(s, "|") || !strings.HasSuffix(s, "|") || len(s) < 2 {
		return nil
	}
	parts := strings.Split(s[1:len(s)-1], "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// Check compares one recomputed number with its documented value.
type Check struct {
	Key string
	// Documented and Got are the two values; a key missing on one side is NaN.
	Documented, Got float64
	// OK reports Within(Got, Documented).
	OK bool
}

// Compare checks every documented number against got and every number of
// got against the documentation: a key on one side only fails.
func Compare(doc *Documented, got []Number) []Check {
	var out []Check
	have := map[string]float64{}
	for _, n := range got {
		have[n.Key] = n.Value
	}
	for _, n := range doc.Numbers {
		g, ok := have[n.Key]
		if !ok {
			g = math.NaN()
		}
		out = append(out, Check{Key: n.Key, Documented: n.Value, Got: g, OK: ok && Within(g, n.Value)})
	}
	for _, n := range got {
		if _, ok := doc.Get(n.Key); !ok {
			out = append(out, Check{Key: n.Key, Documented: math.NaN(), Got: n.Value})
		}
	}
	return out
}
