package probe_test

import (
	"fmt"

	"trigo/engine/probe"
)

func ExampleAUROC() {
	inDomain := []float64{0.1, 0.2, 0.3, 0.4}
	ood := []float64{0.35, 0.5, 0.6, 0.4}
	a, _ := probe.AUROC(inDomain, ood)
	fmt.Printf("AUROC %.4f\n", a) // 14.5 of 16 pairs: 0.35 beats 3, 0.4 beats 3 and ties 1
	fpr, tpr := probe.ROCCurve(inDomain, ood)
	fmt.Println(fpr, tpr)
	// Output:
	// AUROC 0.9062
	// [0 0 0 0.25 0.25 0.5 0.75 1] [0 0.25 0.5 0.75 1 1 1 1]
}

func ExampleWelchT() {
	lite := []float64{1.52, 1.49, 1.55}
	vanilla := []float64{1.58, 1.61, 1.57}
	t, df, p, _ := probe.WelchT(lite, vanilla)
	fmt.Printf("t = %.2f, df = %.2f, p = %.4f\n", t, df, p)
	// Output: t = -3.16, df = 3.56, p = 0.0400
}
