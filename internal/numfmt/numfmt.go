// Package numfmt formats numbers for people: parameter counts in model
// summaries, tensor displays and results files.
package numfmt

import "strconv"

// Commas writes n in decimal with a comma between groups of three digits:
// 9090073 → "9,090,073", -1234 → "-1,234".
func Commas(n int) string {
	s := strconv.Itoa(n)
	digits := s
	if n < 0 {
		digits = s[1:]
	}
	b := make([]byte, 0, len(s)+len(digits)/3)
	if n < 0 {
		b = append(b, '-')
	}
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, digits[i])
	}
	return string(b)
}
