//go:build race

package rtnl

const raceEnabled = true
