package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// structPlan is the Go declaration of a C struct or union, decided once:
// its fields, and the accessor methods of its bit-fields. structFields
// renders the fields, pad386 pads them for windows/386 and genBitAccessors
// writes the methods; none of them re-derives a field from the IDL.
type structPlan struct {
	fields []goField
	bits   []bitAccessor
}

// goField is one field of a Go struct: a C field, or the storage unit of
// a run of C bit-fields (an unexported unsigned integer of the unit's size,
// bits0, bits1, ... in order: no exported name can collide with it).
type goField struct {
	name    string
	typ     *jen.Statement
	typ386  *jen.Statement // the type on windows/386 where it differs: a struct declared inline padded there (fieldType)
	comment string
	field   int   // the C field's index in the struct's Fields; for a storage unit, its first bit-field's
	unit    int64 // a storage unit's size in bytes; 0 for a C field
	align   int64 // for a bit-field of width 0 (a field _ [0]uintN), the alignment it gives
}

// bitAccessor is a named bit-field, with the methods that read and write it.
type bitAccessor struct {
	f    *idl.FieldInfo
	path []string // the Go fields from the struct to the storage unit: [bits0], or [Flags bits0] through an inline struct
	c    string   // its C name from the struct: isNewline, or state.ready through a field of inline struct type
	unit int64    // the unit's size in bytes
	bit  int      // the bit-field's first bit in the unit, from the least significant
	name string   // the Go name of the bit-field: exported, prefixed by the inline struct's field
	get  string   // the methods' names (bitAccessorNames)
	set  string
}

// structPlan decides the Go declaration of s. A union becomes an opaque,
// suitably aligned byte area of the union's size (its arms are
// documented). A struct's fields keep their C names, exported; each run of
// bit-fields that shares a storage unit (idl.StructFieldLayout) becomes one
// unsigned integer field, and each named bit-field, its own or one of an
// inline struct field's, gets a getter and a setter.
func (g *generator) structPlan(s *idl.StructInfo) (*structPlan, error) {
	if g.plans == nil {
		return g.newStructPlan(s)
	}
	if m, ok := g.plans[s]; ok {
		return m.p, m.err
	}
	p, err := g.newStructPlan(s)
	g.plans[s] = memoPlan{p, err}
	return p, err
}

// memoPlan is a memoized structPlan.
type memoPlan struct {
	p   *structPlan
	err error
}

