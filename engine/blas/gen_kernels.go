//go:build ignore

// gen_kernels writes kernel_amd64.s: the sgemm micro-kernels (AVX2+FMA and
// AVX-512F) and the vector helpers. Run with `go generate ./engine/blas`.
//
// A micro-kernel computes one MR×NR tile of C from packed panels:
//
//	a: MR×kc packed as a[p*MR+i]   (row i of op(A), column p)
//	b: kc×NR packed as b[p*NR+j]
//	C[i*ldc+j] = alpha*Σ_p a[p*MR+i]*b[p*NR+j] + beta*C[i*ldc+j]
//
// with beta == 0 (either sign) storing without reading C.
package main

import (
	"bytes"
	"fmt"
	"os"
)

var out bytes.Buffer

func emit(format string, args ...any) { fmt.Fprintf(&out, format+"\n", args...) }

// kernelSpec describes one register-blocked kernel.
type kernelSpec struct {
	name   string
	mr     int  // rows of the tile (broadcast side)
	nv     int  // vectors per row; NR = nv*lanes
	zmm    bool // AVX-512 (16 lanes, Z registers) or AVX2 (8 lanes, Y registers)
	unroll int  // k-loop unroll
	bcst   bool // use embedded-broadcast FMAs instead of a broadcast register
	pfA    int  // prefetch distance for a, in bytes (0: none)
}

func (k kernelSpec) lanes() int {
	if k.zmm {
		return 16
	}
	return 8
}

func (k kernelSpec) reg(i int) string {
	if k.zmm {
		return fmt.Sprintf("Z%d", i)
	}
	return fmt.Sprintf("Y%d", i)
}

