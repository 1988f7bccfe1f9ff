// The AsyncWorker the clustering and MLP bindings share: reads nothing from JS in Execute(), resolves a Promise.
#pragma once

#include <napi.h>

#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "addon_state.h"

namespace aisle::binding {

/// References that keep borrowed typed arrays alive while a worker reads them.
using KeepRefs = std::vector<Napi::Reference<Napi::Value>>;

/// Runs `work` off the event loop and resolves with `build(env)`; a thrown C++ exception rejects with its text.
class KernelWorker final : public Napi::AsyncWorker {
 public:
  KernelWorker(Napi::Env env, const char* name, KeepRefs keep, std::function<void(ThreadPool&)> work,
               std::function<Napi::Value(Napi::Env)> build)
      : Napi::AsyncWorker(env, name),
        deferred_(Napi::Promise::Deferred::New(env)),
        keep_(std::move(keep)),
        pool_(state_of(env).pool),
        work_(std::move(work)),
        build_(std::move(build)) {}

  /// Queues the worker (which deletes itself after OnOK/OnError) and returns its Promise.
  static Napi::Promise Start(KernelWorker* w) {
    Napi::Promise p = w->deferred_.Promise();
    w->Queue();
    return p;
  }

 protected:
  void Execute() override {
    try {
      work_(*pool_);
    } catch (const std::exception& e) {
      SetError(e.what());
    } catch (...) {
      SetError("aisle: unknown native error");
    }
  }
  void OnOK() override { deferred_.Resolve(build_(Env())); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  KeepRefs keep_;
  std::shared_ptr<ThreadPool> pool_;
  std::function<void(ThreadPool&)> work_;
  std::function<Napi::Value(Napi::Env)> build_;
};

/// Reads one validated arguments object for the export `fn`; TypeError "<fn>: <name> …" on a wrong shape (a
/// safety net: the TypeScript wrappers validate first and own the user-facing messages).
class ArgsReader {
 public:
  ArgsReader(const Napi::CallbackInfo& info, std::string fn) : env_(info.Env()), fn_(std::move(fn)) {
    if (info.Length() < 1 || !info[0].IsObject()) fail("expected one arguments object");
    obj_ = info[0].As<Napi::Object>();
  }

  [[noreturn]] void fail(const std::string& message) const { throw Napi::TypeError::New(env_, fn_ + ": " + message); }

  bool has(const char* name) const { return !obj_.Get(name).IsUndefined(); }

  double number(const char* name) const {
    Napi::Value v = obj_.Get(name);
    if (!v.IsNumber()) fail(std::string(name) + " must be a number");
    return v.As<Napi::Number>().DoubleValue();
  }

  std::size_t count(const char* name) const {
    const double x = number(name);
    if (!(x >= 0 && x < 4294967296.0) || x != static_cast<double>(static_cast<long long>(x)))
      fail(std::string(name) + " must be a non-negative integer");
    return static_cast<std::size_t>(x);
  }

  /// obj[name] as a typed array of exactly `length` elements, borrowed (kept alive by keep()).
  template <typename T>
  const T* array(const char* name, napi_typedarray_type type, std::size_t length) {
    Napi::Value v = obj_.Get(name);
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
      fail(std::string(name) + " has the wrong type");
    auto arr = v.As<Napi::TypedArrayOf<T>>();
    if (arr.ElementLength() != length) fail(std::string(name) + " has the wrong length");
    keep_.push_back(Napi::Persistent(v));
    static const T kEmpty[1] = {};
    return length > 0 ? arr.Data() : kEmpty;
  }

  /// obj[name] as a typed array of any length, copied.
  template <typename T>
  std::vector<T> copy(const char* name, napi_typedarray_type type) {
    Napi::Value v = obj_.Get(name);
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
      fail(std::string(name) + " has the wrong type");
    auto arr = v.As<Napi::TypedArrayOf<T>>();
    return std::vector<T>(arr.Data(), arr.Data() + arr.ElementLength());
  }

  KeepRefs take_keep() { return std::move(keep_); }
  Napi::Env env() const { return env_; }

 private:
  Napi::Env env_;
  std::string fn_;
  Napi::Object obj_;
  KeepRefs keep_;
};

/// A JS-owned typed array holding a copy of v.
template <typename Array, typename T>
Array copy_to_js(Napi::Env env, const std::vector<T>& v) {
  Array a = Array::New(env, v.size());
  if (!v.empty()) std::memcpy(a.Data(), v.data(), v.size() * sizeof(T));
  return a;
}

}  // namespace aisle::binding