func (g *generator) newStructPlan(s *idl.StructInfo) (*structPlan, error) {
	if s.Incomplete {
		return nil, fmt.Errorf("struct %s is incomplete", s.Name)
	}
	if s.Union || s.SwitchType != nil {
		t, err := unionArea(s)
		if err != nil {
			return nil, err
		}
		return &structPlan{fields: []goField{{name: "Data", typ: t}}}, nil
	}
	// Where the bit-fields are. (Only then: C's layout of a struct whose
	// IDL leaves a member incomplete, struct _GUID, is the runtime's.)
	var at64, at386 []idl.FieldLayout
	if slices.ContainsFunc(s.Fields, (*idl.FieldInfo).IsBitField) {
		var err error
		if _, _, at64, err = idl.StructFieldLayout(s, idl.ArchAMD64); err != nil {
			return nil, err
		}
		if _, _, at386, err = idl.StructFieldLayout(s, idl.Arch386); err != nil {
			return nil, err
		}
	}
	p := &structPlan{}
	names := fieldNames(s)
	unit := -1 // the index in p.fields of the open storage unit
	units := 0 // storage units so far
	var parts []string
	closeUnit := func() {
		if unit >= 0 {
			p.fields[unit].comment = "bit-fields " + strings.Join(parts, ", ")
		}
		unit, parts = -1, nil
	}
	for i, f := range s.Fields {
		if f.IsBitField() {
			if f.Bits == 0 {
				closeUnit()
				if at64[i].Unit != 0 {
					// It aligns what follows: so does a zero-length array of
					// an integer of its size, which adds no bytes.
					p.fields = append(p.fields, goField{name: "_", typ: jen.Index(jen.Lit(0)).Add(unsignedType(at64[i].Unit)), field: i, align: at64[i].Unit,
						comment: fmt.Sprintf("%s : 0, which aligns what follows", typeString(f.Type))})
				}
				continue
			}
			if at64[i].Unit != at386[i].Unit {
				return nil, fmt.Errorf("bit-field %s: its storage unit is %d bytes on 64-bit Windows and %d on 386 (a pointer-sized type)", f.Name, at64[i].Unit, at386[i].Unit)
			}
			if unit < 0 || at64[i].Offset != at64[p.fields[unit].field].Offset {
				closeUnit()
				unit = len(p.fields)
				p.fields = append(p.fields, goField{name: fmt.Sprintf("bits%d", units), typ: unsignedType(at64[i].Unit), field: i, unit: at64[i].Unit})
				units++
			}
			name := f.Name
			if name == "" {
				name = "_"
			} else {
				p.bits = append(p.bits, bitAccessor{f: f, path: []string{p.fields[unit].name}, c: f.Name, unit: at64[i].Unit, bit: at64[i].Bit, name: exported(f.Name)})
			}
			parts = append(parts, fmt.Sprintf("%s:%d", name, f.Bits))
			continue
		}
		closeUnit()
		if short := shortStructIn(f.Type); short != nil && (i != len(s.Fields)-1 || !variableTail(s) || f.Type.Resolve().Kind == idl.RArray) {
			return nil, fmt.Errorf("field %s: the struct %s is shorter in C than in Go (packed, with a variable-length tail): only a struct's last member may be one", f.Name, short.Name)
		}
		if d := g.inlineDepthOf(f.Type); d > maxInlineDepth {
			return nil, fmt.Errorf("field %s: its anonymous structs nest %d deep, more than the %d comgen declares (a type checker's work on such a struct doubles with each level)", fieldLabel(f, names[i]), d, maxInlineDepth)
		}
		typeOf := func(for386 bool) (*jen.Statement, error) {
			if r := f.Type.Resolve(); r.Kind == idl.RArray && r.Len < 0 {
				// A conformant array ([size_is(n)] T data[]) is T data[1] in C: its
				// elements follow the struct; index them through unsafe.Slice.
				t, err := g.fieldType(r.Elem, for386)
				if err != nil {
					return nil, err
				}
				return jen.Index(jen.Lit(1)).Add(t), nil
			}
			return g.fieldType(f.Type, for386)
		}
		ft, err := typeOf(false)
		var ft386 *jen.Statement
		if err == nil && g.needs386Padding(f.Type) {
			ft386, err = typeOf(true)
		}
		if err != nil {
			return nil, fmt.Errorf("field %s: %v", fieldLabel(f, names[i]), err)
		}
		name := names[i]
		p.fields = append(p.fields, goField{name: name, typ: ft, typ386: ft386, field: i})
		if inner := g.inlined(f.Type); inner != nil {
			// The bit-fields of an inline struct are reached from this one,
			// as C reaches them: by their own names through an anonymous
			// member, prefixed by the field's name through a named one.
			ip, err := g.structPlan(inner)
			if err != nil {
				return nil, fmt.Errorf("field %s: %v", fieldLabel(f, names[i]), err)
			}
			prefix := ""
			if f.Name != "" {
				prefix = exported(f.Name)
			}
			for _, b := range ip.bits {
				b.path = append([]string{name}, b.path...)
				b.name = prefix + b.name
				if f.Name != "" {
					b.c = f.Name + "." + b.c
				}
				p.bits = append(p.bits, b)
			}
		}
	}
	closeUnit()
	if n := len(p.fields); n > 0 && p.fields[n-1].align != 0 {
		// Go pads a struct that ends in a field of size 0 (so that its
		// address is inside the struct); C does not. At the start the field
		// aligns the struct all the same.
		last := p.fields[n-1]
		last.comment = typeString(s.Fields[last.field].Type) + " : 0 at the end, which aligns the struct"
		p.fields = append([]goField{last}, p.fields[:n-1]...)
	}
	bitAccessorNames(p)
	return p, nil
}

// needs386Padding reports whether the Go type of t declares inline (an
// anonymous struct, alone, in an array or behind a pointer) a struct that
// needs explicit padding on windows/386 (pad386). Such a type is declared
// twice, padded for 386 and not for the other targets: as the type of a
// field of a struct (fieldType; the struct is declared twice, see
// layout386Files) or of a union arm's accessor (declared twice too). goType,
// which has one declaration for every target, refuses it.
func (g *generator) needs386Padding(t *idl.TypeRef) bool {
	in := g.inlinedElem(t, true)
	return in != nil && g.inlineNeeds386(in)
}

// inlineDepthOf is inlineDepth of the struct declared inline that t is, or
// an array of; 0 when there is none.
func (g *generator) inlineDepthOf(t *idl.TypeRef) int {
	if in := g.inlinedElem(t, false); in != nil {
		return g.inlineDepth(in)
	}
	return 0
}

// inlinedElem is the struct declared inline that t is, or an array of (or,
// with pointers, a pointer to).
func (g *generator) inlinedElem(t *idl.TypeRef, pointers bool) *idl.StructInfo {
	r := t.Resolve()
	for r != nil && r.Elem != nil && (r.Kind == idl.RArray || pointers && r.Kind == idl.RPointer) {
		r = r.Elem.Resolve()
	}
	if r == nil || r.Kind != idl.RNamed {
		return nil
	}
	return g.inlined(r)
}

