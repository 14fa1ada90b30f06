package kernel

import (
	"strings"
	"testing"
	"time"
)

// language_info.version is the Go cells accept (Yaegi's), not the Go the
// kernel was built with; the banner says both.
func TestKernelInfoCellLanguage(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	id := c.send(c.shell, "kernel_info_request", map[string]any{})
	r := content(c.reply(c.shellC, id, 5*time.Second))
	li := r["language_info"].(map[string]any)
	if li["version"] != "1.22" {
		t.Errorf("language_info.version = %v, want 1.22 (what Yaegi v0.16.1 interprets)", li["version"])
	}
	if b, _ := r["banner"].(string); !strings.Contains(b, "Go 1.22") || !strings.Contains(b, "Yaegi") {
		t.Errorf("banner %q does not say what cells accept", b)
	}
}
