package blas

import (
	"math/bits"
	"sync"
	"sync/atomic"
	"unsafe"

	"trigo/engine/parallel"
)

// gemmKernel is one register-blocked micro-kernel with its cache blocking.
// fn computes the mr×nr tile C = alpha*Ap*Bp + beta*C from a packed mr×kc
// panel of A (ap[p*mr+i]) and a packed kc×nr panel of B (bp[p*nr+j]);
// beta == 0 stores without reading C.
type gemmKernel struct {
	name   string
	mr, nr int
	// mc (a multiple of mr) rows of A and kc columns of it are packed at a
	// time (the L2-resident block); nc columns of B (a multiple of nr)
	// form the L3-resident block.
	mc, kc, nc int
	fn         func(kc int, a, b, c *float32, ldc int, alpha, beta float32)
}

// forceGeneric makes every entry point use the pure-Go kernels; tests set
// it to compare the assembly with the fallback.
var forceGeneric bool

func activeKernel() *gemmKernel {
	if forceGeneric || bestKernel == nil {
		return &genericKernel
	}
	return bestKernel
}

// bufPools recycle packing buffers so that a call does not allocate; pool
// i holds buffers of 2^i floats (plus alignment slack), i ≥ 5.
var bufPools [48]sync.Pool

// getBuf returns a 64-byte aligned buffer of n floats from the pools.
func getBuf(n int) *[]float32 {
	class := max(bits.Len(uint(max(n, 1)-1)), 5)
	p, _ := bufPools[class].Get().(*[]float32)
	if p == nil {
		s := make([]float32, 1<<class+16)
		p = &s
	}
	s := (*p)[:cap(*p)]
	off := int(uintptr(unsafe.Pointer(&s[0]))&63) / 4
	if off != 0 {
		off = 16 - off
	}
	*p = s[off : off+n]
	return p
}

// putBuf returns a buffer from getBuf to its pool. Its capacity is
// 2^class + 16 - off with off < 16 and class ≥ 5, which identifies class.
func putBuf(p *[]float32) {
	class := bits.Len(uint(cap(*p) - 17))
	bufPools[class].Put(p)
}

func sgemm(par bool, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	threads := 1
	if par {
		threads = parallel.Threads()
		// Below 2^18 multiply-adds (a few microseconds of work) waking a
		// second goroutine costs more than it saves.
		if m*n*k < 1<<18 {
			threads = 1
		}
	}
	j := getJob(activeKernel(), threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	if m == 1 || n == 1 {
		j.gemv()
	} else if !transA && transB && m <= dotMaxM && hasDotKernel() {
		forRange(threads, (n+3)/4, 8, j.dotNTFn)
	} else {
		j.gemmBlocked()
	}
	j.release()
}

// scaleC sets C = beta*C, writing zeros when beta == 0.
func scaleC(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
		} else {
			sscal(beta, row)
		}
	}
}

// forRange runs body over [0, n) on up to threads goroutines.
func forRange(threads, n, minChunk int, body func(lo, hi int)) {
	if threads <= 1 || n <= minChunk {
		body(0, n)
		return
	}
	parallel.For(n, max(minChunk, (n+threads-1)/threads), body)
}

// gemmJob carries one call's arguments and loop state to the parallel
// bodies. Jobs are pooled, and their bodies are bound once, so a call
// allocates nothing on the serial path.
type gemmJob struct {
	kn             *gemmKernel
	threads        int
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int

	// Current block: columns [jc, jc+nc), depth [pc, pc+kc), rows [ic, ic+mc)
	// (ic, mc only when splitting columns), beta for this depth block.
	jc, nc, pc, kc, ic, mc int
	bet                    float32
	ap, bp                 []float32

	packBFn, rowsFn, colsFn       func(lo, hi int)
	dotRowFn, axpyRowFn, dotColFn func(lo, hi int)
	axpyColFn, dotNTFn, rowsDynFn func(lo, hi int)
	blkPanels, nblk               int          // dynamic row blocks
	next                          atomic.Int64 // next row block to claim
	x                             []float32    // gemv: contiguous vector
	xs                            int          // gemv: stride of x in a or b
}

var jobPool = sync.Pool{New: func() any {
	j := new(gemmJob)
	j.packBFn, j.rowsFn, j.colsFn = j.packBPanels, j.rowBlocks, j.colPanels
	j.dotRowFn, j.axpyRowFn = j.gemvDotRow, j.gemvAxpyRow
	j.dotColFn, j.axpyColFn = j.gemvDotCol, j.gemvAxpyCol
	j.dotNTFn, j.rowsDynFn = j.dotNT, j.rowsDyn
	return j
}}

