package idl

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Value is the result of evaluating a constant expression.
type Value struct {
	Kind  ValueKind
	Int   int64 // ValInt: the mathematical value (0x80041001 is 2147749889, not negative)
	Float float64
	Str   string
	GUID  *GUID // ValGUID
}

// ValueKind classifies a Value.
type ValueKind int

// Value kinds.
const (
	ValInt ValueKind = iota
	ValFloat
	ValString
	ValGUID // from DEFINE_GUID in a cpp_quote
)

func (v Value) String() string {
	switch v.Kind {
	case ValFloat:
		return strconv.FormatFloat(v.Float, 'g', -1, 64)
	case ValString:
		return strconv.Quote(v.Str)
	}
	return strconv.FormatInt(v.Int, 10)
}

// ParseInt parses a C integer literal with optional suffixes (U, L, UL, LL, i64...).
func ParseInt(text string) (int64, error) {
	s := strings.ToLower(text)
	s = strings.TrimRight(s, "ul")
	s = strings.TrimSuffix(s, "i64")
	s = strings.TrimSuffix(s, "i32")
	s = strings.TrimRight(s, "u")
	base := 10
	switch {
	case strings.HasPrefix(s, "0x"):
		base, s = 16, s[2:]
	case len(s) > 1 && s[0] == '0':
		base, s = 8, s[1:]
	}
	if s == "" {
		return 0, fmt.Errorf("invalid integer constant %s", text)
	}
	u, err := strconv.ParseUint(s, base, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("integer constant %s is too large", text)
		}
		return 0, fmt.Errorf("invalid integer constant %s", text)
	}
	return int64(u), nil
}

// evaluator evaluates constant expressions. Lookup resolves identifiers; it returns
// false for names that are not constants.
type evaluator struct {
	lookup func(name string, pos Pos) (Value, bool, error)
	sizeOf func(t *Type) (int64, error)
	// baseType, when set, names the base type a typedef name stands for
	// (VARIANT_BOOL -> short), so that casts through typedefs truncate.
	baseType func(name string) (string, bool)
	// strictCasts rejects casts to anything but an integer type: C header
	// text casts to handles and pointers ((HWND)-1), which no Go constant
	// can stand for.
	strictCasts bool
}

func (ev *evaluator) errorf(pos Pos, format string, args ...any) error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (ev *evaluator) eval(e Expr) (Value, error) {
	switch e := e.(type) {
	case nil:
		return Value{}, fmt.Errorf("missing expression")
	case *IntLit:
		v, err := ParseInt(e.Text)
		if err != nil {
			return Value{}, ev.errorf(e.Pos, "%v", err)
		}
		return Value{Int: v}, nil
	case *FloatLit:
		t := strings.TrimRight(strings.ToLower(e.Text), "fl")
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return Value{}, ev.errorf(e.Pos, "invalid floating-point constant %s", e.Text)
		}
		return Value{Kind: ValFloat, Float: f}, nil
	case *StringLit:
		return Value{Kind: ValString, Str: e.Value}, nil
	case *CharLit:
		if len(e.Value) != 1 {
			return Value{}, ev.errorf(e.Pos, "character constant must hold one character")
		}
		return Value{Int: int64(e.Value[0])}, nil
	case *Ident:
		if ev.lookup != nil {
			v, ok, err := ev.lookup(e.Name, e.Pos)
			if err != nil {
				return Value{}, err
			}
			if ok {
				return v, nil
			}
		}
		return Value{}, ev.errorf(e.Pos, "undefined constant %s", e.Name)
	case *Cast:
		v, err := ev.eval(e.X)
		if err != nil {
			return v, err
		}
		t := e.Type
		if t.Kind == TName && ev.baseType != nil {
			if base, ok := ev.baseType(t.Name); ok {
				t = &Type{Kind: TName, Name: base}
			}
		}
		if ev.strictCasts && (t.Kind != TName || BasicSize(t.Name, Arch386) == 0 || t.Name == "float" || t.Name == "double") {
			return Value{}, ev.errorf(e.Pos, "cast to %s in a constant", t.Name)
		}
		return castValue(v, t), nil
	case *SizeOf:
		if ev.sizeOf == nil {
			return Value{}, ev.errorf(e.Pos, "sizeof is not allowed here")
		}
		n, err := ev.sizeOf(e.Type)
		if err != nil {
			return Value{}, err
		}
		return Value{Int: n}, nil
	case *Cond:
		c, err := ev.evalInt(e.C)
		if err != nil {
			return Value{}, err
		}
		if c != 0 {
			return ev.eval(e.X)
		}
		return ev.eval(e.Y)
	case *Unary:
		x, err := ev.eval(e.X)
		if err != nil {
			return x, err
		}
		if x.Kind == ValFloat {
			switch e.Op {
			case "-":
				return Value{Kind: ValFloat, Float: -x.Float}, nil
			case "+":
				return x, nil
			}
		}
		if x.Kind != ValInt {
			return Value{}, ev.errorf(e.Pos, "invalid operand for unary %s: expected an integer", e.Op)
		}
		switch e.Op {
		case "-":
			if x.Int == math.MinInt64 {
				return Value{}, &overflowError{Pos: e.Pos, Msg: fmt.Sprintf("constant overflow: -(%d) does not fit in 64 bits", x.Int)}
			}
			return Value{Int: -x.Int}, nil
		case "+":
			return x, nil
		case "~":
			return Value{Int: ^x.Int}, nil
		case "!":
			return Value{Int: b2i(x.Int == 0)}, nil
		}
		return Value{}, ev.errorf(e.Pos, "unary %s is not a constant operation", e.Op)
	case *Binary:
		x, err := ev.eval(e.X)
		if err != nil {
			return x, err
		}
		// Short-circuit forms.
		if e.Op == "&&" && x.Kind == ValInt && x.Int == 0 {
			return Value{Int: 0}, nil
		}
		if e.Op == "||" && x.Kind == ValInt && x.Int != 0 {
			return Value{Int: 1}, nil
		}
		y, err := ev.eval(e.Y)
		if err != nil {
			return y, err
		}
		if x.Kind == ValFloat || y.Kind == ValFloat {
			return ev.floatBinary(e, x, y)
		}
		if x.Kind != ValInt || y.Kind != ValInt {
			return Value{}, ev.errorf(e.Pos, "invalid operands for %s: expected integers", e.Op)
		}
		a, b := x.Int, y.Int
		var r int64
		switch e.Op {
		case "+":
			r = a + b
			if (a >= 0) == (b >= 0) && (r >= 0) != (a >= 0) {
				return Value{}, ev.overflow(e, a, b)
			}
		case "-":
			r = a - b
			if (a >= 0) != (b >= 0) && (r >= 0) != (a >= 0) {
				return Value{}, ev.overflow(e, a, b)
			}
		case "*":
			r = a * b
			if a != 0 && (r/a != b || a == -1 && b == math.MinInt64 || b == -1 && a == math.MinInt64) {
				return Value{}, ev.overflow(e, a, b)
			}
		case "/", "%":
			if b == 0 {
				return Value{}, ev.errorf(e.Pos, "division by zero in constant expression")
			}
			if e.Op == "/" {
				r = a / b
			} else {
				r = a % b
			}
		case "<<":
			if b < 0 || b > 63 {
				return Value{}, ev.errorf(e.Pos, "shift count %d out of range", b)
			}
			r = a << uint(b)
			if uint64(r)>>uint(b) != uint64(a) {
				// Bits shifted out of 64 (as unsigned: 1 << 63 is the top bit, as in C's 1ULL << 63).
				return Value{}, ev.overflow(e, a, b)
			}
		case ">>":
			if b < 0 || b > 63 {
				return Value{}, ev.errorf(e.Pos, "shift count %d out of range", b)
			}
			r = a >> uint(b)
		case "&":
			r = a & b
		case "|":
			r = a | b
		case "^":
			r = a ^ b
		case "&&":
			r = b2i(a != 0 && b != 0)
		case "||":
			r = b2i(a != 0 || b != 0)
		case "==":
			r = b2i(a == b)
		case "!=":
			r = b2i(a != b)
		case "<":
			r = b2i(a < b)
		case ">":
			r = b2i(a > b)
		case "<=":
			r = b2i(a <= b)
		case ">=":
			r = b2i(a >= b)
		default:
			return Value{}, ev.errorf(e.Pos, "operator %s is not a constant operation", e.Op)
		}
		return Value{Int: r}, nil
	}
	return Value{}, ev.errorf(e.Position(), "expected a constant expression")
}

