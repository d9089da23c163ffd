module github.com/vitals-dev/vitals

go 1.26.8

require github.com/google/go-github/v60 v60.0.0

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/go-echarts/go-echarts/v2 v2.6.7 // indirect
	github.com/google/go-querystring v1.1.0 // indirect
)
