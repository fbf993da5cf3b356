// hemamet's multi-tensor Adam for DJL's PyTorch JNI (compiled into it by scripts/gpu/build-jni.sh).
//
// DJL 0.36 updates one parameter per JNI call (adamUpdate: about 11 libtorch ops, then zeroGrad): for the
// paper CNN's 16 trainable parameters about 190 kernel launches per step, which on a GPU costs more host
// time than the forward and backward pass. This entry updates every parameter at once with libtorch's
// fused Adam kernel (at::_fused_adam_, the kernel behind torch.optim.Adam(fused=True)): three launches per
// step (step counters, the update, the gradients' zeroing).
//
// The update is DJL's Adam formula: w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps). libtorch's
// kernel computes w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps'), which is the same when the
// caller passes eps' = eps / sqrt(1 - b2^t) (org.hemamet.model.FusedAdam does). No weight decay, no
// gradient rescaling or clipping: DJL's defaults, which hemamet uses.
#include <jni.h>
#include <torch/torch.h>

#include <string>
#include <vector>

namespace {
std::vector<at::Tensor> Tensors(JNIEnv* env, jlongArray handles) {
  const jsize n = env->GetArrayLength(handles);
  std::vector<jlong> h(n);
  env->GetLongArrayRegion(handles, 0, n, h.data());
  std::vector<at::Tensor> out;
  out.reserve(n);
  for (jlong x : h) {
    out.push_back(*reinterpret_cast<at::Tensor*>(x));
  }
  return out;
}

void Throw(JNIEnv* env, const std::string& what) {
  jclass c = env->FindClass("java/lang/IllegalStateException");
  if (c != nullptr) {
    env->ThrowNew(c, what.c_str());
  }
}
}  // namespace

extern "C" {
// The version of this entry's contract; FusedAdam checks it before the first step.
JNIEXPORT jint JNICALL Java_org_hemamet_model_FusedAdam_nativeVersion(JNIEnv*, jclass) { return 1; }

// One Adam step of every parameter in `params` (DJL tensor handles) with the gradients they hold; the
// moments `m`, `v` and the float32 step counters `steps` are per parameter, on the parameters' device.
// The counters are incremented here; the gradients are zeroed after the update.
JNIEXPORT void JNICALL Java_org_hemamet_model_FusedAdam_nativeStep(JNIEnv* env, jclass, jlongArray jparams,
    jlongArray jm, jlongArray jv, jlongArray jsteps, jdouble lr, jdouble beta1, jdouble beta2, jdouble eps) {
  try {
    torch::NoGradGuard no_grad;
    std::vector<at::Tensor> params = Tensors(env, jparams);
    std::vector<at::Tensor> grads;
    grads.reserve(params.size());
    for (const at::Tensor& p : params) {
      at::Tensor g = p.grad();
      if (!g.defined()) {
        Throw(env, "fused Adam: a parameter has no gradient");
        return;
      }
      grads.push_back(g);
    }
    std::vector<at::Tensor> m = Tensors(env, jm);
    std::vector<at::Tensor> v = Tensors(env, jv);
    std::vector<at::Tensor> steps = Tensors(env, jsteps);
    std::vector<at::Tensor> none;
    at::_foreach_add_(steps, 1);
    at::_fused_adam_(params, grads, m, v, none, steps, lr, beta1, beta2, 0.0, eps, false, false);
    at::_foreach_zero_(grads);
  } catch (const std::exception& e) {
    Throw(env, std::string("fused Adam: ") + e.what());
  }
}
}
