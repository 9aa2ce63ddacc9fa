package winetest

import (
	"context"
	"os"
	"path/filepath"
)

// Go's Windows runtime (since Go 1.24) takes its random numbers from
// ProcessPrng in bcryptprimitives.dll and refuses to start without it; Wine 8
// has no such DLL. This one, built with mingw-w64 and put into the prefix's
// system32, forwards to RtlGenRandom (advapi32's SystemFunction036).

// prngVersion changes when prngSource does, so that cached prefixes are rebuilt.
const prngVersion = "prng1"

const prngSource = `#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
`

const prngDef = `LIBRARY bcryptprimitives.dll
EXPORTS
ProcessPrng
`

// buildPRNG compiles the DLL into dst, using dir for the sources.
func buildPRNG(ctx context.Context, cc, dir, dst string) error {
	src := filepath.Join(dir, "prng.c")
	def := filepath.Join(dir, "prng.def")
	if err := os.WriteFile(src, []byte(prngSource), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(def, []byte(prngDef), 0o644); err != nil {
		return err
	}
	return buildDLL(ctx, cc, dst, src, def, "-ladvapi32")
}
