package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image"
	_ "image/jpeg" // DecodeConfig of JPEG data
	"image/png"
	"reflect"
	"regexp"
	"strings"
)

// The interfaces a value can implement to render itself. Interpreted types
// satisfy them too: the generated symbol tables hold wrappers for them.
type (
	// MIMEBundler returns every representation at once; values are in
	// notebook form (see Bundle), except that []byte values are
	// base64-encoded for you.
	MIMEBundler interface{ MIMEBundle() map[string]any }
	// HTMLer renders as text/html.
	HTMLer interface{ HTML() string }
	// Markdowner renders as text/markdown.
	Markdowner interface{ Markdown() string }
	// SVGer renders as image/svg+xml.
	SVGer interface{ SVG() string }
	// PNGer renders as image/png; PNG returns the encoded bytes.
	PNGer interface{ PNG() []byte }
	// JPEGer renders as image/jpeg; JPEG returns the encoded bytes.
	JPEGer interface{ JPEG() []byte }
	// JSONer renders as application/json.
	JSONer interface{ JSON() any }
	// Latexer renders as text/latex.
	Latexer interface{ Latex() string }
)

// Renderers lists the interfaces Of looks for, richest first. The kernel
// hands it to the interpreter so that an interpreted value passed to
// Display or Of is wrapped as the first of these that its type implements.
func Renderers() []reflect.Type {
	return []reflect.Type{
		reflect.TypeOf((*MIMEBundler)(nil)).Elem(),
		reflect.TypeOf((*HTMLer)(nil)).Elem(),
		reflect.TypeOf((*Markdowner)(nil)).Elem(),
		reflect.TypeOf((*SVGer)(nil)).Elem(),
		reflect.TypeOf((*PNGer)(nil)).Elem(),
		reflect.TypeOf((*JPEGer)(nil)).Elem(),
		reflect.TypeOf((*JSONer)(nil)).Elem(),
		reflect.TypeOf((*Latexer)(nil)).Elem(),
		reflect.TypeOf((*image.Image)(nil)).Elem(),
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	}
}

// Of returns the MIME bundle of v: every representation its methods offer
// (see the package documentation), plus text/plain, which is String() when
// v has it, the text of its HTML when it has only that (a table reads as
// rows of cells), and fmt's %v otherwise. A value with MIMEBundle chooses
// its representations itself: its other methods are not consulted (a
// figure offers PNG only, though it has an SVG method). A Bundle is
// returned as it is.
func Of(v any) Bundle {
	switch x := v.(type) {
	case Bundle:
		return x
	case nil:
		return Bundle{MIMEText: "<nil>"}
	}
	b := Bundle{}
	if m, ok := v.(MIMEBundler); ok {
		for k, d := range m.MIMEBundle() {
			if raw, ok := d.([]byte); ok {
				d = base64.StdEncoding.EncodeToString(raw)
			}
			b[k] = d
		}
		if _, done := b[MIMEText]; !done {
			b[MIMEText] = TextOf(v)
		}
		return b
	}
	set := func(mime string, d any) {
		if _, done := b[mime]; !done {
			b[mime] = d
		}
	}
	if x, ok := v.(HTMLer); ok {
		set(MIMEHTML, x.HTML())
	}
	if x, ok := v.(Markdowner); ok {
		set(MIMEMarkdown, x.Markdown())
	}
	if x, ok := v.(SVGer); ok {
		set(MIMESVG, x.SVG())
	}
	if x, ok := v.(PNGer); ok {
		set(MIMEPNG, base64.StdEncoding.EncodeToString(x.PNG()))
	}
	if x, ok := v.(JPEGer); ok {
		set(MIMEJPEG, base64.StdEncoding.EncodeToString(x.JPEG()))
	}
	if x, ok := v.(JSONer); ok {
		set(MIMEJSON, jsonValue(x.JSON()))
	}
	if x, ok := v.(Latexer); ok {
		set(MIMELatex, x.Latex())
	}
	if img, ok := v.(image.Image); ok {
		if _, done := b[MIMEPNG]; !done {
			var buf bytes.Buffer
			if err := png.Encode(&buf, img); err == nil {
				b[MIMEPNG] = base64.StdEncoding.EncodeToString(buf.Bytes())
				r := img.Bounds()
				set(MIMEText, fmt.Sprintf("<image %dx%d>", r.Dx(), r.Dy()))
			}
		}
	}
	if _, done := b[MIMEText]; !done {
		_, stringer := v.(fmt.Stringer)
		if h, ok := b[MIMEHTML].(string); ok && !stringer {
			b[MIMEText] = htmlText(h)
		} else {
			b[MIMEText] = TextOf(v)
		}
	}
	return b
}