func getJob(kn *gemmKernel, threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) *gemmJob {
	j := jobPool.Get().(*gemmJob)
	j.kn, j.threads, j.transA, j.transB = kn, threads, transA, transB
	j.m, j.n, j.k, j.alpha, j.beta = m, n, k, alpha, beta
	j.a, j.b, j.c, j.lda, j.ldb, j.ldc = a, b, c, lda, ldb, ldc
	return j
}

func (j *gemmJob) release() {
	j.a, j.b, j.c, j.ap, j.bp, j.x = nil, nil, nil, nil, nil, nil
	jobPool.Put(j)
}

// gemmBlocked is the packed GotoBLAS loop nest: for each nc×kc block of
// op(B) (packed once, in parallel), the rows of C are split between the
// workers, each packing mc×kc blocks of op(A) and running the macro-kernel.
// When C has too few row panels to share out, the columns are split
// instead.
func (j *gemmJob) gemmBlocked() {
	kn := j.kn
	mr, nr := kn.mr, kn.nr
	m, n, k, threads := j.m, j.n, j.k, j.threads
	mpan := (m + mr - 1) / mr
	splitM := threads <= 1 || mpan >= 4*threads || mpan >= (n+nr-1)/nr
	ncMax := kn.nc
	if n < ncMax {
		ncMax = (n + nr - 1) / nr * nr
	}
	kcMax := min(kn.kc, k)
	bbuf := getBuf(kcMax * ncMax)
	j.bp = *bbuf
	var abuf *[]float32
	if !splitM {
		abuf = getBuf(min(kn.mc, mpan*mr)*kcMax + mr*nr)
		j.ap = *abuf
	}
	for j.jc = 0; j.jc < n; j.jc += ncMax {
		j.nc = min(ncMax, n-j.jc)
		npan := (j.nc + nr - 1) / nr
		for j.pc = 0; j.pc < k; j.pc += kcMax {
			j.kc = min(kcMax, k-j.pc)
			j.bet = j.beta
			if j.pc > 0 {
				j.bet = 1
			}
			forRange(threads, npan, 4, j.packBFn)
			if splitM {
				if threads <= 1 || !dynamicRows {
					forRange(threads, mpan, 1, j.rowsFn)
					continue
				}
				// Workers claim blocks of row panels from a counter, so
				// that a worker slowed by another process on its core
				// (the machines are shared) leaves its blocks to others.
				j.blkPanels = min(max((mpan+rowBlocksPerThread*threads-1)/(rowBlocksPerThread*threads), 1), kn.mc/mr)
				j.nblk = (mpan + j.blkPanels - 1) / j.blkPanels
				j.next.Store(0)
				forRange(threads, threads, 1, j.rowsDynFn)
				continue
			}
			// Few rows: pack A block by block on this goroutine and share
			// the column panels out.
			for j.ic = 0; j.ic < m; j.ic += kn.mc {
				j.mc = min(kn.mc, m-j.ic)
				packA(j.transA, j.a, j.lda, j.ic, j.mc, j.pc, j.kc, mr, j.ap)
				forRange(threads, npan, 1, j.colsFn)
			}
		}
	}
	if abuf != nil {
		putBuf(abuf)
	}
	putBuf(bbuf)
}

// packBPanels packs column panels [lo, hi) of the current B block.
func (j *gemmJob) packBPanels(lo, hi int) {
	nr, kc := j.kn.nr, j.kc
	for q := lo; q < hi; q++ {
		jj := q * nr
		packB(j.transB, j.b, j.ldb, j.pc, kc, j.jc+jj, min(nr, j.nc-jj), nr, j.bp[jj*kc:(jj+nr)*kc])
	}
}

// rowBlocks computes row panels [lo, hi) of C for the current B block,
// packing its own blocks of A.
func (j *gemmJob) rowBlocks(lo, hi int) {
	kn := j.kn
	mr, nr, kc := kn.mr, kn.nr, j.kc
	i0, i1 := lo*mr, min(hi*mr, j.m)
	// Split [i0, i1) into equal blocks of at most mc rows.
	nblk := (i1 - i0 + kn.mc - 1) / kn.mc
	step := ((i1-i0+nblk-1)/nblk + mr - 1) / mr * mr
	abuf := getBuf(step*kc + mr*nr)
	ap := *abuf
	tmp := ap[step*kc:]
	for i := i0; i < i1; i += step {
		mc := min(step, i1-i)
		packA(j.transA, j.a, j.lda, i, mc, j.pc, kc, mr, ap)
		macro(kn, mc, j.nc, kc, ap, j.bp, j.c[i*j.ldc+j.jc:], j.ldc, j.alpha, j.bet, tmp)
	}
	putBuf(abuf)
}

