package model

import "time"

// Point is one sample of a metric series.
type Point struct {
	T time.Time
	V float64
}

// Series is a named metric series, sorted by time.
type Series struct {
	Name   string
	Labels map[string]string
	Points []Point
	Source string // file it came from, for messages
}
