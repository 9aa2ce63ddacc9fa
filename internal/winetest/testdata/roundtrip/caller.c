/* Calls methods of a COM object through function pointers of its vtable,
   with floating-point arguments, as C code calls them: a prototyped call
   passes a float or double among the first four arguments in an XMM
   register only (Windows x64). roundtrip_windows_test.go loads it as
   caller.dll; TestRoundTripUnderWine builds it with mingw-w64. */
#include <windows.h>
#include <stdarg.h>
#include <stdio.h>

/* The structures of test.idl. */
typedef struct { LONG a, b; } Pair8;
typedef struct { LONGLONG a, b, c; } Big24;
typedef struct { float x, y; } PointF;
typedef struct { double l, t, r, b; } RectD;

typedef HRESULT (STDMETHODCALLTYPE *float_fn)(void *, float);
typedef HRESULT (STDMETHODCALLTYPE *floats_fn)(void *, float, double, LONG, float, double, float, double *);
typedef HRESULT (STDMETHODCALLTYPE *first_fn)(void *, double, float, double, double *);

__declspec(dllexport) HRESULT callFloat(void *obj, float_fn fn)
{
    return fn(obj, 1.5f);
}

__declspec(dllexport) HRESULT callFloats(void *obj, floats_fn fn, double *sum)
{
    return fn(obj, 1.5f, 2.25, 7, 3.5f, -4.125, 0.0625f, sum);
}

__declspec(dllexport) HRESULT callFirstFloats(void *obj, first_fn fn, double *r)
{
    return fn(obj, 0.5, -8.0f, 1e100, r);
}

/* A COM method that returns a structure takes a pointer to the result after
   this and returns it: how MSVC's C++ returns from member functions, and how
   the C headers of widl and mingw-w64 declare such methods (d2d1.h's
   GetSize(This, D2D1_SIZE_F *__ret)). */
typedef Pair8 *(STDMETHODCALLTYPE *makepair_fn)(void *, Pair8 *, LONG, LONG);
typedef Big24 *(STDMETHODCALLTYPE *makebig_fn)(void *, Big24 *, LONGLONG, double);

__declspec(dllexport) Pair8 *callMakePair(void *obj, makepair_fn fn, Pair8 *out)
{
    return fn(obj, out, 3, -4);
}

__declspec(dllexport) Big24 *callMakeBig(void *obj, makebig_fn fn, Big24 *out)
{
    return fn(obj, out, (LONGLONG)1 << 40, 2.0);
}

/* Structures of floats by value: PointF (8 bytes) in an integer register,
   RectD (32 bytes) by reference to a copy; the float after them in XMM2. */
typedef HRESULT (STDMETHODCALLTYPE *point_fn)(void *, PointF, float, RectD, double *);

__declspec(dllexport) HRESULT callPoint(void *obj, point_fn fn, double *r)
{
    PointF p = {1.5f, -2.0f};
    RectD rc = {1, 2, 3, 4};
    return fn(obj, p, 4.0f, rc, r);
}

/* A structure of floats alone (an integer register on amd64: the method
   needs no amd64 stub), and a 64-bit result after a float (in XMM1). */
typedef HRESULT (STDMETHODCALLTYPE *origin_fn)(void *, PointF, double *);
typedef LONGLONG (STDMETHODCALLTYPE *blend_fn)(void *, float, LONGLONG);

__declspec(dllexport) HRESULT callOrigin(void *obj, origin_fn fn, double *r)
{
    PointF p = {2.5f, -0.25f};
    return fn(obj, p, r);
}

__declspec(dllexport) void callBlend(void *obj, blend_fn fn, LONGLONG *r)
{
    *r = fn(obj, 1.5f, (LONGLONG)1 << 40);
}

/* Floating-point results, in XMM0; Scaled's 5th to 7th arguments on the stack. */
typedef double (STDMETHODCALLTYPE *ratio_fn)(void *, LONG, LONG);
typedef float (STDMETHODCALLTYPE *scaled_fn)(void *, float, LONG, LONG, LONG, double, float);

__declspec(dllexport) void callRatio(void *obj, ratio_fn fn, double *r)
{
    *r = fn(obj, 1, 8);
}

__declspec(dllexport) void callScaled(void *obj, scaled_fn fn, float *r)
{
    *r = fn(obj, 1.5f, 2, 3, 4, 0.25, 0.5f);
}

/* A C object whose method takes variable arguments (test.idl's
   IVarargs::Format), as a C++ method declared with ... does: cdecl on 386,
   the arguments after fmt read with va_arg. */
typedef struct { const void *const *vtbl; } VarargsObj;
static WCHAR formatted[256];

static HRESULT STDMETHODCALLTYPE varargsQueryInterface(VarargsObj *this, REFIID riid, void **out)
{
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE varargsAddRef(VarargsObj *this) { return 2; }
static ULONG STDMETHODCALLTYPE varargsRelease(VarargsObj *this) { return 1; }

static HRESULT __cdecl varargsFormat(VarargsObj *this, const WCHAR *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    _vsnwprintf(formatted, 255, fmt, ap);
    va_end(ap);
    return S_OK;
}

static const void *const varargsVtbl[] = {varargsQueryInterface, varargsAddRef, varargsRelease, varargsFormat};
static VarargsObj varargsObj = {varargsVtbl};

__declspec(dllexport) void *newVarargs(void) { return &varargsObj; }
__declspec(dllexport) const WCHAR *varargsFormatted(void) { return formatted; }
