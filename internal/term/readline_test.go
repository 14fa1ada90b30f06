package term

import (
	"io"
	"strings"
	"testing"
)

func TestReadLine(t *testing.T) {
	r := strings.NewReader("first\r\nsecond\n\nlast")
	for _, want := range []string{"first", "second", "", "last"} {
		got, err := readLine(r)
		if err != nil || got != want {
			t.Fatalf("readLine = %q, %v; want %q", got, err, want)
		}
	}
	if got, err := readLine(r); err != io.EOF || got != "" {
		t.Fatalf("at the end: %q, %v; want \"\", io.EOF", got, err)
	}
}

// A line is read without consuming what follows it.
func TestReadLineLeavesTheRest(t *testing.T) {
	r := strings.NewReader("a\nrest")
	if _, err := readLine(r); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(r)
	if string(rest) != "rest" {
		t.Fatalf("left %q, want %q", rest, "rest")
	}
}