var (
	htmlDrop  = regexp.MustCompile(`(?is)<(style|script)\b.*?</(style|script)>`)
	htmlImg   = regexp.MustCompile(`(?i)<img\b[^>]*>`)
	htmlBreak = regexp.MustCompile(`(?i)<br\s*/?>|</(p|div|tr|li|h[1-6]|table|thead|tbody|pre)>`)
	htmlCell  = regexp.MustCompile(`(?i)</t[dh]>`)
	htmlTag   = regexp.MustCompile(`<[^>]*>`)
)

// htmlText is the text of an HTML fragment for a text-only frontend
// (jupyter console): table rows on lines with cells separated by two
// spaces, images as "[image]", tags dropped, entities decoded.
func htmlText(s string) string {
	s = htmlDrop.ReplaceAllString(s, "")
	s = htmlImg.ReplaceAllString(s, "[image]")
	s = htmlBreak.ReplaceAllString(s, "\n")
	s = htmlCell.ReplaceAllString(s, "  ")
	s = html.UnescapeString(htmlTag.ReplaceAllString(s, ""))
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// TextOf is the text/plain form of v: String() when v has it, %v otherwise.
// An interpreted value the interpreter wrapped for one of the Renderers is
// unwrapped first.
func TextOf(v any) string {
	if s, ok := v.(fmt.Stringer); ok {
		return safeString(s)
	}
	if e, ok := v.(error); ok {
		return e.Error()
	}
	v = unwrap(v)
	if reflect.ValueOf(v).Kind() == reflect.Func {
		return fmt.Sprintf("%T", v)
	}
	return fmt.Sprintf("%v", v)
}

func safeString(s fmt.Stringer) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprintf("<String panicked: %v>", r)
		}
	}()
	return s.String()
}

// unwrap returns the interpreted value inside a wrapper generated by yaegi
// extract (a struct whose first field is IValue).
func unwrap(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct || rv.NumField() == 0 {
		return v
	}
	t := rv.Type()
	if t.Field(0).Name != "IValue" || !strings.HasPrefix(t.Name(), "_") {
		return v
	}
	return rv.Field(0).Interface()
}

// Text returns the text/plain entry of b, or a short description of what
// b holds when it has none.
func (b Bundle) Text() string {
	if t, ok := b[MIMEText].(string); ok {
		return t
	}
	for mime := range b {
		return placeholder(mime, -1)
	}
	return ""
}

func placeholder(mime string, size int) string {
	if size < 0 {
		return "<" + mime + ">"
	}
	return fmt.Sprintf("<%s, %d bytes>", mime, size)
}

func imageBundle(mime string, data []byte) Bundle {
	b := Bundle{MIMEText: placeholder(mime, len(data))}
	b[mime] = base64.StdEncoding.EncodeToString(data)
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		b[MIMEText] = fmt.Sprintf("<image %dx%d>", cfg.Width, cfg.Height)
	}
	return b
}

// jsonValue turns v into plain JSON data (maps, slices, numbers...) so that
// a front-end receives an object, not a string.
func jsonValue(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return map[string]any{"error": err.Error()}
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		return map[string]any{"error": err.Error()}
	}
	return out
}

func jsonBundle(v any) Bundle {
	j := jsonValue(v)
	text, _ := json.MarshalIndent(j, "", "  ")
	return Bundle{MIMEJSON: j, MIMEText: string(text)}
}
