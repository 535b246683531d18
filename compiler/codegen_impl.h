// Private to the code generator (compiler/codegen*.cpp): the Gen class and
// its per-function state. See codegen.h and DEVELOPERS.md for the value
// representation and conventions this implements.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/codegen.h"
#include "compiler/types.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

namespace csp::codegen {

using llvm::BasicBlock;
using llvm::Value;
namespace ty = csp::types;

// Where a local variable lives: `slot` is an alloca of the value, or for a
// heap variable (Var::onHeap) an alloca holding the pointer to its GC cell.
struct VarSlot {
  Value* slot = nullptr;
  bool heap = false;
};

// A call whose callee and arguments are evaluated but not yet made (used
// directly, and by defer, which makes it later from a thunk).
struct PreparedCall {
  enum Kind { Direct, Closure, Iface, Extern } kind = Direct;
  ty::Func* func = nullptr;      // Direct / Extern
  Value* callee = nullptr;       // Closure: closure ptr; Iface: fn ptr
  ty::Signature* sig = nullptr;  // the signature (without receiver)
  std::vector<Value*> args;      // receiver first for methods/Iface
  std::vector<ty::Type*> arg_types;
};

// State of the function being generated.
struct FuncState {
  llvm::Function* fn = nullptr;
  ty::Signature* sig = nullptr;
  BasicBlock* entry = nullptr;  // allocas go here
  BasicBlock* exit = nullptr;   // runs defers, returns the result slots
  std::vector<Value*> result_slots;
  std::vector<ty::Type*> result_types;
  std::unordered_map<ty::Var*, VarSlot> vars;
  Value* defer_head = nullptr;  // alloca ptr: list of {next, closure}
  BasicBlock* pad = nullptr;    // landing pad (functions with defer)
  // break / continue targets of loops, switches and selects.
  std::unordered_map<ast::Stmt*, std::pair<BasicBlock*, BasicBlock*>> jumps;
  std::unordered_map<ty::Label*, BasicBlock*> labels;
  BasicBlock* fallthrough = nullptr;  // next case body in a switch
  Value* env = nullptr;               // closure pointer (function literals)
  llvm::BranchInst* entry_poll = nullptr;  // dropped by finishFunction when
                                           // the function cannot run long
};

// A closure { code, values... } whose code is a new function being
// generated: Gen::beginThunk makes it and switches to the code's entry,
// Gen::endThunk switches back to the enclosing function.
struct Thunk {
  llvm::Function* fn = nullptr;  // the code: takes the closure first
  Value* clo = nullptr;          // the closure (in the enclosing function)
  std::vector<Value*> vals;      // the values, reloaded in fn's entry
  // The enclosing function's state, restored by endThunk.
  llvm::IRBuilderBase::InsertPoint ip;
  FuncState* saved = nullptr;
  FuncState fs;
};

class Gen {
 public:
  Gen(const check::Program& prog, llvm::LLVMContext& ctx, const Options& o);
  std::unique_ptr<llvm::Module> run();

  // --- codegen_types.cpp ---------------------------------------------------
  llvm::Type* llType(ty::Type* t);
  llvm::Type* resultType(ty::Signature* sig);  // void / T / {T...}
  llvm::FunctionType* funcType(ty::Signature* sig, bool with_env,
                               ty::Type* recv = nullptr);
  // Big values (see kBigValue) cross calls by pointer: a big parameter is a
  // pointer to the caller's copy, a big result a pointer to a GC copy.
  bool isBig(llvm::Type* t);
  llvm::Type* argType(ty::Type* t);
  Value* argIn(Value* arg, ty::Type* t);  // a parameter as a value
  Value* callGo(llvm::FunctionCallee fc, ty::Signature* sig,
                std::vector<Value*> args);  // spills big args
  void retGo(Value* r);                     // boxes a big result
  uint64_t sizeOf(ty::Type* t);
  std::string typeKey(ty::Type* t);
  llvm::Constant* typeDesc(ty::Type* t);
  llvm::Constant* itab(ty::Type* iface, ty::Type* concrete);
  bool isDirectIface(ty::Type* t);
  bool hasPointers(ty::Type* t);
  llvm::Function* ifnWrapper(ty::Type* t, ty::Selection* sel);

