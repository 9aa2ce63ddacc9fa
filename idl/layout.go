package idl

import (
	"errors"
	"fmt"
)

// Arch describes the C data model of a Windows target.
type Arch struct {
	Name     string
	PtrSize  int64
	MaxAlign int64 // default structure packing (8 on Windows for both)
}

// The Windows targets: LLP64 on amd64/arm64, ILP32 on 386. MSVC aligns
// 8-byte scalars to 8 inside structures on both (unlike the i386 System V ABI).
var (
	Arch386   = Arch{Name: "386", PtrSize: 4, MaxAlign: 8}
	ArchAMD64 = Arch{Name: "amd64", PtrSize: 8, MaxAlign: 8}
)

// MaxObjectSize is the largest C object (and so array or structure) comgen
// lays out: what fits in 32-bit Windows' user address space, and what Go
// accepts as a type size on 386.
const MaxObjectSize = 1<<31 - 1

// ErrTooLarge is returned by Layout for a type larger than MaxObjectSize.
var ErrTooLarge = errors.New("type larger than 2 GiB")

// BasicSize returns the size of a base type on arch, or 0 if it has none (void).
func BasicSize(name string, arch Arch) int64 {
	switch name {
	case "char", "signed char", "unsigned char", "small", "unsigned small", "byte", "boolean",
		"__int8", "unsigned __int8", "int8", "uint8":
		return 1
	case "short", "unsigned short", "wchar_t", "__int16", "unsigned __int16", "int16", "uint16", "char16":
		return 2
	case "int", "unsigned int", "long", "unsigned long", "__int32", "unsigned __int32", "float",
		"error_status_t", "int32", "uint32", "float32":
		return 4
	case "hyper", "unsigned hyper", "__int64", "unsigned __int64", "long long", "unsigned long long",
		"double", "int64", "uint64", "float64":
		return 8
	case "__int3264", "unsigned __int3264", "handle_t":
		return arch.PtrSize
	}
	return 0
}

// Layout returns the size and alignment of t on arch, following MSVC's rules
// for the default packing.
func Layout(t *TypeRef, arch Arch) (size, align int64, err error) {
	return layout(t, arch, 0)
}

func layout(t *TypeRef, arch Arch, depth int) (int64, int64, error) {
	if depth > 64 {
		return 0, 0, fmt.Errorf("type nested too deeply (a struct that contains itself?)")
	}
	switch t.Kind {
	case RBasic:
		n := BasicSize(t.Basic, arch)
		if n == 0 {
			return 0, 0, fmt.Errorf("type %s has no size", t.Basic)
		}
		return n, n, nil
	case RPointer, RFunc:
		return arch.PtrSize, arch.PtrSize, nil
	case RArray:
		sz, al, err := layout(t.Elem, arch, depth+1)
		if err != nil {
			return 0, 0, err
		}
		n := t.Len
		if n < 0 {
			n = 1 // a conformant trailing array is declared [1] in the C headers MIDL and widl write
		}
		if n > 0 && sz > MaxObjectSize/n {
			return 0, 0, fmt.Errorf("%w: an array of %d elements of %d bytes on %s", ErrTooLarge, n, sz, arch.Name)
		}
		return sz * n, al, nil
	case RNamed:
		switch d := t.Decl.(type) {
		case *AliasInfo:
			if d.Type == nil {
				return 0, 0, fmt.Errorf("type %s is not resolved", d.Name)
			}
			return layout(d.Type, arch, depth+1)
		case *EnumInfo:
			return 4, 4, nil
		case *StructInfo:
			return structLayout(d, arch, nil, depth+1)
		case *IfaceInfo:
			return 0, 0, fmt.Errorf("interface %s cannot be used by value", d.Name)
		}
	}
	return 0, 0, fmt.Errorf("type has no known size")
}

// StructLayout computes a struct's or union's size and alignment; when offsets is
// non-nil it receives each field's offset (for a bit-field, its storage
// unit's: see StructFieldLayout).
func StructLayout(s *StructInfo, arch Arch, offsets []int64, depth int) (int64, int64, error) {
	var fields []FieldLayout
	if offsets != nil {
		fields = make([]FieldLayout, len(s.Fields))
	}
	size, align, err := structLayout(s, arch, fields, depth)
	for i := range fields {
		offsets[i] = fields[i].Offset
	}
	return size, align, err
}

