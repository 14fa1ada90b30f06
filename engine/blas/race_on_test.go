//go:build race

package blas

// sync.Pool drops objects at random under the race detector.
const raceEnabled = true