func genKernel(k kernelSpec) {
	lanes := k.lanes()
	nr := k.nv * lanes
	vbytes := lanes * 4
	nb := 2 // broadcast registers
	if k.bcst {
		nb = 0
	}
	nacc := k.mr * k.nv
	if nacc+k.nv+nb > map[bool]int{true: 32, false: 16}[k.zmm] {
		panic(fmt.Sprintf("%s: too many registers", k.name))
	}
	bReg := func(v int) string { return k.reg(v) }
	bcReg := func(i int) string { return k.reg(k.nv + i%2) }
	acc := func(i, v int) string { return k.reg(k.nv + nb + i*k.nv + v) }

	emit("")
	emit("// func %s(kc int, a, b, c *float32, ldc int, alpha, beta float32)", k.name)
	emit("// %d×%d tile, %s.", k.mr, nr, map[bool]string{true: "AVX-512F", false: "AVX2+FMA"}[k.zmm])
	emit("TEXT ·%s(SB), NOSPLIT, $0-48", k.name)
	emit("\tMOVQ kc+0(FP), CX")
	emit("\tMOVQ a+8(FP), SI")
	emit("\tMOVQ b+16(FP), DI")
	emit("\tMOVQ c+24(FP), DX")
	emit("\tMOVQ ldc+32(FP), R8")
	emit("\tSHLQ $2, R8")
	// Prefetch the C tile.
	emit("\tMOVQ DX, R9")
	for i := 0; i < k.mr; i++ {
		emit("\tPREFETCHT0 (R9)")
		if nr*4 > 64 {
			emit("\tPREFETCHT0 %d(R9)", nr*4-4)
		}
		if i < k.mr-1 {
			emit("\tADDQ R8, R9")
		}
	}
	for i := 0; i < k.mr; i++ {
		for v := 0; v < k.nv; v++ {
			if k.zmm {
				emit("\tVPXORD %s, %s, %s", acc(i, v), acc(i, v), acc(i, v))
			} else {
				emit("\tVXORPS %s, %s, %s", acc(i, v), acc(i, v), acc(i, v))
			}
		}
	}
	step := func(off int) {
		aoff := off * k.mr * 4
		boff := off * nr * 4
		for v := 0; v < k.nv; v++ {
			emit("\tVMOVUPS %d(DI), %s", boff+v*vbytes, bReg(v))
		}
		if k.pfA > 0 && (aoff%64) < k.mr*4 {
			emit("\tPREFETCHT0 %d(SI)", aoff+k.pfA)
		}
		for i := 0; i < k.mr; i++ {
			if k.bcst {
				for v := 0; v < k.nv; v++ {
					emit("\tVFMADD231PS.BCST %d(SI), %s, %s", aoff+i*4, bReg(v), acc(i, v))
				}
				continue
			}
			emit("\tVBROADCASTSS %d(SI), %s", aoff+i*4, bcReg(i))
			for v := 0; v < k.nv; v++ {
				emit("\tVFMADD231PS %s, %s, %s", bReg(v), bcReg(i), acc(i, v))
			}
		}
	}
	u := k.unroll
	emit("\tCMPQ CX, $%d", u)
	emit("\tJLT %s_tail", k.name)
	emit("%s_loop:", k.name)
	for o := 0; o < u; o++ {
		step(o)
	}
	emit("\tADDQ $%d, SI", u*k.mr*4)
	emit("\tADDQ $%d, DI", u*nr*4)
	emit("\tSUBQ $%d, CX", u)
	emit("\tCMPQ CX, $%d", u)
	emit("\tJGE %s_loop", k.name)
	emit("%s_tail:", k.name)
	emit("\tTESTQ CX, CX")
	emit("\tJZ %s_store", k.name)
	emit("%s_tailloop:", k.name)
	step(0)
	emit("\tADDQ $%d, SI", k.mr*4)
	emit("\tADDQ $%d, DI", nr*4)
	emit("\tDECQ CX")
	emit("\tJNZ %s_tailloop", k.name)

	// Store: C = alpha*acc + beta*C. Two scratch registers are free now:
	// the B registers.
	alpha, beta := bReg(0), k.reg(1)
	if k.nv < 2 {
		beta = bcReg(0)
	}
	emit("%s_store:", k.name)
	emit("\tVBROADCASTSS alpha+40(FP), %s", alpha)
	emit("\tMOVL beta+44(FP), AX")
	emit("\tANDL $0x7fffffff, AX")
	emit("\tJZ %s_beta0", k.name)
	emit("\tVBROADCASTSS beta+44(FP), %s", beta)
	for i := 0; i < k.mr; i++ {
		for v := 0; v < k.nv; v++ {
			emit("\tVMULPS %s, %s, %s", alpha, acc(i, v), acc(i, v))
			emit("\tVFMADD231PS %d(DX), %s, %s", v*vbytes, beta, acc(i, v))
			emit("\tVMOVUPS %s, %d(DX)", acc(i, v), v*vbytes)
		}
		if i < k.mr-1 {
			emit("\tADDQ R8, DX")
		}
	}
	emit("\tVZEROUPPER")
	emit("\tRET")
	emit("%s_beta0:", k.name)
	for i := 0; i < k.mr; i++ {
		for v := 0; v < k.nv; v++ {
			emit("\tVMULPS %s, %s, %s", alpha, acc(i, v), acc(i, v))
			emit("\tVMOVUPS %s, %d(DX)", acc(i, v), v*vbytes)
		}
		if i < k.mr-1 {
			emit("\tADDQ R8, DX")
		}
	}
	emit("\tVZEROUPPER")
	emit("\tRET")
}

// Kernels: the first of each family is the one the dispatcher uses by
// default; the others are kept for benchmarking (see kernel_amd64.go).
var kernels = []kernelSpec{
	{name: "kernAVX2_6x16", mr: 6, nv: 2, unroll: 4},
	{name: "kernAVX512_14x32", mr: 14, nv: 2, zmm: true, unroll: 4},
	{name: "kernAVX512_12x32", mr: 12, nv: 2, zmm: true, unroll: 4},
	{name: "kernAVX512_8x48", mr: 8, nv: 3, zmm: true, unroll: 4},
	{name: "kernAVX512_6x64", mr: 6, nv: 4, zmm: true, unroll: 4},
	{name: "kernAVX512_7x64b", mr: 7, nv: 4, zmm: true, unroll: 4, bcst: true},
}

