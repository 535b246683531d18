// The runtime ABI: the only contract between generated code and the runtime.
//
// The code generator declares every function listed in runtime/abi.def with
// the LLVM signature written there; the runtime defines them with the C
// signature below. Nothing else of the runtime is visible to generated code.
//
// Value representation (what codegen lays out in LLVM IR):
//   bool          i1 in registers, one byte (0/1) in memory
//   int, uint     i64          int8..int64 / uint8..uint64: iN
//   float64       double       float32: float
//   string        { ptr data, i64 len }                (CspString)
//   []T           { ptr data, i64 len, i64 cap }       (CspSlice)
//   map[K]V       ptr to a runtime map (null: nil map)
//   chan T        ptr to a runtime channel (later issue)
//   *T            ptr (null: nil)
//   func          ptr to a closure object whose first word is the code
//                 pointer; code is called as  ret fn(ptr closure, args...)
//                 (null: nil func)
//   interface     { ptr tab, ptr data }                (CspIface)
//                 tab: empty interface: the dynamic type (const CspType*);
//                 other interfaces: an itab (const CspItab*); null: nil.
//                 data: the value itself when the dynamic type is
//                 pointer-shaped (CSP_TF_DIRECT: pointer, map, chan, func),
//                 else a pointer to a GC-allocated copy (never mutated).
//   struct        LLVM struct of the fields, natural C alignment
//   [N]T          LLVM array
//   multiple results: an LLVM struct of the results
//
// Calling the runtime (this file) from generated code: aggregates are
// passed as their scalar words (a string is two arguments: data, len) or by
// pointer, as each prototype says; results of at most two words are
// returned directly (CspString, CspIface), larger ones through an out
// pointer. Bools cross as `i1 zeroext`.
//
// Standard-library functions declared without a body in stdlib/*.csp (e.g.
// `func Println(a ...any) (n int, err error)` in stdlib/fmt.csp) are
// implemented in C++ as  csp_<pkg>_<Name>  (pkg path with '/' -> '_':
// csp_math_rand_Intn), methods as csp_<pkg>_<Type>_<Name>, with the
// "flattened" convention:
//   - each parameter is passed as its scalar words, in order (string: 2,
//     slice: 3, interface: 2, struct: its fields flattened recursively,
//     array: by pointer);
//   - no result: void; one result of at most two words: returned directly
//     (scalar, CspString, CspIface); otherwise the FIRST parameter is an out
//     pointer to an LLVM struct of the results (natural layout) and the
//     function returns void.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CspString {
  const uint8_t* data;
  int64_t len;
} CspString;

typedef struct CspSlice {
  void* data;
  int64_t len;
  int64_t cap;
} CspSlice;

typedef struct CspPair {
  int64_t a, b;
} CspPair;

typedef struct CspIface {
  const void* tab;  // CspType* (empty interface) or CspItab*
  void* data;
} CspIface;

// ---------------------------------------------------------------------------
// Type descriptors. Generated code emits one constant per type it needs
// (linkonce_odr, named "csp.type.<unique type string>"); the runtime
// defines its own for the types it creates (runtime error values).

enum CspKind {
  CSP_KIND_INVALID = 0,
  CSP_KIND_BOOL,
  CSP_KIND_INT,
  CSP_KIND_INT8,
  CSP_KIND_INT16,
  CSP_KIND_INT32,
  CSP_KIND_INT64,
  CSP_KIND_UINT,
  CSP_KIND_UINT8,
  CSP_KIND_UINT16,
  CSP_KIND_UINT32,
  CSP_KIND_UINT64,
  CSP_KIND_UINTPTR,
  CSP_KIND_FLOAT32,
  CSP_KIND_FLOAT64,
  CSP_KIND_COMPLEX64,
  CSP_KIND_COMPLEX128,
  CSP_KIND_ARRAY,
  CSP_KIND_CHAN,
  CSP_KIND_FUNC,
  CSP_KIND_INTERFACE,
  CSP_KIND_MAP,
  CSP_KIND_POINTER,
  CSP_KIND_SLICE,
  CSP_KIND_STRING,
  CSP_KIND_STRUCT,
  CSP_KIND_UNSAFE_POINTER,
};