// inlineDepth is how deep structs declared inline (inlined: a union is an
// opaque area) nest in s, s included, through arrays too (not pointers,
// whose size does not depend on what they point to) (memoized): 1 for a
// struct with no field of an inline struct type.
func (g *generator) inlineDepth(s *idl.StructInfo) int {
	if d, ok := g.depths[s]; ok {
		return d
	}
	g.depths[s] = 1 // an inline struct cannot contain itself; this ends any cycle all the same
	d := 1
	for _, f := range s.Fields {
		if in := g.inlinedElem(f.Type, false); in != nil {
			d = max(d, 1+g.inlineDepth(in))
		}
	}
	g.depths[s] = d
	return d
}

// inlineNeeds386 reports whether the struct in, declared inline, needs
// explicit padding on 386 (memoized: asked at every level of a nesting, it
// would be asked 2^depth times).
func (g *generator) inlineNeeds386(in *idl.StructInfo) bool {
	pads, done := g.pads386[in]
	if !done {
		g.pads386[in] = false // an inline struct cannot contain itself; this ends any cycle all the same
		pads = g.pad386(in) != nil
		g.pads386[in] = pads
	}
	return pads
}

// fieldType is the Go type of a struct field or union arm of type t on
// windows/386 (for386) or on the other targets: goType's, and where t
// declares inline a struct that needs explicit padding on 386
// (needs386Padding), that struct with the padding on 386 and without it
// elsewhere.
func (g *generator) fieldType(t *idl.TypeRef, for386 bool) (*jen.Statement, error) {
	if !g.needs386Padding(t) {
		return g.goType(t)
	}
	switch t.Kind {
	case idl.RArray:
		inner, err := g.fieldType(t.Elem, for386)
		if err != nil {
			return nil, err
		}
		return arrayOf(t, inner), nil
	case idl.RPointer:
		if e := g.pointee(t); e != nil {
			inner, err := g.fieldType(e, for386)
			if err != nil {
				return nil, err
			}
			return jen.Op("*").Add(inner), nil
		}
	case idl.RNamed:
		if in := g.inlined(t); in != nil {
			if err := g.structError(in); err != nil {
				return nil, err
			}
			if !for386 {
				return g.inlineStruct(in)
			}
			fields, err := g.renderFields(in, true)
			if err != nil {
				return nil, err
			}
			return jen.Struct(fields...), nil
		}
	}
	return g.goType(t) // a typedef: goType refuses it
}

// fieldLabel names the field f, whose Go name is goName, in a message: its
// C name, or for an anonymous member the Go one (DUMMYUNIONNAME).
func fieldLabel(f *idl.FieldInfo, goName string) string {
	if f.Name == "" {
		return goName
	}
	return f.Name
}

// fieldNames returns the Go names of s's fields that are not bit-fields,
// by index: the C name exported (DUMMYUNIONNAME, DUMMYSTRUCTNAME2... for unnamed members),
// appended while an earlier field has it (fields a and A are A and A_).
func fieldNames(s *idl.StructInfo) map[int]string {
	names := map[int]string{}
	taken := map[string]bool{}
	anon := map[string]int{} // anonymous members of each kind so far
	for i, f := range s.Fields {
		if f.IsBitField() {
			continue
		}
		name := exported(f.Name)
		if f.Name == "" {
			// As the SDK's headers name them for C compilers without
			// anonymous members (winnt.h): DUMMYUNIONNAME, DUMMYUNIONNAME2...
			name = "DUMMYSTRUCTNAME"
			if u, ok := f.Type.Resolve().Decl.(*idl.StructInfo); ok && (u.Union || u.SwitchType != nil) {
				name = "DUMMYUNIONNAME"
			}
			if anon[name]++; anon[name] > 1 {
				name += fmt.Sprint(anon[name])
			}
		}
		for taken[name] {
			name += "_"
		}
		taken[name] = true
		names[i] = name
	}
	return names
}

// inlined returns the struct t is when Go declares it inline (an anonymous
// struct, or one this package does not declare: see goType), or nil.
func (g *generator) inlined(t *idl.TypeRef) *idl.StructInfo {
	if t.Kind != idl.RNamed {
		return nil
	}
	d, ok := t.Decl.(*idl.StructInfo)
	if !ok || d.Union || d.SwitchType != nil || wellKnownEntity(d) || d.Name != "" && g.declared(d) {
		return nil
	}
	return d
}