// overflow is the error for an integer operation whose result does not fit in
// 64 bits (C would wrap it, or the value would be silently wrong).
func (ev *evaluator) overflow(e *Binary, a, b int64) error {
	return &overflowError{Pos: e.Pos, Msg: fmt.Sprintf("constant overflow: %d %s %d does not fit in 64 bits", a, e.Op, b)}
}

// overflowError is an arithmetic overflow in a constant expression: always an
// error, even where an expression that cannot be evaluated is only a warning.
type overflowError Error

func (e *overflowError) Error() string { return (*Error)(e).Error() }

func (ev *evaluator) floatBinary(e *Binary, x, y Value) (Value, error) {
	f := func(v Value) float64 {
		if v.Kind == ValInt {
			return float64(v.Int)
		}
		return v.Float
	}
	a, b := f(x), f(y)
	switch e.Op {
	case "+":
		return Value{Kind: ValFloat, Float: a + b}, nil
	case "-":
		return Value{Kind: ValFloat, Float: a - b}, nil
	case "*":
		return Value{Kind: ValFloat, Float: a * b}, nil
	case "/":
		if b == 0 {
			return Value{Kind: ValFloat, Float: math.Inf(1)}, nil
		}
		return Value{Kind: ValFloat, Float: a / b}, nil
	}
	return Value{}, ev.errorf(e.Pos, "invalid operands for %s: floating-point values", e.Op)
}

func (ev *evaluator) evalInt(e Expr) (int64, error) {
	v, err := ev.eval(e)
	if err != nil {
		return 0, err
	}
	if v.Kind != ValInt {
		return 0, ev.errorf(e.Position(), "expected an integer constant expression")
	}
	return v.Int, nil
}

// castValue applies a C cast to an integer, truncating to the type's width when it is a base type.
func castValue(v Value, t *Type) Value {
	if v.Kind != ValInt || t.Kind != TName {
		return v
	}
	switch t.Name {
	case "unsigned char", "byte", "unsigned small", "boolean":
		v.Int = int64(uint8(v.Int))
	case "char", "signed char", "small":
		v.Int = int64(int8(v.Int))
	case "short":
		v.Int = int64(int16(v.Int))
	case "unsigned short", "wchar_t":
		v.Int = int64(uint16(v.Int))
	case "int", "long", "__int32":
		v.Int = int64(int32(v.Int))
	case "unsigned int", "unsigned long", "unsigned __int32":
		v.Int = int64(uint32(v.Int))
	}
	return v
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
