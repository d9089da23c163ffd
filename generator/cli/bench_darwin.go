package cli

const isDarwin = true
