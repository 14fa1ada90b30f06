package exec

import (
	"go/scanner"
	"go/token"
	"strings"
)

// IsComplete tells a console whether code is a finished cell: "complete"
// (run it), "incomplete" (wait for more lines; indent is what the next line
// should start with) or "invalid" (running it can only fail to parse).
func IsComplete(code string) (status, indent string) {
	if strings.TrimSpace(code) == "" {
		return "complete", ""
	}
	// Magic lines are not Go: a cell magic waits for its body, the rest
	// of the cell is judged without them.
	if ms := findMagics(code); len(ms) > 0 {
		if strings.HasPrefix(ms[0].text, "%%") && strings.TrimSpace(code[ms[0].end:]) == "" {
			return "incomplete", ""
		}
		code = blankExcept(code, func(off int) bool {
			for _, m := range ms {
				if off >= m.start && off < m.end {
					return false
				}
			}
			return true
		})
		if strings.TrimSpace(code) == "" {
			return "complete", ""
		}
	}
	// Open brackets, unterminated strings and comments, or a line that
	// ends in an operator: the cell goes on.
	var errs scanner.ErrorList
	var s scanner.Scanner
	fset := token.NewFileSet()
	src := []byte(code)
	s.Init(fset.AddFile("", -1, len(src)), src, func(pos token.Position, msg string) { errs.Add(pos, msg) }, scanner.ScanComments)
	depth := 0
	last := token.ILLEGAL
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		switch t {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		}
		if depth < 0 {
			return "invalid", ""
		}
		if t == token.COMMENT || (t == token.SEMICOLON && lit == "\n") {
			continue
		}
		last = t
	}
	for _, e := range errs {
		if strings.Contains(e.Msg, "not terminated") {
			return "incomplete", strings.Repeat("    ", depth)
		}
	}
	if len(errs) > 0 {
		return "invalid", ""
	}
	if depth > 0 {
		return "incomplete", strings.Repeat("    ", depth)
	}
	if continues(last) {
		return "incomplete", "    "
	}
	if _, err := splitCell(code); err != nil {
		if se, ok := err.(*SyntaxError); ok && se.Incomplete {
			return "incomplete", ""
		}
		return "invalid", ""
	}
	return "complete", ""
}

// continues reports whether a line ending in t goes on on the next line
// (no semicolon is inserted after it).
func continues(t token.Token) bool {
	switch t {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR,
		token.XOR, token.SHL, token.SHR, token.AND_NOT, token.LAND, token.LOR,
		token.EQL, token.NEQ, token.LSS, token.GTR, token.LEQ, token.GEQ,
		token.ASSIGN, token.DEFINE, token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN,
		token.QUO_ASSIGN, token.REM_ASSIGN, token.AND_ASSIGN, token.OR_ASSIGN,
		token.XOR_ASSIGN, token.SHL_ASSIGN, token.SHR_ASSIGN, token.AND_NOT_ASSIGN,
		token.ARROW, token.COMMA, token.PERIOD, token.COLON, token.NOT:
		return true
	}
	return false
}
