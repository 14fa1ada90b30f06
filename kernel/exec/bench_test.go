package exec

import (
	"context"
	"testing"
)

func BenchmarkExecuteOnePlusOne(b *testing.B) {
	o := &out{}
	in, err := New(o.opts())
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := in.Execute(ctx, "1+1"); err != nil {
			b.Fatal(err)
		}
	}
}