// Dynamic row scheduling: each worker claims blocks of about
// mpan/(rowBlocksPerThread*threads) row panels (at most mc rows).
var (
	dynamicRows        = true
	rowBlocksPerThread = 4
)

// rowsDyn claims row blocks until none are left.
func (j *gemmJob) rowsDyn(_, _ int) {
	kn := j.kn
	mr, nr, kc := kn.mr, kn.nr, j.kc
	mpan := (j.m + mr - 1) / mr
	abuf := getBuf(j.blkPanels*mr*kc + mr*nr)
	ap := *abuf
	tmp := ap[j.blkPanels*mr*kc:]
	for {
		b := int(j.next.Add(1)) - 1
		if b >= j.nblk {
			break
		}
		p0 := b * j.blkPanels
		i0, i1 := p0*mr, min(min(p0+j.blkPanels, mpan)*mr, j.m)
		packA(j.transA, j.a, j.lda, i0, i1-i0, j.pc, kc, mr, ap)
		macro(kn, i1-i0, j.nc, kc, ap, j.bp, j.c[i0*j.ldc+j.jc:], j.ldc, j.alpha, j.bet, tmp)
	}
	putBuf(abuf)
}

// colPanels computes column panels [lo, hi) of the current row block from
// the shared packed A.
func (j *gemmJob) colPanels(lo, hi int) {
	kn := j.kn
	mr, nr, kc := kn.mr, kn.nr, j.kc
	tbuf := getBuf(mr * nr)
	j0, j1 := lo*nr, min(hi*nr, j.nc)
	macro(kn, j.mc, j1-j0, kc, j.ap, j.bp[j0*kc:], j.c[j.ic*j.ldc+j.jc+j0:], j.ldc, j.alpha, j.bet, *tbuf)
	putBuf(tbuf)
}

// macro runs the micro-kernel over an mc×nc block of C (c starts at its
// top-left corner) from packed ap (mc×kc) and bp (kc×nc). Edge tiles are
// computed into tmp (mr×nr) and merged.
func macro(kn *gemmKernel, mc, nc, kc int, ap, bp, c []float32, ldc int, alpha, beta float32, tmp []float32) {
	mr, nr := kn.mr, kn.nr
	for jr := 0; jr < nc; jr += nr {
		nb := min(nr, nc-jr)
		bpan := &bp[jr*kc]
		for ir := 0; ir < mc; ir += mr {
			mb := min(mr, mc-ir)
			apan := &ap[ir*kc]
			if mb == mr && nb == nr {
				kn.fn(kc, apan, bpan, &c[ir*ldc+jr], ldc, alpha, beta)
				continue
			}
			kn.fn(kc, apan, bpan, &tmp[0], nr, alpha, 0)
			for i := 0; i < mb; i++ {
				row := c[(ir+i)*ldc+jr : (ir+i)*ldc+jr+nb]
				t := tmp[i*nr : i*nr+nb]
				if beta == 0 {
					copy(row, t)
					continue
				}
				for j := range row {
					row[j] = t[j] + beta*row[j]
				}
			}
		}
	}
}

// packA packs rows [i0, i0+mc) and columns [pc, pc+kc) of op(A) into
// panels of mr rows: ap[(ir/mr)*mr*kc + p*mr + i]. The last panel is padded
// with zero rows.
func packA(transA bool, a []float32, lda, i0, mc, pc, kc, mr int, ap []float32) {
	for ir := 0; ir < mc; ir += mr {
		rows := min(mr, mc-ir)
		dst := ap[ir*kc : ir*kc+mr*kc]
		if transA {
			// op(A)[r][p] = a[p*lda+r]: each p is a contiguous run of rows.
			if cp := copyRowsFn(mr); cp != nil {
				cp(kc, a[pc*lda+i0+ir:], lda, dst, mr, rows)
				continue
			}
			for p := 0; p < kc; p++ {
				off := (pc+p)*lda + i0 + ir
				d := dst[p*mr : p*mr+mr]
				copy(d, a[off:off+rows])
				clear(d[rows:])
			}
			continue
		}
		if rows == mr && mr <= 16 {
			packARows(a[(i0+ir)*lda+pc:], lda, kc, mr, dst)
			continue
		}
		for i := 0; i < rows; i++ {
			off := (i0+ir+i)*lda + pc
			src := a[off : off+kc]
			for p, v := range src {
				dst[p*mr+i] = v
			}
		}
		for i := rows; i < mr; i++ {
			for p := 0; p < kc; p++ {
				dst[p*mr+i] = 0
			}
		}
	}
}

