package expdata

import (
	"encoding/binary"
	"math/bits"
)

// unitSet is the per-unit state of a per-unit file: for every distinct
// unit, the variant it was first seen in, whether it was seen in another,
// and whether it was repeated. It is an open-addressing hash table
// of 64-bit slots, each a unit id's 64-bit hash with its low 8 bits
// replaced by the state, so it holds no unit id: 8 bytes a slot, at most
// 3/4 of the slots full, doubling as it fills: 10.7 to 21.3 bytes a
// distinct unit (128 MiB for 10 million), and while it doubles the old
// table is held too. It grows with the units, not with their rows.
//
// Two units whose hashes share the 56 kept bits are taken for one: the
// chance that any two of n units do is about n²/2⁵⁷, 7 in 10,000 for 10
// million units, and it would miscount those two units only.
type unitSet struct {
	slots []uint64
	n     int
	mask  uint64
}

// The state byte: the variant (0 .. maxVariants-1), or several; and
// whether a later row of the unit in its variant was seen.
const (
	variantBits  = 0x3f
	several      = 0x3f // seen in more than one variant
	repeatedBit  = 0x80
	maxVariants  = several
	stateMask    = 0xff
	identityMask = ^uint64(stateMask)
)

func newUnitSet(hint int) *unitSet {
	size := 1 << 10
	for size*3/4 < hint {
		size <<= 1
	}
	return &unitSet{slots: make([]uint64, size), mask: uint64(size - 1)}
}

// identity is the kept bits of a hash, never 0 (0 is an empty slot).
func identity(h uint64) uint64 {
	id := h & identityMask
	if id == 0 {
		id = 1 << 8
	}
	return id
}

// find returns the slot index of hash h, and whether it is there; when it
// is not, the index is where it would go.
func (u *unitSet) find(h uint64) (int, bool) {
	id := identity(h)
	i := (id >> 8) & u.mask
	for {
		s := u.slots[i]
		if s == 0 {
			return int(i), false
		}
		if s&identityMask == id {
			return int(i), true
		}
		i = (i + 1) & u.mask
	}
}

// insert puts hash h with its state at the free slot i that find gave.
func (u *unitSet) insert(i int, h uint64, state uint8) {
	u.slots[i] = identity(h) | uint64(state)
	u.n++
	if u.n*4 > len(u.slots)*3 {
		u.grow()
	}
}

func (u *unitSet) grow() {
	old := u.slots
	u.slots = make([]uint64, 2*len(old))
	u.mask = uint64(len(u.slots) - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := (s >> 8) & u.mask
		for u.slots[i] != 0 {
			i = (i + 1) & u.mask
		}
		u.slots[i] = s
	}
}

// touch reads the home slot of each hash, so that the lookups that follow
// find them in the cache: independent loads, which the processor overlaps.
func (u *unitSet) touch(hs []uint64) uint64 {
	var sum uint64
	for _, h := range hs {
		sum += u.slots[(identity(h)>>8)&u.mask]
	}
	return sum
}

func (u *unitSet) state(i int) uint8        { return uint8(u.slots[i]) }
func (u *unitSet) setState(i int, st uint8) { u.slots[i] = u.slots[i]&identityMask | uint64(st) }

// hashUnit hashes a unit id eight bytes at a time (a row's id is mostly
// one or two words; byte by byte cost a fifth of the splitter's time),
// finished with splitmix64's mixer so that every bit depends on every byte
// (the table indexes by the low kept bits). An id of at most eight bytes
// is mixed by a bijection, so two such ids of one length never share a
// full hash. Deterministic: the same file gives the same counts.
func hashUnit(b []byte) uint64 {
	h := uint64(len(b)) * 0x9e3779b97f4a7c15
	for ; len(b) >= 8; b = b[8:] {
		h = bits.RotateLeft64((h^binary.LittleEndian.Uint64(b))*0xff51afd7ed558ccd, 31)
	}
	var tail uint64
	for i, c := range b {
		tail |= uint64(c) << (8 * i)
	}
	h = (h ^ tail) * 0xc4ceb9fe1a85ec53
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}
