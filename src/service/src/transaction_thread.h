// Work that runs in order on a thread of its own inside one transaction of a Store, while the
// thread that queues it goes on: a bulk import stores what it has checked while it still reads
// and checks the rest of its file (person_import.cc). The transaction begins with the first
// work queued and ends with Commit (committed if every piece succeeded) or Abandon (rolled
// back); the first piece that fails rolls it back and nothing queued after it runs.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "bangfu/base/result.h"
#include "bangfu/service/ports.h"

namespace bangfu::service {

class TransactionThread {
 public:
  // At most `max_queued` pieces wait at a time: Queue blocks beyond that, so that the reading
  // side cannot get far ahead of the writing side (and hold every chunk in memory).
  // `at_end` runs on the thread inside the transaction after the last piece, whether the
  // transaction is about to commit or to roll back (releasing what the pieces hold on it).
  explicit TransactionThread(Store& store, std::function<void()> at_end = {}, size_t max_queued = 2)
      : store_(store), at_end_(std::move(at_end)), max_queued_(max_queued) {}
  ~TransactionThread() { Abandon(); }
  TransactionThread(const TransactionThread&) = delete;
  TransactionThread& operator=(const TransactionThread&) = delete;

  // Queues `work` (starting the thread and its transaction the first time). Dropped when the
  // transaction has failed or was abandoned.
  void Queue(std::function<Status()> work);
  // Whether a piece has failed already (the transaction is rolled back or about to be).
  bool failed();
  // Runs what is queued, then commits. The first failure instead, everything rolled back. OK
  // with nothing done when nothing was queued.
  Status Commit();
  // Drops what is queued and rolls back. Nothing more runs.
  void Abandon();

 private:
  void Loop();
  Status RunQueued();
  Status Finish(bool abandon);

  Store& store_;
  std::function<void()> at_end_;
  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<Status()>> queue_;
  bool closing_ = false, abandon_ = false, done_ = false, ended_ = false;
  Status result_;
  std::thread thread_;
};

}  // namespace bangfu::service