// genTranspose writes transpose16x<rows>(n16 int, src *float32, ld int,
// dst *float32, dstStride int): for each of n16 blocks of 16 columns, rows
// [0, rows) of src (row stride ld floats) are transposed so that column j
// of the block lands in dst[j*dstStride : j*dstStride+rows]. Only those
// rows floats are stored (masked); nothing past row rows-1 is read.
func genTranspose(rows int) {
	name := fmt.Sprintf("transpose16x%d", rows)
	z := func(i int) string { return fmt.Sprintf("Z%d", i) }
	emit("")
	emit("// func %s(n16 int, src *float32, ld int, dst *float32, dstStride int)", name)
	emit("TEXT ·%s(SB), NOSPLIT, $0-40", name)
	emit("\tMOVQ n16+0(FP), CX")
	emit("\tMOVQ src+8(FP), SI")
	emit("\tMOVQ ld+16(FP), R8")
	emit("\tSHLQ $2, R8")
	emit("\tMOVQ dst+24(FP), DI")
	emit("\tMOVQ dstStride+32(FP), R9")
	emit("\tSHLQ $2, R9")
	emit("\tMOVL $%d, AX", (1<<rows)-1)
	emit("\tKMOVW AX, K1")
	emit("\tTESTQ CX, CX")
	emit("\tJZ %s_done", name)
	emit("%s_loop:", name)
	emit("\tMOVQ SI, BX")
	for i := 0; i < rows; i++ {
		emit("\tVMOVUPS (BX), %s", z(i))
		if i < rows-1 {
			emit("\tADDQ R8, BX")
		}
	}
	// Stage 1: interleave 32-bit elements of row pairs into Z16..Z31.
	for pr := 0; pr < 8; pr++ {
		a, b := z(2*pr), z(2*pr+1)
		emit("\tVUNPCKLPS %s, %s, %s", b, a, z(16+2*pr))
		emit("\tVUNPCKHPS %s, %s, %s", b, a, z(16+2*pr+1))
	}
	// Stage 2: interleave 64-bit pairs: u[4g+c] holds rows 4g..4g+3 of
	// column 4L+c in 128-bit lane L.
	for g := 0; g < 4; g++ {
		t := func(i int) string { return z(16 + 4*g + i) }
		emit("\tVUNPCKLPD %s, %s, %s", t(2), t(0), z(4*g+0))
		emit("\tVUNPCKHPD %s, %s, %s", t(2), t(0), z(4*g+1))
		emit("\tVUNPCKLPD %s, %s, %s", t(3), t(1), z(4*g+2))
		emit("\tVUNPCKHPD %s, %s, %s", t(3), t(1), z(4*g+3))
	}
	// Stage 3: gather 128-bit lanes of row groups (0,1) and (2,3).
	for c := 0; c < 4; c++ {
		emit("\tVSHUFF32X4 $0x44, %s, %s, %s", z(4+c), z(c), z(16+c))
		emit("\tVSHUFF32X4 $0xEE, %s, %s, %s", z(4+c), z(c), z(20+c))
		emit("\tVSHUFF32X4 $0x44, %s, %s, %s", z(12+c), z(8+c), z(24+c))
		emit("\tVSHUFF32X4 $0xEE, %s, %s, %s", z(12+c), z(8+c), z(28+c))
	}
	// Stage 4: column j = 4L+c, stored to dst + j*dstStride.
	for j := 0; j < 16; j++ {
		l, c := j/4, j%4
		v, w := z(16+c), z(24+c)
		if l >= 2 {
			v, w = z(20+c), z(28+c)
		}
		imm := "0x88"
		if l%2 == 1 {
			imm = "0xDD"
		}
		emit("\tVSHUFF32X4 $%s, %s, %s, %s", imm, w, v, z(j))
	}
	emit("\tMOVQ DI, BX")
	for j := 0; j < 16; j++ {
		emit("\tVMOVUPS %s, K1, (BX)", z(j))
		if j < 15 {
			emit("\tADDQ R9, BX")
		}
	}
	emit("\tADDQ $64, SI")
	emit("\tMOVQ R9, AX")
	emit("\tSHLQ $4, AX")
	emit("\tADDQ AX, DI")
	emit("\tDECQ CX")
	emit("\tJNZ %s_loop", name)
	emit("%s_done:", name)
	emit("\tVZEROUPPER")
	emit("\tRET")
}