// packARows interleaves mr (≤ 16) full rows of kc elements, a[i*lda+p],
// into dst[p*mr+i]. Bounds are checked once up front; the loop reads the
// rows as mr sequential streams and writes dst sequentially.
func packARows(a []float32, lda, kc, mr int, dst []float32) {
	_ = a[(mr-1)*lda+kc-1]
	_ = dst[mr*kc-1]
	p0 := 0
	if tr := transposeFn(mr); tr != nil && kc >= 16 {
		n16 := kc / 16
		tr(n16, &a[0], lda, &dst[0], mr)
		p0 = n16 * 16
		if p0 == kc {
			return
		}
	}
	var rows [16]unsafe.Pointer
	for i := 0; i < mr; i++ {
		rows[i] = unsafe.Pointer(&a[i*lda])
	}
	for p := p0; p < kc; p++ {
		off := uintptr(p) * 4
		d := dst[p*mr : p*mr+mr]
		for i := range d {
			d[i] = *(*float32)(unsafe.Add(rows[i], off))
		}
	}
}

// packB packs columns [j0, j0+nb) and rows [pc, pc+kc) of op(B) into one
// kc×nr panel dst[p*nr+j], padding columns nb..nr with zeros.
func packB(transB bool, b []float32, ldb, pc, kc, j0, nb, nr int, dst []float32) {
	if !transB {
		if cp := copyRowsFn(nr); cp != nil {
			cp(kc, b[pc*ldb+j0:], ldb, dst, nr, nb)
			return
		}
		for p := 0; p < kc; p++ {
			off := (pc+p)*ldb + j0
			d := dst[p*nr : p*nr+nr]
			copy(d, b[off:off+nb])
			clear(d[nb:])
		}
		return
	}
	// op(B)[p][j] = b[j*ldb+p].
	p0 := 0
	if tr := transposeFn(16); tr != nil && nb == nr && nr%16 == 0 && kc >= 16 {
		n16 := kc / 16
		_ = b[(j0+nb-1)*ldb+pc+kc-1]
		_ = dst[kc*nr-1]
		for h := 0; h < nr; h += 16 {
			tr(n16, &b[(j0+h)*ldb+pc], ldb, &dst[h], nr)
		}
		p0 = n16 * 16
		if p0 == kc {
			return
		}
	}
	for j := 0; j < nb; j++ {
		off := (j0+j)*ldb + pc
		src := b[off+p0 : off+kc]
		for p, v := range src {
			dst[(p0+p)*nr+j] = v
		}
	}
	for j := nb; j < nr; j++ {
		for p := p0; p < kc; p++ {
			dst[p*nr+j] = 0
		}
	}
}

// gemv handles m == 1 or n == 1, where packing would waste most of the
// micro-kernel: the product is a set of dot products or axpys.
func (j *gemmJob) gemv() {
	k := j.k
	if j.m == 1 {
		// c[0, jj] = alpha * Σ_p x[p]*op(B)[p][jj], x = row 0 of op(A).
		j.xs = 1
		if j.transA {
			j.xs = j.lda
		}
		if j.transB {
			// op(B)[p][jj] = b[jj*ldb+p]: row jj of b dotted with x.
			xb := contiguous(j.a, j.xs, k)
			j.x = *xb
			forRange(j.threads, j.n, 64, j.dotRowFn)
			putBuf(xb)
			return
		}
		forRange(j.threads, j.n, 512, j.axpyRowFn)
		return
	}
	// n == 1: c[i, 0] = alpha * Σ_p op(A)[i][p]*y[p], y = column 0 of op(B).
	j.xs = j.ldb
	if j.transB {
		j.xs = 1
	}
	if !j.transA {
		yb := contiguous(j.b, j.xs, k)
		j.x = *yb
		forRange(j.threads, j.m, 64, j.dotColFn)
		putBuf(yb)
		return
	}
	forRange(j.threads, j.m, 512, j.axpyColFn)
}

