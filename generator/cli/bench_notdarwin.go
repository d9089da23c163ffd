//go:build !darwin

package cli

const isDarwin = false
