package notebook

import (
	"html"
	"regexp"
	"strings"
)

// MarkdownHTML renders the Markdown of a notebook's markdown cells to
// HTML for the report of WriteHTML. It covers what notebooks here use —
// ATX headings, paragraphs, fenced code, bullet and numbered lists (one
// level; indented lines continue an item), block quotes, pipe tables,
// rules, and inline code, bold, italic, links and images — not all of
// CommonMark. Raw HTML in the Markdown is escaped, never passed through.
func MarkdownHTML(src string) string {
	var b strings.Builder
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); {
		line := lines[i]
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
			i++
		case strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~"):
			fence := trim[:3]
			lang := strings.TrimSpace(trim[3:])
			i++
			var code []string
			for i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), fence) {
				code = append(code, lines[i])
				i++
			}
			i++ // the closing fence (or the end)
			cls := ""
			if lang != "" {
				cls = ` class="language-` + html.EscapeString(lang) + `"`
			}
			b.WriteString("<pre><code" + cls + ">" + html.EscapeString(strings.Join(code, "\n")) + "</code></pre>\n")
		case headingRE.MatchString(trim):
			m := headingRE.FindStringSubmatch(trim)
			n := string(rune('0' + len(m[1])))
			text := strings.TrimSpace(strings.TrimRight(m[2], "#"))
			b.WriteString("<h" + n + ">" + inline(text) + "</h" + n + ">\n")
			i++
		case ruleRE.MatchString(trim):
			b.WriteString("<hr>\n")
			i++
		case strings.HasPrefix(trim, ">"):
			var q []string
			for i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), ">") {
				q = append(q, strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(lines[i]), ">"), " "))
				i++
			}
			b.WriteString("<blockquote>\n" + MarkdownHTML(strings.Join(q, "\n")) + "</blockquote>\n")
		case isTableStart(lines, i):
			i = table(&b, lines, i)
		case bulletRE.MatchString(line) || orderedRE.MatchString(line):
			i = list(&b, lines, i)
		default:
			var para []string
			for i < len(lines) && strings.TrimSpace(lines[i]) != "" && !startsBlock(lines, i) {
				para = append(para, strings.TrimSpace(lines[i]))
				i++
			}
			if len(para) == 0 { // a line startsBlock accepts but no case above took
				para, i = append(para, trim), i+1
			}
			b.WriteString("<p>" + inline(strings.Join(para, "\n")) + "</p>\n")
		}
	}
	return b.String()
}

var (
	headingRE = regexp.MustCompile(`^(#{1,6})\s+(.*)$`)
	ruleRE    = regexp.MustCompile(`^(-{3,}|\*{3,}|_{3,})$`)
	bulletRE  = regexp.MustCompile(`^\s{0,3}[-*+]\s+`)
	orderedRE = regexp.MustCompile(`^\s{0,3}\d{1,9}[.)]\s+`)
	alignRE   = regexp.MustCompile(`^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$`)
)

// startsBlock reports whether line i starts a block other than a
// paragraph, which ends a paragraph running into it.
func startsBlock(lines []string, i int) bool {
	t := strings.TrimSpace(lines[i])
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") || headingRE.MatchString(t) ||
		ruleRE.MatchString(t) || strings.HasPrefix(t, ">") || isTableStart(lines, i) ||
		bulletRE.MatchString(lines[i]) || orderedRE.MatchString(lines[i])
}

// isTableStart: a row of cells followed by the alignment row.
func isTableStart(lines []string, i int) bool {
	return strings.Contains(lines[i], "|") && i+1 < len(lines) &&
		strings.Contains(lines[i+1], "-") && alignRE.MatchString(strings.TrimSpace(lines[i+1]))
}

// cells splits a table row at unescaped pipes outside code spans.
func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	var out []string
	var cur strings.Builder
	code := false
	for i := 0; i < len(row); i++ {
		c := row[i]
		switch {
		case c == '\\' && i+1 < len(row) && row[i+1] == '|':
			cur.WriteByte('|')
			i++
		case c == '`':
			code = !code
			cur.WriteByte(c)
		case c == '|' && !code:
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, strings.TrimSpace(cur.String()))
}