  // --- codegen_runtime.cpp -------------------------------------------------
  llvm::FunctionCallee rt(const std::string& name);
  void declareRuntime();
  llvm::Function* externFunc(ty::Func* f, std::vector<ty::Type*>* flat_ret);

  // --- codegen_func.cpp ----------------------------------------------------
  llvm::Function* funcDecl(ty::Func* f);
  llvm::Function* replFuncDecl(ty::Func* f, llvm::FunctionType* fty);
  void replShow(ast::Expr* e);  // prints an expression statement's values
  void genFuncBody(ty::Func* f);
  llvm::Function* genFuncLit(ast::FuncLit* lit);
  Value* funcValue(ty::Func* f);  // a static closure for top-level f
  void beginFunction(llvm::Function* fn, ty::Signature* sig,
                     ast::BlockStmt* body, ty::Var* recv, Value* recv_val,
                     unsigned first_param);
  void finishFunction();
  void emitReturn(const std::vector<Value*>& vals);
  void emitDefer(ast::CallExpr* call);
  void emitGo(ast::CallExpr* call);
  // Goroutines whose code calls only the runtime's parking paths start on
  // a small stack (csp_rt_go_small; runtime/stack.cpp). After all bodies.
  void markSmallGoroutines();
  struct GoSite {
    llvm::CallInst* call;     // csp_rt_go(closure)
    llvm::Function* thunk;    // the closure's code
    llvm::Function* target;   // the thunk's indirect callee, when known
  };
  std::vector<GoSite> go_sites_;
  Value* packThunk(PreparedCall pc, const std::string& name, bool is_defer);
  // Stores vals in a new closure { t.fn, vals... } (t.fn of type fty), then
  // generates into t.fn's entry with the values reloaded from the closure
  // in t.vals. t stays where it is until endThunk(t) switches back.
  void beginThunk(Thunk& t, const std::vector<Value*>& vals,
                  llvm::FunctionType* fty, const std::string& name);
  // beginThunk for a prepared call: packs its callee and arguments, and
  // points pc at their reloaded values.
  void beginCallThunk(Thunk& t, PreparedCall& pc, llvm::FunctionType* fty,
                      const std::string& name);
  void endThunk(Thunk& t);
  void markDeferCall(Value* call);
  Value* packBuiltinThunk(ast::CallExpr* ce, const std::string& name);
  // Arguments of a deferred builtin, already evaluated (expr() returns them).
  std::unordered_map<ast::Expr*, Value*> preval_;
  Value* emitRecover();
  void emitRunDefers();
  Value* call(llvm::FunctionCallee callee, llvm::ArrayRef<Value*> args);
  void genMain();
  llvm::BranchInst* emitPoll();
  void genGlobals();

  // --- codegen_stmt.cpp ----------------------------------------------------
  void stmt(ast::Stmt* s);
  void block(const std::vector<ast::Stmt*>& list);
  void assign(ast::AssignStmt* s);
  void assignTo(ast::Expr* lhs, Value* v, ty::Type* vt);
  void storeVar(ty::Var* v, Value* val);
  VarSlot declareVar(ty::Var* v);
  Value* varAddr(ty::Var* v);
  void ifStmt(ast::IfStmt* s);
  void forStmt(ast::ForStmt* s);
  void rangeStmt(ast::RangeStmt* s);
  void rangeInt(ast::RangeStmt* s, Value* n);
  void rangeIndexed(ast::RangeStmt* s, Value* x, ty::Type* xt);
  void rangeString(ast::RangeStmt* s, Value* x);
  void rangeMap(ast::RangeStmt* s, Value* x, ty::Type* mt);
  void rangeAssign(ast::RangeStmt* s, ast::Expr* lhs, Value* v, ty::Type* t);
  void switchStmt(ast::SwitchStmt* s);
  void typeSwitchStmt(ast::TypeSwitchStmt* s);
  void branchStmt(ast::BranchStmt* s);
  void incDec(ast::IncDecStmt* s);
  void loopBody(ast::Stmt* loop, ast::BlockStmt* body, BasicBlock* brk,
                BasicBlock* cont);

