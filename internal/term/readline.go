// Package term reads answers to input prompts from a terminal or pipe, for
// the hosts that run cells and scripts outside a notebook (kernel/display's
// fallback and trigo run).
package term

import (
	"fmt"
	"io"
	"os"
	"sync"
)

var mu sync.Mutex // one prompt at a time: their bytes must not interleave

// ReadLine writes prompt to os.Stdout and reads one line from os.Stdin,
// without its "\n" or "\r\n". It reads a byte at a time so that nothing
// after the line is consumed (a later prompt, or the script, reads it). A
// last line without a newline is returned with a nil error; at the end of
// input with nothing read it returns the reader's error (io.EOF).
func ReadLine(prompt string) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	fmt.Fprint(os.Stdout, prompt)
	return readLine(os.Stdin)
}

func readLine(r io.Reader) (string, error) {
	var line []byte
	var b [1]byte
	for {
		n, err := r.Read(b[:])
		if n == 1 {
			if b[0] == '\n' {
				break
			}
			line = append(line, b[0])
		}
		if err != nil {
			if len(line) > 0 {
				break
			}
			return "", err
		}
	}
	if l := len(line); l > 0 && line[l-1] == '\r' {
		line = line[:l-1]
	}
	return string(line), nil
}