func table(b *strings.Builder, lines []string, i int) int {
	head := cells(lines[i])
	var align []string
	for _, a := range cells(lines[i+1]) {
		switch {
		case strings.HasPrefix(a, ":") && strings.HasSuffix(a, ":"):
			align = append(align, ` style="text-align:center"`)
		case strings.HasSuffix(a, ":"):
			align = append(align, ` style="text-align:right"`)
		default:
			align = append(align, "")
		}
	}
	at := func(j int) string {
		if j < len(align) {
			return align[j]
		}
		return ""
	}
	b.WriteString("<table>\n<thead><tr>")
	for j, h := range head {
		b.WriteString("<th" + at(j) + ">" + inline(h) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	i += 2
	for i < len(lines) && strings.TrimSpace(lines[i]) != "" && strings.Contains(lines[i], "|") {
		b.WriteString("<tr>")
		for j, c := range cells(lines[i]) {
			b.WriteString("<td" + at(j) + ">" + inline(c) + "</td>")
		}
		b.WriteString("</tr>\n")
		i++
	}
	b.WriteString("</tbody>\n</table>\n")
	return i
}

func list(b *strings.Builder, lines []string, i int) int {
	re, tag := bulletRE, "ul"
	if orderedRE.MatchString(lines[i]) {
		re, tag = orderedRE, "ol"
	}
	b.WriteString("<" + tag + ">\n")
	for i < len(lines) && re.MatchString(lines[i]) {
		item := []string{strings.TrimSpace(re.ReplaceAllString(lines[i], ""))}
		i++
		// Continuation lines: indented, or plain text running on (lazy).
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" && !re.MatchString(lines[i]) &&
			(strings.HasPrefix(lines[i], " ") || !startsBlock(lines, i)) {
			item = append(item, strings.TrimSpace(lines[i]))
			i++
		}
		b.WriteString("<li>" + inline(strings.Join(item, "\n")) + "</li>\n")
	}
	b.WriteString("</" + tag + ">\n")
	return i
}

var (
	imageRE  = regexp.MustCompile(`!\[([^\]]*)\]\(([^)\s]+)\)`)
	linkRE   = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	boldRE   = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__`)
	italicRE = regexp.MustCompile(`(^|[^\w*])\*([^*\s][^*]*)\*|(^|[^\w])_([^_\s][^_]*)_([^\w]|$)`)
)

// inline renders the inline Markdown of one block: code spans first (their
// text is literal), then the rest escaped and marked up.
func inline(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], '`')
		if j < 0 {
			break
		}
		b.WriteString(spans(s[:i]))
		b.WriteString("<code>" + html.EscapeString(s[i+1:i+1+j]) + "</code>")
		s = s[i+j+2:]
	}
	b.WriteString(spans(s))
	return b.String()
}

// spans marks up text outside code spans: escapes, then images, links,
// bold and italic.
func spans(s string) string {
	s = html.EscapeString(s)
	s = imageRE.ReplaceAllStringFunc(s, func(m string) string {
		p := imageRE.FindStringSubmatch(m)
		return `<img alt="` + p[1] + `" src="` + safeURL(p[2]) + `">`
	})
	s = linkRE.ReplaceAllStringFunc(s, func(m string) string {
		p := linkRE.FindStringSubmatch(m)
		return `<a href="` + safeURL(p[2]) + `">` + p[1] + `</a>`
	})
	s = boldRE.ReplaceAllString(s, "<strong>$1$2</strong>")
	return italicRE.ReplaceAllString(s, "$1$3<em>$2$4</em>$5")
}

// safeURL keeps a link or image target (already HTML-escaped) that is
// relative or http(s), mailto, attachment or a data:image URL, and
// replaces any other scheme (javascript:, data:text/html, …) with "#".
func safeURL(u string) string {
	l := strings.ToLower(strings.TrimSpace(u))
	i := strings.IndexByte(l, ':')
	if i <= 0 || strings.ContainsAny(l[:i], "/?#") {
		return u // relative
	}
	switch l[:i] {
	case "http", "https", "mailto", "attachment":
		return u
	case "data":
		if strings.HasPrefix(l, "data:image/") {
			return u
		}
	}
	return "#"
}