func (j *gemmJob) gemvDotRow(lo, hi int) {
	k, b, ldb, c := j.k, j.b, j.ldb, j.c
	for jj := lo; jj < hi; jj++ {
		d := j.alpha * sdot(j.x[:k], b[jj*ldb:jj*ldb+k])
		if j.beta == 0 {
			c[jj] = d
		} else {
			c[jj] = d + j.beta*c[jj]
		}
	}
}

// gemvAxpyRow: c[lo:hi] = beta*c + Σ_p alpha*x[p]*b[p, lo:hi].
func (j *gemmJob) gemvAxpyRow(lo, hi int) {
	row := j.c[lo:hi]
	if j.beta == 0 {
		clear(row)
	} else if j.beta != 1 {
		sscal(j.beta, row)
	}
	for p := 0; p < j.k; p++ {
		saxpy(j.alpha*j.a[p*j.xs], j.b[p*j.ldb+lo:p*j.ldb+hi], row)
	}
}

func (j *gemmJob) gemvDotCol(lo, hi int) {
	k, a, lda, c, ldc := j.k, j.a, j.lda, j.c, j.ldc
	for i := lo; i < hi; i++ {
		d := j.alpha * sdot(a[i*lda:i*lda+k], j.x[:k])
		if j.beta == 0 {
			c[i*ldc] = d
		} else {
			c[i*ldc] = d + j.beta*c[i*ldc]
		}
	}
}

// gemvAxpyCol: op(A)[i][p] = a[p*lda+i], so the column is accumulated
// contiguously with axpys and then scattered into C.
func (j *gemmJob) gemvAxpyCol(lo, hi int) {
	cb := getBuf(hi - lo)
	col := *cb
	clear(col)
	for p := 0; p < j.k; p++ {
		saxpy(j.alpha*j.b[p*j.xs], j.a[p*j.lda+lo:p*j.lda+hi], col)
	}
	c, ldc := j.c, j.ldc
	for i := lo; i < hi; i++ {
		if j.beta == 0 {
			c[i*ldc] = col[i-lo]
		} else {
			c[i*ldc] = col[i-lo] + j.beta*c[i*ldc]
		}
	}
	putBuf(cb)
}

// dotMaxM is the most rows of C for which C = A·Bᵀ is computed as 4×4
// tiles of dot products straight from the rows of A and B: packing B (a
// transpose) costs more than the product when A has few rows.
var dotMaxM = 64

// dotNT computes column tiles [lo, hi) (4 columns each) of C = alpha*A·Bᵀ +
// beta*C, for each tile running over all rows so that its 4 rows of B stay
// in L1.
func (j *gemmJob) dotNT(lo, hi int) {
	m, n, k := j.m, j.n, j.k
	a, b, c, lda, ldb, ldc := j.a, j.b, j.c, j.lda, j.ldb, j.ldc
	alpha, beta := j.alpha, j.beta
	var out [16]float32
	for jt := lo; jt < hi; jt++ {
		j0 := jt * 4
		nb := min(4, n-j0)
		i0 := 0
		if nb == 4 {
			for ; i0+4 <= m; i0 += 4 {
				dotTile4x4(k, a[i0*lda:], lda, b[j0*ldb:], ldb, &out)
				for r := 0; r < 4; r++ {
					row := c[(i0+r)*ldc+j0 : (i0+r)*ldc+j0+4]
					o := out[r*4 : r*4+4]
					if beta == 0 {
						for q := range row {
							row[q] = alpha * o[q]
						}
					} else {
						for q := range row {
							row[q] = alpha*o[q] + beta*row[q]
						}
					}
				}
			}
		}
		for i := i0; i < m; i++ {
			for q := 0; q < nb; q++ {
				d := alpha * sdot(a[i*lda:i*lda+k], b[(j0+q)*ldb:(j0+q)*ldb+k])
				if beta == 0 {
					c[i*ldc+j0+q] = d
				} else {
					c[i*ldc+j0+q] = d + beta*c[i*ldc+j0+q]
				}
			}
		}
	}
}

// contiguous copies k elements of x with stride s into a pooled buffer.
func contiguous(x []float32, s, k int) *[]float32 {
	p := getBuf(k)
	d := *p
	if s == 1 {
		copy(d, x[:k])
		return p
	}
	for i := range d {
		d[i] = x[i*s]
	}
	return p
}
