// Test-only access to the scheduler's private run queues
// (tests/unit/sched): thin wrappers, implemented at the end of sched.cpp,
// over functions that are otherwise local to it. Nothing in the runtime
// includes this header.
//
// A P made by newP is not in sched.allp: no M runs it and no M steals from
// it, so a test owns it completely and drives it from its own threads
// (one owner, any number of thieves), as Ms drive real Ps. The global run
// queue is the real one: use it only while no other goroutine is runnable
// (before the scheduler starts, or while every M is idle).
#pragma once

#include <cstdint>

#include "runtime/proc_impl.h"

namespace csp::rt::test_hooks {

// A P of its own for a test (status kPRunning, so thieves treat it as
// busy); freed with freeP once every thread is done with it.
P* newP(int32_t id);
void freeP(P* pp);

// As sched.cpp's: runqput and runqget only on pp's owner thread; runqsteal
// on thief's owner thread, which takes half of victim's queue (and its
// runnext when stealRunNext and the queue is empty) into its own.
void runqput(P* pp, G* gp, bool next);
G* runqget(P* pp, bool* inherit);
G* runqsteal(P* thief, P* victim, bool stealRunNext);
bool runqempty(P* pp);

// A batch from the global queue onto pp's local queue, one returned (as
// findRunnable does: call it only when pp's local queue is empty).
G* globrunqget(P* pp, int32_t max);
int32_t globrunqsize();

}  // namespace csp::rt::test_hooks