enum CspTypeFlags {
  CSP_TF_DIRECT = 1,      // stored directly in an interface's data word
  CSP_TF_COMPARABLE = 2,  // == is defined (else comparing panics)
  CSP_TF_NAMED = 4,       // a defined type (name is "pkg.Name")
  CSP_TF_NOPTR = 8,       // contains no pointers (GC may skip it)
};

typedef struct CspType CspType;

// One frame of a traceback, as the symbolizer describes the code at a
// return address (runtime/traceback.cpp prints it as Go does).
typedef struct CspFrame {
  const char* func;  // the call as Go prints it: "main.get(...)", "main.main()"
  const char* file;  // the source file's absolute path
  int64_t line;
  int64_t offset;  // pc minus the function's entry; -1 for an inlined call
} CspFrame;
// Describes the code at return address pc: fills up to max frames, the
// innermost (inlined) call first, and returns how many; 0 when pc is not
// csp code (the runtime's and the stdlib's C++ frames are not shown).
typedef int64_t (*CspSymbolizer)(uintptr_t pc, CspFrame* frames, int64_t max);

typedef struct CspField {
  const char* name;  // "X"; for embedded fields the type's name ("P")
  const CspType* type;
  int64_t offset;
  uint8_t embedded;
  uint8_t exported;
} CspField;

// A method in a type's method set. ifn is called with the interface data
// word as receiver:  ret ifn(void* data, args...)  (csp calling convention:
// for methods used by the runtime, "Error" and "String", this is
// CspString ifn(void* data)).
typedef struct CspMethod {
  const char* name;
  const CspType* mtype;  // the method's signature type (no receiver)
  void* ifn;
} CspMethod;

typedef struct CspIMethod {
  const char* name;
  const CspType* mtype;
} CspIMethod;

struct CspType {
  int64_t size;
  int32_t align;
  uint8_t kind;   // CspKind
  uint8_t flags;  // CspTypeFlags
  uint16_t reserved;
  const char* name;     // Go's %T text: "int", "main.Point", "[]string",
                        // "map[string]int", "*main.T", "func(int) string"
  uint64_t hash;        // FNV-1a of the unique type string (local types
                        // included), for fast identity checks across modules
  const CspType* elem;  // pointer, slice, array, chan elem; map value
  const CspType* key;   // map key
  int64_t len;  // array length; chan: direction (0 both, 1 send, 2 recv)
  const CspField* fields;
  int64_t nfields;  // struct
  const CspMethod* methods;
  int64_t nmethods;  // method set, by name
  const CspIMethod* imethods;
  int64_t nimethods;  // interface, by name
  const CspType* const* params;
  int64_t nparams;   // func: params..results
  int64_t nresults;  // func: how many of params are results
  uint8_t variadic;  // func
};

// itab: for a non-empty interface value holding a dynamic type. fun[i] is
// the ifn of inter's i-th method (interface methods sorted by name).
typedef struct CspItab {
  const CspType* inter;
  const CspType* type;
  void* fun[];
} CspItab;

// Map iteration state (generated code allocates it in the frame).
typedef struct CspMapIter {
  void* key;   // points at the current key, null when done
  void* elem;  // points at the current value
  void* internal[6];
} CspMapIter;

// Slice-bounds panic flavours, as Go words them (x, y the operands).
enum CspSliceFail {
  CSP_SLICE_ALEN = 0,  // s[:x] x > len (strings, arrays): "[:x] with length y"
  CSP_SLICE_ACAP,      // s[:x] x > cap: "[:x] with capacity y"
  CSP_SLICE_B,         // s[x:y] x > y: "[x:y]"
  CSP_SLICE_3ALEN,     // s[::x] x > len (arrays): "[::x] with length y"
  CSP_SLICE_3ACAP,     // s[::x] x > cap: "[::x] with capacity y"
  CSP_SLICE_3B,        // s[:x:y] x > y: "[:x:y]"
  CSP_SLICE_3C,        // s[x:y:] x > y: "[x:y:]"
};

#define CSP_ABI_FN(ret, name, params, llvm) ret name params;
#include "runtime/abi.def"
#undef CSP_ABI_FN

// The preemption word generated code polls (abi.def, "preemption").
extern uint32_t csp_rt_preempt_word;

#ifdef __cplusplus
}  // extern "C"
#endif
