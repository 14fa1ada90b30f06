// Package cpu reports the x86 vector features that the engine's assembly
// kernels (engine/blas, engine/model, engine/ternary) need, read once at
// start-up from CPUID and XGETBV. A feature counts only when the OS also
// saves its register state (YMM for AVX2, ZMM and opmask for AVX-512).
// Built with the purego tag, or on another architecture, all are false.
package cpu

var (
	// AVX2 is AVX2 with OS support for the YMM state.
	AVX2 bool
	// FMA is the three-operand fused multiply-add (used with AVX2).
	FMA bool
	// AVX512 is AVX-512F with OS support for the ZMM and opmask state.
	AVX512 bool
	// AVX512VNNI is AVX512 plus the BW and VNNI extensions.
	AVX512VNNI bool
)
