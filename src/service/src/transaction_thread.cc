#include "transaction_thread.h"

namespace bangfu::service {

void TransactionThread::Queue(std::function<Status()> work) {
  std::unique_lock lock(mu_);
  if (ended_ || done_) return;
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
  cv_.wait(lock, [&] { return queue_.size() < max_queued_ || done_; });
  if (done_) return;
  queue_.push_back(std::move(work));
  cv_.notify_all();
}

bool TransactionThread::failed() {
  std::lock_guard lock(mu_);
  return done_ && !result_.ok();
}

Status TransactionThread::RunQueued() {
  for (;;) {
    std::function<Status()> work;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (abandon_) return Error::Internal("导入已放弃");  // Rolls back.
      if (queue_.empty()) return OkStatus();            // Closing: commit.
      work = std::move(queue_.front());
      queue_.pop_front();
      cv_.notify_all();
    }
    BANGFU_RETURN_IF_ERROR(work());
  }
}

void TransactionThread::Loop() {
  Status status = store_.InTransaction([&]() -> Status {
    Status s = RunQueued();
    if (at_end_) at_end_();
    return s;
  });
  std::lock_guard lock(mu_);
  result_ = std::move(status);
  done_ = true;
  queue_.clear();
  cv_.notify_all();
}

Status TransactionThread::Finish(bool abandon) {
  {
    std::lock_guard lock(mu_);
    if (ended_) return result_;
    ended_ = true;
    closing_ = true;
    abandon_ = abandon;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  return result_;
}

Status TransactionThread::Commit() { return Finish(false); }

void TransactionThread::Abandon() { (void)Finish(true); }

}  // namespace bangfu::service
