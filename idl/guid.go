package idl

import (
	"fmt"
	"strconv"
	"strings"
)

// GUID is a parsed uuid(...) value.
type GUID struct {
	Data1 uint32
	Data2 uint16
	Data3 uint16
	Data4 [8]byte
}

// ParseGUID parses the 8-4-4-4-12 form, with or without braces.
func ParseGUID(s string) (*GUID, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	parts := strings.Split(s, "-")
	if len(parts) != 5 || len(parts[0]) != 8 || len(parts[1]) != 4 || len(parts[2]) != 4 || len(parts[3]) != 4 || len(parts[4]) != 12 {
		return nil, fmt.Errorf("invalid uuid %q: expected the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", s)
	}
	var g GUID
	d1, err1 := strconv.ParseUint(parts[0], 16, 32)
	d2, err2 := strconv.ParseUint(parts[1], 16, 16)
	d3, err3 := strconv.ParseUint(parts[2], 16, 16)
	if err1 != nil || err2 != nil || err3 != nil {
		return nil, fmt.Errorf("invalid uuid %q: expected hex digits", s)
	}
	g.Data1, g.Data2, g.Data3 = uint32(d1), uint16(d2), uint16(d3)
	rest := parts[3] + parts[4]
	for i := range 8 {
		b, err := strconv.ParseUint(rest[2*i:2*i+2], 16, 8)
		if err != nil {
			return nil, fmt.Errorf("invalid uuid %q: expected hex digits", s)
		}
		g.Data4[i] = byte(b)
	}
	return &g, nil
}

func (g GUID) String() string {
	return fmt.Sprintf("%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", g.Data1, g.Data2, g.Data3,
		g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6], g.Data4[7])
}
