// Reading a plain JS arguments object into C++ values. Throws Napi::TypeError with the field's name; the
// TypeScript layer validates first, so these messages are a safety net, not the user-facing contract.
#pragma once

#include <napi.h>

#include <cstddef>
#include <string>
#include <vector>

namespace aisle::binding {

/// A typed array's data borrowed from JS, plus a reference that keeps it from being collected meanwhile.
template <typename T>
struct Borrowed {
  const T* data = nullptr;  ///< may be null for an empty array: test `present`, not the pointer
  std::size_t length = 0;
  bool present = false;
};

/// Collects the references of everything borrowed, to hand to the AsyncWorker that reads them.
using KeepAlive = std::vector<Napi::Reference<Napi::Value>>;

/// obj[name] as a TypedArray of element type `type`; absent (undefined) gives {nullptr, 0} when optional.
template <typename T>
Borrowed<T> typed_array(Napi::Object obj, const char* name, napi_typedarray_type type, bool optional,
                        KeepAlive& keep) {
  Napi::Value v = obj.Get(name);
  if (optional && v.IsUndefined()) return {};
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
    throw Napi::TypeError::New(obj.Env(), std::string("topK: ") + name + " has the wrong type");
  auto arr = v.As<Napi::TypedArrayOf<T>>();
  keep.push_back(Napi::Persistent(v));
  return {arr.Data(), arr.ElementLength(), true};
}

/// obj[name] as an integer in [1, 2^31).
inline std::size_t positive_int(Napi::Object obj, const char* name) {
  Napi::Value v = obj.Get(name);
  double x = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : 0;
  if (!(x >= 1 && x < 2147483648.0) || x != static_cast<double>(static_cast<long long>(x)))
    throw Napi::TypeError::New(obj.Env(), std::string("topK: ") + name + " must be a positive integer");
  return static_cast<std::size_t>(x);
}

}  // namespace aisle::binding
