package kernel

import (
	"runtime"
	"strings"
)

// kernelInfo answers kernel_info_request: who we are and what language the
// cells are.
func kernelInfo(k *Kernel, r *request) {
	k.reply(r, "kernel_info_reply", map[string]any{
		"status":                 "ok",
		"protocol_version":       "5.3",
		"implementation":         "trigo",
		"implementation_version": Version,
		"language_info": map[string]any{
			"name":            "go",
			"version":         strings.TrimPrefix(runtime.Version(), "go"),
			"mimetype":        "text/x-go",
			"file_extension":  ".go",
			"codemirror_mode": "go",
			"pygments_lexer":  "go",
		},
		"banner": "Trigo " + Version + " — Go cells interpreted by Yaegi v0.16.1 (" + runtime.Version() + "); " +
			"the trigo engine runs compiled.",
		"debugger": false,
		"help_links": []map[string]string{
			{"text": "Trigo kernel", "url": "https://pkg.go.dev/trigo/kernel"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			{"text": "Yaegi", "url": "https://github.com/traefik/yaegi"},
		},
	})
}
