package model

import "strings"

// Bots are the logins of bot accounts that GitHub types as users
// ([issues] bots in site.toml), compared case-insensitively.
type Bots map[string]bool

// NewBots indexes logins.
func NewBots(logins []string) Bots {
	b := make(Bots, len(logins))
	for _, l := range logins {
		b[strings.ToLower(strings.TrimSpace(l))] = true
	}
	return b
}

// Is reports whether u is a bot: typed so by GitHub, an App ("[bot]"),
// or listed.
func (b Bots) Is(u User) bool {
	return u.IsBot() || b[strings.ToLower(u.Login)]
}