// unionArea is the Go type of a union: [n]uintptr when its size scales with
// the pointer size, otherwise [n]uint64/uint32/uint16/byte of the same size
// on both, by its alignment.
func unionArea(s *idl.StructInfo) (*jen.Statement, error) {
	sz64, al64, err := idl.StructLayout(s, idl.ArchAMD64, nil, 0)
	if err != nil {
		return nil, err
	}
	sz32, _, err := idl.StructLayout(s, idl.Arch386, nil, 0)
	if err != nil {
		return nil, err
	}
	switch {
	case sz64 == 2*sz32 && sz32%4 == 0:
		return jen.Index(jen.Lit(int(sz32 / 4))).Uintptr(), nil
	case sz64 == sz32:
		elem, n := jen.Byte(), sz64
		switch {
		case al64 >= 8 && sz64%8 == 0:
			elem, n = jen.Uint64(), sz64/8
		case al64 >= 4 && sz64%4 == 0:
			elem, n = jen.Uint32(), sz64/4
		case al64 >= 2 && sz64%2 == 0:
			elem, n = jen.Uint16(), sz64/2
		}
		return jen.Index(jen.Lit(int(n))).Add(elem), nil
	}
	return nil, fmt.Errorf("union %s has no portable Go layout", structLabel(s))
}

// unsignedType is the Go type of a bit-field storage unit of size bytes.
func unsignedType(size int64) *jen.Statement {
	switch size {
	case 1:
		return jen.Uint8()
	case 2:
		return jen.Uint16()
	case 4:
		return jen.Uint32()
	}
	return jen.Uint64()
}

// signedType is the signed integer of size bytes, which sign-extends a
// bit-field shifted to its top.
func signedType(size int64) *jen.Statement {
	switch size {
	case 1:
		return jen.Int8()
	case 2:
		return jen.Int16()
	case 4:
		return jen.Int32()
	}
	return jen.Int64()
}

// genBitAccessors writes the getter and setter of each named bit-field of
// the struct s, declared in Go as name: they do not call the OS, so they
// go in the types file, once, whichever files declare the struct itself.
func (g *generator) genBitAccessors(f *jen.File, s *idl.StructInfo, name string) {
	p, err := g.structPlan(s)
	if err != nil {
		return
	}
	for _, b := range p.bits {
		rt, err := g.goType(b.f.Type)
		if err != nil {
			continue
		}
		_, signed, _ := idl.IntegerType(b.f.Type)
		w, n := b.f.Bits, int(8*b.unit)
		field := jen.Id("s")
		for _, p := range b.path {
			field = field.Dot(p)
		}
		mask := uint64(1)<<w - 1 // w < 64 here, or the field fills its unit
		if w == 64 {
			mask = ^uint64(0)
		}
		decl := fmt.Sprintf("%s %s : %d", typeString(b.f.Type), b.f.Name, w)
		var get *jen.Statement
		how := ""
		switch {
		case signed && w < n:
			// Shifted to the top of the unit and back as a signed integer:
			// the top bit of the field is the sign.
			top := field.Clone()
			if s := n - b.bit - w; s > 0 {
				top = top.Op("<<").Lit(s)
			}
			get = signedType(b.unit).Call(top).Op(">>").Lit(n - w)
			how = ", sign-extended"
		case w == n:
			get = field.Clone()
		case b.bit == 0:
			get = field.Clone().Op("&").Add(hexLit(mask))
		default:
			get = jen.Parens(field.Clone().Op(">>").Lit(b.bit)).Op("&").Add(hexLit(mask))
		}
		f.Commentf("%s returns the bit-field %s of %s (C: %s)%s.", b.get, b.c, s.Name, decl, how)
		f.Func().Params(jen.Id("s").Op("*").Id(name)).Id(b.get).Params().Add(rt).Block(jen.Return(rt.Clone().Call(get)))

		rt, _ = g.goType(b.f.Type)
		v := unsignedType(b.unit).Call(jen.Id("v"))
		var set *jen.Statement
		if w == n {
			set = v
		} else {
			m := hexLit(mask << b.bit)
			if b.bit > 0 {
				v = jen.Parens(v.Op("<<").Lit(b.bit))
			}
			set = field.Clone().Op("&^").Add(m).Op("|").Add(v).Op("&").Add(hexLit(mask << b.bit))
		}
		f.Commentf("%s sets the bit-field %s of %s (C: %s) to the low %d bits of v.", b.set, b.c, s.Name, decl, w)
		f.Func().Params(jen.Id("s").Op("*").Id(name)).Id(b.set).Params(jen.Id("v").Add(rt)).Block(field.Clone().Op("=").Add(set))
	}
}

// hexLit renders a mask in hex.
func hexLit(v uint64) *jen.Statement { return jen.Op(fmt.Sprintf("0x%X", v)) }