// genCopyRows writes copyRows32(n int, src *float32, ld int, dst *float32,
// dstStride int, lmask, smask uint32): for p < n, the lanes of lmask (bit j:
// float j, j < 32) are read from src[p*ld:] and the lanes of smask are
// written to dst[p*dstStride:], zeros in those not loaded. Masked lanes are
// never touched, so nothing outside the two matrices is accessed.
func genCopyRows() {
	name := "copyRows32"
	emit("")
	emit("// func %s(n int, src *float32, ld int, dst *float32, dstStride int, lmask, smask uint32)", name)
	emit("TEXT ·%s(SB), NOSPLIT, $0-48", name)
	emit("\tMOVQ n+0(FP), CX")
	emit("\tMOVQ src+8(FP), SI")
	emit("\tMOVQ ld+16(FP), R8")
	emit("\tSHLQ $2, R8")
	emit("\tMOVQ dst+24(FP), DI")
	emit("\tMOVQ dstStride+32(FP), R9")
	emit("\tSHLQ $2, R9")
	emit("\tMOVL lmask+40(FP), AX")
	emit("\tKMOVW AX, K1")
	emit("\tSHRL $16, AX")
	emit("\tKMOVW AX, K2")
	emit("\tMOVL smask+44(FP), AX")
	emit("\tKMOVW AX, K3")
	emit("\tSHRL $16, AX")
	emit("\tKMOVW AX, K4")
	emit("\tCMPQ CX, $4")
	emit("\tJLT %s_tail", name)
	emit("%s_loop4:", name)
	emit("\tMOVQ SI, BX")
	for i := 0; i < 4; i++ {
		emit("\tVMOVUPS.Z (BX), K1, Z%d", 2*i)
		emit("\tVMOVUPS.Z 64(BX), K2, Z%d", 2*i+1)
		emit("\tADDQ R8, BX")
	}
	emit("\tMOVQ BX, SI")
	emit("\tMOVQ DI, BX")
	for i := 0; i < 4; i++ {
		emit("\tVMOVUPS Z%d, K3, (BX)", 2*i)
		emit("\tVMOVUPS Z%d, K4, 64(BX)", 2*i+1)
		emit("\tADDQ R9, BX")
	}
	emit("\tMOVQ BX, DI")
	emit("\tSUBQ $4, CX")
	emit("\tCMPQ CX, $4")
	emit("\tJGE %s_loop4", name)
	emit("%s_tail:", name)
	emit("\tTESTQ CX, CX")
	emit("\tJZ %s_done", name)
	emit("%s_loop1:", name)
	emit("\tVMOVUPS.Z (SI), K1, Z0")
	emit("\tVMOVUPS.Z 64(SI), K2, Z1")
	emit("\tVMOVUPS Z0, K3, (DI)")
	emit("\tVMOVUPS Z1, K4, 64(DI)")
	emit("\tADDQ R8, SI")
	emit("\tADDQ R9, DI")
	emit("\tDECQ CX")
	emit("\tJNZ %s_loop1", name)
	emit("%s_done:", name)
	emit("\tVZEROUPPER")
	emit("\tRET")
}

