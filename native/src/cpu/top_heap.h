// Internal to the CPU top-K: a bounded heap that keeps the best `cap` hits seen so far.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

namespace aisle::cpu {

struct Hit {
  float score;
  std::int32_t id;
};

/// The result order: higher score first, then smaller id. A strict total order on non-NaN scores, which is
/// what makes results independent of how the items were split across threads.
inline bool better(const Hit& a, const Hit& b) { return a.score > b.score || (a.score == b.score && a.id < b.id); }

/**
 * At most `cap` hits in caller-provided slots, the worst at slots[0]. offer() is O(1) for a rejected hit and
 * O(log cap) for an accepted one; threshold() lets the scoring loop reject most hits with one comparison.
 */
class TopHeap {
 public:
  TopHeap(Hit* slots, std::size_t cap) : slots_(slots), cap_(cap) {}

  std::size_t size() const { return size_; }

  /// Scores below this can never enter (NaN never passes `s >= threshold()` either).
  float threshold() const { return size_ < cap_ ? -std::numeric_limits<float>::infinity() : slots_[0].score; }

  void offer(float score, std::int32_t id) {
    const Hit h{score, id};
    if (size_ < cap_) {
      sift_up(size_++, h);
    } else if (cap_ > 0 && better(h, slots_[0])) {
      sift_down(0, h);
    }
  }

 private:
  /// "Worse" is the heap's priority: a parent is never better than its children.
  void sift_up(std::size_t i, Hit h) {
    while (i > 0) {
      std::size_t parent = (i - 1) / 2;
      if (!better(slots_[parent], h)) break;
      slots_[i] = slots_[parent];
      i = parent;
    }
    slots_[i] = h;
  }

  void sift_down(std::size_t i, Hit h) {
    for (;;) {
      std::size_t c = 2 * i + 1;
      if (c >= size_) break;
      if (c + 1 < size_ && better(slots_[c], slots_[c + 1])) ++c;  // the worse child
      if (!better(h, slots_[c])) break;
      slots_[i] = slots_[c];
      i = c;
    }
    slots_[i] = h;
  }

  Hit* slots_;
  std::size_t cap_;
  std::size_t size_ = 0;
};

}  // namespace aisle::cpu
