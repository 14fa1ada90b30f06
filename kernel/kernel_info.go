package kernel

import "runtime"

// CellGoVersion is the Go that cells are written in: the language and
// standard library Yaegi v0.16.1 implements (no range over integers or
// functions; see docs/kernel.md), not the Go the kernel was built with.
const CellGoVersion = "1.22"

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
			"version":         CellGoVersion,
			"mimetype":        "text/x-go",
			"file_extension":  ".go",
			"codemirror_mode": "go",
			"pygments_lexer":  "go",
		},
		"banner": "Trigo " + Version + " — cells are Go " + CellGoVersion + " interpreted by Yaegi v0.16.1 " +
			"(no range over int or func); the trigo engine runs compiled (" + runtime.Version() + ").",
		"debugger": false,
		"help_links": []map[string]string{
			{"text": "Trigo kernel", "url": "https://pkg.go.dev/trigo/kernel"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			{"text": "Yaegi", "url": "https://github.com/traefik/yaegi"},
		},
	})
}
