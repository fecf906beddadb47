// The x86-64 MULX/ADCX/ADOX kernels for Fp (inline asm; no -madx needed anywhere, so the library
// still runs on any x86-64). Fp picks them at start-up when detail::adx_available() says the CPU
// has both BMI2 and ADX.
//
// Three kernels: the interleaved Montgomery multiplication, the plain 384×384 -> 768-bit product
// and the Montgomery reduction of a 768-bit value. The last two let the tower (Fp2, Fp6) add
// products before reducing them once (lazy reduction).
//
// Each row t += x·y[i] runs two independent carry chains: ADOX adds the low halves of the
// products, ADCX the high halves, so the adds do not wait on each other (the technique of blst's
// mulx_mont_384 and of Intel's "New instructions supporting large integer arithmetic" white
// paper). Instead of shifting t down a limb after each row, the register names rotate: the limb
// that became final (or zero, after a reduction row) is reused as the new top limb. p < 2^381 keeps
// every intermediate below 2^447, so seven registers hold t and no carry leaves the top one.
// The final conditional subtraction of p is in the asm too (SUB/SBB, then CMOV on the borrow).
// The asm reads and writes memory through its pointer operands and declares a "memory" clobber
// rather than one "m" operand per array: those would each need an address register, and with
// ASan's frame pointer the thirteen registers the kernels use are all there is.
#include "plx/zkp/bls12_381/fp.hpp"

#if defined(__x86_64__)
#include "bls12_381/fp_internal.hpp"

