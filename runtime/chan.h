// Channels for the runtime's own C++ (the time package's timers): the same
// channels generated code makes with csp_rt_makechan (chan.cpp).
#pragma once

#include <cstdint>

#include "runtime/abi.h"

namespace csp::rt {

// make(chan T, size): chanType is the channel's type descriptor (its elem is
// T). Panics "makechan: size out of range" for a negative size.
void* makeChan(const CspType* chanType, int64_t size);

// As Go's selectnbsend: c <- *elem if that can happen at once (a receiver
// waits or the buffer has room); false otherwise. Never blocks, so it may be
// called from a timer callback on a scheduler stack (getg() is the M's g0).
// A nil channel is never ready; a closed one panics "send on closed
// channel", as in Go (the timers' channels are never closed).
bool chanSendNonblocking(void* c, const void* elem);

// As Go's selectnbrecv: *elem = <-c if that can happen at once (elem may be
// null: value dropped); returns whether it did. *ok is false when the value
// is the zero value of a closed, drained channel. Never blocks.
bool chanRecvNonblocking(void* c, void* elem, bool* ok);

}  // namespace csp::rt