// FieldLayout is where a field of a struct or union lies.
type FieldLayout struct {
	Offset int64 // the field's byte offset; a bit-field's is its storage unit's
	// Unit is a bit-field's storage unit size in bytes (that of its type);
	// for a bit-field of width 0, the size of its type when it closes a
	// unit and aligns what follows to it, 0 when it is ignored; 0 for
	// other fields.
	Unit int64
	Bit  int // a bit-field's first bit in its unit, counted from the least significant
}

// StructFieldLayout computes a struct's or union's size, alignment and the
// place of each field, bit-fields included, by MSVC's rules (which gcc
// follows for Windows targets, -mms-bitfields):
//
//   - a bit-field goes into the storage unit the bit-fields before it
//     opened when its type has the unit's size (UINT and an enum share one,
//     as do signed and unsigned types) and it fits in the bits left;
//     otherwise it opens a unit of its type's size and alignment there;
//   - bits are allocated from the least significant bit of the unit;
//   - any other field closes the unit;
//   - an unnamed bit-field of width 0 closes the open unit and aligns what
//     follows to its type's alignment, which the structure then has too;
//     with no unit open (after another field, a width-0 bit-field or at the
//     start) it is ignored, and in a union always;
//   - unnamed bit-fields count for the structure's alignment like named ones.
func StructFieldLayout(s *StructInfo, arch Arch) (size, align int64, fields []FieldLayout, err error) {
	fields = make([]FieldLayout, len(s.Fields))
	size, align, err = structLayout(s, arch, fields, 0)
	return size, align, fields, err
}

// structLayout lays s out; out, when not nil, receives each field's place.
func structLayout(s *StructInfo, arch Arch, out []FieldLayout, depth int) (int64, int64, error) {
	if s.Incomplete {
		return 0, 0, fmt.Errorf("struct %s is incomplete", s.Name)
	}
	var size, align int64 = 0, 1
	if s.SwitchType != nil {
		// An encapsulated union is a struct { switch_type d; union { arms } u; }.
		inner := *s
		inner.SwitchType = nil
		dsz, dal, err := layout(s.SwitchType, arch, depth+1)
		if err != nil {
			return 0, 0, err
		}
		usz, ual, err := structLayout(&inner, arch, nil, depth+1)
		if err != nil {
			return 0, 0, err
		}
		al := max(dal, ual)
		off := alignUp(dsz, ual)
		return alignUp(off+usz, al), al, nil
	}
	// The open storage unit of bit-fields: its offset, size (0: none is
	// open) and the bits used.
	var unitOff, unitSize int64
	var unitBits int
	for i, f := range s.Fields {
		if f.Type.Kind == RBasic && f.Type.Basic == "void" {
			continue // empty union arm
		}
		fsz, fal, err := layout(f.Type, arch, depth+1)
		if err != nil {
			return 0, 0, fmt.Errorf("field %s: %w", f.Name, err)
		}
		fal = min(fal, arch.MaxAlign)
		var place FieldLayout
		switch {
		case f.Bits == 0:
			// A zero-width bit-field: see above.
			if unitSize != 0 && !s.Union {
				size = alignUp(size, fal)
				align = max(align, fal)
				unitSize = 0
				place.Unit = fsz
			}
			place.Offset = size
			if s.Union {
				place.Offset = 0
			}
		case s.Union:
			align = max(align, fal)
			size = max(size, fsz)
			if f.Bits > 0 {
				place.Unit = fsz
			}
		case f.Bits > 0 && unitSize == fsz && unitBits+f.Bits <= int(8*fsz):
			align = max(align, fal)
			place = FieldLayout{Offset: unitOff, Unit: fsz, Bit: unitBits}
			unitBits += f.Bits
		default:
			align = max(align, fal)
			size = alignUp(size, fal)
			place.Offset = size
			size += fsz
			unitSize = 0
			if f.Bits > 0 {
				unitOff, unitSize, unitBits = place.Offset, fsz, f.Bits
				place.Unit = fsz
			}
		}
		if size > MaxObjectSize {
			return 0, 0, fmt.Errorf("%w: struct %s on %s", ErrTooLarge, s.Name, arch.Name)
		}
		if out != nil {
			out[i] = place
		}
	}
	return alignUp(size, align), align, nil
}

func alignUp(n, a int64) int64 {
	if a <= 1 {
		return n
	}
	return (n + a - 1) / a * a
}