  // --- codegen_chan.cpp ----------------------------------------------------
  void sendStmt(ast::SendStmt* s);
  Value* recv(ast::Expr* ch, bool comma_ok);
  void rangeChan(ast::RangeStmt* s, Value* ch, ty::Type* ct);
  void selectStmt(ast::SelectStmt* s);

  // --- codegen_expr.cpp ----------------------------------------------------
  Value* expr(ast::Expr* e);
  Value* exprTo(ast::Expr* e, ty::Type* target);
  Value* convertAssign(Value* v, ty::Type* from, ty::Type* to);
  Value* addr(ast::Expr* e);
  bool isAddressable(ast::Expr* e);
  Value* spill(Value* v);
  Value* constant(const ty::ConstValue* cv, ty::Type* t);
  Value* stringConst(const std::string& s);
  Value* zero(ty::Type* t);
  void storeZero(Value* addr, ty::Type* t);  // memset for big aggregates
  Value* tempSlot(ty::Type* t);              // a zeroed frame slot
  Value* binary(ast::BinaryExpr* e);
  Value* arith(Tok op, Value* x, Value* y, ty::Type* t);
  Value* shift(Tok op, Value* x, Value* y, ty::Type* xt, ty::Type* yt);
  Value* compare(Tok op, Value* x, ty::Type* xt, Value* y, ty::Type* yt);
  Value* equal(Value* x, Value* y, ty::Type* t);
  Value* stringEqual(Value* x, Value* y);
  Value* concatChain(ast::BinaryExpr* e);
  Value* unary(ast::UnaryExpr* e);
  Value* index(ast::IndexExpr* e);
  Value* indexAddr(ast::IndexExpr* e);
  Value* sliceExpr(ast::SliceExpr* e);
  Value* selector(ast::SelectorExpr* e);
  Value* fieldPath(Value* base_addr, ty::Type* base,
                   const std::vector<int>& path, size_t count,
                   ty::Type** out_type);
  Value* compositeLit(ast::CompositeLit* e);
  void fillComposite(ast::CompositeLit* e, Value* dst);
  Value* typeAssert(ast::TypeAssertExpr* e, bool comma_ok);
  Value* mapIndex(ast::IndexExpr* e, bool comma_ok);
  Value* mapIndexBig(Value* p, ty::Type* elem, bool comma_ok);
  Value* toIface(Value* v, ty::Type* from, ty::Type* iface);
  Value* ifaceDynType(Value* iv, ty::Type* it);
  Value* boundsCheck(Value* idx, Value* len, ty::Type* idx_type);
  void nilCheck(Value* p);
  void panicIf(Value* cond, const char* fn, llvm::ArrayRef<Value*> args);
  Value* strData(Value* s) { return b.CreateExtractValue(s, 0); }
  Value* strLen(Value* s) { return b.CreateExtractValue(s, 1); }
  Value* makeStr(Value* p, Value* n);
  Value* makeSlice(Value* p, Value* n, Value* c);
  Value* alloc(ty::Type* t);
  Value* allocBytes(Value* n, bool scan);

