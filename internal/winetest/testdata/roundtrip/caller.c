/* Calls methods of a COM object through function pointers of its vtable,
   with floating-point arguments, as C code calls them: a prototyped call
   passes a float or double among the first four arguments in an XMM
   register only (Windows x64). roundtrip_windows_test.go loads it as
   caller.dll; TestRoundTripUnderWine builds it with mingw-w64. */
#include <windows.h>

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
