// The steps `bangfu serve` takes before it listens — regions, calendar, policy packs, service
// standards, demo data, the matcher, the case-work state, demo postings — each timed. serve
// logs every step with its wall and CPU time and the resident memory after it, and `bangfu
// bench serve-start` prints the same steps as a table, so that a slow start is traced to its
// step with the code serve runs, not a copy of it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bangfu/base/result.h"
#include "bangfu/service/app.h"
#include "demo.h"

namespace bangfu::cli {

struct ServeStartOptions {
  std::string policies;   // directory of policy packs; empty: FindPolicyDir()
  std::string standards;  // directory of service standards; empty: FindStandardDir()
  bool demo = false;      // demo accounts, and demo data on an empty ledger
  int64_t demo_persons = 2000;
  // The case-work state is built on a background thread while the server listens
  // (WorklistService::StartWarmUp: requests read the store until it is ready), not before.
  bool case_work_in_background = true;
};

struct StartStep {
  std::string name;
  double wall_s = 0;
  double cpu_s = 0;       // the whole process, every thread
  int64_t rss_anon_bytes = 0;  // resident after the step: anonymous memory (ResidentAnonBytes)
  int64_t rss_file_bytes = 0;  // and pages of mapped files (ResidentFileBytes)
  int64_t heap_bytes = 0;  // malloc'd and not freed after the step (HeapInUse)
};

struct ServeStart {
  std::vector<StartStep> steps;
  std::vector<DemoAccount> accounts;  // demo mode: the accounts to print
};

// Runs the steps on `app` (store open). Errors end the start, as they end serve: a policy pack
// or standard that does not load, missing regions in demo mode, a matcher or case-work state
// that cannot be built. Missing regions (not in demo mode), calendar, packs or standards are
// logged as warnings and the start goes on.
Result<ServeStart> PrepareToServe(service::App& app, const ServeStartOptions& options);

// Resident anonymous memory of this process (RssAnon: heap, stacks, private mappings), bytes.
int64_t ResidentAnonBytes();
// Resident pages of files this process maps (RssFile): mostly the SQLite database read
// through mmap (PRAGMA mmap_size), which is the kernel's page cache, shared with every other
// process reading the file and given back under memory pressure without being written.
int64_t ResidentFileBytes();
// The process's peak resident memory (VmHWM: anonymous and file pages together), bytes.
int64_t PeakResidentBytes();
// Bytes malloc has handed out and not had back (glibc mallinfo2): what the process holds,
// without the freed memory that RSS still counts until malloc returns it to the kernel.
int64_t HeapInUse();

}  // namespace bangfu::cli