  // --- codegen_call.cpp ----------------------------------------------------
  Value* callExpr(ast::CallExpr* e);
  bool prepareCall(ast::CallExpr* e, PreparedCall* pc);
  Value* emitPrepared(const PreparedCall& pc);
  Value* emitExternCall(ty::Func* f, const std::vector<Value*>& args,
                        const std::vector<ty::Type*>& types);
  void flatten(Value* v, ty::Type* t, std::vector<Value*>* out);
  std::vector<Value*> callArgs(ast::CallExpr* e, ty::Signature* sig);
  Value* methodRecv(ast::SelectorExpr* sel, bool want_ptr);
  Value* conversion(ast::CallExpr* e);
  Value* convertValue(Value* v, ty::Type* from, ty::Type* to);
  Value* floatToInt(Value* v, ty::Type* to);
  Value* builtin(ast::CallExpr* e);
  Value* builtinAppend(ast::CallExpr* e);
  Value* builtinMake(ast::CallExpr* e);
  Value* builtinCopy(ast::CallExpr* e);
  Value* builtinLen(ast::CallExpr* e, bool cap);
  Value* builtinMinMax(ast::CallExpr* e, bool is_min);
  void builtinPrint(ast::CallExpr* e, bool ln);
  Value* growSlice(Value* s, Value* newlen, ty::Type* elem);
  Value* funcLit(ast::FuncLit* e);
  Value* methodValue(ast::SelectorExpr* e);
  Value* methodExpr(ast::SelectorExpr* e);
  Value* callClosure(Value* clo, ty::Signature* sig, std::vector<Value*> args);
  Value* emitMethodOnAddr(Value* base, ty::Type* base_t, ty::Selection* sel,
                          const std::vector<Value*>& args);
  Value* commaOk(ast::Expr* e);
  void emitIfaceCall(Value* iv, ty::Type* it, ty::Func* m,
                     const std::vector<Value*>& args, Value** result);

  // Shared state.
  const check::Program& prog;
  llvm::LLVMContext& ctx;
  Options opts;
  std::unique_ptr<llvm::Module> mod;
  llvm::IRBuilder<> b;
  llvm::DataLayout dl;
  FuncState* fs = nullptr;

  llvm::Type* i1;
  llvm::Type* i8;
  llvm::Type* i32;
  llvm::Type* i64;
  llvm::PointerType* ptr;
  llvm::StructType* str_ty;
  llvm::StructType* slice_ty;
  llvm::StructType* iface_ty;
  llvm::StructType* type_ty;  // CspType
  llvm::StructType* mapiter_ty;

 private:
  std::unordered_map<std::string, llvm::FunctionCallee> runtime_;
  std::unordered_map<std::string, llvm::GlobalVariable*> type_descs_;
  std::unordered_map<std::string, llvm::GlobalVariable*> itabs_;
  std::unordered_map<std::string, llvm::Constant*> strings_;
  std::unordered_map<ty::Func*, llvm::Function*> funcs_;
  std::unordered_map<ty::Func*, llvm::Constant*> func_values_;
  std::unordered_map<std::string, llvm::Function*> ifns_;
  std::unordered_map<ty::Var*, int> global_index_;
  llvm::GlobalVariable* globals_ = nullptr;
  llvm::GlobalVariable* preempt_ = nullptr;  // ptr to the preemption word
  std::vector<ty::Func*> pending_;  // functions declared, bodies to emit
  std::vector<ty::Var*> globals_list_;
  int lit_counter_ = 0;

  friend Value* globalAddr(Gen& g, ty::Var* v);

 public:
  Value* globalVarAddr(ty::Var* v);
  void queueBody(ty::Func* f) { pending_.push_back(f); }
  int nextId() { return ++lit_counter_; }
  std::string funcName(ty::Func* f);
  llvm::Constant* typeDescBody(ty::Type* t, llvm::GlobalVariable* gv);
  llvm::Constant* methodTable(ty::Type* t);
  llvm::Constant* fieldTable(ty::Type* t);
  llvm::Constant* imethodTable(ty::Type* t);
  llvm::Constant* paramTable(ty::Signature* sig);
  llvm::Constant* cstr(const std::string& s);
};

// Small helpers.
inline ty::Type* under(ty::Type* t) { return ty::underlying(t); }
inline bool isKind(ty::Type* t, ty::TypeKind k) { return under(t)->kind == k; }
template <class T>
T* as(ty::Type* t) {
  return static_cast<T*>(under(t));
}
bool isBasicKind(ty::Type* t, ty::BasicKind k);
bool isUntypedNil(ty::Type* t);

}  // namespace csp::codegen