// genDotKernel writes dotKernel4x4(k int, a *float32, lda int, b *float32,
// ldb int, out *float32): out[i*4+j] = Σ_{p<k} a[i*lda+p]*b[j*ldb+p] for
// i, j < 4, with vectors along k (for C = A·Bᵀ with few rows, where packing
// B would cost more than the product). The k%16 tail uses masked loads, so
// nothing past a row's k elements is read.
func genDotKernel() {
	name := "dotKernel4x4"
	acc := func(i, j int) string { return fmt.Sprintf("Z%d", 16+4*i+j) }
	emit("")
	emit("// func %s(k int, a *float32, lda int, b *float32, ldb int, out *float32)", name)
	emit("TEXT ·%s(SB), NOSPLIT, $0-48", name)
	emit("\tMOVQ k+0(FP), CX")
	emit("\tMOVQ a+8(FP), SI")
	emit("\tMOVQ lda+16(FP), R8")
	emit("\tSHLQ $2, R8")
	emit("\tMOVQ b+24(FP), DI")
	emit("\tMOVQ ldb+32(FP), R9")
	emit("\tSHLQ $2, R9")
	emit("\tMOVQ out+40(FP), DX")
	emit("\tLEAQ (SI)(R8*2), R10")
	emit("\tLEAQ (DI)(R9*2), R11")
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			emit("\tVPXORD %s, %s, %s", acc(i, j), acc(i, j), acc(i, j))
		}
	}
	loads := func(suffix string) {
		emit("\tVMOVUPS%s (SI), %sZ0", suffix, map[bool]string{true: "K1, ", false: ""}[suffix != ""])
		emit("\tVMOVUPS%s (SI)(R8*1), %sZ1", suffix, map[bool]string{true: "K1, ", false: ""}[suffix != ""])
		emit("\tVMOVUPS%s (R10), %sZ2", suffix, map[bool]string{true: "K1, ", false: ""}[suffix != ""])
		emit("\tVMOVUPS%s (R10)(R8*1), %sZ3", suffix, map[bool]string{true: "K1, ", false: ""}[suffix != ""])
		emit("\tVMOVUPS%s (DI), %sZ4", suffix, map[bool]string{true: "K1, ", false: ""}[suffix != ""])
		emit("\tVMOVUPS%s (DI)(R9*1), %sZ5", suffix, map[bool]string{true: "K1, ", false: ""}[suffix != ""])
		emit("\tVMOVUPS%s (R11), %sZ6", suffix, map[bool]string{true: "K1, ", false: ""}[suffix != ""])
		emit("\tVMOVUPS%s (R11)(R9*1), %sZ7", suffix, map[bool]string{true: "K1, ", false: ""}[suffix != ""])
		for i := 0; i < 4; i++ {
			for j := 0; j < 4; j++ {
				emit("\tVFMADD231PS Z%d, Z%d, %s", 4+j, i, acc(i, j))
			}
		}
	}
	emit("\tCMPQ CX, $16")
	emit("\tJLT %s_tail", name)
	emit("%s_loop:", name)
	loads("")
	for _, r := range []string{"SI", "R10", "DI", "R11"} {
		emit("\tADDQ $64, %s", r)
	}
	emit("\tSUBQ $16, CX")
	emit("\tCMPQ CX, $16")
	emit("\tJGE %s_loop", name)
	emit("%s_tail:", name)
	emit("\tTESTQ CX, CX")
	emit("\tJZ %s_reduce", name)
	emit("\tMOVL $1, AX")
	emit("\tSHLL CX, AX")
	emit("\tDECL AX")
	emit("\tKMOVW AX, K1")
	loads(".Z")
	emit("%s_reduce:", name)
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			emit("\tVEXTRACTF64X4 $1, %s, Y8", acc(i, j))
			emit("\tVEXTRACTF64X4 $0, %s, Y%d", acc(i, j), 9+j)
			emit("\tVADDPS Y8, Y%d, Y%d", 9+j, 9+j)
		}
		emit("\tVHADDPS Y10, Y9, Y9")
		emit("\tVHADDPS Y12, Y11, Y11")
		emit("\tVHADDPS Y11, Y9, Y9")
		emit("\tVEXTRACTF128 $1, Y9, X8")
		emit("\tVADDPS X8, X9, X9")
		emit("\tVMOVUPS X9, %d(DX)", 16*i)
	}
	emit("\tVZEROUPPER")
	emit("\tRET")
}

func main() {
	emit("// Code generated by gen_kernels.go; DO NOT EDIT.")
	emit("")
	emit("//go:build amd64 && !purego")
	emit("")
	emit("#include \"textflag.h\"")
	for _, k := range kernels {
		genKernel(k)
	}
	for _, rows := range []int{12, 14, 16} {
		genTranspose(rows)
	}
	genCopyRows()
	genDotKernel()
	if err := os.WriteFile("kernel_amd64.s", out.Bytes(), 0o644); err != nil {
		panic(err)
	}
}