namespace plx::zkp::bls12_381::detail {

using internal::u64;

namespace {
constexpr u64 kInv = internal::FpModulus::kInv;
alignas(64) constexpr u64 kP[6] = {
    internal::FpModulus::kMod[0], internal::FpModulus::kMod[1], internal::FpModulus::kMod[2],
    internal::FpModulus::kMod[3], internal::FpModulus::kMod[4], internal::FpModulus::kMod[5]};
// After six rows the register names have rotated once: the result's limbs are (t6, t0, ..., t4).
[[gnu::always_inline]] inline void store_rotated(u64 out[6], u64 t0, u64 t1, u64 t2, u64 t3, u64 t4,
                                                 u64 t6) noexcept {
  out[0] = t6;
  out[1] = t0;
  out[2] = t1;
  out[3] = t2;
  out[4] = t3;
  out[5] = t4;
}
}  // namespace

// The asm is assembled from these fragments; every argument is an asm operand string.
// One product term: (hi:lo) = rdx·src[off]; lo joins the ADOX chain at `l`, hi the ADCX chain at `h`.
#define PLX_MA(off, src, l, h)                      \
  "mulxq " #off "(" src "), %[lo], %[hi]\n\t"       \
  "adoxq %[lo], " l "\n\t"                          \
  "adcxq %[hi], " h "\n\t"
// One row: (a6..a0) += rdx·src[0..5]. The XOR clears CF and OF; the closing ADOX folds the last
// OF into the top limb (the top limb's ADCX cannot carry out, by the bound above).
#define PLX_ROW(src, a0, a1, a2, a3, a4, a5, a6)                                       \
  "xorl %k[lo], %k[lo]\n\t" PLX_MA(0, src, a0, a1) PLX_MA(8, src, a1, a2)             \
      PLX_MA(16, src, a2, a3) PLX_MA(24, src, a3, a4) PLX_MA(32, src, a4, a5)         \
          PLX_MA(40, src, a5, a6) "movl $0, %k[lo]\n\t"                               \
                                  "adoxq %[lo], " a6 "\n\t"
// t += a·b[off/8].
#define PLX_MUL_ROW(off, a0, a1, a2, a3, a4, a5, a6) \
  "movq " #off "(%[b]), %%rdx\n\t" PLX_ROW("%[a]", a0, a1, a2, a3, a4, a5, a6)
// t += m·p with m = t0·(-p^-1) mod 2^64, which zeroes t0.
#define PLX_RED_ROW(a0, a1, a2, a3, a4, a5, a6)                   \
  "movq " a0 ", %%rdx\n\t"                                        \
  "imulq %[inv], %%rdx\n\t" PLX_ROW("%[p]", a0, a1, a2, a3, a4, a5, a6)
// v = v - p when v >= p, using the scratch registers s: copy, subtract with borrow, and move the
// difference back unless the subtraction borrowed (CMOVNC).
#define PLX_FINAL_SUB(v0, v1, v2, v3, v4, v5, s0, s1, s2, s3, s4, s5)                         \
  "movq " v0 ", " s0 "\n\t"                                                                 \
  "subq 0(%[p]), " s0 "\n\t"                                                                \
  "movq " v1 ", " s1 "\n\t"                                                                 \
  "sbbq 8(%[p]), " s1 "\n\t"                                                                \
  "movq " v2 ", " s2 "\n\t"                                                                 \
  "sbbq 16(%[p]), " s2 "\n\t"                                                               \
  "movq " v3 ", " s3 "\n\t"                                                                 \
  "sbbq 24(%[p]), " s3 "\n\t"                                                               \
  "movq " v4 ", " s4 "\n\t"                                                                 \
  "sbbq 32(%[p]), " s4 "\n\t"                                                               \
  "movq " v5 ", " s5 "\n\t"                                                                 \
  "sbbq 40(%[p]), " s5 "\n\t"                                                               \
  "cmovncq " s0 ", " v0 "\n\t"                                                              \
  "cmovncq " s1 ", " v1 "\n\t"                                                              \
  "cmovncq " s2 ", " v2 "\n\t"                                                              \
  "cmovncq " s3 ", " v3 "\n\t"                                                              \
  "cmovncq " s4 ", " v4 "\n\t"                                                              \
  "cmovncq " s5 ", " v5 "\n\t"

// The accumulator t0..t6 and the product halves lo, hi as asm output operands.
#define PLX_T_OPERANDS                                                                         \
  [t0] "+&r"(t0), [t1] "+&r"(t1), [t2] "+&r"(t2), [t3] "+&r"(t3), [t4] "+&r"(t4), [t5] "+&r"(t5), \
      [t6] "+&r"(t6), [lo] "=&r"(lo), [hi] "=&r"(hi)

#define T0 "%[t0]"
#define T1 "%[t1]"
#define T2 "%[t2]"
#define T3 "%[t3]"
#define T4 "%[t4]"
#define T5 "%[t5]"
#define T6 "%[t6]"

void mul_mont_adx(std::uint64_t out[6], const std::uint64_t a[6],
                  const std::uint64_t b[6]) noexcept {
  u64 t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0;
  u64 lo, hi;
  const u64* pa = a;
  const u64* pb = b;
  __asm__(
      PLX_MUL_ROW(0, T0, T1, T2, T3, T4, T5, T6) PLX_RED_ROW(T0, T1, T2, T3, T4, T5, T6)
      PLX_MUL_ROW(8, T1, T2, T3, T4, T5, T6, T0) PLX_RED_ROW(T1, T2, T3, T4, T5, T6, T0)
      PLX_MUL_ROW(16, T2, T3, T4, T5, T6, T0, T1) PLX_RED_ROW(T2, T3, T4, T5, T6, T0, T1)
      PLX_MUL_ROW(24, T3, T4, T5, T6, T0, T1, T2) PLX_RED_ROW(T3, T4, T5, T6, T0, T1, T2)
      PLX_MUL_ROW(32, T4, T5, T6, T0, T1, T2, T3) PLX_RED_ROW(T4, T5, T6, T0, T1, T2, T3)
      PLX_MUL_ROW(40, T5, T6, T0, T1, T2, T3, T4) PLX_RED_ROW(T5, T6, T0, T1, T2, T3, T4)
      // The result (t6, t0, ..., t4) is below 2p; t5 is zero and a, b are no longer needed.
      PLX_FINAL_SUB(T6, T0, T1, T2, T3, T4, "%[lo]", "%[hi]", T5, "%%rdx", "%[a]", "%[b]")
      : PLX_T_OPERANDS, [a] "+&r"(pa), [b] "+&r"(pb)
      : [p] "r"(kP), [inv] "m"(kInv)
      : "rdx", "cc", "memory");
  store_rotated(out, t0, t1, t2, t3, t4, t6);
}

void sqr_mont_adx(std::uint64_t out[6], const std::uint64_t a[6]) noexcept {
  // A dedicated squaring would save 15 of the 36 product MULXs but needs a doubling pass and a
  // separate reduction; blst's dedicated ADX squaring measures no faster than its multiplication
  // on this machine (28.4 vs 28.2 ns), so the interleaved multiplication serves both.
  mul_mont_adx(out, a, a);
}

void mul_384_adx(std::uint64_t out[12], const std::uint64_t a[6],
                 const std::uint64_t b[6]) noexcept {
  u64 t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0;
  u64 lo, hi;
  // After row i the lowest limb is final: store it, then zero it to serve as the next top limb.
#define PLX_STORE(idx, reg) "movq " reg ", " #idx "(%[out])\n\t" "movq $0, " reg "\n\t"
  __asm__(PLX_MUL_ROW(0, T0, T1, T2, T3, T4, T5, T6) PLX_STORE(0, T0)
          PLX_MUL_ROW(8, T1, T2, T3, T4, T5, T6, T0) PLX_STORE(8, T1)
          PLX_MUL_ROW(16, T2, T3, T4, T5, T6, T0, T1) PLX_STORE(16, T2)
          PLX_MUL_ROW(24, T3, T4, T5, T6, T0, T1, T2) PLX_STORE(24, T3)
          PLX_MUL_ROW(32, T4, T5, T6, T0, T1, T2, T3) PLX_STORE(32, T4)
          PLX_MUL_ROW(40, T5, T6, T0, T1, T2, T3, T4) PLX_STORE(40, T5)
          : PLX_T_OPERANDS
          : [a] "r"(a), [b] "r"(b), [out] "r"(out)
          : "rdx", "cc", "memory");
#undef PLX_STORE
  store_rotated(out + 6, t0, t1, t2, t3, t4, t6);  // the high half, rotated like a product
}

void redc_adx(std::uint64_t out[6], const std::uint64_t t[12]) noexcept {
  // Reduce the low half: u = (t_lo + m·p) / 2^384 <= p after six reduction rows; then
  // u + t_hi < 2p because t < p·2^384 means t_hi < p (the split blst's redc_mont_384 uses).
  u64 t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3], t4 = t[4], t5 = t[5], t6 = 0;
  u64 lo, hi, s;
  const u64* pt = t;
  __asm__(PLX_RED_ROW(T0, T1, T2, T3, T4, T5, T6) PLX_RED_ROW(T1, T2, T3, T4, T5, T6, T0)
          PLX_RED_ROW(T2, T3, T4, T5, T6, T0, T1) PLX_RED_ROW(T3, T4, T5, T6, T0, T1, T2)
          PLX_RED_ROW(T4, T5, T6, T0, T1, T2, T3) PLX_RED_ROW(T5, T6, T0, T1, T2, T3, T4)
          "addq 48(%[t]), " T6 "\n\t"
          "adcq 56(%[t]), " T0 "\n\t"
          "adcq 64(%[t]), " T1 "\n\t"
          "adcq 72(%[t]), " T2 "\n\t"
          "adcq 80(%[t]), " T3 "\n\t"
          "adcq 88(%[t]), " T4 "\n\t"
          PLX_FINAL_SUB(T6, T0, T1, T2, T3, T4, "%[lo]", "%[hi]", T5, "%%rdx", "%[t]", "%[s]")
          : PLX_T_OPERANDS, [s] "=&r"(s), [t] "+&r"(pt)
          : [p] "r"(kP), [inv] "m"(kInv)
          : "rdx", "cc", "memory");
  store_rotated(out, t0, t1, t2, t3, t4, t6);
}

#undef PLX_T_OPERANDS
#undef T0
#undef T1
#undef T2
#undef T3
#undef T4
#undef T5
#undef T6
#undef PLX_FINAL_SUB
#undef PLX_RED_ROW
#undef PLX_MUL_ROW
#undef PLX_ROW
#undef PLX_MA

}  // namespace plx::zkp::bls12_381::detail
#endif
