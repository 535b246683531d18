// Package time, the C++ half of formatting: the local zone (the C
// library's view of TZ and /etc/localtime) at an instant, for time.Local.
#include <time.h>

#include <cstdint>
#include <cstring>

#include "runtime/abi.h"

namespace {

struct ZoneResult {
  int64_t offset;
  CspString name;
};

}  // namespace

// func localZone(sec int64) (offset int, name string). The name points at
// the C library's static zone names, which live as long as the process.
extern "C" void csp_time_localZone(ZoneResult* out, int64_t sec) {
  time_t t = static_cast<time_t>(sec);
  tm local;
  if (!localtime_r(&t, &local)) {
    *out = ZoneResult{0, CspString{reinterpret_cast<const uint8_t*>("UTC"), 3}};
    return;
  }
  const char* zone = local.tm_zone ? local.tm_zone : "";
  *out = ZoneResult{local.tm_gmtoff,
                    CspString{reinterpret_cast<const uint8_t*>(zone),
                              static_cast<int64_t>(std::strlen(zone))}};
}
