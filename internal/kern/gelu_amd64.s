//go:build amd64 && !purego

#include "textflag.h"

// AVX-512 GELU for the decoder's FFN hidden units (GELUFast, gelu_amd64.go).

DATA ·geluA<>+0(SB)/4, $0xc0135761
GLOBL ·geluA<>(SB), RODATA|NOPTR, $4
DATA ·geluC<>+0(SB)/4, $0x3d372713
GLOBL ·geluC<>(SB), RODATA|NOPTR, $4
DATA ·geluOne<>+0(SB)/4, $0x3f800000
GLOBL ·geluOne<>(SB), RODATA|NOPTR, $4
DATA ·exp2c0<>+0(SB)/4, $0x3f800000
GLOBL ·exp2c0<>(SB), RODATA|NOPTR, $4
DATA ·exp2c1<>+0(SB)/4, $0x3f317218
GLOBL ·exp2c1<>(SB), RODATA|NOPTR, $4
DATA ·exp2c2<>+0(SB)/4, $0x3e75fdf0
GLOBL ·exp2c2<>(SB), RODATA|NOPTR, $4
DATA ·exp2c3<>+0(SB)/4, $0x3d635847
GLOBL ·exp2c3<>(SB), RODATA|NOPTR, $4
DATA ·exp2c4<>+0(SB)/4, $0x3c1d955b
GLOBL ·exp2c4<>(SB), RODATA|NOPTR, $4
DATA ·exp2c5<>+0(SB)/4, $0x3aaec3ff
GLOBL ·exp2c5<>(SB), RODATA|NOPTR, $4
DATA ·exp2c6<>+0(SB)/4, $0x39218489
GLOBL ·exp2c6<>(SB), RODATA|NOPTR, $4
DATA ·exp2c7<>+0(SB)/4, $0x377fe5fe
GLOBL ·exp2c7<>(SB), RODATA|NOPTR, $4

// func geluAVX512(x *float32, n int)
// x[i] = x·σ(2√(2/π)(x + 0.044715x³)) = x / (1 + 2^(a·(x + c·x³))), a = −2√(2/π)·log₂e,
// for n rounded down to 16: 2^y = 2^round(y)·p(y − round(y)), p the degree-7
// Taylor polynomial of 2^f on |f| ≤ ½ (relative error < 1e-8 before rounding),
// the power of two applied with VSCALEFPS (which gives +Inf and 0 in the tails).
TEXT ·geluAVX512(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS ·geluA<>(SB), Z20
	VBROADCASTSS ·geluC<>(SB), Z21
	VBROADCASTSS ·geluOne<>(SB), Z22
	VBROADCASTSS ·exp2c0<>(SB), Z23
	VBROADCASTSS ·exp2c1<>(SB), Z24
	VBROADCASTSS ·exp2c2<>(SB), Z25
	VBROADCASTSS ·exp2c3<>(SB), Z26
	VBROADCASTSS ·exp2c4<>(SB), Z27
	VBROADCASTSS ·exp2c5<>(SB), Z28
	VBROADCASTSS ·exp2c6<>(SB), Z29
	VBROADCASTSS ·exp2c7<>(SB), Z30
loop:
	CMPQ CX, $16
	JLT done
	VMOVUPS (SI), Z0
	VMULPS Z0, Z0, Z1
	VMULPS Z21, Z1, Z1
	VFMADD213PS Z0, Z0, Z1
	VMULPS Z20, Z1, Z1
	VRNDSCALEPS $0, Z1, Z2
	VSUBPS Z2, Z1, Z1
	VMOVAPS Z30, Z3
	VFMADD213PS Z29, Z1, Z3
	VFMADD213PS Z28, Z1, Z3
	VFMADD213PS Z27, Z1, Z3
	VFMADD213PS Z26, Z1, Z3
	VFMADD213PS Z25, Z1, Z3
	VFMADD213PS Z24, Z1, Z3
	VFMADD213PS Z23, Z1, Z3
	VSCALEFPS Z2, Z3, Z3
	VADDPS Z22, Z3, Z3
	VDIVPS Z3, Z0, Z0
	VMOVUPS Z0, (SI)
	ADDQ $64, SI
	SUBQ $16, CX
	JMP loop
done:
	VZEROUPPER
	RET
